import type { CoverageTier, PayFrequency } from '../../db/types.js'
import type { PlainDate } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import { maskSsn, type PhiCipher } from '../../shared/phi.js'
import type { Actor } from '../audit/index.js'
import { normalizeGender, seal, type NewSubscriber } from '../members/index.js'
import type { Census, CensusResult } from './schemas.js'
import type { PlannedElection } from './validate.js'

type Person = NewSubscriber | NonNullable<NewSubscriber['dependents']>[number]

/**
 * The rows of one census, column names as in the tables. Values the same for every row (employer,
 * plan year, timestamps, actor) are left out: `writeRows` sends them once.
 */
export interface CensusRows {
  members: { id: string; subscriber_id: string | null; relationship: string; external_identifier: string | null; employee_number: string | null; birth_date: PlainDate; gender: string; ssn_ciphertext: string | null; ssn_hmac: string | null; ssn_last4: string | null }[]
  demographics: { id: string; member_id: string; effective_date: PlainDate; first_name: string; middle_name: string | null; last_name: string; suffix: string | null; residential_address: unknown; mailing_address: unknown; phone_numbers: unknown[]; emails: unknown[] }[]
  employment: { id: string; member_id: string; effective_date: PlainDate; hire_date: PlainDate; status: string; hours_per_week: number | null; wage_frequency: PayFrequency; compensation: string | null; annual_earnings_cents: number | null; earnings_effective_date: PlainDate | null; location_id: string | null }[]
  assignments: { id: string; member_id: string; classification_id: string; kind: 'class' | 'subgroup'; start_date: PlainDate }[]
  elections: { id: string; subscriber_id: string; plan_id: string; type: 'election' | 'waiver'; coverage_tier: CoverageTier | null; effective_date: PlainDate; annual_amount_cents: number; employer_contribution_cents: number; pay_frequency: PayFrequency; pay_periods: number; first_deduction_date: PlainDate | null; volume_cents: number | null; covered_member_ids: string[] }[]
  enrollments: { id: string; subscriber_id: string; member_id: string; plan_id: string; plan_type: string; election_id: string; coverage_tier: CoverageTier | null; start_date: PlainDate; end_date: PlainDate; volume_cents: number | null }[]
  events: { id: string; aggregate_type: string; aggregate_id: string; type: string; after: unknown }[]
}

export interface BuildContext {
  readonly employer_id: string
  readonly plan_year_id: string
  readonly phi: PhiCipher
  readonly actor: Actor
  readonly now: string
  readonly today: PlainDate
}

/**
 * Turns a validated census and its planned elections into rows for every table, with the events
 * the single endpoints append (`member.created`, `member.dependent_added`; `election.created` and
 * `enrollment.created` are appended with their rows, see `writeRows`); SSNs are encrypted and hashed per member and never enter an event.
 */
export function buildCensusRows(census: Census, planned: readonly PlannedElection[][], ctx: BuildContext): { rows: CensusRows; result: CensusResult } {
  const rows: CensusRows = { members: [], demographics: [], employment: [], assignments: [], elections: [], enrollments: [], events: [] }
  const ids: CensusResult['ids'] = {}
  const { now, employer_id } = ctx
  const event = (aggregate_type: string, aggregate_id: string, type: string, after: unknown) => rows.events.push({
    id: newId(), aggregate_type, aggregate_id, type, after,
  })
  const person = (id: string, subscriberId: string | null, p: Person, relationship: string, employeeNumber: string | null, demoFrom: PlainDate) => {
    const sealedSsn = seal(ctx.phi, p.social_security_number)
    rows.members.push({ id, subscriber_id: subscriberId, relationship, external_identifier: p.external_identifier ?? null, employee_number: employeeNumber, birth_date: p.birth_date, gender: normalizeGender(p.gender), ...sealedSsn })
    const demo = { first_name: p.first_name, middle_name: p.middle_name ?? null, last_name: p.last_name, suffix: p.suffix ?? null, residential_address: p.residential_address ?? null, mailing_address: p.mailing_address ?? null, phone_numbers: p.phone_numbers ?? [], emails: p.emails ?? [] }
    rows.demographics.push({ id: newId(), member_id: id, effective_date: demoFrom, ...demo })
    return {
      id, employer_id, subscriber_id: subscriberId, subscriber_relationship: relationship, external_identifier: p.external_identifier ?? null, employee_number: employeeNumber,
      ...demo, birth_date: p.birth_date, gender: normalizeGender(p.gender), social_security_number: maskSsn(sealedSsn.ssn_last4), demographics_effective_date: demoFrom, version: 1, created_at: now, updated_at: now,
    }
  }

  census.employees.forEach(({ subscriber: s }, i) => {
    const e = s.employment_details
    const subscriberId = newId()
    // As POST /v1/subscribers: demographics known from the earlier of today and the hire; a dependent's from today (or birth).
    const view = person(subscriberId, null, s, 'self', s.employee_number ?? null, e.start_date < ctx.today ? e.start_date : ctx.today)
    const employment = {
      id: newId(), member_id: subscriberId, effective_date: e.start_date, hire_date: e.start_date, status: e.status, hours_per_week: e.hours_per_week ?? null,
      wage_frequency: e.wage_frequency, compensation: e.compensation ?? null, annual_earnings_cents: e.annual_earnings ?? null,
      earnings_effective_date: e.earnings_effective_date ?? (e.annual_earnings !== undefined ? e.start_date : null), location_id: s.location_id ?? null,
    }
    rows.employment.push(employment)
    for (const kind of ['class', 'subgroup'] as const) {
      const ref = s[kind]
      if (ref) rows.assignments.push({ id: newId(), member_id: subscriberId, classification_id: ref.employment_classification_id, kind, start_date: ref.effective_date })
    }
    event('member', subscriberId, 'member.created', { ...view, as_of: ctx.today, location_id: s.location_id ?? null, employment_details: { ...employment, start_date: e.start_date, termination_date: null, annual_earnings: employment.annual_earnings_cents } })
    const dependentIds: string[] = []
    const dependents: Record<string, string> = {}
    ;(s.dependents ?? []).forEach((d, k) => {
      const id = newId()
      dependentIds.push(id)
      dependents[d.external_identifier ?? `#${k}`] = id
      event('member', id, 'member.dependent_added', person(id, subscriberId, d, d.subscriber_relationship, null, ctx.today < d.birth_date ? d.birth_date : ctx.today))
    })
    const electionIds: string[] = []
    for (const p of planned[i] ?? []) {
      const electionId = newId()
      electionIds.push(electionId)
      // election.created and enrollment.created events are appended by the inserts (see writeRows).
      const covered = p.coverages.map((c) => (c.dependent === undefined ? subscriberId : dependentIds[c.dependent]!))
      rows.elections.push({
        id: electionId, subscriber_id: subscriberId, plan_id: p.plan.id, type: p.type, coverage_tier: p.tier,
        effective_date: p.effective_date, annual_amount_cents: p.annual_amount_cents, employer_contribution_cents: p.employer_contribution_cents,
        pay_frequency: e.wage_frequency, pay_periods: p.pay_periods, first_deduction_date: p.first_deduction_date, volume_cents: p.volume_cents, covered_member_ids: covered,
      })
      p.coverages.forEach((c, k) => rows.enrollments.push({
        id: newId(), subscriber_id: subscriberId, member_id: covered[k]!, plan_id: p.plan.id, plan_type: p.plan.plan_type,
        election_id: electionId, coverage_tier: p.tier, start_date: p.effective_date, end_date: c.end_date, volume_cents: c.volume_cents,
      }))
    }
    ids[s.external_identifier ?? s.employee_number ?? `#${i}`] = { subscriber_id: subscriberId, dependents, elections: electionIds }
  })
  const waivers = rows.elections.filter((e) => e.type === 'waiver').length
  return {
    rows,
    result: {
      employer_id, plan_year_id: ctx.plan_year_id, ids,
      counts: { employees: census.employees.length, members: rows.members.length, elections: rows.elections.length - waivers, waivers, enrollments: rows.enrollments.length, events: rows.events.length + rows.elections.length + rows.enrollments.length },
    },
  }
}

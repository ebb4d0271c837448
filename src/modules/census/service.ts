import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { UnprocessableError } from '../../errors/app-error.js'
import type { PlainDate } from '../../shared/dates.js'
import type { PhiCipher } from '../../shared/phi.js'
import type { Actor } from '../audit/index.js'
import { deductionSchedule, settingsOf } from '../elections/index.js'
import { getEmployer } from '../employers/index.js'
import { memberInvalid, ssnDigits } from '../members/index.js'
import type { AuthContext } from '../organizations/index.js'
import { buildCensusRows, type CensusRows } from './build.js'
import * as q from './queries.js'
import type { Census, CensusResult } from './schemas.js'
import { memberProblems, planElections, type CensusFacts } from './validate.js'

type Executor = Kysely<Database>

export interface CensusContext {
  readonly auth: AuthContext
  readonly actor: Actor
  readonly phi: PhiCipher
  readonly now: string
  readonly today: PlainDate
}

/** Every SSN, external identifier and employee number the census carries (for one lookup each). */
function identifiersOf(census: Census) {
  const ssns: string[] = []
  const external: string[] = []
  const numbers: string[] = []
  for (const { subscriber: s } of census.employees) {
    const digits = s.social_security_number == null ? undefined : ssnDigits(s.social_security_number)
    if (digits) ssns.push(digits)
    if (s.external_identifier !== undefined) external.push(s.external_identifier)
    if (s.employee_number !== undefined) numbers.push(s.employee_number)
    for (const d of s.dependents ?? []) if (d.external_identifier !== undefined) external.push(d.external_identifier)
  }
  return { ssns, external, numbers }
}

const MEMBER_COLUMNS = { id: 'uuid', employer_id: 'uuid', subscriber_id: 'uuid', relationship: 'text', external_identifier: 'text', employee_number: 'text', birth_date: 'date', gender: 'text', ssn_ciphertext: 'text', ssn_hmac: 'text', ssn_last4: 'text', created_at: 'timestamptz', updated_at: 'timestamptz' } as const
const DEMOGRAPHIC_COLUMNS = { id: 'uuid', member_id: 'uuid', effective_date: 'date', first_name: 'text', middle_name: 'text', last_name: 'text', suffix: 'text', residential_address: 'jsonb', mailing_address: 'jsonb', phone_numbers: 'jsonb', emails: 'jsonb', recorded_at: 'timestamptz' } as const
const EMPLOYMENT_COLUMNS = { id: 'uuid', member_id: 'uuid', effective_date: 'date', hire_date: 'date', status: 'text', hours_per_week: 'numeric', wage_frequency: 'text', compensation: 'text', annual_earnings_cents: 'int8', earnings_effective_date: 'date', location_id: 'uuid', recorded_at: 'timestamptz' } as const
const ASSIGNMENT_COLUMNS = { id: 'uuid', member_id: 'uuid', classification_id: 'uuid', kind: 'text', start_date: 'date' } as const
const ELECTION_COLUMNS = { id: 'uuid', employer_id: 'uuid', subscriber_id: 'uuid', plan_id: 'uuid', plan_year_id: 'uuid', type: 'text', coverage_tier: 'text', effective_date: 'date', annual_amount_cents: 'int8', employer_contribution_cents: 'int8', pay_frequency: 'text', pay_periods: 'int4', first_deduction_date: 'date', volume_cents: 'int8', created_at: 'timestamptz' } as const
const ENROLLMENT_COLUMNS = { id: 'uuid', employer_id: 'uuid', subscriber_id: 'uuid', member_id: 'uuid', plan_id: 'uuid', plan_type: 'text', plan_year_id: 'uuid', election_id: 'uuid', coverage_tier: 'text', status: 'text', start_date: 'date', end_date: 'date', volume_cents: 'int8', recorded_at: 'timestamptz' } as const
const EVENT_COLUMNS = { id: 'uuid', employer_id: 'uuid', aggregate_type: 'text', aggregate_id: 'uuid', type: 'text', after: 'jsonb', actor: 'text', request_id: 'text', occurred_at: 'timestamptz' } as const

/**
 * Writes the rows set-based, parents first (subscribers before dependents, elections before
 * enrollments), and the events in the order a feed reads them: members, then elections, then
 * enrollments. Values the same for every row go once (`constants`).
 */
async function writeRows(tx: Executor, rows: CensusRows, ctx: CensusContext, planYearId: string, employerId: string): Promise<void> {
  const actor = { actor: ctx.actor.client_id, request_id: ctx.actor.request_id ?? null, now: ctx.now }
  const stamps = { created_at: ctx.now, updated_at: ctx.now, recorded_at: ctx.now }
  const members = { constants: { employer_id: employerId, ...stamps } }
  await q.insertRows(tx, 'members', MEMBER_COLUMNS, rows.members.filter((m) => m.subscriber_id === null), members)
  await q.insertRows(tx, 'members', MEMBER_COLUMNS, rows.members.filter((m) => m.subscriber_id !== null), members)
  await q.insertRows(tx, 'events', EVENT_COLUMNS, rows.events, { constants: { employer_id: employerId, actor: actor.actor, request_id: actor.request_id, occurred_at: ctx.now } })
  await q.insertRows(tx, 'member_demographics', DEMOGRAPHIC_COLUMNS, rows.demographics, { constants: stamps })
  await q.insertRows(tx, 'member_employment', EMPLOYMENT_COLUMNS, rows.employment, { constants: stamps })
  await q.insertRows(tx, 'member_classifications', ASSIGNMENT_COLUMNS, rows.assignments)
  await q.insertRows(tx, 'elections', ELECTION_COLUMNS, rows.elections, {
    constants: { employer_id: employerId, plan_year_id: planYearId, ...stamps },
    events: { aggregate_type: 'election', type: 'election.created', ...actor, extra: 'covered_member_ids' },
  })
  await q.insertRows(tx, 'enrollments', ENROLLMENT_COLUMNS, rows.enrollments, {
    constants: { employer_id: employerId, plan_year_id: planYearId, status: 'active', ...stamps },
    events: { aggregate_type: 'enrollment', type: 'enrollment.created', ...actor, omit: ['coverage'] },
  })
}

/**
 * `POST /v1/employers/{id}/census`: creates every employee (subscriber, dependents, employment,
 * class and subgroup) and records their elections and enrollments, all or nothing. Each employee
 * is checked by the rules of the single endpoints; the first failing one answers for the census
 * (member problems are all listed, pointing at `/employees/{i}/…`). Call inside a transaction.
 */
export async function enrollCensus(tx: Executor, ctx: CensusContext, employerId: string, census: Census): Promise<CensusResult> {
  await getEmployer(tx, ctx.auth, employerId) // 404 when invisible
  const year = await q.planYearWithPlans(tx, employerId, census.plan_year_id)
  if (!year) throw UnprocessableError.fields('plan-not-offered', 'The plan year is not one of the employer\'s', [{ pointer: '/plan_year_id', detail: `plan year ${census.plan_year_id} not found for employer ${employerId}` }])
  const [locations, classifications, stored] = [await q.locationIds(tx, employerId), await q.classifications(tx, employerId),
    await tx.selectFrom('employer_enrollment_rules').select('settings').where('employer_id', '=', employerId).executeTakeFirst()]
  const facts: CensusFacts = { employer_id: employerId, today: ctx.today, settings: settingsOf(stored?.settings), plans: year.plans, locations, classifications, effective_date: census.effective_date }

  const hmacs = new Map<string, string>()
  const hmacOf = (digits: string) => {
    let h = hmacs.get(digits)
    if (h === undefined) hmacs.set(digits, h = ctx.phi.lookupHash(digits))
    return h
  }
  const wanted = identifiersOf(census)
  const taken = {
    ssn_hmacs: await q.takenSsnHashes(tx, employerId, wanted.ssns.map(hmacOf)),
    external_identifiers: await q.takenIdentifiers(tx, employerId, 'external_identifier', wanted.external),
    employee_numbers: await q.takenIdentifiers(tx, employerId, 'employee_number', wanted.numbers),
  }
  const problems = memberProblems(census, facts, taken, hmacOf)
  if (problems.length > 0) throw memberInvalid(problems)
  const schedules = new Map<string, ReturnType<typeof deductionSchedule>>()
  const planned = census.employees.map((e, i) => planElections(e, i, facts, schedules))

  const { rows, result } = buildCensusRows(census, planned, { employer_id: employerId, plan_year_id: year.id, phi: ctx.phi, actor: ctx.actor, now: ctx.now, today: ctx.today })
  await writeRows(tx, rows, ctx, year.id, employerId)
  return result
}

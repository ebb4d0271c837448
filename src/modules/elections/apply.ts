import type { Kysely } from 'kysely'
import type { Database, PayFrequency } from '../../db/types.js'
import { UnprocessableError } from '../../errors/app-error.js'
import { minDate, type PlainDate } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import { appendEvents, type Actor } from '../audit/index.js'
import { currentCoverage, endCoverageBefore, enrollmentsOfElection, recordEnrollments, type Enrollment } from '../enrollments/index.js'
import type { AuthContext } from '../organizations/index.js'
import { checkChangeAllowed } from './changes.js'
import { deductionSchedule, firstDeductible } from './deductions.js'
import { electionMoney } from './money.js'
import * as q from './queries.js'
import { checkDependentEligible, childCoverageEnd, coverageTierOf, dependentPolicyOf, relationshipKind, type EnrollmentSettings, type QleEvent } from './rules.js'
import type { CoverageTier } from './schemas.js'

type Executor = Kysely<Database>

/** Everything an election is made in: who, when, and the request's audit facts. */
export interface ElectionContext {
  readonly tx: Executor
  readonly auth: AuthContext
  readonly actor: Actor
  readonly now: string
  readonly subscriber: q.SubscriberRow
  readonly pay_frequency: PayFrequency
  readonly settings: EnrollmentSettings
}

export interface CoveredMember extends q.FamilyMember {
  readonly volume_cents: number | null
  readonly pointer: string
}

export interface ElectionRequest {
  readonly plan: q.PlanWithYear
  readonly type: 'election' | 'waiver'
  readonly members: readonly CoveredMember[]
  readonly requested_cents: number
  readonly requested_tier?: CoverageTier | undefined
  readonly effective_date: PlainDate
  /** Pointer of the election in the request body. */
  readonly pointer: string
  readonly amount_pointer: string
  /** The QLE it is made under, or undefined for a direct (open enrollment / new hire) election. */
  readonly qle?: { readonly id: string; readonly event: QleEvent } | undefined
  /** Why the coverage it replaces ends (the events' `reason`), before "replaced by election …". */
  readonly reason?: string | undefined
}

export interface Applied {
  readonly election: q.ElectionRow
  readonly enrollments: Enrollment[]
}

function refuse(slug: string, message: string, pointer: string, detail: string): UnprocessableError {
  return UnprocessableError.fields(slug, message, [{ pointer, detail }])
}

export function tierOf(req: Pick<ElectionRequest, 'plan' | 'members' | 'requested_tier' | 'pointer'>): CoverageTier | null {
  const offered = req.plan.rules.coverage_tiers
  if (!Array.isArray(offered)) return null
  const tier = coverageTierOf(req.members.map((m) => m.relationship))
  if (req.requested_tier !== undefined && req.requested_tier !== tier) {
    throw refuse('coverage-tier-mismatch', 'The coverage tier does not match who is covered', `${req.pointer}/coverage_tier`, `the covered members make the tier ${tier}`)
  }
  if (!offered.includes(tier)) throw refuse('coverage-tier-not-offered', 'The plan does not offer this coverage tier', req.pointer, `tier ${tier} is not among the plan's tiers (${offered.join(', ')})`)
  return tier
}

async function checkPrerequisites(ctx: ElectionContext, req: ElectionRequest): Promise<void> {
  const prereqs = req.plan.rules.requires_enrollment_in
  if (!Array.isArray(prereqs)) return
  for (const p of prereqs as { plan_type: string; hdhp?: boolean }[]) {
    const rows = await q.coverageWithRules(ctx.tx, ctx.subscriber.id, p.plan_type, req.effective_date, req.plan.plan_year_id)
    if (!rows.some((r) => p.hdhp === undefined || (r.rules.hdhp === true) === p.hdhp)) {
      const what = p.hdhp === true ? `high-deductible (HDHP) ${p.plan_type}` : p.plan_type
      throw refuse('enrollment-prerequisite-missing', `A ${req.plan.plan_type} election needs ${what} coverage`, req.pointer, `the subscriber has no ${what} coverage on ${req.effective_date} in the same plan year`)
    }
  }
}

/**
 * Records one election (or waiver): checks the plan year, dependents, tier, the event's consistency
 * rule, prerequisites and money; supersedes the current election of the plan type and ends its
 * coverage from the effective date; records the new coverage rows. Returns undefined for a
 * restatement of what is already elected (nothing changes).
 */
export async function applyElection(ctx: ElectionContext, req: ElectionRequest): Promise<Applied | undefined> {
  const { plan } = req
  const eff = req.effective_date
  if (eff < plan.py_start || eff > plan.py_end) {
    throw refuse('effective-date-outside-plan-year', 'The plan year of the plan does not contain the effective date', req.pointer, `coverage would start ${eff}; the plan year runs ${plan.py_start} to ${plan.py_end}`)
  }
  const electing = req.type === 'election'
  const policy = dependentPolicyOf(plan.plan_type, plan.rules, ctx.settings)
  if (electing) for (const m of req.members) checkDependentEligible(policy, m, eff, m.pointer)
  const tier = electing ? tierOf(req) : null

  const current = await q.currentElectionOfType(ctx.tx, ctx.subscriber.id, plan.plan_year_id, plan.plan_type)
  const currentRows = current ? await enrollmentsOfElection(ctx.tx, current.id) : []
  const requested = { plan_id: plan.id, type: req.type, members: electing ? req.members : [] }
  if (req.qle) {
    const kind = checkChangeAllowed(req.qle.event, current && { plan_id: current.plan_id, type: current.type, member_ids: currentRows.filter((r) => r.status !== 'cancelled').map((r) => r.member_id) }, requested, req.pointer)
    if (kind === 'unchanged') return undefined
  } else if (current && current.type === 'election' && current.plan_id !== plan.id && electing) {
    throw refuse('coverage-overlap', 'The subscriber already has an election of this plan type', '/plan_id', `plan ${current.plan_id} is elected for the plan year; waive or terminate it first, or report a qualifying life event that allows switching`)
  }
  if (electing) await checkPrerequisites(ctx, req)

  const money = electing
    ? electionMoney({ plan_type: plan.plan_type, rules: plan.rules, tier, requested_cents: req.requested_cents, effective_date: eff, plan_year_start: plan.py_start, plan_year_end: plan.py_end, subscriber_birth_date: ctx.subscriber.birth_date, pointer: req.amount_pointer })
    : { annual_amount_cents: 0, employer_contribution_cents: 0 }
  const schedule = deductionSchedule(money.annual_amount_cents, ctx.pay_frequency, firstDeductible(eff, ctx.now), plan.py_start, plan.py_end)

  const id = newId()
  const reason = req.reason === undefined ? `replaced by election ${id}` : `${req.reason}; replaced by election ${id}`
  const superseded = current ? await q.supersedeElection(ctx.tx, current.id, ctx.now) : undefined
  for (const row of currentRows.filter((r) => r.status !== 'cancelled')) await endCoverageBefore(ctx.tx, ctx.actor, row, eff, reason, ctx.now)

  const subscriberVolume = req.members.find((m) => m.id === ctx.subscriber.id)?.volume_cents ?? null
  const election = await q.insertElection(ctx.tx, {
    id, employer_id: ctx.subscriber.employer_id, subscriber_id: ctx.subscriber.id, plan_id: plan.id, plan_year_id: plan.plan_year_id,
    qualifying_life_event_id: req.qle?.id ?? null, type: req.type, coverage_tier: tier, effective_date: eff, end_date: null,
    annual_amount_cents: money.annual_amount_cents, employer_contribution_cents: money.employer_contribution_cents,
    pay_frequency: ctx.pay_frequency, pay_periods: schedule.length, first_deduction_date: schedule[0]?.pay_date ?? null,
    volume_cents: subscriberVolume, created_at: ctx.now,
  })
  if (superseded) await q.linkSupersededBy(ctx.tx, superseded.id, id)

  let enrollments: Enrollment[] = []
  if (electing) {
    const rows = req.members.map((m) => ({
      employer_id: ctx.subscriber.employer_id, subscriber_id: ctx.subscriber.id, member_id: m.id, plan_id: plan.id, plan_type: plan.plan_type,
      plan_year_id: plan.plan_year_id, election_id: id, coverage_tier: tier, status: 'active' as const, start_date: eff,
      end_date: relationshipKind(m.relationship) === 'child' ? minDate(plan.py_end, childCoverageEnd(m.birth_date, policy.max_age)) : plan.py_end,
      volume_cents: m.volume_cents,
    }))
    const others = await currentCoverage(ctx.tx, req.members.map((m) => m.id), plan.plan_type)
    for (const r of rows) {
      const clash = others.find((o) => o.member_id === r.member_id && o.start_date <= r.end_date && (o.end_date === null || o.end_date >= r.start_date))
      if (clash) {
        const m = req.members.find((x) => x.id === r.member_id)
        throw refuse('coverage-overlap', 'The member already has overlapping coverage of this plan type', m?.pointer ?? req.pointer, `enrollment ${clash.id} in plan ${clash.plan_id} covers ${clash.start_date} to ${clash.end_date ?? 'open-ended'}`)
      }
    }
    enrollments = await recordEnrollments(ctx.tx, ctx.actor, rows, ctx.now)
  }
  await appendEvents(ctx.tx, ctx.actor, [
    ...(superseded ? [{ employer_id: superseded.employer_id, aggregate_type: 'election' as const, aggregate_id: superseded.id, type: 'election.superseded', before: superseded, after: { ...superseded, superseded_by: id } }] : []),
    { employer_id: election.employer_id, aggregate_type: 'election' as const, aggregate_id: id, type: 'election.created', after: { ...election, covered_member_ids: req.members.map((m) => m.id) } },
  ], ctx.now)
  return { election, enrollments }
}

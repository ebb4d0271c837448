import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import { addDays, firstOfNextMonth, type PlainDate } from '../../shared/dates.js'
import type { Actor } from '../audit/index.js'
import type { Enrollment } from '../enrollments/index.js'
import type { AuthContext } from '../organizations/index.js'
import { applyElection, type ElectionContext } from './apply.js'
import { deductionSchedule, firstDeductible, resplitOnFrequencyChange, type Deduction } from './deductions.js'
import * as q from './queries.js'
import { newHireEffectiveDate, settingsOf, type WaitingPeriodRule } from './rules.js'
import type { Election, ElectionQuery, NewElection } from './schemas.js'

type Executor = Kysely<Database>

onConstraint('elections_one_current', () => new ConflictError('conflict', 'Another election of this plan was recorded at the same time; retry'))

/** Active / Pending / Historical, derived for `today`: superseded or past its end → Historical; not yet effective → Pending. */
export function electionStatus(e: { superseded_at: string | null; effective_date: PlainDate; end_date: PlainDate | null; py_end: PlainDate }, today: PlainDate): Election['status'] {
  if (e.superseded_at !== null || (e.end_date ?? e.py_end) < today) return 'Historical'
  return e.effective_date > today ? 'Pending' : 'Active'
}

/**
 * The election's deductions: split over the pay dates of the frequency it was made with, then
 * re-split from each later change of the subscriber's pay frequency within the plan year (what was
 * deducted stands; the rest is spread over the new frequency's remaining pay dates).
 */
export function scheduleOf(v: q.ElectionView): Deduction[] {
  // Payroll deducts from the pay dates still ahead when the election is recorded: coverage that
  // started before it (a new hire's, a birth's) is caught up over those, never on a pay date past.
  let schedule = deductionSchedule(v.annual_amount_cents, v.pay_frequency, firstDeductible(v.effective_date, v.created_at), v.py_start, v.py_end)
  let frequency = v.pay_frequency
  const byDate = new Map(v.pay_history.map((h) => [h.effective_date, h.wage_frequency]))
  for (const [date, next] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (date <= v.effective_date || date > v.py_end || next === frequency) continue
    schedule = resplitOnFrequencyChange(schedule, v.annual_amount_cents, date, next, v.py_start, v.py_end)
    frequency = next
  }
  return schedule
}

export function toElection(v: q.ElectionView, today: PlainDate): Election {
  const deductions = scheduleOf(v)
  return {
    id: v.id, employer_id: v.employer_id, subscriber_id: v.subscriber_id, plan_id: v.plan_id, plan_type: v.plan_type, plan_year_id: v.plan_year_id,
    qualifying_life_event_id: v.qualifying_life_event_id, type: v.type, coverage_tier: v.coverage_tier, effective_date: v.effective_date,
    end_date: v.end_date ?? v.py_end, status: electionStatus(v, today), annual_amount_cents: v.annual_amount_cents,
    employer_contribution_cents: v.employer_contribution_cents, pay_frequency: v.pay_frequency, pay_periods: deductions.length,
    per_pay_period_cents: deductions.at(-1)?.amount_cents ?? 0, deductions, volume_cents: v.volume_cents,
    covered_member_ids: v.covered_member_ids, superseded_at: v.superseded_at, superseded_by: v.superseded_by, created_at: v.created_at,
  }
}

export async function getElection(db: Executor, auth: AuthContext, id: string, enrollmentId: string | undefined, today: PlainDate): Promise<Election> {
  const v = await q.findElection(db, auth, id)
  if (!v) throw new NotFoundError('not-found', `Election ${id} not found`)
  if (enrollmentId !== undefined) {
    const [of] = await q.listElections(db, auth, { limit: 1, enrollment_id: enrollmentId })
    if (of?.id !== id) throw new NotFoundError('not-found', `Election ${id} does not belong to enrollment ${enrollmentId}`)
  }
  return toElection(v, today)
}

export async function listElections(db: Executor, auth: AuthContext, query: Omit<ElectionQuery, 'cursor'> & { cursor?: Cursor | undefined }, today: PlainDate): Promise<{ rows: Election[]; limit: number }> {
  const limit = query.limit ?? 50
  const rows = await q.listElections(db, auth, { ...query, limit })
  return { rows: rows.map((r) => toElection(r, today)), limit }
}

export async function electionsOf(db: Executor, auth: AuthContext, ids: readonly string[], today: PlainDate): Promise<Election[]> {
  return (await q.electionsById(db, auth, ids)).map((v) => toElection(v, today))
}

/** Builds what every election needs: the subscriber (404 if invisible), pay frequency, employer settings. */
export async function electionContext(tx: Executor, auth: AuthContext, actor: Actor, subscriberId: string, on: PlainDate, now: string): Promise<ElectionContext & { hire_date: PlainDate | null }> {
  const subscriber = await q.findSubscriber(tx, auth, subscriberId)
  if (!subscriber) throw new NotFoundError('not-found', `Subscriber ${subscriberId} not found`)
  const employment = await q.employmentOn(tx, subscriber.id, on)
  const settings = settingsOf(await q.employerSettings(tx, subscriber.employer_id))
  return { tx, auth, actor, now, subscriber, settings, pay_frequency: employment?.wage_frequency ?? 'monthly', hire_date: employment?.hire_date ?? null }
}

/** The plan's waiting period rule (defaults: first_of_month_after, 0 days). */
export function waitingPeriodOf(rules: Readonly<Record<string, unknown>>): { rule: WaitingPeriodRule; days: number } {
  const rule = rules.waiting_period_rule
  return {
    rule: rule === 'date_of_hire' || rule === 'after_days' ? rule : 'first_of_month_after',
    days: typeof rules.waiting_period_days === 'number' ? rules.waiting_period_days : 0,
  }
}

/** Whether `today` is inside the plan year's enrollment window (inclusive). */
export function isInWindow(plan: q.PlanWithYear, today: PlainDate): boolean {
  return plan.enrollment_start_date !== null && plan.enrollment_end_date !== null && plan.enrollment_start_date <= today && today <= plan.enrollment_end_date
}

/** Open enrollment takes effect at the plan year start (or, in a window inside the plan year, the next first of month). */
export function openEnrollmentEffectiveDate(plan: q.PlanWithYear, today: PlainDate): PlainDate {
  return today < plan.py_start ? plan.py_start : firstOfNextMonth(today)
}

export function outsideWindow(plan: q.PlanWithYear, pointer: string): UnprocessableError {
  const window = plan.enrollment_start_date ? `${plan.enrollment_start_date} to ${plan.enrollment_end_date}` : 'none'
  return UnprocessableError.fields('outside-enrollment-window', 'Outside the enrollment window: report a qualifying life event instead', [{ pointer, detail: `the plan year's enrollment window is ${window}; outside it elections need a qualifying life event or a new hire` }])
}

/**
 * `POST /v1/elections` without a QLE: during the plan year's enrollment window (effective at the
 * plan year start) or as a new hire within `new_hire_election_window_days` of hire (effective after
 * the plan's waiting period); otherwise 422 outside-enrollment-window.
 */
export async function createElection(tx: Executor, auth: AuthContext, actor: Actor, input: NewElection, now: string, today: PlainDate): Promise<Election & { enrollments: Enrollment[] }> {
  const ctx = await electionContext(tx, auth, actor, input.subscriber_id, today, now)
  const [plan] = await q.plansWithYears(tx, ctx.subscriber.employer_id, [input.plan_id])
  if (!plan) throw UnprocessableError.fields('plan-not-offered', 'The plan is not offered by the subscriber\'s employer', [{ pointer: '/plan_id', detail: `plan ${input.plan_id} not found for employer ${ctx.subscriber.employer_id}` }])
  let eff: PlainDate
  if (isInWindow(plan, today)) eff = openEnrollmentEffectiveDate(plan, today)
  else if (ctx.hire_date !== null && ctx.hire_date <= today && today <= addDays(ctx.hire_date, ctx.settings.new_hire_election_window_days)) {
    const w = waitingPeriodOf(plan.rules)
    eff = newHireEffectiveDate(ctx.hire_date, w.rule, w.days, ctx.settings.new_hire_max_days)
  } else throw outsideWindow(plan, '/plan_id')
  if (input.effective_date !== undefined && input.effective_date !== eff) {
    throw UnprocessableError.fields('effective-date-mismatch', 'The effective date does not follow the rules', [{ pointer: '/effective_date', detail: `coverage takes effect ${eff}` }])
  }
  const ids = input.type === 'waiver' ? [] : [...new Set([ctx.subscriber.id, ...(input.covered_member_ids ?? [])])]
  const family = await q.familyMembers(tx, ctx.subscriber.id, ids)
  const members = ids.map((id) => {
    const m = family.find((f) => f.id === id)
    const i = (input.covered_member_ids ?? []).indexOf(id)
    const pointer = i >= 0 ? `/covered_member_ids/${i}` : '/subscriber_id'
    if (!m) throw UnprocessableError.fields('member-not-in-family', 'Not a member of the subscriber\'s family', [{ pointer, detail: `member ${id} is not the subscriber or one of their dependents` }])
    return { ...m, volume_cents: m.id === ctx.subscriber.id ? input.volume_cents ?? null : null, pointer }
  })
  const applied = await applyElection(ctx, {
    plan, type: input.type, members, requested_cents: input.annual_amount_cents ?? 0, requested_tier: input.coverage_tier,
    effective_date: eff, pointer: '', amount_pointer: '/annual_amount_cents',
  })
  if (!applied) throw new Error('a direct election always applies')
  const [election] = await electionsOf(tx, auth, [applied.election.id], today)
  if (!election) throw new Error('election vanished')
  return { ...election, enrollments: applied.enrollments }
}

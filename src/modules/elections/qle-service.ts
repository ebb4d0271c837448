import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import type { PlainDate } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import { appendEvents, type Actor } from '../audit/index.js'
import type { Enrollment } from '../enrollments/index.js'
import type { AuthContext } from '../organizations/index.js'
import { applyElection, type CoveredMember } from './apply.js'
import { isAccountPlan } from './money.js'
import { productLineAccepts } from './product-lines.js'
import * as q from './queries.js'
import { checkEventDate, checkReportingWindow, qleEffectiveDate } from './rules.js'
import type { Election, NewQle, QleFields } from './schemas.js'
import { electionContext, electionsOf, isInWindow, outsideWindow, waitingPeriodOf } from './service.js'

type Executor = Kysely<Database>

export interface QualifyingLifeEvent {
  id: string
  employer_id: string
  subscriber_id: string
  event: string
  date: string
  reported_date: string
  eligibility_start_date: string | null
  coverage_period_id: string | null
  effective_date: string
  created_at: string
  elections?: Election[]
  enrollments?: Enrollment[]
}

function toQle(row: q.QleRow): QualifyingLifeEvent {
  const { event_date, created_by: _by, ...rest } = row
  return { ...rest, date: event_date }
}

function refuse(slug: string, message: string, pointer: string, detail: string): UnprocessableError {
  return UnprocessableError.fields(slug, message, [{ pointer, detail }])
}

/**
 * Records a qualifying life event and the elections it carries, in one transaction: the reporting
 * window, the event's effective date per plan (start dates sent must agree), the coverage period,
 * then each election through `applyElection` (insured plans first so an HSA finds its HDHP).
 */
export async function recordQle(tx: Executor, auth: AuthContext, actor: Actor, subscriberId: string, body: NewQle, now: string, today: PlainDate): Promise<QualifyingLifeEvent> {
  const wrapped = 'qualifying_life_event' in body
  const input: QleFields = wrapped ? body.qualifying_life_event : body
  const base = wrapped ? '/qualifying_life_event' : ''
  const ctx = await electionContext(tx, auth, actor, subscriberId, input.date, now)
  checkEventDate(input.event, input.date, today, `${base}/date`)
  checkReportingWindow(input.event, input.date, today, ctx.settings, `${base}/date`)

  const entries = Object.entries(input.plan_elections)
  const plans = await q.plansWithYears(tx, ctx.subscriber.employer_id, entries.map(([, e]) => e.plan_id))
  const period = input.coverage_period_id ? await q.coveragePeriod(tx, ctx.subscriber.employer_id, input.coverage_period_id) : undefined
  if (input.coverage_period_id && !period) throw refuse('coverage-period-mismatch', 'Unknown coverage period', `${base}/coverage_period_id`, `coverage period ${input.coverage_period_id} not found for the subscriber's employer`)

  const memberIds = [...new Set(entries.flatMap(([, e]) => (e.coverages ?? []).map((c) => c.member_id)))]
  const family = await q.familyMembers(tx, ctx.subscriber.id, memberIds)
  const prepared = entries.map(([key, e]) => {
    const pointer = `${base}/plan_elections/${key}`
    const plan = plans.find((p) => p.id === e.plan_id)
    if (!plan) throw refuse('plan-not-offered', 'The plan is not offered by the subscriber\'s employer', `${pointer}/plan_id`, `plan ${e.plan_id} not found for employer ${ctx.subscriber.employer_id}`)
    if (!productLineAccepts(key, plan.plan_type)) throw refuse('product-line-mismatch', 'The plan is not of this product line', `${pointer}/plan_id`, `product line ${key} does not take a ${plan.plan_type} plan`)
    if (period && !period.plan_ids.includes(plan.id)) throw refuse('coverage-period-mismatch', 'The coverage period does not cover this plan', `${pointer}/plan_id`, `plan ${plan.id} is not in coverage period ${input.coverage_period_id}`)
    if (input.event === 'open_enrollment' && !isInWindow(plan, today)) throw outsideWindow(plan, `${base}/event`)
    const w = waitingPeriodOf(plan.rules)
    const eff = qleEffectiveDate(input.event, input.date, { hire_date: ctx.hire_date, plan_year_start: plan.py_start, waiting_period_rule: w.rule, waiting_period_days: w.days }, ctx.settings)
    if (period && (eff < period.start_date || eff > period.end_date)) throw refuse('coverage-period-mismatch', 'The coverage period does not contain the effective date', `${base}/coverage_period_id`, `coverage starts ${eff}; the period runs ${period.start_date} to ${period.end_date}`)
    const members: CoveredMember[] = (e.coverages ?? []).map((c, i) => {
      const cp = `${pointer}/coverages/${i}`
      const m = family.find((f) => f.id === c.member_id)
      if (!m) throw refuse('member-not-in-family', 'Not a member of the subscriber\'s family', `${cp}/member_id`, `member ${c.member_id} is not the subscriber or one of their dependents`)
      if (c.start_date !== undefined && c.start_date !== eff) {
        throw refuse('qle-start-date-mismatch', 'The start date does not follow the event\'s rule', `${cp}/start_date`, `a ${input.event} on ${input.date} starts this coverage on ${eff}`)
      }
      return { ...m, volume_cents: c.volume ?? null, pointer: `${cp}/member_id` }
    })
    if (e.type === 'election' && members.length === 0) throw refuse('validation', 'An election covers someone', `${pointer}/coverages`, 'list at least one covered member')
    return { plan, e, pointer, eff, members }
  })

  const effective = prepared.map((p) => p.eff).sort()[0] ?? input.date
  const qle = await q.insertQle(tx, {
    id: newId(), employer_id: ctx.subscriber.employer_id, subscriber_id: ctx.subscriber.id, event: input.event, event_date: input.date,
    reported_date: today, eligibility_start_date: input.eligibility_start_date ?? null, coverage_period_id: input.coverage_period_id ?? null,
    effective_date: effective, request: input as unknown as Record<string, unknown>, created_by: actor.client_id, created_at: now,
  })
  await appendEvents(tx, actor, [{ employer_id: qle.employer_id, aggregate_type: 'qualifying_life_event', aggregate_id: qle.id, type: 'qualifying_life_event.recorded', after: toQle(qle) }], now)

  const electionIds: string[] = []
  const enrollments: Enrollment[] = []
  const ordered = [...prepared].sort((a, b) => Number(isAccountPlan(a.plan.plan_type)) - Number(isAccountPlan(b.plan.plan_type)))
  for (const p of ordered) {
    const applied = await applyElection(ctx, {
      plan: p.plan, type: p.e.type, members: p.members, requested_cents: p.e.annual_amount_cents ?? 0, requested_tier: p.e.coverage_tier,
      effective_date: p.eff, pointer: p.pointer, amount_pointer: `${p.pointer}/annual_amount_cents`, qle: { id: qle.id, event: input.event },
    })
    if (applied) {
      electionIds.push(applied.election.id)
      enrollments.push(...applied.enrollments)
    }
  }
  return { ...toQle(qle), elections: await electionsOf(tx, auth, electionIds, today), enrollments }
}

export async function getQle(db: Executor, auth: AuthContext, id: string, today: PlainDate): Promise<QualifyingLifeEvent> {
  const row = await q.findQle(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Qualifying life event ${id} not found`)
  const elections = (await q.listElections(db, auth, { limit: 100, qualifying_life_event_id: id })).map((v) => v.id)
  return { ...toQle(row), elections: await electionsOf(db, auth, elections, today) }
}

export async function listQles(db: Executor, auth: AuthContext, subscriberId: string, limit: number, cursor: Cursor | undefined): Promise<{ rows: QualifyingLifeEvent[]; limit: number }> {
  const subscriber = await q.findSubscriber(db, auth, subscriberId)
  if (!subscriber) throw new NotFoundError('not-found', `Subscriber ${subscriberId} not found`)
  return { rows: (await q.listQles(db, auth, subscriberId, limit, cursor)).map(toQle), limit }
}

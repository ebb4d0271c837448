import { addDays, type PlainDate } from '../../shared/dates.js'
import type { Actor } from '../audit/index.js'
import { enrollmentsOfElection, successorOf, type Enrollment, type EnrollmentRow } from '../enrollments/index.js'
import type { AuthContext } from '../organizations/index.js'
import { applyElection, type CoveredMember } from './apply.js'
import { coveredMonths } from './deductions.js'
import { premiumSplit } from './money.js'
import * as q from './queries.js'
import { coverageTierOf } from './rules.js'
import { electionContext } from './service.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'

type Executor = Kysely<Database>

/**
 * A dependent's coverage ended directly (`POST /v1/enrollments/{id}/terminate` or `…/cancel`, not
 * a QLE): from the next day the family's tier follows who is still covered. When it changes (a
 * spouse dropped from "individual_spouse" leaves "individual"), the election is made again from
 * that day with the members left, as a QLE removing the dependent would: tier, premium share and
 * deductions re-derived, every row ended with `reason`. Returns the dependent's ended enrollment,
 * or undefined when the tier does not change (the caller then ends the row itself).
 *
 * The amount of a plan without premiums is not derived from the tier: the new election keeps what
 * the employee paid per covered month.
 */
export async function retierAfterDependentEnds(tx: Executor, auth: AuthContext, actor: Actor, row: EnrollmentRow, end: PlainDate, reason: string, now: string): Promise<Enrollment | undefined> {
  if (row.member_id === row.subscriber_id || row.election_id === null || row.coverage_tier === null) return undefined
  const [plan] = await q.plansWithYears(tx, row.employer_id, [row.plan_id])
  const current = await q.currentElectionOfType(tx, row.subscriber_id, row.plan_year_id, row.plan_type)
  if (!plan || !current || current.id !== row.election_id || current.type !== 'election') return undefined
  // From the day after the end; a dependent who never was covered (ended before the start) changes the tier from the start.
  const from = addDays(end, 1) < current.effective_date ? current.effective_date : addDays(end, 1)
  if (from > plan.py_end) return undefined
  const rows = (await enrollmentsOfElection(tx, current.id)).filter((r) => r.status !== 'cancelled' && r.superseded_at === null)
  const staying = rows.filter((r) => r.member_id !== row.member_id && (r.end_date === null || r.end_date >= from))
  if (!staying.some((r) => r.member_id === row.subscriber_id)) return undefined
  // A record someone already ended (the employee terminated on June 30) must not come back: a new
  // election runs to the plan year's end, so then the tier is left as it is.
  if (staying.some((r) => r.status === 'terminated')) return undefined
  const family = await q.familyMembers(tx, row.subscriber_id, staying.map((r) => r.member_id))
  const tier = coverageTierOf(family.map((m) => m.relationship))
  if (tier === current.coverage_tier) return undefined
  // A plan without that tier (only individual and family) keeps the one it has: ending a
  // dependent's coverage must not fail on an election rule.
  const offered = plan.rules.coverage_tiers
  if (Array.isArray(offered) && !offered.includes(tier)) return undefined

  const ctx = await electionContext(tx, auth, actor, row.subscriber_id, from, now)
  const members: CoveredMember[] = family.map((m) => ({ ...m, volume_cents: staying.find((r) => r.member_id === m.id)?.volume_cents ?? null, pointer: '/end_date' }))
  const before = coveredMonths(current.effective_date, plan.py_end)
  const requested = premiumSplit(plan.rules, tier) !== null || before === 0
    ? current.annual_amount_cents
    : Math.round(current.annual_amount_cents * coveredMonths(from, plan.py_end) / before)
  await applyElection(ctx, { plan, type: 'election', members, requested_cents: requested, effective_date: from, pointer: '/end_date', amount_pointer: '/end_date', reason })
  const ended = await successorOf(tx, row.id)
  if (!ended) throw new Error(`enrollment ${row.id} has no current record after the re-election`)
  return ended
}

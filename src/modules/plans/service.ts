import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, PreconditionError, UnprocessableError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import { newId } from '../../shared/ids.js'
import { inJsonbOrder } from '../../shared/jsonb-order.js'
import type { KeyClaim } from '../../db/idempotency-keys.js'
import type { PlainDate } from '../../shared/dates.js'
import type { AuthContext } from '../organizations/index.js'
import { getPlanYear } from '../plan-years/index.js'
import { findCarrier } from '../carriers/index.js'
import * as q from './queries.js'
import { normalizePlanRules, type PlanType } from './rules/index.js'
import type { NewPlan, Plan, PlanQuery, PlanUpdate } from './schemas.js'

type Executor = Kysely<Database>

onConstraint('plans_name_unique_per_plan_year', () => new ConflictError('duplicate', 'A plan with this name already exists in the plan year'))
for (const c of ['plans_contribution_min_nonnegative', 'plans_contribution_max_nonnegative', 'plans_contribution_min_le_max']) {
  onConstraint(c, () => UnprocessableError.fields('plan-rules-invalid', 'Contribution limits are inconsistent', [{ pointer: '/rules/annual_contribution_max_cents', detail: 'must be ≥ annual_contribution_min_cents and ≥ 0' }]))
}

/** A row is a plan as it is: plan_type is one of PlanType (a CHECK constraint) and rules the normalized rules. */
function toPlan(row: q.PlanRow): Plan {
  return row as unknown as Plan
}

function rulesFor(planType: PlanType, rules: unknown, py: { start_date: string; end_date: string }): Record<string, unknown> {
  const result = normalizePlanRules(planType, rules ?? {}, { plan_year_start: py.start_date, plan_year_end: py.end_date })
  if (!result.ok) throw InvalidError.fields('plan-rules-invalid', `The rules are not valid for a ${planType} plan`, result.errors)
  return result.rules
}

/**
 * The plan years plan POSTs went to lately: their employer and dates, which the rules are checked
 * against. Only a hint — never a tenancy decision: the one-statement insert checks that the plan
 * year still has these facts and that the caller may see it, and writes nothing otherwise.
 */
const planYearHints = new Map<string, q.PlanYearFacts>()
const PLAN_YEAR_HINTS_MAX = 10_000

function rememberPlanYear(py: q.PlanYearFacts): void {
  if (planYearHints.size >= PLAN_YEAR_HINTS_MAX) planYearHints.clear()
  planYearHints.set(py.id, { id: py.id, employer_id: py.employer_id, start_date: py.start_date, end_date: py.end_date })
}

/**
 * A plan's carrier must be one of the caller's organization's carriers (as a coverage period's
 * must): a carrier of another organization answers like one that does not exist.
 */
async function checkCarrier(db: Executor, auth: AuthContext, carrierId: string | null | undefined): Promise<void> {
  if (carrierId && !(await findCarrier(db, auth, carrierId))) {
    throw UnprocessableError.fields('plan-carrier-invalid', 'The plan\'s carrier is not one of your organization\'s carriers', [{ pointer: '/carrier_id', detail: 'is not a carrier of your organization' }])
  }
}

export async function createPlan(tx: Executor, auth: AuthContext, input: NewPlan, now: string, today: PlainDate): Promise<Plan> {
  // An unknown plan_year_id answers 404, as seed 001's error reference says.
  const py = await getPlanYear(tx, auth, input.plan_year_id, today)
  rememberPlanYear(py)
  const rules = rulesFor(input.plan_type, input.rules, py)
  await checkCarrier(tx, auth, input.carrier_id)
  const row = await q.insertPlan(tx, { id: newId(), plan_year_id: py.id, employer_id: py.employer_id, name: input.name, plan_type: input.plan_type, carrier_id: input.carrier_id ?? null, rules, now })
  return toPlan(row)
}

/**
 * createPlan as one statement with the Idempotency-Key's claim, when the plan year is one a
 * recent POST read (see planYearHints): the plan — its response — is built first, then
 * `write(claim)` inserts it and the key together, or nothing if the plan year changed, is not the
 * caller's to see, the carrier is not the caller's, or the key is not new. The claim's
 * `response_body` must be `plan` as sent (JSON): the statement stores the plan's rules from it.
 * Undefined: no hint, use createPlan.
 */
export function createPlanInOneStatement(db: Executor, auth: AuthContext, input: NewPlan, now: string): { plan: Plan; write: (claim: KeyClaim) => Promise<boolean> } | undefined {
  const py = planYearHints.get(input.plan_year_id)
  if (!py) return undefined
  const rules = rulesFor(input.plan_type, input.rules, py)
  const row = { id: newId(), name: input.name, plan_type: input.plan_type, carrier_id: input.carrier_id ?? null, rules: inJsonbOrder(rules), now }
  const plan = { id: row.id, plan_year_id: py.id, employer_id: py.employer_id, name: row.name, plan_type: input.plan_type, carrier_id: row.carrier_id, rules: row.rules, version: 1, created_at: now, updated_at: now } as Plan
  return { plan, write: (claim) => q.insertPlanClaimingKey(db, { plan: row, py, organization_id: auth.organization_id, claim }) }
}

export async function getPlan(db: Executor, auth: AuthContext, id: string): Promise<Plan> {
  const row = await q.findPlan(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Plan ${id} not found`)
  return toPlan(row)
}

export async function updatePlan(db: Executor, auth: AuthContext, id: string, input: PlanUpdate, version: number, now: string, today: PlainDate): Promise<Plan> {
  const current = await getPlan(db, auth, id)
  const errors = []
  if (input.plan_year_id !== undefined && input.plan_year_id !== current.plan_year_id) errors.push({ pointer: '/plan_year_id', detail: `cannot change (is ${current.plan_year_id}); create a plan in the other plan year instead` })
  if (input.plan_type !== undefined && input.plan_type !== current.plan_type) errors.push({ pointer: '/plan_type', detail: `cannot change (is ${current.plan_type})` })
  if (errors.length > 0) throw InvalidError.fields('validation', 'Immutable fields changed', errors)
  const py = await getPlanYear(db, auth, current.plan_year_id, today)
  const rules = rulesFor(current.plan_type, input.rules, py)
  if ((input.carrier_id ?? null) !== current.carrier_id) {
    await checkCarrier(db, auth, input.carrier_id)
    // The carrier's files are made from the plan's carrier: moving a plan with coverage to another
    // carrier would leave the old one never told of the ends, the new one never of the adds.
    if (current.carrier_id !== null && await q.hasEnrollments(db, id)) {
      throw new ConflictError('plan-carrier-locked', `Plan ${id} already has coverage with carrier ${current.carrier_id}: a new carrier takes a new plan (end the coverage here, elect the new plan)`)
    }
  }
  const row = await q.updatePlan(db, id, version, { name: input.name, carrier_id: input.carrier_id ?? null, rules, now })
  if (!row) throw new PreconditionError('version-mismatch', `Plan ${id} was changed since version ${version}; GET it again and reapply your change`)
  return toPlan(row)
}

export async function listPlans(db: Executor, auth: AuthContext, query: Omit<PlanQuery, 'cursor'> & { cursor?: Cursor | undefined }): Promise<{ rows: Plan[]; limit: number }> {
  const limit = query.limit ?? 50
  const rows = await q.listPlans(db, auth, {
    limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.plan_year_id ? { plan_year_id: query.plan_year_id } : {}),
    ...(query.employer_id ? { employer_id: query.employer_id } : {}),
    ...(query.consumer_id ? { consumer_id: query.consumer_id } : {}),
    ...(query.plan_type ? { plan_type: query.plan_type } : {}),
  })
  return { rows: rows.map(toPlan), limit }
}

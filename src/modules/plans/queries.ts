import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database, PlansTable } from '../../db/types.js'
import { runsSerialized } from '../../db/connect.js'
import { claimKeyCte, keyClaimParams, type KeyClaim } from '../../db/idempotency-keys.js'
import { prepared } from '../../db/prepared.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'

type Executor = Kysely<Database>
export type PlanRow = Omit<Selectable<PlansTable>, 'annual_contribution_min_cents' | 'annual_contribution_max_cents'>

const RETURNING = ['id', 'plan_year_id', 'employer_id', 'name', 'plan_type', 'carrier_id', 'rules', 'version', 'created_at', 'updated_at'] as const
const COLUMNS = RETURNING.map((c) => `plans.${c}` as const)

// GET /v1/plans/{id} and the plan POST are hot paths: their fixed-shape queries are compiled once.
const selectPlan = prepared(['id', 'organization_id'], (db, p) => db.selectFrom('plans').select(COLUMNS)
  .where('plans.id', '=', p.id).where(canSeeEmployer({ organization_id: p.organization_id }, 'plans.employer_id')))

export async function findPlan(db: Executor, auth: AuthContext, id: string): Promise<PlanRow | undefined> {
  return (await selectPlan(db, { id, organization_id: auth.organization_id }))[0]
}

export interface PlanFilter {
  readonly limit: number
  readonly cursor?: Cursor
  readonly plan_year_id?: string
  readonly employer_id?: string
  /** A member id: the plans of that member's employer. */
  readonly consumer_id?: string
  readonly plan_type?: string
}

export function listPlans(db: Executor, auth: AuthContext, f: PlanFilter): Promise<PlanRow[]> {
  let q = db.selectFrom('plans').select(COLUMNS).where(canSeeEmployer(auth, 'plans.employer_id'))
  if (f.plan_year_id) q = q.where('plans.plan_year_id', '=', f.plan_year_id)
  if (f.employer_id) q = q.where('plans.employer_id', '=', f.employer_id)
  if (f.consumer_id) q = q.where('plans.employer_id', '=', (eb) => eb.selectFrom('members').select('members.employer_id').where('members.id', '=', f.consumer_id!))
  if (f.plan_type) q = q.where('plans.plan_type', '=', f.plan_type)
  if (f.cursor) q = q.where(after('plans', f.cursor))
  return q.orderBy('plans.created_at').orderBy('plans.id').limit(f.limit + 1).execute()
}

const insertPlanRow = prepared(['id', 'plan_year_id', 'employer_id', 'name', 'plan_type', 'carrier_id', 'rules', 'now'], (db, p) => db.insertInto('plans')
  .values({ id: p.id, plan_year_id: p.plan_year_id, employer_id: p.employer_id, name: p.name, plan_type: p.plan_type, carrier_id: p.carrier_id, rules: p.rules, created_at: p.now, updated_at: p.now })
  .returning(RETURNING))

export async function insertPlan(db: Executor, row: { id: string; plan_year_id: string; employer_id: string; name: string; plan_type: string; carrier_id: string | null; rules: Record<string, unknown>; now: string }): Promise<PlanRow> {
  const [inserted] = await insertPlanRow(db, { ...row, rules: JSON.stringify(row.rules) })
  if (!inserted) throw new Error('insert into plans returned no row')
  return inserted
}

/** What the plan POST knows of the plan year it read earlier; the insert checks it still holds. */
export interface PlanYearFacts { readonly id: string; readonly employer_id: string; readonly start_date: string; readonly end_date: string }

const PLAN_PARAMS = ['id', 'plan_year_id', 'employer_id', 'start_date', 'end_date', 'organization_id', 'name', 'plan_type', 'carrier_id', 'rules', 'now'] as const

/**
 * The plan POST as ONE statement: the plan year must still be as `facts` say (same employer and
 * dates, which the rules were checked against) and visible to the organization, its carrier (if
 * any) one of the organization's, and the Idempotency-Key new and free (claimKeyCte); then the
 * plan and the key's stored response are inserted together. No row back: some condition failed and nothing was written.
 */
const insertPlanClaimingKey = (lock: boolean) => prepared([...PLAN_PARAMS, ...keyClaimParams(lock)], (db, p) => ({
  compile: () => sql<{ id: string }>`
    with py as (
      select plan_years.id, plan_years.employer_id from plan_years
       where plan_years.id = ${p.plan_year_id}::uuid and plan_years.employer_id = ${p.employer_id}::uuid
         and plan_years.start_date = ${p.start_date}::date and plan_years.end_date = ${p.end_date}::date
         and ${canSeeEmployer({ organization_id: p.organization_id }, 'plan_years.employer_id')}
         and (${p.carrier_id}::uuid is null or exists (select 1 from carriers c where c.id = ${p.carrier_id}::uuid and c.organization_id = ${p.organization_id}::uuid))
    ), ${claimKeyCte(p, 'py', lock)}
    insert into plans (id, plan_year_id, employer_id, name, plan_type, carrier_id, rules, created_at, updated_at)
    select ${p.id}::uuid, py.id, py.employer_id, ${p.name}::text, ${p.plan_type}::text, ${p.carrier_id}::uuid, ${p.rules}::jsonb, ${p.now}::timestamptz, ${p.now}::timestamptz
      from py, claim
    returning plans.id`.compile(db),
}))
const insertClaimingLocked = insertPlanClaimingKey(true)
const insertClaimingUnlocked = insertPlanClaimingKey(false)

export async function insertPlanClaimingKeyOnce(db: Executor, auth: AuthContext, py: PlanYearFacts, plan: { id: string; name: string; plan_type: string; carrier_id: string | null; rules: Record<string, unknown>; now: string }, claim: KeyClaim): Promise<boolean> {
  const args = {
    ...claim, id: plan.id, plan_year_id: py.id, employer_id: py.employer_id, start_date: py.start_date, end_date: py.end_date, organization_id: auth.organization_id,
    name: plan.name, plan_type: plan.plan_type, carrier_id: plan.carrier_id, rules: JSON.stringify(plan.rules), now: plan.now,
  }
  const rows = runsSerialized(db) ? await insertClaimingUnlocked(db, args) : await insertClaimingLocked(db, args)
  return rows.length === 1
}

export function updatePlan(db: Executor, id: string, version: number, set: { name: string; carrier_id: string | null; rules: Record<string, unknown>; now: string }): Promise<PlanRow | undefined> {
  return db.updateTable('plans')
    .set({ name: set.name, carrier_id: set.carrier_id, rules: JSON.stringify(set.rules), updated_at: set.now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(RETURNING).executeTakeFirst()
}

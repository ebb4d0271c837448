import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database, PlansTable } from '../../db/types.js'
import { runsSerialized, writeBatchesInFlight } from '../../db/connect.js'
import { claimKeysCte, type KeyClaim } from '../../db/idempotency-keys.js'
import { WriteBatcher } from '../../db/write-batcher.js'
import { prepared } from '../../db/prepared.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, organizationCanSeeEmployer, type AuthContext } from '../organizations/index.js'

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

/** One plan POST's insert: the plan, the plan year facts it was checked against, the caller, and its key's claim. */
export interface PlanInsert {
  readonly plan: { readonly id: string; readonly name: string; readonly plan_type: string; readonly carrier_id: string | null; readonly rules: Record<string, unknown>; readonly now: string }
  readonly py: PlanYearFacts
  readonly organization_id: string
  readonly claim: KeyClaim
}

/**
 * Plan POSTs as ONE statement for any number of them (a batch, see WriteBatcher), each row on its
 * own terms: its plan year must still be as its `py` says (same employer and dates, which the rules
 * were checked against) and visible to its caller's organization, its carrier (if any) one of that
 * organization's, and its Idempotency-Key new and free (claimKeysCte); then its plan and its key's
 * stored response are inserted together. The ids back are the plans written; a row with no id
 * wrote nothing. Rows go in (plan year, name) order, so two concurrent batches take the name
 * index's locks in the same order.
 */
const insertPlansClaimingKeys = (lock: boolean) => prepared(['batch'], (db, p) => ({
  compile: () => sql<{ id: string }>`
    with input as (
      select t.*, t.response::text as response_body, (t.response -> 'rules')::jsonb as rules
        from json_to_recordset(${p.batch}::json) as t(
          id uuid, plan_year_id uuid, employer_id uuid, start_date date, end_date date, organization_id uuid, carrier_id uuid,
          name text, plan_type text, now timestamptz, client_id text, key uuid, lock_key text, method text, path text,
          request_hash text, response_status integer, response json, resource_location text, created_at timestamptz)
    ), py as (
      select input.* from input
        join plan_years on plan_years.id = input.plan_year_id and plan_years.employer_id = input.employer_id
         and plan_years.start_date = input.start_date and plan_years.end_date = input.end_date
       where ${organizationCanSeeEmployer('input.organization_id', 'plan_years.employer_id')}
         and (input.carrier_id is null or exists (select 1 from carriers c where c.id = input.carrier_id and c.organization_id = input.organization_id))
    ), ${claimKeysCte('py', lock)}
    insert into plans (id, plan_year_id, employer_id, name, plan_type, carrier_id, rules, created_at, updated_at)
    select py.id, py.plan_year_id, py.employer_id, py.name, py.plan_type, py.carrier_id, py.rules, py.now, py.now
      from py join claim on claim.client_id = py.client_id and claim.key = py.key
     order by py.plan_year_id, py.name
    returning plans.id`.compile(db),
}))
const insertClaimingLocked = insertPlansClaimingKeys(true)
const insertClaimingUnlocked = insertPlansClaimingKeys(false)

async function insertPlans(db: Executor, rows: readonly PlanInsert[]): Promise<boolean[]> {
  // Each row's response goes in as a JSON value, not as a string: `json` keeps a value's text as
  // sent, so `response::text` is byte for byte the body the client gets, and the plan's rules are
  // read from it (the response IS the plan) — no second serialisation of the rules and no escaping
  // of the body. (Properties are written out: V8 on Node 20 builds `{ ...claim, id, … }` — a spread
  // then more properties — through a slow path, ~10 µs against ~0.1 µs.)
  const batch = `[${rows.map(({ plan, py, organization_id, claim }) => {
    if (typeof claim.response_body !== 'string') throw new TypeError('a plan POST stores its response body as JSON text')
    const head = JSON.stringify({
      client_id: claim.client_id, key: claim.key, lock_key: claim.lock_key, method: claim.method, path: claim.path, request_hash: claim.request_hash,
      response_status: claim.response_status, resource_location: claim.resource_location, created_at: claim.created_at,
      id: plan.id, plan_year_id: py.id, employer_id: py.employer_id, start_date: py.start_date, end_date: py.end_date, organization_id,
      carrier_id: plan.carrier_id, name: plan.name, plan_type: plan.plan_type, now: plan.now,
    })
    return `${head.slice(0, -1)},"response":${claim.response_body}}`
  }).join(',')}]`
  const written = new Set((runsSerialized(db) ? await insertClaimingUnlocked(db, { batch }) : await insertClaimingLocked(db, { batch })).map((r) => r.id))
  return rows.map((r) => written.has(r.plan.id))
}

/**
 * Concurrent plan POSTs share statements (WriteBatcher): up to writeBatchesInFlight(db) run at
 * once (OPENENROLL_WRITE_BATCHES on PostgreSQL; one on PGlite) and the rest wait to go together.
 * Two rows with the same key or the same plan year and name never share a batch.
 */
const PLAN_WRITE_BATCH_MAX = 64
const batchers = new WeakMap<Executor, WriteBatcher<PlanInsert, boolean>>()

/** Inserts the plan and claims its key in one statement (shared with concurrent POSTs); false: nothing was written. */
export function insertPlanClaimingKey(db: Executor, row: PlanInsert): Promise<boolean> {
  return planWriteBatcher(db).submit(row)
}

/** The batcher of plan POSTs on `db` (its `stats` say how writes shared statements). */
export function planWriteBatcher(db: Executor): WriteBatcher<PlanInsert, boolean> {
  let batcher = batchers.get(db)
  if (!batcher) {
    batcher = new WriteBatcher((rows: readonly PlanInsert[]) => insertPlans(db, rows), {
      maxInFlight: writeBatchesInFlight(db),
      afterIo: runsSerialized(db),
      maxBatch: PLAN_WRITE_BATCH_MAX,
      keys: (r) => [`key:${String(r.claim.client_id)}:${String(r.claim.key)}`, `name:${r.py.id}:${r.plan.name}`],
    })
    batchers.set(db, batcher)
  }
  return batcher
}

export function updatePlan(db: Executor, id: string, version: number, set: { name: string; carrier_id: string | null; rules: Record<string, unknown>; now: string }): Promise<PlanRow | undefined> {
  return db.updateTable('plans')
    .set({ name: set.name, carrier_id: set.carrier_id, rules: JSON.stringify(set.rules), updated_at: set.now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(RETURNING).executeTakeFirst()
}

/** The operator's IRS limit rows (see 0003_irs_limits.sql), by year. */
export function listIrsLimitRows(db: Executor) {
  return db.selectFrom('irs_limits').select(['year', 'limits', 'source', 'updated_at']).orderBy('year').execute()
}

export async function upsertIrsLimitRow(db: Executor, row: { year: number; limits: Record<string, unknown>; source: string; now: string }): Promise<void> {
  await db.insertInto('irs_limits').values({ year: row.year, limits: JSON.stringify(row.limits), source: row.source, created_at: row.now, updated_at: row.now })
    .onConflict((oc) => oc.column('year').doUpdateSet({ limits: JSON.stringify(row.limits), source: row.source, updated_at: row.now }))
    .execute()
}

/** Whether any enrollment record (of any status) is of this plan. */
export async function hasEnrollments(db: Executor, planId: string): Promise<boolean> {
  return (await db.selectFrom('enrollments').select('id').where('plan_id', '=', planId).limit(1).executeTakeFirst()) !== undefined
}

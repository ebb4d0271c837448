import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'
import type { Carrier } from './schemas.js'

type Executor = Kysely<Database>

const CARRIER = ['id', 'organization_id', 'name', 'payer_id', 'version', 'created_at', 'updated_at'] as const
const PERIOD = ['id', 'employer_id', 'carrier_id', 'start_date', 'end_date', 'version', 'created_at', 'updated_at'] as const
const PERIOD_Q = PERIOD.map((c) => `coverage_periods.${c}` as const)

export interface CoveragePeriodRow {
  id: string; employer_id: string; carrier_id: string; start_date: string; end_date: string; version: number; created_at: string; updated_at: string
}

/** Carriers are visible only to the organization that configured them. */
export function findCarrier(db: Executor, auth: Pick<AuthContext, 'organization_id'>, id: string): Promise<Carrier | undefined> {
  return db.selectFrom('carriers').select(CARRIER).where('id', '=', id).where('organization_id', '=', auth.organization_id).executeTakeFirst()
}

export function listCarriers(db: Executor, auth: AuthContext, f: { limit: number; cursor?: Cursor | undefined; payer_id?: string | undefined }): Promise<Carrier[]> {
  let q = db.selectFrom('carriers').select(CARRIER).where('organization_id', '=', auth.organization_id)
  if (f.payer_id) q = q.where('payer_id', '=', f.payer_id)
  if (f.cursor) q = q.where(after('carriers', f.cursor))
  return q.orderBy('created_at').orderBy('id').limit(f.limit + 1).execute()
}

export function insertCarrier(db: Executor, row: { id: string; organization_id: string; name: string; payer_id: string; now: string }): Promise<Carrier> {
  return db.insertInto('carriers').values({ id: row.id, organization_id: row.organization_id, name: row.name, payer_id: row.payer_id, created_at: row.now, updated_at: row.now })
    .returning(CARRIER).executeTakeFirstOrThrow()
}

export function updateCarrier(db: Executor, auth: AuthContext, id: string, version: number, set: { name: string; payer_id: string; now: string }): Promise<Carrier | undefined> {
  return db.updateTable('carriers').set({ name: set.name, payer_id: set.payer_id, updated_at: set.now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('organization_id', '=', auth.organization_id).where('version', '=', version)
    .returning(CARRIER).executeTakeFirst()
}

export function findCoveragePeriod(db: Executor, auth: AuthContext, id: string): Promise<CoveragePeriodRow | undefined> {
  return db.selectFrom('coverage_periods').select(PERIOD_Q).where('coverage_periods.id', '=', id)
    .where(canSeeEmployer(auth, 'coverage_periods.employer_id')).executeTakeFirst()
}

export function listCoveragePeriods(db: Executor, auth: AuthContext, f: { limit: number; cursor?: Cursor | undefined; employer_id?: string | undefined; carrier_id?: string | undefined }): Promise<CoveragePeriodRow[]> {
  let q = db.selectFrom('coverage_periods').select(PERIOD_Q).where(canSeeEmployer(auth, 'coverage_periods.employer_id'))
  if (f.employer_id) q = q.where('coverage_periods.employer_id', '=', f.employer_id)
  if (f.carrier_id) q = q.where('coverage_periods.carrier_id', '=', f.carrier_id)
  if (f.cursor) q = q.where(after('coverage_periods', f.cursor))
  return q.orderBy('coverage_periods.created_at').orderBy('coverage_periods.id').limit(f.limit + 1).execute()
}

/** Plan ids of each period, in the order they were listed. */
export async function planIdsOf(db: Executor, periodIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(periodIds.map((id) => [id, []]))
  if (periodIds.length === 0) return out
  const rows = await db.selectFrom('coverage_period_plans').select(['coverage_period_id', 'plan_id']).where('coverage_period_id', 'in', periodIds).orderBy('plan_id').execute()
  for (const r of rows) out.get(r.coverage_period_id)?.push(r.plan_id)
  return out
}

export function insertCoveragePeriod(db: Executor, row: { id: string; employer_id: string; carrier_id: string; start_date: string; end_date: string; now: string }): Promise<CoveragePeriodRow> {
  return db.insertInto('coverage_periods').values({ id: row.id, employer_id: row.employer_id, carrier_id: row.carrier_id, start_date: row.start_date, end_date: row.end_date, created_at: row.now, updated_at: row.now })
    .returning(PERIOD).executeTakeFirstOrThrow()
}

export async function linkPlans(db: Executor, periodId: string, employerId: string, planIds: readonly string[]): Promise<void> {
  await db.insertInto('coverage_period_plans').values(planIds.map((plan_id) => ({ coverage_period_id: periodId, plan_id, employer_id: employerId }))).execute()
}

/** The listed plans' employer and current carrier (plans not found are absent). */
export function plansOf(db: Executor, planIds: readonly string[]) {
  return db.selectFrom('plans').innerJoin('plan_years', 'plan_years.id', 'plans.plan_year_id')
    .select(['plans.id', 'plans.employer_id', 'plans.carrier_id', 'plan_years.start_date as py_start', 'plan_years.end_date as py_end'])
    .where('plans.id', 'in', planIds).execute()
}

/** Ties plans with no carrier yet to `carrierId` (a plan belongs to the carrier that insures it). */
export async function assignCarrier(db: Executor, planIds: readonly string[], carrierId: string, now: string): Promise<void> {
  await db.updateTable('plans').set({ carrier_id: carrierId, updated_at: now, version: (eb) => eb('version', '+', 1) })
    .where('id', 'in', planIds).where('carrier_id', 'is', null).execute()
}

import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely'
import type { Database, PlanYearsTable } from '../../db/types.js'
import { prepared } from '../../db/prepared.js'
import { after, type Cursor } from '../../http/pagination.js'
import { addDays, type PlainDate } from '../../shared/dates.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'
import { ACTIONABLE_LEAD_DAYS } from './rules.js'
import type { PlanYearStatus } from './schemas.js'

type Executor = Kysely<Database>

/** A plan_years row as selected (the generated `coverage` column is left out). */
export type PlanYearRow = Omit<Selectable<PlanYearsTable>, 'coverage'>

const RETURNING = ['id', 'employer_id', 'name', 'start_date', 'end_date', 'enrollment_start_date', 'enrollment_end_date',
  'runout_end_date', 'grace_period_end_date', 'closed_at', 'version', 'created_at', 'updated_at'] as const
const COLUMNS = ['plan_years.id', 'plan_years.employer_id', 'plan_years.name', 'plan_years.start_date', 'plan_years.end_date',
  'plan_years.enrollment_start_date', 'plan_years.enrollment_end_date', 'plan_years.runout_end_date', 'plan_years.grace_period_end_date',
  'plan_years.closed_at', 'plan_years.version', 'plan_years.created_at', 'plan_years.updated_at'] as const

const lastActive = sql`greatest(plan_years.end_date, plan_years.runout_end_date, plan_years.grace_period_end_date)`

// These mirror rules.ts (planYearStatus, isActionable) in SQL so filters page correctly;
// queries.test.ts checks the two agree.
function statusIs(status: PlanYearStatus, today: PlainDate): Expression<SqlBool> {
  switch (status) {
    case 'Closed': return sql<SqlBool>`(plan_years.closed_at is not null or ${today}::date > ${lastActive})`
    case 'Upcoming': return sql<SqlBool>`(plan_years.closed_at is null and ${today}::date < plan_years.start_date)`
    case 'Active': return sql<SqlBool>`(plan_years.closed_at is null and plan_years.start_date <= ${today}::date and ${today}::date <= ${lastActive})`
  }
}

function actionable(today: PlainDate): Expression<SqlBool> {
  const horizon = addDays(today, ACTIONABLE_LEAD_DAYS)
  return sql<SqlBool>`(plan_years.closed_at is null and ${today}::date <= ${lastActive} and (
    (plan_years.enrollment_start_date <= ${today}::date and ${today}::date <= plan_years.enrollment_end_date)
    or (${today}::date > plan_years.end_date)
    or (${today}::date < plan_years.start_date and plan_years.start_date <= ${horizon}::date)))`
}

// Every plan POST looks its plan year up: compiled once.
const selectPlanYear = prepared(['id', 'organization_id'], (db, p) => db.selectFrom('plan_years').select(COLUMNS)
  .where('plan_years.id', '=', p.id).where(canSeeEmployer({ organization_id: p.organization_id }, 'plan_years.employer_id')))

export async function findPlanYear(db: Executor, auth: AuthContext, id: string): Promise<PlanYearRow | undefined> {
  return (await selectPlanYear(db, { id, organization_id: auth.organization_id }))[0]
}

export interface PlanYearFilter {
  readonly limit: number
  readonly cursor?: Cursor
  readonly employer_id?: string
  /** A member id: the plan years of that member's employer. */
  readonly consumer_id?: string
  readonly year?: number
  readonly status?: PlanYearStatus
  readonly actionable?: boolean
  readonly today: PlainDate
}

export function listPlanYears(db: Executor, auth: AuthContext, f: PlanYearFilter): Promise<PlanYearRow[]> {
  let q = db.selectFrom('plan_years').select(COLUMNS).where(canSeeEmployer(auth, 'plan_years.employer_id'))
  if (f.employer_id) q = q.where('plan_years.employer_id', '=', f.employer_id)
  if (f.consumer_id) q = q.where('plan_years.employer_id', '=', (eb) => eb.selectFrom('members').select('members.employer_id').where('members.id', '=', f.consumer_id!))
  if (f.year !== undefined) q = q.where(sql<SqlBool>`plan_years.coverage && daterange(${`${f.year}-01-01`}::date, ${`${f.year}-12-31`}::date, '[]')`)
  if (f.status) q = q.where(statusIs(f.status, f.today))
  if (f.actionable) q = q.where(actionable(f.today))
  if (f.cursor) q = q.where(after('plan_years', f.cursor))
  return q.orderBy('plan_years.created_at').orderBy('plan_years.id').limit(f.limit + 1).execute()
}

export type PlanYearValues = Pick<PlanYearRow, 'name' | 'start_date' | 'end_date' | 'enrollment_start_date' | 'enrollment_end_date' | 'runout_end_date' | 'grace_period_end_date'>

export function insertPlanYear(db: Executor, row: PlanYearValues & { id: string; employer_id: string; now: string }): Promise<PlanYearRow> {
  const { now, ...values } = row
  return db.insertInto('plan_years').values({ ...values, closed_at: null, created_at: now, updated_at: now }).returning(RETURNING).executeTakeFirstOrThrow()
}

export function updatePlanYear(db: Executor, id: string, version: number, values: Partial<PlanYearValues> & { closed_at?: string | null; now: string }): Promise<PlanYearRow | undefined> {
  const { now, ...set } = values
  return db.updateTable('plan_years').set({ ...set, updated_at: now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(RETURNING).executeTakeFirst()
}

import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, PreconditionError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import { newId } from '../../shared/ids.js'
import type { PlainDate } from '../../shared/dates.js'
import { getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'
import { parseStatus, planYearDateErrors, planYearStatus } from './rules.js'
import type { NewPlanYear, PlanYear, PlanYearQuery, PlanYearUpdate } from './schemas.js'

type Executor = Kysely<Database>

onConstraint('plan_years_no_overlap', () => new ConflictError('plan-year-overlap', 'This plan year overlaps another plan year of the same employer'))

/** The API shape of a row: inclusive dates, the window as an object, status derived for `today`. */
export function toPlanYear(row: q.PlanYearRow, today: PlainDate): PlanYear {
  return {
    id: row.id, employer_id: row.employer_id, name: row.name, start_date: row.start_date, end_date: row.end_date,
    enrollment_window: row.enrollment_start_date && row.enrollment_end_date ? { start_date: row.enrollment_start_date, end_date: row.enrollment_end_date } : null,
    runout_end_date: row.runout_end_date, grace_period_end_date: row.grace_period_end_date,
    status: planYearStatus(row, today), closed_at: row.closed_at, version: row.version, created_at: row.created_at, updated_at: row.updated_at,
  }
}

function valuesOf(input: NewPlanYear | PlanYearUpdate): q.PlanYearValues {
  return {
    name: input.name, start_date: input.start_date, end_date: input.end_date,
    enrollment_start_date: input.enrollment_window?.start_date ?? null, enrollment_end_date: input.enrollment_window?.end_date ?? null,
    runout_end_date: input.runout_end_date ?? null, grace_period_end_date: input.grace_period_end_date ?? null,
  }
}

function checkDates(values: q.PlanYearValues): void {
  const errors = planYearDateErrors(values)
  if (errors.length > 0) throw InvalidError.fields('invalid-date-range', 'The plan year dates are inconsistent', errors)
}

async function findOverlap(db: Executor, employerId: string, start: string, end: string, exceptId?: string) {
  let query = db.selectFrom('plan_years').select(['id', 'name', 'start_date', 'end_date']).where('employer_id', '=', employerId)
    .where('start_date', '<=', end).where('end_date', '>=', start)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return query.executeTakeFirst()
}

export async function createPlanYear(tx: Executor, auth: AuthContext, input: NewPlanYear, now: string, today: PlainDate): Promise<PlanYear> {
  const values = valuesOf(input)
  checkDates(values)
  await getEmployer(tx, auth, input.employer_id)
  // A friendlier message than the constraint's; the exclusion constraint still decides races.
  const other = await findOverlap(tx, input.employer_id, values.start_date, values.end_date)
  if (other) throw new ConflictError('plan-year-overlap', `Overlaps plan year '${other.name}' (${other.start_date} to ${other.end_date}) of the same employer`, { conflicting_plan_year_id: other.id })
  return toPlanYear(await q.insertPlanYear(tx, { id: newId(), employer_id: input.employer_id, ...values, now }), today)
}

export async function getPlanYear(db: Executor, auth: AuthContext, id: string, today: PlainDate): Promise<PlanYear> {
  const row = await q.findPlanYear(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Plan year ${id} not found`)
  return toPlanYear(row, today)
}

export async function updatePlanYear(db: Executor, auth: AuthContext, id: string, input: PlanYearUpdate, version: number, now: string, today: PlainDate): Promise<PlanYear> {
  const current = await getPlanYear(db, auth, id, today)
  if (input.employer_id !== undefined && input.employer_id !== current.employer_id) {
    throw InvalidError.fields('validation', 'A plan year cannot move to another employer', [{ pointer: '/employer_id', detail: `must be ${current.employer_id}` }])
  }
  const values = valuesOf(input)
  checkDates(values)
  const other = await findOverlap(db, current.employer_id, values.start_date, values.end_date, id)
  if (other) throw new ConflictError('plan-year-overlap', `Overlaps plan year '${other.name}' (${other.start_date} to ${other.end_date}) of the same employer`, { conflicting_plan_year_id: other.id })
  const row = await q.updatePlanYear(db, id, version, { ...values, now })
  if (!row) throw new PreconditionError('version-mismatch', `Plan year ${id} was changed since version ${version}; GET it again and reapply your change`)
  return toPlanYear(row, today)
}

/** Closes a plan year explicitly (its status becomes Closed whatever the dates say). */
export async function closePlanYear(tx: Executor, auth: AuthContext, id: string, now: string, today: PlainDate): Promise<PlanYear> {
  const current = await getPlanYear(tx, auth, id, today)
  if (current.closed_at !== null) return current
  const row = await q.updatePlanYear(tx, id, current.version, { closed_at: now, now })
  if (!row) throw new PreconditionError('version-mismatch', `Plan year ${id} changed while closing; retry`)
  return toPlanYear(row, today)
}

export async function listPlanYears(db: Executor, auth: AuthContext, query: Omit<PlanYearQuery, 'cursor'> & { cursor?: Cursor | undefined }, today: PlainDate): Promise<{ rows: PlanYear[]; limit: number }> {
  const errors = []
  const status = query.status === undefined ? undefined : parseStatus(query.status)
  if (query.status !== undefined && !status) errors.push({ pointer: '/status', detail: 'must be one of: Upcoming, Active, Closed' })
  const relevance = query.relevance?.toUpperCase()
  if (relevance !== undefined && relevance !== 'ACTIONABLE' && relevance !== 'ALL') errors.push({ pointer: '/relevance', detail: 'must be ACTIONABLE or ALL' })
  if (errors.length > 0) throw InvalidError.fields('validation', 'Invalid query parameters', errors)
  const limit = query.limit ?? 50
  const rows = await q.listPlanYears(db, auth, {
    limit, today, actionable: relevance === 'ACTIONABLE',
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.employer_id ? { employer_id: query.employer_id } : {}),
    ...(query.consumer_id ? { consumer_id: query.consumer_id } : {}),
    ...(query.year !== undefined ? { year: query.year } : {}),
    ...(status ? { status } : {}),
  })
  return { rows: rows.map((r) => toPlanYear(r, today)), limit }
}

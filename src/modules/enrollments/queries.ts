import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely'
import type { Database, EnrollmentsTable } from '../../db/types.js'
import type { Cursor } from '../../http/pagination.js'
import type { PlainDate } from '../../shared/dates.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'

type Executor = Kysely<Database>

export type EnrollmentRow = Omit<Selectable<EnrollmentsTable>, 'coverage'>

const FIELDS = ['id', 'employer_id', 'subscriber_id', 'member_id', 'plan_id', 'plan_type', 'plan_year_id', 'election_id', 'coverage_tier',
  'status', 'start_date', 'end_date', 'volume_cents', 'recorded_at', 'superseded_at', 'supersedes_id'] as const
const COLUMNS = FIELDS.map((c) => `enrollments.${c}` as const)

/** Rows known at `knownAt` (a timestamp), or current knowledge when undefined. */
function knownAt(knownAtTs: string | undefined) {
  return knownAtTs === undefined
    ? sql<SqlBool>`enrollments.superseded_at is null`
    : sql<SqlBool>`(enrollments.recorded_at <= ${knownAtTs}::timestamptz and (enrollments.superseded_at is null or enrollments.superseded_at > ${knownAtTs}::timestamptz))`
}

export function findEnrollment(db: Executor, auth: AuthContext, id: string): Promise<EnrollmentRow | undefined> {
  return db.selectFrom('enrollments').select(COLUMNS).where('enrollments.id', '=', id).where(canSeeEmployer(auth, 'enrollments.employer_id')).executeTakeFirst()
}

export interface EnrollmentFilter {
  readonly limit: number
  readonly cursor?: Cursor | undefined
  /** Enrollments of these members, or of the families these subscribers head. */
  readonly consumer_ids?: readonly string[] | undefined
  readonly employer_id?: string | undefined
  readonly plan_year_id?: string | undefined
  readonly plan_id?: string | undefined
  readonly plan_type?: string | undefined
  readonly as_of?: PlainDate | undefined
  readonly known_at?: string | undefined
}

/** Listing order is (recorded_at, id); the cursor's `created_at` carries recorded_at. */
export function listEnrollments(db: Executor, auth: AuthContext, f: EnrollmentFilter): Promise<EnrollmentRow[]> {
  let q = db.selectFrom('enrollments').select(COLUMNS).where(canSeeEmployer(auth, 'enrollments.employer_id')).where(knownAt(f.known_at))
  if (f.consumer_ids) {
    const ids = f.consumer_ids
    if (ids.length === 0) return Promise.resolve([])
    q = q.where((eb) => eb.or([eb('enrollments.member_id', 'in', ids), eb('enrollments.subscriber_id', 'in', ids)]))
  }
  if (f.employer_id) q = q.where('enrollments.employer_id', '=', f.employer_id)
  if (f.plan_year_id) q = q.where('enrollments.plan_year_id', '=', f.plan_year_id)
  if (f.plan_id) q = q.where('enrollments.plan_id', '=', f.plan_id)
  if (f.plan_type) q = q.where('enrollments.plan_type', '=', f.plan_type)
  if (f.as_of) q = q.where(sql<SqlBool>`enrollments.coverage @> ${f.as_of}::date`).where('enrollments.status', '!=', 'cancelled')
  if (f.cursor) q = q.where(sql<SqlBool>`(enrollments.recorded_at, enrollments.id) > (${f.cursor.created_at}::timestamptz, ${f.cursor.id}::uuid)`)
  return q.orderBy('enrollments.recorded_at').orderBy('enrollments.id').limit(f.limit + 1).execute()
}

/** Member ids matching a consumer identifier within the caller's employers. */
export async function resolveConsumer(db: Executor, auth: AuthContext, type: 'person_id' | 'employee_number' | 'employer_external_id', value: string, employerId: string | undefined): Promise<string[]> {
  let q = db.selectFrom('members').select('members.id').where(canSeeEmployer(auth, 'members.employer_id'))
  if (type === 'person_id') q = q.where('members.id', '=', value)
  else q = q.where(type === 'employee_number' ? 'members.employee_number' : 'members.external_identifier', '=', value)
  if (employerId) q = q.where('members.employer_id', '=', employerId)
  return (await q.execute()).map((r) => r.id)
}

/** Current (not superseded, not cancelled) coverage of some members in a plan type. */
export function currentCoverage(db: Executor, memberIds: readonly string[], planType: string): Promise<EnrollmentRow[]> {
  if (memberIds.length === 0) return Promise.resolve([])
  return db.selectFrom('enrollments').select(COLUMNS).where('enrollments.member_id', 'in', memberIds).where('enrollments.plan_type', '=', planType)
    .where('enrollments.superseded_at', 'is', null).where('enrollments.status', '!=', 'cancelled').execute()
}

/** Current enrollments made from one election. */
export function enrollmentsOfElection(db: Executor, electionId: string): Promise<EnrollmentRow[]> {
  return db.selectFrom('enrollments').select(COLUMNS).where('enrollments.election_id', '=', electionId).where('enrollments.superseded_at', 'is', null).execute()
}

/** The current record that replaced enrollment record `id` (one replacement on), if any. */
export function successorOf(db: Executor, id: string): Promise<EnrollmentRow | undefined> {
  return db.selectFrom('enrollments').select(COLUMNS).where('enrollments.supersedes_id', '=', id).where('enrollments.superseded_at', 'is', null).executeTakeFirst()
}

export type NewEnrollmentRow = Omit<EnrollmentRow, 'superseded_at'>

export async function insertEnrollments(db: Executor, rows: readonly NewEnrollmentRow[]): Promise<EnrollmentRow[]> {
  if (rows.length === 0) return []
  return db.insertInto('enrollments').values(rows.map((r) => ({ ...r, superseded_at: null }))).returning(FIELDS).execute()
}

/** Marks a current row superseded; undefined when someone else superseded it first. */
export function supersedeEnrollment(db: Executor, id: string, now: string): Promise<EnrollmentRow | undefined> {
  return db.updateTable('enrollments').set({ superseded_at: now }).where('id', '=', id).where('superseded_at', 'is', null).returning(FIELDS).executeTakeFirst()
}

/**
 * The coverage of one member in a plan type on a date: one query on the partial index
 * enrollments_member_current (by member id, or by employee number joined through members).
 */
export function coverageOn(db: Executor, auth: AuthContext, ref: { member_id?: string | undefined; employee_number?: string | undefined; employer_id?: string | undefined }, planType: string, date: PlainDate): Promise<EnrollmentRow | undefined> {
  let q = db.selectFrom('enrollments').select(COLUMNS).where('enrollments.plan_type', '=', planType)
    .where('enrollments.superseded_at', 'is', null).where('enrollments.status', '!=', 'cancelled')
    .where(sql<SqlBool>`enrollments.coverage @> ${date}::date`).where(canSeeEmployer(auth, 'enrollments.employer_id'))
  if (ref.member_id) q = q.where('enrollments.member_id', '=', ref.member_id)
  else {
    q = q.where('enrollments.member_id', '=', (eb) => eb.selectFrom('members').select('members.id')
      .where('members.employee_number', '=', ref.employee_number ?? '').where('members.employer_id', '=', ref.employer_id ?? '00000000-0000-0000-0000-000000000000').limit(1))
  }
  return q.executeTakeFirst()
}

/** A member by id or by employee number (within an employer) among the caller's employers. */
export function findMemberRef(db: Executor, auth: AuthContext, ref: { member_id?: string | undefined; employee_number?: string | undefined; employer_id?: string | undefined }): Promise<{ id: string } | undefined> {
  let q = db.selectFrom('members').select('members.id').where(canSeeEmployer(auth, 'members.employer_id'))
  if (ref.member_id) q = q.where('members.id', '=', ref.member_id)
  else q = q.where('members.employee_number', '=', ref.employee_number ?? '').where('members.employer_id', '=', ref.employer_id ?? '00000000-0000-0000-0000-000000000000')
  return q.executeTakeFirst()
}

/**
 * The current rows of the other members covered by the same election as `row` (a subscriber's
 * dependents), not cancelled, locked for the change. Rows made without an election are matched
 * by subscriber, plan and plan year.
 */
export function familyRows(db: Executor, auth: AuthContext, row: EnrollmentRow): Promise<EnrollmentRow[]> {
  let q = db.selectFrom('enrollments').select(COLUMNS).where(canSeeEmployer(auth, 'enrollments.employer_id'))
    .where('enrollments.superseded_at', 'is', null).where('enrollments.status', '!=', 'cancelled')
    .where('enrollments.subscriber_id', '=', row.subscriber_id).where('enrollments.member_id', '!=', row.member_id)
  q = row.election_id !== null
    ? q.where('enrollments.election_id', '=', row.election_id)
    : q.where('enrollments.election_id', 'is', null).where('enrollments.plan_id', '=', row.plan_id).where('enrollments.plan_year_id', '=', row.plan_year_id)
  return q.orderBy('enrollments.start_date').orderBy('enrollments.id').forUpdate().execute()
}

/** The member's later current records of the same plan type and plan year, starting after `after`: what a termination on `after` also ends. */
export function laterRows(db: Executor, row: EnrollmentRow, after: PlainDate): Promise<EnrollmentRow[]> {
  return db.selectFrom('enrollments').select(COLUMNS)
    .where('enrollments.superseded_at', 'is', null).where('enrollments.status', '!=', 'cancelled')
    .where('enrollments.member_id', '=', row.member_id).where('enrollments.plan_type', '=', row.plan_type).where('enrollments.plan_year_id', '=', row.plan_year_id)
    .where('enrollments.id', '!=', row.id).where('enrollments.start_date', '>', after)
    .orderBy('enrollments.start_date').orderBy('enrollments.id').forUpdate().execute()
}

/** Locks the subscriber's member row: one change to a family's enrollments at a time (as adding a dependent does). */
export async function lockFamily(db: Executor, subscriberId: string): Promise<void> {
  await db.selectFrom('members').select('id').where('id', '=', subscriberId).forUpdate().execute()
}

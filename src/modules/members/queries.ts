import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database, MemberClassificationsTable, MemberDemographicsTable, MemberEmploymentTable, MembersTable } from '../../db/types.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'

type Executor = Kysely<Database>

/** A member row without the SSN ciphertext and hash (they never leave this module). */
export type MemberRow = Omit<Selectable<MembersTable>, 'ssn_ciphertext' | 'ssn_hmac'>
export type DemographicsRow = Selectable<MemberDemographicsTable>
export type EmploymentRow = Selectable<MemberEmploymentTable>
export type AssignmentRow = Selectable<MemberClassificationsTable>

const MEMBER = ['id', 'employer_id', 'subscriber_id', 'relationship', 'external_identifier', 'employee_number', 'birth_date', 'gender', 'ssn_last4', 'version', 'created_at', 'updated_at'] as const
const MEMBER_Q = MEMBER.map((c) => `members.${c}` as const)

export function findMemberRow(db: Executor, auth: AuthContext, id: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').select(MEMBER_Q).where('members.id', '=', id).where(canSeeEmployer(auth, 'members.employer_id')).executeTakeFirst()
}

/** Dependents of the subscribers, in the order they were added (eldest first among those added together). */
export function dependentRows(db: Executor, subscriberIds: readonly string[]): Promise<MemberRow[]> {
  if (subscriberIds.length === 0) return Promise.resolve([])
  return db.selectFrom('members').select(MEMBER_Q).where('members.subscriber_id', 'in', subscriberIds).orderBy('members.created_at').orderBy('members.birth_date').orderBy('members.id').execute()
}

export interface SubscriberFilter {
  readonly limit: number
  readonly cursor?: Cursor | undefined
  readonly employer_id?: string | undefined
  readonly external_identifier?: string | undefined
  readonly employee_number?: string | undefined
  readonly ssn_hmac?: string | undefined
}

export function listSubscriberRows(db: Executor, auth: AuthContext, f: SubscriberFilter): Promise<MemberRow[]> {
  let q = db.selectFrom('members').select(MEMBER_Q).where('members.subscriber_id', 'is', null).where(canSeeEmployer(auth, 'members.employer_id'))
  if (f.employer_id) q = q.where('members.employer_id', '=', f.employer_id)
  if (f.external_identifier) q = q.where('members.external_identifier', '=', f.external_identifier)
  if (f.employee_number) q = q.where('members.employee_number', '=', f.employee_number)
  if (f.ssn_hmac) q = q.where('members.ssn_hmac', '=', f.ssn_hmac)
  if (f.cursor) q = q.where(after('members', f.cursor))
  return q.orderBy('members.created_at').orderBy('members.id').limit(f.limit + 1).execute()
}

/** Members of visible employers with this identifier (employer-specific ones may match in several employers). */
export function membersByIdentifier(db: Executor, auth: AuthContext, column: 'external_identifier' | 'employee_number', value: string, employerId?: string): Promise<{ id: string; employer_id: string }[]> {
  let q = db.selectFrom('members').select(['members.id', 'members.employer_id']).where(`members.${column}`, '=', value).where(canSeeEmployer(auth, 'members.employer_id'))
  if (employerId) q = q.where('members.employer_id', '=', employerId)
  return q.limit(2).execute()
}

export function subscriberWithSsn(db: Executor, employerId: string, ssnHmac: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('members').select('id').where('employer_id', '=', employerId).where('ssn_hmac', '=', ssnHmac).where('subscriber_id', 'is', null).executeTakeFirst()
}

/** The lookup hash of a member's SSN (null when none is on file). */
export async function ssnHmacOf(db: Executor, id: string): Promise<string | null> {
  const row = await db.selectFrom('members').select('ssn_hmac').where('id', '=', id).executeTakeFirst()
  return row?.ssn_hmac ?? null
}

export async function familySsnHashes(db: Executor, subscriberId: string): Promise<string[]> {
  const rows = await db.selectFrom('members').select('ssn_hmac').where((eb) => eb.or([eb('id', '=', subscriberId), eb('subscriber_id', '=', subscriberId)])).execute()
  return rows.flatMap((r) => (r.ssn_hmac ? [r.ssn_hmac] : []))
}

export interface NewMemberRow {
  id: string; employer_id: string; subscriber_id: string | null; relationship: string; external_identifier: string | null; employee_number: string | null
  birth_date: string; gender: 'male' | 'female' | 'unknown'; ssn_ciphertext: string | null; ssn_hmac: string | null; ssn_last4: string | null
}

export function insertMember(db: Executor, row: NewMemberRow, now: string): Promise<MemberRow> {
  return db.insertInto('members').values({ ...row, created_at: now, updated_at: now }).returning(MEMBER).executeTakeFirstOrThrow()
}

/** Bumps the member's version if it is still `version` (optimistic lock; also locks the row). */
export function bumpVersion(db: Executor, id: string, version: number, now: string, set: { external_identifier?: string; employee_number?: string; relationship?: string; gender?: 'male' | 'female' | 'unknown'; ssn_ciphertext?: string | null; ssn_hmac?: string | null; ssn_last4?: string | null } = {}): Promise<MemberRow | undefined> {
  return db.updateTable('members').set({ ...set, updated_at: now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version).returning(MEMBER).executeTakeFirst()
}

export type NewDemographics = Omit<DemographicsRow, 'recorded_at' | 'residential_address' | 'mailing_address' | 'phone_numbers' | 'emails'> & {
  residential_address: unknown; mailing_address: unknown; phone_numbers: unknown[]; emails: unknown[]
}

export async function insertDemographics(db: Executor, rows: readonly NewDemographics[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('member_demographics').values(rows.map((r) => ({
    ...r,
    residential_address: r.residential_address == null ? null : JSON.stringify(r.residential_address),
    mailing_address: r.mailing_address == null ? null : JSON.stringify(r.mailing_address),
    phone_numbers: JSON.stringify(r.phone_numbers), emails: JSON.stringify(r.emails),
  }))).execute()
}

export async function insertEmployment(db: Executor, row: Insertable<MemberEmploymentTable>): Promise<void> {
  await db.insertInto('member_employment').values(row).execute()
}

export async function insertAssignment(db: Executor, row: Omit<AssignmentRow, 'effective'>): Promise<void> {
  await db.insertInto('member_classifications').values(row).execute()
}

export async function endAssignment(db: Executor, id: string, endDate: string): Promise<void> {
  await db.updateTable('member_classifications').set({ end_date: endDate }).where('id', '=', id).execute()
}

/**
 * Per member, the row in effect on `date` (latest effective_date ≤ date, latest recorded wins);
 * with `fallback`, members with none yet get their earliest row.
 */
async function asOf<T extends 'member_demographics' | 'member_employment'>(db: Executor, table: T, ids: readonly string[], date: string, fallback: boolean) {
  const out = new Map<string, Selectable<Database[T]>>()
  if (ids.length === 0) return out
  const current = await db.selectFrom(table as 'member_demographics').selectAll().distinctOn('member_id')
    .where('member_id', 'in', ids).where('effective_date', '<=', date)
    .orderBy('member_id').orderBy('effective_date', 'desc').orderBy('recorded_at', 'desc').execute()
  for (const r of current) out.set(r.member_id, r as unknown as Selectable<Database[T]>)
  const missing = ids.filter((id) => !out.has(id))
  if (fallback && missing.length > 0) {
    const earliest = await db.selectFrom(table as 'member_demographics').selectAll().distinctOn('member_id')
      .where('member_id', 'in', missing).orderBy('member_id').orderBy('effective_date', 'asc').orderBy('recorded_at', 'desc').execute()
    for (const r of earliest) out.set(r.member_id, r as unknown as Selectable<Database[T]>)
  }
  return out
}

/**
 * The records of one member effective after `date`: for each later effective date, the one
 * recorded last (the one in force), earliest date first.
 */
export async function laterRecords<T extends 'member_demographics' | 'member_employment'>(db: Executor, table: T, memberId: string, date: string): Promise<Selectable<Database[T]>[]> {
  const rows = await db.selectFrom(table as 'member_demographics').selectAll().distinctOn('effective_date')
    .where('member_id', '=', memberId).where('effective_date', '>', date)
    .orderBy('effective_date').orderBy('recorded_at', 'desc').execute()
  return rows as unknown as Selectable<Database[T]>[]
}

export function demographicsAsOf(db: Executor, ids: readonly string[], date: string, fallback = true): Promise<Map<string, DemographicsRow>> {
  return asOf(db, 'member_demographics', ids, date, fallback)
}

export function employmentAsOf(db: Executor, ids: readonly string[], date: string, fallback = true): Promise<Map<string, EmploymentRow>> {
  return asOf(db, 'member_employment', ids, date, fallback)
}

/** Class and subgroup assignments in force on `date` (or, with fallback, the earliest later one). */
export async function assignmentsAsOf(db: Executor, ids: readonly string[], date: string, fallback = true): Promise<Map<string, { class?: AssignmentRow; subgroup?: AssignmentRow }>> {
  const out = new Map<string, { class?: AssignmentRow; subgroup?: AssignmentRow }>()
  if (ids.length === 0) return out
  const rows = await db.selectFrom('member_classifications').selectAll().where('member_id', 'in', ids)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)]))
    .orderBy('start_date').execute()
  for (const r of rows) {
    const entry = out.get(r.member_id) ?? {}
    // Sorted by start: the one in force (start ≤ date) comes before any later one.
    if (r.start_date <= date) entry[r.kind] = r
    else if (fallback && !entry[r.kind]) entry[r.kind] = r
    out.set(r.member_id, entry)
  }
  return out
}

/** Assignments of one kind that start on or after `date` (a change cannot be dated before them). */
export function laterAssignments(db: Executor, memberId: string, kind: 'class' | 'subgroup', date: string) {
  return db.selectFrom('member_classifications').select(['id', 'start_date']).where('member_id', '=', memberId).where('kind', '=', kind).where('start_date', '>=', date).execute()
}

export function assignmentOn(db: Executor, memberId: string, kind: 'class' | 'subgroup', date: string): Promise<AssignmentRow | undefined> {
  return db.selectFrom('member_classifications').selectAll().where('member_id', '=', memberId).where('kind', '=', kind)
    .where('start_date', '<=', date).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', date)])).executeTakeFirst()
}

/** Locks the subscriber's row: one change to a family's members at a time (a dependent added, an SSN corrected). */
export async function lockFamily(db: Executor, subscriberId: string): Promise<void> {
  await db.selectFrom('members').select('id').where('id', '=', subscriberId).forUpdate().execute()
}

import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import { addDays, type PlainDate } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import { appendEvents, type Actor, type DomainEvent } from '../audit/index.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'
import type { Cancellation, Eligibility, EligibilityQuery, Enrollment, EnrollmentQuery, Termination } from './schemas.js'

type Executor = Kysely<Database>

// Two current coverages of one member in one plan type that overlap: the exclusion constraint
// decides races (two concurrent enrollments in two medical plans: exactly one wins).
onConstraint('enrollments_no_overlap', () => UnprocessableError.fields('coverage-overlap', 'The member already has overlapping coverage of this plan type',
  [{ pointer: '/plan_id', detail: 'a member cannot hold two overlapping coverages of the same plan type; end the other coverage first' }]))

/** The API shape: already the row (inclusive `end_date`, null = open-ended). */
export function toEnrollment(row: q.EnrollmentRow): Enrollment {
  return row
}

export async function getEnrollment(db: Executor, auth: AuthContext, id: string): Promise<Enrollment> {
  const row = await q.findEnrollment(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Enrollment ${id} not found`)
  return toEnrollment(row)
}

export async function listEnrollments(db: Executor, auth: AuthContext, query: Omit<EnrollmentQuery, 'cursor'> & { cursor?: Cursor | undefined }): Promise<{ rows: (Enrollment & { created_at: string })[]; limit: number }> {
  const limit = query.limit ?? 50
  let consumerIds: string[] | undefined
  if (query.consumer_id !== undefined) {
    const type = query.consumer_identifier_type ?? 'person_id'
    if (type !== 'person_id' && !query.employer_id) {
      throw InvalidError.fields('validation', `consumer_identifier_type ${type} needs employer_id`, [{ pointer: '/employer_id', detail: `is required with consumer_identifier_type=${type}` }])
    }
    if (type === 'person_id' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(query.consumer_id)) {
      throw InvalidError.fields('validation', 'A person_id is a UUID', [{ pointer: '/consumer_id', detail: 'must be a UUID with consumer_identifier_type=person_id' }])
    }
    consumerIds = await q.resolveConsumer(db, auth, type, query.consumer_id, query.employer_id)
  }
  const rows = await q.listEnrollments(db, auth, {
    limit, cursor: query.cursor, consumer_ids: consumerIds, employer_id: query.employer_id, plan_year_id: query.plan_year_id,
    plan_id: query.plan_id, plan_type: query.plan_type, as_of: query.as_of, known_at: query.known_at,
  })
  return { rows: rows.map((r) => ({ ...toEnrollment(r), created_at: r.recorded_at })), limit }
}

function enrollmentEvent(type: string, before: q.EnrollmentRow | undefined, after: q.EnrollmentRow, extra: Record<string, unknown> = {}): DomainEvent {
  return { employer_id: after.employer_id, aggregate_type: 'enrollment', aggregate_id: after.id, type, before: before ? toEnrollment(before) : undefined, after: { ...toEnrollment(after), ...extra } }
}

/** Inserts new coverage rows and their `enrollment.created` events. */
export async function recordEnrollments(tx: Executor, actor: Actor, rows: readonly Omit<q.NewEnrollmentRow, 'id' | 'recorded_at' | 'supersedes_id'>[], now: string): Promise<Enrollment[]> {
  const inserted = await q.insertEnrollments(tx, rows.map((r) => ({ ...r, id: newId(), recorded_at: now, supersedes_id: null })))
  await appendEvents(tx, actor, inserted.map((r) => enrollmentEvent('enrollment.created', undefined, r)), now)
  return inserted.map(toEnrollment)
}

/**
 * Replaces a current row (never edits it): the row gets `superseded_at = now` and a new row with
 * the new end date / status is recorded in the same transaction, so "covered on D" and "known at K"
 * both keep their answers.
 */
async function replace(tx: Executor, actor: Actor, row: q.EnrollmentRow, change: { end_date: PlainDate | null; status: 'terminated' | 'cancelled' }, reason: string, now: string): Promise<Enrollment> {
  const old = await q.supersedeEnrollment(tx, row.id, now)
  if (!old) throw new ConflictError('enrollment-superseded', `Enrollment ${row.id} was changed meanwhile; GET the current record and retry`)
  const { superseded_at: _s, ...rest } = old
  const [next] = await q.insertEnrollments(tx, [{ ...rest, id: newId(), end_date: change.end_date, status: change.status, recorded_at: now, supersedes_id: old.id }])
  if (!next) throw new Error('insert returned no row')
  await appendEvents(tx, actor, [enrollmentEvent(change.status === 'cancelled' ? 'enrollment.cancelled' : 'enrollment.terminated', old, next, { reason })], now)
  return toEnrollment(next)
}

/**
 * Ends coverage so that it does not reach `from`: coverage starting on or after `from` never takes
 * effect (cancelled); earlier coverage is terminated on the day before.
 */
export function endCoverageBefore(tx: Executor, actor: Actor, row: q.EnrollmentRow, from: PlainDate, reason: string, now: string): Promise<Enrollment> {
  if (row.start_date >= from) return replace(tx, actor, row, { end_date: row.end_date, status: 'cancelled' }, reason, now)
  return replace(tx, actor, row, { end_date: addDays(from, -1), status: 'terminated' }, reason, now)
}

/**
 * The current row of enrollment `id`, read again once its family is locked: terminations and
 * cancellations of one family run one at a time, so a subscriber's termination always sees the
 * dependents' rows as they are (at read committed, a dependent's row replaced meanwhile would be
 * skipped, and the dependent left covered past the subscriber's end).
 */
async function lockedRow(tx: Executor, auth: AuthContext, id: string): Promise<q.EnrollmentRow> {
  const first = await currentRow(tx, auth, id)
  await q.lockFamily(tx, first.subscriber_id)
  return currentRow(tx, auth, id)
}

async function currentRow(tx: Executor, auth: AuthContext, id: string): Promise<q.EnrollmentRow> {
  const row = await q.findEnrollment(tx, auth, id)
  if (!row) throw new NotFoundError('not-found', `Enrollment ${id} not found`)
  if (row.superseded_at !== null) throw new ConflictError('enrollment-superseded', `Enrollment ${id} is a past record (superseded at ${row.superseded_at}); change the current record instead`)
  if (row.status === 'cancelled') throw new ConflictError('enrollment-cancelled', `Enrollment ${id} is cancelled`)
  return row
}

/**
 * Re-makes the family's election when a dependent's coverage ending changes the tier (the
 * elections module's `retierAfterDependentEnds`, passed in: elections depend on enrollments, not
 * the reverse). Returns the dependent's ended record, or undefined when the tier stays.
 */
export type Retier = (tx: Executor, row: q.EnrollmentRow, end: PlainDate, reason: string) => Promise<Enrollment | undefined>

/** `POST /v1/enrollments/{id}/terminate`: an end date before the start cancels the coverage instead. */
export async function terminateEnrollment(tx: Executor, auth: AuthContext, actor: Actor, id: string, input: Termination, now: string, retier?: Retier): Promise<Enrollment> {
  const row = await lockedRow(tx, auth, id)
  if (row.end_date !== null && input.end_date > row.end_date) {
    throw UnprocessableError.fields('termination-after-coverage-end', 'Coverage already ends earlier', [{ pointer: '/end_date', detail: `must be on or before the coverage end (${row.end_date})` }])
  }
  const retiered = retier === undefined ? undefined : await retier(tx, row, input.end_date, input.reason)
  if (retiered !== undefined) return retiered
  await endDependents(tx, auth, actor, row, input.end_date, input.reason, now)
  // Coverage ends on end_date: a later record of the member's (a QLE's or a tier change's next
  // segment) never starts; a dependent's, through the re-tiering of its election when that changes the tier.
  for (const later of await q.laterRows(tx, row, input.end_date)) {
    if (retier !== undefined && await retier(tx, later, input.end_date, input.reason) !== undefined) continue
    await endDependents(tx, auth, actor, later, input.end_date, input.reason, now)
    await replace(tx, actor, later, { end_date: later.end_date, status: 'cancelled' }, input.reason, now)
  }
  if (input.end_date < row.start_date) return replace(tx, actor, row, { end_date: row.end_date, status: 'cancelled' }, input.reason, now)
  return replace(tx, actor, row, { end_date: input.end_date, status: 'terminated' }, input.reason, now)
}

/** `POST /v1/enrollments/{id}/cancel`: the coverage never took effect (e.g. added and cancelled the same day). */
export async function cancelEnrollment(tx: Executor, auth: AuthContext, actor: Actor, id: string, input: Cancellation, now: string, retier?: Retier): Promise<Enrollment> {
  const row = await lockedRow(tx, auth, id)
  // Coverage in force is ended, not erased: a retroactive void is a termination dated before the start.
  const today = now.slice(0, 10)
  if (row.start_date <= today) {
    throw new ConflictError('enrollment-in-force', `Enrollment ${id} took effect on ${row.start_date}: cancel is for coverage that never took effect; terminate it (POST …/terminate with an end_date, before ${row.start_date} to void it)`)
  }
  const retiered = retier === undefined ? undefined : await retier(tx, row, addDays(row.start_date, -1), input.reason)
  if (retiered !== undefined) return retiered
  await endDependents(tx, auth, actor, row, undefined, input.reason, now)
  return replace(tx, actor, row, { end_date: row.end_date, status: 'cancelled' }, input.reason, now)
}

/**
 * A dependent is covered through the subscriber: when the subscriber's coverage ends (on `end`,
 * or is cancelled: `end` undefined), so does the coverage of every dependent under the same
 * election, no later. Before, a terminated employee's spouse and children stayed "active" at the
 * family tier, and eligibility answered "covered" for them.
 */
async function endDependents(tx: Executor, auth: AuthContext, actor: Actor, row: q.EnrollmentRow, end: PlainDate | undefined, reason: string, now: string): Promise<void> {
  if (row.member_id !== row.subscriber_id) return
  const why = `${reason} (the subscriber's coverage ${end === undefined || end < row.start_date ? 'was cancelled' : `ends ${end}`})`
  for (const dependent of await q.familyRows(tx, auth, row)) {
    if (end === undefined || end < dependent.start_date) await replace(tx, actor, dependent, { end_date: dependent.end_date, status: 'cancelled' }, why, now)
    else if (dependent.end_date === null || dependent.end_date > end) await replace(tx, actor, dependent, { end_date: end, status: 'terminated' }, why, now)
  }
}

/** Eligibility check before a transaction: one indexed query when the member is covered. */
export async function checkEligibility(db: Executor, auth: AuthContext, query: EligibilityQuery): Promise<Eligibility> {
  if (!query.member_id && !(query.employee_number && query.employer_id)) {
    throw InvalidError.fields('validation', 'Name the member', [{ pointer: '/member_id', detail: 'send member_id, or employee_number with employer_id' }])
  }
  const row = await q.coverageOn(db, auth, query, query.plan_type, query.date)
  if (row) return { eligible: true, member_id: row.member_id, plan_type: query.plan_type, date: query.date, coverage: toEnrollment(row), reason: 'covered' }
  const member = await q.findMemberRef(db, auth, query)
  if (!member) throw new NotFoundError('not-found', 'Member not found')
  return { eligible: false, member_id: member.id, plan_type: query.plan_type, date: query.date, coverage: null, reason: 'no-coverage-on-date' }
}

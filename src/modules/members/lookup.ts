import type { Kysely } from 'kysely'
import type { Database, PayFrequency } from '../../db/types.js'
import { InvalidError } from '../../errors/app-error.js'
import type { PlainDate } from '../../shared/dates.js'
import { isUuidV4 } from '../../shared/ids.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'

type Executor = Kysely<Database>

/** A member as other modules see it: no SSN, no contact details. */
export interface MemberFacts {
  readonly id: string
  readonly employer_id: string
  /** null for a subscriber */
  readonly subscriber_id: string | null
  /** 'self' for the subscriber, else the dependent's relationship code */
  readonly relationship: string
  readonly birth_date: PlainDate
  readonly gender: 'male' | 'female' | 'unknown'
  readonly first_name: string
  readonly last_name: string
  readonly external_identifier: string | null
  readonly employee_number: string | null
  readonly ssn_last4: string | null
  readonly version: number
}

async function factsOf(db: Executor, rows: readonly q.MemberRow[], asOf: PlainDate): Promise<MemberFacts[]> {
  const demo = await q.demographicsAsOf(db, rows.map((r) => r.id), asOf, true)
  return rows.map((r) => ({
    id: r.id, employer_id: r.employer_id, subscriber_id: r.subscriber_id, relationship: r.relationship, birth_date: r.birth_date, gender: r.gender,
    first_name: demo.get(r.id)?.first_name ?? '', last_name: demo.get(r.id)?.last_name ?? '',
    external_identifier: r.external_identifier, employee_number: r.employee_number, ssn_last4: r.ssn_last4, version: r.version,
  }))
}

/**
 * A member (subscriber or dependent) visible to the caller, or undefined (another tenant's
 * member is invisible: answer 404). Names as of `asOf` (default: the latest known).
 */
export async function findMember(db: Executor, auth: AuthContext, id: string, asOf: PlainDate = '9999-12-31'): Promise<MemberFacts | undefined> {
  if (!isUuidV4(id) && !/^[0-9a-f-]{36}$/i.test(id)) return undefined
  const row = await q.findMemberRow(db, auth, id)
  return row ? (await factsOf(db, [row], asOf))[0] : undefined
}

/** A subscriber and their dependents (in the order they were added, eldest first when added together), or undefined when not a visible subscriber. */
export async function findFamily(db: Executor, auth: AuthContext, subscriberId: string, asOf: PlainDate = '9999-12-31'): Promise<{ subscriber: MemberFacts; dependents: MemberFacts[] } | undefined> {
  const row = await q.findMemberRow(db, auth, subscriberId)
  if (!row || row.subscriber_id !== null) return undefined
  const [subscriber, ...dependents] = await factsOf(db, [row, ...await q.dependentRows(db, [row.id])], asOf)
  return { subscriber: subscriber!, dependents }
}

/** A subscriber's employment in effect on a date. */
export interface EmploymentFacts {
  readonly effective_date: PlainDate
  readonly hire_date: PlainDate
  readonly termination_date: PlainDate | null
  readonly status: string
  readonly wage_frequency: PayFrequency
  readonly hours_per_week: number | null
  readonly annual_earnings_cents: number | null
  readonly compensation: string | null
  readonly location_id: string | null
  /** employment classification ids in force on the date */
  readonly class_id: string | null
  readonly subgroup_id: string | null
}

/**
 * The employment in effect on `date` (strict: undefined before the hire's first record, and for
 * dependents). Call with a transaction to read your own writes. No tenant check: resolve the
 * member with findMember first.
 */
export async function employmentAsOf(db: Executor, memberId: string, date: PlainDate): Promise<EmploymentFacts | undefined> {
  const [jobs, held] = await Promise.all([q.employmentAsOf(db, [memberId], date, false), q.assignmentsAsOf(db, [memberId], date, false)])
  const e = jobs.get(memberId)
  if (!e) return undefined
  const a = held.get(memberId)
  return {
    effective_date: e.effective_date, hire_date: e.hire_date, termination_date: e.termination_date, status: e.status, wage_frequency: e.wage_frequency,
    hours_per_week: e.hours_per_week === null ? null : Number(e.hours_per_week), annual_earnings_cents: e.annual_earnings_cents, compensation: e.compensation,
    location_id: e.location_id, class_id: a?.class?.classification_id ?? null, subgroup_id: a?.subgroup?.classification_id ?? null,
  }
}

export type IdentifierType = 'person_id' | 'employee_number' | 'employer_external_id'

/**
 * The member id an identifier names (seed 001's `consumer_identifier_type`): a person id (UUID),
 * an employee number or an employer-specific external identifier. Employer-specific identifiers
 * may repeat across employers: pass `employerId`, else a match in two employers is a 400.
 * Undefined when nothing visible matches.
 */
export async function resolveMemberId(db: Executor, auth: AuthContext, identifier: string, type: IdentifierType, employerId?: string): Promise<string | undefined> {
  if (type === 'person_id') {
    const m = await findMember(db, auth, identifier)
    return m && (!employerId || m.employer_id === employerId) ? m.id : undefined
  }
  const rows = await q.membersByIdentifier(db, auth, type === 'employee_number' ? 'employee_number' : 'external_identifier', identifier, employerId)
  if (rows.length > 1) throw InvalidError.fields('validation', 'The identifier matches members of more than one employer; add employer_id', [{ pointer: '/employer_id', detail: 'is required: the identifier is not unique across your employers' }])
  return rows[0]?.id
}

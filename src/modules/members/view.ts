import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { maskSsn } from '../../shared/phi.js'
import type { PlainDate } from '../../shared/dates.js'
import * as q from './queries.js'
import type { Address, ClassificationAssignment, Contact, Dependent, EmploymentDetails, Member } from './schemas.js'

type Executor = Kysely<Database>

function assignment(a: q.AssignmentRow | undefined): ClassificationAssignment | null {
  return a ? { employment_classification_id: a.classification_id, effective_date: a.start_date, end_date: a.end_date } : null
}

export function employmentView(e: q.EmploymentRow | undefined): EmploymentDetails | null {
  if (!e) return null
  return {
    effective_date: e.effective_date, start_date: e.hire_date, termination_date: e.termination_date, status: e.status,
    annual_earnings: e.annual_earnings_cents, earnings_effective_date: e.earnings_effective_date, wage_frequency: e.wage_frequency,
    compensation: e.compensation, hours_per_week: e.hours_per_week === null ? null : Number(e.hours_per_week), location_id: e.location_id,
  }
}

function personView(m: q.MemberRow, d: q.DemographicsRow | undefined): Dependent {
  return {
    id: m.id, employer_id: m.employer_id, subscriber_id: m.subscriber_id, subscriber_relationship: m.relationship,
    external_identifier: m.external_identifier, employee_number: m.employee_number,
    first_name: d?.first_name ?? '', middle_name: d?.middle_name ?? null, last_name: d?.last_name ?? '', suffix: d?.suffix ?? null,
    birth_date: m.birth_date, gender: m.gender, social_security_number: maskSsn(m.ssn_last4),
    residential_address: (d?.residential_address ?? null) as Address | null, mailing_address: (d?.mailing_address ?? null) as Address | null,
    phone_numbers: (d?.phone_numbers ?? []) as Contact[], emails: (d?.emails ?? []) as Contact[],
    demographics_effective_date: d?.effective_date ?? m.created_at.slice(0, 10),
    version: m.version, created_at: m.created_at, updated_at: m.updated_at,
  }
}

/**
 * Members as of `asOf`: demographics, and for subscribers employment, class, subgroup and
 * dependents. `fallback` shows the earliest employment and classes for a member with none in effect
 * yet (a hire starting next month); an explicit `as_of` query is strict for them.
 */
export async function memberViews(db: Executor, rows: readonly q.MemberRow[], asOf: PlainDate, opts: { fallback: boolean; withDependents: boolean }): Promise<Member[]> {
  const subscribers = rows.filter((m) => m.subscriber_id === null)
  const dependents = opts.withDependents ? await q.dependentRows(db, subscribers.map((s) => s.id)) : []
  const everyone = [...rows, ...dependents].map((m) => m.id)
  const subIds = subscribers.map((s) => s.id)
  const [demo, jobs, classes] = await Promise.all([
    q.demographicsAsOf(db, everyone, asOf, true), // a name before we knew the person is the earliest one known
    q.employmentAsOf(db, subIds, asOf, opts.fallback),
    q.assignmentsAsOf(db, subIds, asOf, opts.fallback),
  ])
  return rows.map((m) => {
    const person = personView(m, demo.get(m.id))
    if (m.subscriber_id !== null) return { ...person, as_of: asOf }
    const job = jobs.get(m.id)
    const held = classes.get(m.id)
    return {
      ...person, as_of: asOf,
      location_id: job?.location_id ?? null,
      employment_details: employmentView(job),
      class: assignment(held?.class),
      subgroup: assignment(held?.subgroup),
      ...(opts.withDependents ? { dependents: dependents.filter((d) => d.subscriber_id === m.id).map((d) => personView(d, demo.get(d.id))) } : {}),
    }
  })
}

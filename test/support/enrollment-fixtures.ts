import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, PayFrequency } from '../../src/db/types.js'

export interface GivenFamily {
  readonly subscriber_id: string
  /** Dependent ids in the order given. */
  readonly dependent_ids: string[]
}

/**
 * Inserts a subscriber (with an employment record) and dependents straight into the tables, for
 * tests of elections and enrollments that do not exercise POST /v1/subscribers.
 */
export async function givenFamily(db: Kysely<Database>, f: {
  employer_id: string
  subscriber?: { birth_date?: string; hire_date?: string; wage_frequency?: PayFrequency; employee_number?: string; external_identifier?: string }
  dependents?: { relationship: string; birth_date: string }[]
}): Promise<GivenFamily> {
  const s = f.subscriber ?? {}
  const subscriberId = randomUUID()
  await db.insertInto('members').values({
    id: subscriberId, employer_id: f.employer_id, subscriber_id: null, relationship: 'self', external_identifier: s.external_identifier ?? null,
    employee_number: s.employee_number ?? null, birth_date: s.birth_date ?? '1985-06-15', gender: 'unknown', ssn_ciphertext: null, ssn_hmac: null, ssn_last4: null,
  }).execute()
  const hire = s.hire_date ?? '2020-01-06'
  await db.insertInto('member_employment').values({
    id: randomUUID(), member_id: subscriberId, effective_date: hire, hire_date: hire, termination_date: null, status: 'full_time', hours_per_week: 40,
    wage_frequency: s.wage_frequency ?? 'biweekly', compensation: 'salary', annual_earnings_cents: 8_000_000, earnings_effective_date: hire, location_id: null,
  }).execute()
  const ids: string[] = []
  for (const d of f.dependents ?? []) {
    const id = randomUUID()
    await db.insertInto('members').values({
      id, employer_id: f.employer_id, subscriber_id: subscriberId, relationship: d.relationship, external_identifier: null, employee_number: null,
      birth_date: d.birth_date, gender: 'unknown', ssn_ciphertext: null, ssn_hmac: null, ssn_last4: null,
    }).execute()
    ids.push(id)
  }
  return { subscriber_id: subscriberId, dependent_ids: ids }
}

/** Adds a dependent to an existing family (e.g. a newborn reported later). */
export async function givenDependent(db: Kysely<Database>, employerId: string, subscriberId: string, d: { relationship: string; birth_date: string }): Promise<string> {
  const id = randomUUID()
  await db.insertInto('members').values({
    id, employer_id: employerId, subscriber_id: subscriberId, relationship: d.relationship, external_identifier: null, employee_number: null,
    birth_date: d.birth_date, gender: 'unknown', ssn_ciphertext: null, ssn_hmac: null, ssn_last4: null,
  }).execute()
  return id
}

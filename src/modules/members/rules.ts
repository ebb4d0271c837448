import { UnprocessableError, type FieldError } from '../../errors/app-error.js'
import type { PlainDate } from '../../shared/dates.js'
import { CHILD_RELATIONSHIPS, PARTNER_RELATIONSHIPS } from './relationships.js'

/** Digits of an SSN sent with or without dashes (`123-45-6789`), or undefined when it is not 9 digits. */
export function ssnDigits(ssn: string): string | undefined {
  const digits = ssn.replace(/[-\s]/g, '')
  return /^[0-9]{9}$/.test(digits) ? digits : undefined
}

/**
 * Why an SSN can never have been issued, or undefined when it could have: SSA never assigns area
 * 000, 666 or 900–999, group 00 or serial 0000.
 */
export function ssnProblem(ssn: string): string | undefined {
  const d = ssnDigits(ssn)
  if (!d) return 'must be 9 digits (dashes allowed)'
  const area = d.slice(0, 3)
  if (area === '000' || area === '666' || area >= '900') return `area number ${area} is never issued`
  if (d.slice(3, 5) === '00') return 'group number 00 is never issued'
  if (d.slice(5) === '0000') return 'serial number 0000 is never issued'
  return undefined
}

/** The earliest birth date accepted. */
export const EARLIEST_BIRTH_DATE = '1900-01-01'

/** Checks of one person: birth date not in the future nor before 1900, a valid SSN. */
export function checkPerson(p: { birth_date: PlainDate; social_security_number?: string | null | undefined }, at: string, today: PlainDate): FieldError[] {
  const errors: FieldError[] = []
  if (p.birth_date > today) errors.push({ pointer: `${at}/birth_date`, detail: `is in the future (today is ${today})` })
  // 1500-01-01 is a keying error, and a carrier's 834 refuses dates before 1800 anyway.
  else if (p.birth_date < EARLIEST_BIRTH_DATE) errors.push({ pointer: `${at}/birth_date`, detail: `is before ${EARLIEST_BIRTH_DATE}: not a plausible birth date` })
  if (p.social_security_number != null) {
    const problem = ssnProblem(p.social_security_number)
    if (problem) errors.push({ pointer: `${at}/social_security_number`, detail: problem })
  }
  return errors
}

export interface FamilyDependent {
  readonly subscriber_relationship: string
  readonly birth_date: PlainDate
  readonly ssn?: string | undefined
  /** Where it is in the request; undefined for dependents already on file. */
  readonly at?: string | undefined
}

/**
 * Family checks: `self` is the subscriber only; one partner (spouse, domestic or life partner) at
 * a time; a child, adopted, foster or step child is not older than the subscriber; no SSN twice
 * in a family. `existing` are the dependents already on file.
 */
export function checkFamily(subscriber: { birth_date: PlainDate; ssn?: string | undefined }, existing: readonly FamilyDependent[], added: readonly FamilyDependent[]): FieldError[] {
  const errors: FieldError[] = []
  let partners = existing.filter((d) => PARTNER_RELATIONSHIPS.has(d.subscriber_relationship)).length
  const ssns = new Set([subscriber.ssn, ...existing.map((d) => d.ssn)].filter((s): s is string => s !== undefined))
  for (const d of added) {
    const at = d.at ?? ''
    if (d.subscriber_relationship === 'self') errors.push({ pointer: `${at}/subscriber_relationship`, detail: "'self' is the subscriber; a dependent needs another relationship" })
    if (PARTNER_RELATIONSHIPS.has(d.subscriber_relationship) && ++partners > 1) {
      errors.push({ pointer: `${at}/subscriber_relationship`, detail: 'the subscriber already has a spouse or partner; only one can be covered at a time' })
    }
    if (CHILD_RELATIONSHIPS.has(d.subscriber_relationship) && d.birth_date < subscriber.birth_date) {
      errors.push({ pointer: `${at}/birth_date`, detail: `a ${d.subscriber_relationship.replace(/_/g, ' ')} cannot be born before the subscriber (${subscriber.birth_date})` })
    }
    if (d.ssn !== undefined) {
      if (ssns.has(d.ssn)) errors.push({ pointer: `${at}/social_security_number`, detail: 'is the SSN of another member of this family' })
      ssns.add(d.ssn)
    }
  }
  return errors
}

/** Employment: earnings cannot take effect before the employment starts. */
export function checkEmployment(e: { start_date: PlainDate; earnings_effective_date?: PlainDate | undefined }, at: string): FieldError[] {
  if (e.earnings_effective_date !== undefined && e.earnings_effective_date < e.start_date) {
    return [{ pointer: `${at}/earnings_effective_date`, detail: `is before the employment start date (${e.start_date})` }]
  }
  return []
}

export interface ClassificationFacts {
  readonly employer_id: string
  readonly kind: 'class' | 'subgroup'
  readonly effective_date: PlainDate
  readonly end_date: PlainDate | null
}

/** An assignment must use a classification of the member's employer, of the right kind, in force on the date. */
export function checkClassification(found: ClassificationFacts | undefined, expected: { kind: 'class' | 'subgroup'; employer_id: string; date: PlainDate }, at: string): FieldError[] {
  const pointer = `${at}/employment_classification_id`
  if (!found || found.employer_id !== expected.employer_id) return [{ pointer, detail: "is not an employment classification of the subscriber's employer" }]
  if (found.kind !== expected.kind) return [{ pointer, detail: `is a ${found.kind}, not a ${expected.kind}` }]
  if (expected.date < found.effective_date || (found.end_date !== null && expected.date > found.end_date)) {
    return [{ pointer, detail: `is not in force on ${expected.date} (${found.effective_date} to ${found.end_date ?? 'open-ended'})` }]
  }
  return []
}

/** `male`, `female` or `unknown`, whatever case was sent. */
export function normalizeGender(g: string): 'male' | 'female' | 'unknown' {
  const lower = g.toLowerCase()
  return lower === 'male' || lower === 'female' ? lower : 'unknown'
}

/** The 422 for a semantically invalid member, listing every problem with its pointer. */
export function memberInvalid(errors: readonly FieldError[]): UnprocessableError {
  const detail = errors.length === 1 ? `${errors[0]!.pointer}: ${errors[0]!.detail}` : `${errors.length} problems with the member`
  return UnprocessableError.fields('member-invalid', detail, errors)
}

/** Throws `memberInvalid` when there is any problem. */
export function refuseIfAny(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw memberInvalid(errors)
}

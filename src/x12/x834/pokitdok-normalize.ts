import { pointerTo, PokitdokError, type PokitdokIssue } from './pokitdok-issues.js'
import {
  normalizePokitdokShape,
  type PokitdokBenefit, type PokitdokContact, type PokitdokMember, type PokitdokRequest,
} from './pokitdok-schema.js'

/** A request ready for the 834 mapping, and what was changed or dropped on the way. */
export interface NormalizedPokitdok {
  readonly request: PokitdokRequest
  readonly warnings: readonly PokitdokIssue[]
}

/**
 * Whether a subscriber gets its own 2000 loop. Seed 000's "add a dependent" example sends a subscriber
 * with no maintenance type and no name, only to say whose dependent it is; such a subscriber is a
 * reference and only its subscriber number reaches the 834 (in the dependents' REF*0F).
 *
 * @example
 * isSubscriberSent({ member_id: '987654321' }) // false
 */
export function isSubscriberSent(subscriber: PokitdokMember): boolean {
  return subscriber.maintenance_type !== undefined
}

function carriesInformation(value: unknown): boolean {
  if (value === false || value === undefined) return false
  if (Array.isArray(value)) return value.length > 0
  return true
}

// CMS FFE companion guide (shared/x12/README.md): a change file (BGN08 2) sends INS03 001, 021, 024
// or 025; a full file (BGN08 4) is an audit snapshot: INS03 and HD01 are 030.
const CHANGE_FILE_TYPES = ['Change', 'Addition', 'Cancellation or Termination', 'Reinstatement']
const FULL_FILE_TYPES = ['Audit or Compare']

class Checker {
  readonly errors: PokitdokIssue[] = []
  readonly warnings: PokitdokIssue[] = []

  constructor(private readonly action: string, private readonly today: string | undefined) {}

  /** The maintenance types the file's action allows on a member (INS03) or, for Verify, a coverage (HD01). */
  actionAllows(pointer: string, value: string | undefined, level: 'INS03' | 'HD01'): void {
    const allowed = this.action === 'Verify' ? FULL_FILE_TYPES : this.action === 'Change' && level === 'INS03'
      ? CHANGE_FILE_TYPES : undefined
    if (value === undefined || !allowed || allowed.includes(value)) return
    this.errors.push({ pointer: pointerTo(pointer, 'maintenance_type'), code: 'not-allowed-here', allowed,
      message: `a ${this.action === 'Verify' ? 'full (Verify, BGN08 4)' : 'change (BGN08 2)'} file sends ${level} ${allowed.map((a) => `'${a}'`).join(', ')}, not '${value}'` })
  }

  required(pointer: string, field: string, why: string): void {
    this.errors.push({ pointer: pointerTo(pointer, field), code: 'required', message: `'${field}' is required: ${why}` })
  }

  /** Both or neither: X12 pairs (DMG02/DMG03, PER number/type). */
  pair(member: object, pointer: string, a: string, b: string, why: string): void {
    const has = (k: string): boolean => (member as Record<string, unknown>)[k] !== undefined
    if (has(a) && !has(b)) this.required(pointer, b, `${a} is sent, and ${why}`)
    if (has(b) && !has(a)) this.required(pointer, a, `${b} is sent, and ${why}`)
  }

  order(pointer: string, begin: string | undefined, end: string | undefined, endField: string, what: string): void {
    if (begin !== undefined && end !== undefined && end < begin) {
      this.errors.push({ pointer: pointerTo(pointer, endField), code: 'conflict',
        message: `${what} end ${end} is before its begin ${begin}` })
    }
  }

  contacts(member: PokitdokMember, pointer: string): PokitdokContact[] | undefined {
    const flat: PokitdokContact = {}
    if (member.primary_communication_type !== undefined) flat.primary_communication_type = member.primary_communication_type
    if (member.primary_communication_number !== undefined) flat.primary_communication_number = member.primary_communication_number
    if (member.secondary_communication_type !== undefined) flat.communication_type2 = member.secondary_communication_type
    if (member.secondary_communication_number !== undefined) flat.communication_number2 = member.secondary_communication_number
    const hasFlat = Object.keys(flat).length > 0
    if (hasFlat && member.contacts?.length) {
      this.errors.push({ pointer: pointerTo(pointer, 'contacts'), code: 'conflict',
        message: 'send contacts or primary_/secondary_communication_* on the member, not both (the 834 has one PER segment)' })
      return member.contacts
    }
    const list = hasFlat ? [flat] : member.contacts
    const at = hasFlat ? pointer : pointerTo(pointer, 'contacts', 0)
    const contact = list?.[0]
    if (contact) {
      const pairs: [string, string][] = hasFlat
        ? [['primary_communication_type', 'primary_communication_number'], ['secondary_communication_type', 'secondary_communication_number']]
        : [['primary_communication_type', 'primary_communication_number'], ['communication_type2', 'communication_number2'],
            ['communication_type3', 'communication_number3']]
      const source = hasFlat ? member : contact
      for (const [type, number] of pairs) this.pair(source, at, type, number, 'PER sends them as a pair')
      if (contact.primary_communication_number === undefined && contact.primary_communication_type === undefined) {
        this.required(at, 'primary_communication_number',
          'the first number of a PER segment (PER03/PER04) is required')
      }
    }
    return list?.length ? list : undefined
  }

  benefits(member: PokitdokMember, pointer: string): PokitdokBenefit[] | undefined {
    const list = member.benefits
    if (!list?.length) {
      if (member.late_enrollment !== undefined && member.late_enrollment) {
        this.warnings.push({ pointer: pointerTo(pointer, 'late_enrollment'), code: 'not-carried',
          message: 'late_enrollment goes out as each benefit\'s HD09; this member has no benefits, so it is dropped' })
      }
      return undefined
    }
    return list.map((benefit, i) => {
      const at = pointerTo(pointer, 'benefits', i)
      const out: PokitdokBenefit = { ...benefit }
      if (out.maintenance_reason !== undefined) {
        this.warnings.push({ pointer: pointerTo(at, 'maintenance_reason'), code: 'not-carried',
          message: 'a benefit maintenance_reason has no place in the 834 (HD02 is not used in 005010X220A1); it is dropped' })
        delete out.maintenance_reason
      }
      if (out.late_enrollment === undefined && member.late_enrollment !== undefined) out.late_enrollment = member.late_enrollment
      if (out.coordination_of_benefits?.length === 0) delete out.coordination_of_benefits
      this.actionAllows(at, out.maintenance_type, 'HD01')
      if (out.begin_date === undefined && out.end_date === undefined) {
        this.required(at, 'begin_date', 'every coverage needs a date (2300 DTP is required): begin_date (348) or end_date (349)')
      }
      this.order(at, out.begin_date, out.end_date, 'end_date', 'benefit')
      return out
    })
  }

  /** Checks and rewrites one member that gets a 2000 loop. */
  member(input: PokitdokMember, pointer: string, isSubscriber: boolean, subscriberNumber: string | undefined): PokitdokMember {
    const m: PokitdokMember = { ...input }
    if (isSubscriber) {
      if (m.relationship !== undefined && m.relationship !== 'self') {
        this.errors.push({ pointer: pointerTo(pointer, 'relationship'), code: 'not-allowed-here', allowed: ['self'],
          message: `the subscriber's relationship is 'self' (INS01 Y requires INS02 18), not '${m.relationship}'` })
      }
      m.relationship = 'self'
    } else if (m.relationship === undefined) {
      this.required(pointer, 'relationship', 'a dependent\'s relationship to the subscriber is INS02')
    } else if (m.relationship === 'self') {
      this.errors.push({ pointer: pointerTo(pointer, 'relationship'), code: 'not-allowed-here',
        message: 'a dependent cannot be \'self\' (INS01 N requires INS02 other than 18)' })
    }
    if (m.maintenance_type === undefined) this.required(pointer, 'maintenance_type', 'it is INS03')
    this.actionAllows(pointer, m.maintenance_type, 'INS03')
    if (m.benefit_status === undefined) this.required(pointer, 'benefit_status', 'it is INS05')
    if (m.last_name === undefined) this.required(pointer, 'last_name', 'it is NM103')
    if (m.subscriber_number === undefined) {
      if (subscriberNumber === undefined) {
        this.required(pointer, 'subscriber_number', 'every member carries its subscriber\'s identifier (REF*0F)')
      } else m.subscriber_number = subscriberNumber
    } else if (subscriberNumber !== undefined && m.subscriber_number !== subscriberNumber) {
      this.errors.push({ pointer: pointerTo(pointer, 'subscriber_number'), code: 'conflict',
        message: `a dependent's subscriber_number must equal its subscriber's (${subscriberNumber}), not ${m.subscriber_number}` })
    }
    this.pair(m, pointer, 'gender', 'birth_date', 'DMG sends birth date and gender together (DMG02, DMG03 are required)')
    // A birth date after the file's date is a keying error the validator rejects (birth-date-in-future).
    if (this.today !== undefined && m.birth_date !== undefined && m.birth_date > this.today) {
      this.errors.push({ pointer: pointerTo(pointer, 'birth_date'), code: 'conflict',
        message: `birth date ${m.birth_date} is after today (${this.today})` })
    }
    this.order(pointer, m.eligibility_begin_date, m.eligibility_end_date, 'eligibility_end_date', 'eligibility')
    this.order(pointer, m.education_begin_date, m.education_end_date, 'education_end_date', 'education')
    if (m.address) {
      const at = pointerTo(pointer, 'address')
      if (m.address.line === undefined) this.required(at, 'line', 'the address goes out as N3, whose first line is required')
      if (m.address.city === undefined) this.required(at, 'city', 'the address goes out as N4, whose city is required')
    }
    if (m.tobacco_use !== undefined || m.substance_abuse !== undefined) {
      // HLH01 holds both flags in one code, so an unsaid one reads back as false.
      m.tobacco_use ??= false
      m.substance_abuse ??= false
    }
    const contacts = this.contacts(m, pointer)
    delete m.primary_communication_type
    delete m.primary_communication_number
    delete m.secondary_communication_type
    delete m.secondary_communication_number
    if (contacts) m.contacts = contacts
    else delete m.contacts
    const benefits = this.benefits(m, pointer)
    if (benefits) m.benefits = benefits
    else delete m.benefits
    delete m.late_enrollment
    return m
  }

  /** A subscriber without a 2000 loop: keep its number, say what else is dropped. */
  reference(input: PokitdokMember, pointer: string, dependents: readonly PokitdokMember[]): PokitdokMember {
    const dropped = Object.entries(input)
      .filter(([key, value]) => key !== 'subscriber_number' && carriesInformation(value))
      .map(([key]) => key)
    if (dropped.length) {
      this.warnings.push({ pointer, code: 'not-carried',
        message: `the subscriber has no maintenance_type, so it gets no 2000 loop and only identifies the dependents' subscriber; dropped: ${dropped.join(', ')}` })
    }
    if (dependents.length === 0) {
      this.required(pointer, 'maintenance_type', 'without it and without dependents the request has no member to send')
    } else if (this.action === 'Verify') {
      this.required(pointer, 'maintenance_type', 'a full file (Verify) carries the whole family, subscriber included')
    }
    const numbers = new Set(dependents.map((d) => d.subscriber_number).filter((n) => n !== undefined))
    const number = input.subscriber_number ?? (numbers.size === 1 ? [...numbers][0] : undefined)
    return number === undefined ? {} : { subscriber_number: number }
  }
}

/**
 * Validates a parsed PokitDok request (shape, labels, dates, and the 834's cross-field rules) and
 * returns it in the form the 834 carries, with a warning for everything dropped or fixed:
 * - labels in the seed's spelling; dates and strings trimmed (warned);
 * - the subscriber's relationship is `self`; dependents carry the subscriber's `subscriber_number`;
 * - member-level `primary_/secondary_communication_*` become `contacts[0]`;
 * - member-level `late_enrollment` becomes each benefit's `late_enrollment` (HD09), benefit
 *   `maintenance_reason` is dropped (HD02 is not used);
 * - a subscriber without `maintenance_type` is a reference: only `subscriber_number` stays.
 * Throws a {@link PokitdokError} listing every error with its JSON pointer; `pointer` prefixes them
 * (e.g. `/3` for the fourth request of an array). With `today` (YYYY-MM-DD), a birth date after it
 * is an error too.
 *
 * @example
 * const { request, warnings } = normalizePokitdok(JSON.parse(body), '', '2026-12-06')
 * request.subscriber.relationship // 'self'
 */
export function normalizePokitdok(value: unknown, pointer = '', today?: string): NormalizedPokitdok {
  const shape = normalizePokitdokShape(value, pointer)
  const partial = shape.partial
  if (!partial?.subscriber) throw new PokitdokError(shape.errors)
  // With shape errors the cross-field rules still run on what was readable, so one answer lists
  // every problem; a rule is not reported where the shape already has an error (or above it).
  const input = { ...partial, subscriber: partial.subscriber,
    dependents: partial.dependents?.map((d: PokitdokMember | undefined) => d ?? {}) } as PokitdokRequest
  const check = new Checker(input.action, today)
  const sent = isSubscriberSent(input.subscriber)
  const subscriberAt = pointerTo(pointer, 'subscriber')
  const subscriber = sent
    ? check.member(input.subscriber, subscriberAt, true, undefined)
    : check.reference(input.subscriber, subscriberAt, input.dependents ?? [])
  const dependents = (input.dependents ?? []).map((d, i) =>
    check.member(d, pointerTo(pointer, 'dependents', i), false, subscriber.subscriber_number))
  if (!sent && subscriber.subscriber_number === undefined && dependents.length > 0) {
    const numbers = new Set(dependents.map((d) => d.subscriber_number))
    if (numbers.size > 1) {
      check.errors.push({ pointer: pointerTo(pointer, 'dependents'), code: 'conflict',
        message: 'the dependents of one subscriber must share one subscriber_number (REF*0F)' })
    }
  }
  const shadowed = (at: string): boolean =>
    shape.errors.some((e) => at === e.pointer || at.startsWith(e.pointer + '/'))
  const errors = [...shape.errors, ...check.errors.filter((e) => !shadowed(e.pointer))]
  if (errors.length) throw new PokitdokError(errors)
  const request: PokitdokRequest = { ...input, subscriber, dependents }
  return { request, warnings: [...shape.warnings, ...check.warnings] }
}

// Enrolled data → the typed 834 model: a carrier's full file (BGN08 4, INS03/HD01 030), the
// "audit or compare" snapshot carriers reconcile their rolls against. Pure: no database, no clock.
import { pokitdokCodes, type Header834Input, type Member } from '../../x12/index.js'
import type { PlainDate } from '../../shared/dates.js'

/** Plan types with an insurance line code (HD03) in 005010X220A1; the others cannot be sent on an 834. */
export const INSURANCE_LINES: Readonly<Record<string, string>> = {
  medical: 'HLT', dental: 'DEN', vision: 'VIS', std: 'STD', ltd: 'LTD',
}

/** HD05 coverage level of each OpenEnroll tier. */
const COVERAGE_LEVELS: Readonly<Record<string, string>> = {
  individual: 'EMP', individual_spouse: 'ESP', individual_children: 'ECH', family: 'FAM',
}

/** INS08 of an employment status (`full_time`, …); anything else employed is `AC` (active). */
const EMPLOYMENT_STATUSES: Readonly<Record<string, string>> = {
  full_time: 'FT', part_time: 'PT', leave_of_absence: 'L1', retired: 'RT', terminated: 'TE', active: 'AC',
}

export interface CarrierCoverage {
  /** HD01: `030` in a full file (the default); a change file's `021` add, `024` end, `025` reinstate, `001` change. */
  readonly maintenance?: string
  readonly plan_id: string
  readonly plan_name: string
  readonly plan_type: string
  readonly coverage_tier: string | null
  readonly status: 'active' | 'terminated'
  readonly start_date: PlainDate
  /** Inclusive; null = open-ended. */
  readonly end_date: PlainDate | null
  readonly plan_year_end: PlainDate
}

export interface CarrierAddress {
  readonly address_line_1: string
  readonly address_line_2?: string | null | undefined
  readonly city: string
  readonly state: string
  readonly zip: string
  readonly country_code?: string | undefined
}

export interface CarrierPerson {
  readonly id: string
  /** 'self' for the subscriber, else the dependent's relationship (seed 000's labels). */
  readonly relationship: string
  readonly first_name: string
  readonly middle_name: string | null
  readonly last_name: string
  readonly suffix: string | null
  readonly birth_date: PlainDate
  readonly gender: string
  /** The SSN's digits when the file may carry it (a file for delivery), else undefined. */
  readonly ssn?: string | undefined
  readonly residential_address: CarrierAddress | null
  readonly phone: string | null
  readonly email: string | null
  readonly coverages: readonly CarrierCoverage[]
}

export interface CarrierFamily {
  readonly subscriber: CarrierPerson & {
    readonly employee_number: string | null
    readonly hire_date: PlainDate | null
    readonly employment_status: string | null
  }
  readonly dependents: readonly CarrierPerson[]
}

export interface FullFileParties {
  readonly as_of: PlainDate
  /** When the file is made (BGN03/BGN04), UTC. */
  readonly created_at: Date
  readonly reference: string
  readonly sponsor: { readonly name: string; readonly tax_id: string | null; readonly id: string }
  readonly payer: { readonly name: string; readonly payer_id: string }
}

const NOT_PLAIN = /[^\x20-\x7e]|[*~:^]|\s\s|^\s|\s$/

/** Characters an 834 value may not hold: our delimiters, and anything outside printable ASCII once accents are stripped. */
export function x12Text(value: string, max: number): string {
  // Most values are plain already: printable ASCII, no delimiter, no doubled or edge spaces.
  if (value.length <= max && !NOT_PLAIN.test(value)) return value
  const plain = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  return plain.replace(/[*~:^]/g, ' ').replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, ' ').trim().slice(0, max).trim()
}

const d8 = (date: PlainDate): string => date.replaceAll('-', '')

/**
 * The subscriber identifier (REF*0F) every member of the family carries: the SSN when the file may
 * carry it, else the employee number, else OpenEnroll's member id (dashes dropped: 32 characters).
 */
export function subscriberIdentifier(family: CarrierFamily): string {
  const s = family.subscriber
  if (s.ssn !== undefined) return s.ssn
  // An employee number is used only as it is: cut to REF02's 50 characters, or emptied of
  // characters X12 cannot carry, two employees could match one member at the carrier.
  const number = s.employee_number ?? ''
  return number !== '' && number.length <= 50 && x12Text(number, 50) === number ? number : s.id.replaceAll('-', '')
}

/** Whether a coverage goes on the file, and why not. */
export function sendable(c: CarrierCoverage): string | undefined {
  return INSURANCE_LINES[c.plan_type] === undefined ? `plan type ${c.plan_type} has no insurance line code (HD03) in 005010X220A1` : undefined
}

function coverageLoop(c: CarrierCoverage): NonNullable<Member['health_coverages']>[number] {
  const level = c.coverage_tier === null ? undefined : COVERAGE_LEVELS[c.coverage_tier]
  const description = x12Text(c.plan_name, 50)
  const dates = [{ DTP01: '348', DTP02: 'D8', DTP03: d8(c.start_date) }]
  // An end before the plan year's (a termination, a child's age-out) is news to the carrier; the plan year's own end is not.
  if (c.end_date !== null && (c.status === 'terminated' || c.maintenance === '024' || c.end_date < c.plan_year_end)) dates.push({ DTP01: '349', DTP02: 'D8', DTP03: d8(c.end_date) })
  return {
    HD: { HD01: c.maintenance ?? '030', HD03: INSURANCE_LINES[c.plan_type]!, ...(description !== '' ? { HD04: description } : {}), ...(level !== undefined ? { HD05: level } : {}) },
    DTP: dates,
  }
}

/** INS03/INS04 of a member's 2000 loop, and the eligibility end (DTP*357) a termination gives. */
export interface MemberMaintenance { readonly INS03: string; readonly INS04: string; readonly eligibility_end?: PlainDate | undefined }

const AUDIT: MemberMaintenance = { INS03: '030', INS04: 'XN' }

/** One member's 2000 loop: INS, REF*0F, the 2100A name loop and one 2300 per coverage an 834 can carry. */
export function memberOf(p: CarrierPerson, subscriberId: string, employment: { hire_date: PlainDate | null; status: string | null } | undefined, maintenance: MemberMaintenance = AUDIT): Member {
  const subscriber = employment !== undefined
  const gender = p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : 'U'
  const relationship = subscriber ? '18' : pokitdokCodes.RELATIONSHIPS.codeOf(p.relationship) ?? (p.relationship === 'registered_domestic_partner' ? '53' : 'G8')
  const employmentCode = subscriber ? EMPLOYMENT_STATUSES[employment.status ?? 'active'] ?? 'AC' : undefined
  const first = x12Text(p.first_name, 35)
  const middle = p.middle_name === null ? '' : x12Text(p.middle_name, 25)
  const suffix = p.suffix === null ? '' : x12Text(p.suffix, 10)
  const member: Member = {
    INS: { INS01: subscriber ? 'Y' : 'N', INS02: relationship, INS03: maintenance.INS03, INS04: maintenance.INS04, INS05: 'A', ...(employmentCode !== undefined ? { INS08: employmentCode } : {}) },
    REF: [{ REF01: '0F', REF02: subscriberId }],
    member_name: {
      NM1: {
        NM101: 'IL', NM102: '1', NM103: x12Text(p.last_name, 60) || 'UNKNOWN', ...(first !== '' ? { NM104: first } : {}),
        ...(middle !== '' ? { NM105: middle } : {}), ...(suffix !== '' ? { NM107: suffix } : {}),
        ...(p.ssn !== undefined ? { NM108: '34', NM109: p.ssn } : {}),
      },
      DMG: { DMG01: 'D8', DMG02: d8(p.birth_date), DMG03: gender },
    },
  }
  const dates = [
    ...(subscriber && employment.hire_date !== null ? [{ DTP01: '336', DTP02: 'D8', DTP03: d8(employment.hire_date) }] : []),
    ...(maintenance.eligibility_end !== undefined ? [{ DTP01: '357', DTP02: 'D8', DTP03: d8(maintenance.eligibility_end) }] : []),
  ]
  if (dates.length > 0) member.DTP = dates
  // The number without an extension (PER has no room for one); an email X12 cannot carry as it is is left out, not altered.
  const phone = p.phone?.split(/\s*(?:ext\.?|x|#)\s*\d*$/i)[0]?.replace(/\D/g, '') ?? ''
  const email = p.email !== null && p.email.length <= 256 && x12Text(p.email, 256) === p.email ? p.email : ''
  if (phone !== '' || email !== '') {
    const contacts = [...(phone !== '' ? [['TE', phone.slice(0, 80)]] : []), ...(email !== '' ? [['EM', email]] : [])]
    member.member_name.PER = {
      PER01: 'IP', PER03: contacts[0]![0]!, PER04: contacts[0]![1]!,
      ...(contacts[1] !== undefined ? { PER05: contacts[1][0]!, PER06: contacts[1][1]! } : {}),
    }
  }
  const a = p.residential_address
  // An address whose street or city has nothing X12 can carry (written in another script) is left
  // out rather than sent as a stub: one such member must not make the employer's file invalid.
  const street = a === null ? '' : x12Text(a.address_line_1, 55)
  const city = a === null ? '' : x12Text(a.city, 30)
  if (a !== null && street !== '' && city.length >= 2) {
    const line2 = a.address_line_2 == null ? '' : x12Text(a.address_line_2, 55)
    member.member_name.N3 = { N301: street, ...(line2 !== '' ? { N302: line2 } : {}) }
    member.member_name.N4 = {
      N401: city, N402: a.state, N403: a.zip.replace('-', ''),
      ...(a.country_code !== undefined && a.country_code !== 'US' ? { N404: a.country_code } : {}),
    }
  }
  const loops = p.coverages.filter((c) => sendable(c) === undefined).map(coverageLoop)
  if (loops.length > 0) member.health_coverages = loops
  return member
}

/**
 * A family's 2000 loops for a full file: the subscriber first (sent even without coverage of
 * their own, as the dependents' anchor), then each dependent with coverage on the file, all with
 * the subscriber's REF*0F. A family with nothing to send gives no members.
 */
export function familyMembers(family: CarrierFamily): Member[] {
  const hasCoverage = (p: CarrierPerson): boolean => p.coverages.some((c) => sendable(c) === undefined)
  const dependents = family.dependents.filter(hasCoverage)
  if (!hasCoverage(family.subscriber) && dependents.length === 0) return []
  const id = subscriberIdentifier(family)
  const s = family.subscriber
  return [memberOf(s, id, { hire_date: s.hire_date, status: s.employment_status }), ...dependents.map((d) => memberOf(d, id, undefined))]
}

/**
 * The header of a full file: BGN 00 / 4, the file's effective date (DTP*007), the member totals
 * (QTY ET, DT, TO), the sponsor (its EIN, else OpenEnroll's employer id under qualifier 94) and the
 * payer (its payer id, 94).
 */
export function fullFileHeader(parties: FullFileParties, totals: { subscribers: number; dependents: number }, action: '4' | '2' = '4'): Header834Input {
  const iso = parties.created_at.toISOString()
  const ein = parties.sponsor.tax_id?.replace(/\D/g, '') ?? ''
  return {
    BGN: { BGN01: '00', BGN02: x12Text(parties.reference, 50), BGN03: d8(iso.slice(0, 10)), BGN04: iso.slice(11, 13) + iso.slice(14, 16), BGN05: 'UT', BGN08: action },
    // The full file's effective date; a change file's changes carry their own dates.
    ...(action === '4' ? { DTP: [{ DTP01: '007', DTP02: 'D8', DTP03: d8(parties.as_of) }] } : {}),
    QTY: [
      { QTY01: 'ET', QTY02: String(totals.subscribers) },
      { QTY01: 'DT', QTY02: String(totals.dependents) },
      { QTY01: 'TO', QTY02: String(totals.subscribers + totals.dependents) },
    ],
    sponsor: { N1: { N101: 'P5', N102: x12Text(parties.sponsor.name, 60), ...(ein.length === 9 ? { N103: 'FI', N104: ein } : { N103: '94', N104: parties.sponsor.id.replaceAll('-', '') }) } },
    payer: { N1: { N101: 'IN', N102: x12Text(parties.payer.name, 60), N103: '94', N104: x12Text(parties.payer.payer_id, 80) } },
  }
}

/**
 * PokitDok enrollment JSON (seed 000) ⇄ the typed 834 model.
 *
 * Where each field goes (005010X220A1):
 *
 * | JSON | 834 |
 * |---|---|
 * | purpose / action | BGN01 / BGN08 |
 * | master_policy_number | header REF*38 |
 * | sponsor.name, sponsor.tax_id | 1000A N1*P5*name*FI*tax_id |
 * | payer.name, payer.tax_id | 1000B N1*IN*name*FI*tax_id |
 * | trading_partner_id | not in the transaction: returned as `receiver` (ISA08/GS03 default) |
 * | relationship | INS01 (Y for self) and INS02 |
 * | maintenance_type / maintenance_reason / benefit_status | INS03 / INS04 / INS05 |
 * | employment_status / student_status / handicapped | INS08 / INS09 / INS10 |
 * | subscriber_number | REF*0F (dependents carry their subscriber's) |
 * | group_or_policy_number | 2000 REF*1L |
 * | member_id | 2000 REF*23 (client number) — see below |
 * | eligibility_begin/end_date, education_begin/end_date | 2000 DTP*356/357, DTP*350/351 |
 * | last/first/middle_name, suffix, ssn | 2100A NM1*IL*1*last*first*middle**suffix*34*ssn |
 * | contacts[0] | 2100A PER*IP (three numbers at most; the segment repeats once) |
 * | address | 2100A N3 (line, line2), N4 (city, state, postal_code, county as N405 CY / N406) |
 * | birth_date / gender | 2100A DMG*D8*birth*gender |
 * | tobacco_use / substance_abuse | 2100A HLH01 (N, S, T, X) |
 * | school.name | 2100E NM1*M8*2*name |
 * | benefits[] | 2300: HD01 maintenance_type, HD03 benefit_type, HD09 late_enrollment, DTP*348/349 begin/end, REF*1L |
 * | benefits[].coordination_of_benefits[] | 2320 COB*payer_responsibility*group_or_policy_number*status |
 *
 * member_id: PokitDok calls it "the member id … if already enrolled", i.e. the carrier's identifier.
 * NM109 is taken by the SSN (NM108 34) and REF*0F by the subscriber number, so it goes in the
 * 2000 "Member Supplemental Identifier" REF with qualifier 23 (Client Number), the code carriers'
 * companion guides use for their own member id. Reading back, only REF*23 becomes member_id.
 */
import type { Delimiters } from '../segment.js'
import {
  ACTIONS, BENEFIT_STATUSES, BENEFIT_TYPES, COB_STATUSES, COMMUNICATION_TYPES, EMPLOYMENT_STATUSES, GENDERS,
  healthCode, healthFlags, MAINTENANCE_REASONS, MAINTENANCE_TYPES, PAYER_RESPONSIBILITIES, PURPOSES, RELATIONSHIPS,
  relationshipLabel, STUDENT_STATUSES, type CodeTable,
} from './pokitdok-codes.js'
import { pointerTo, PokitdokError, type PokitdokIssue } from './pokitdok-issues.js'
import { normalizePokitdok } from './pokitdok-normalize.js'
import type {
  PokitdokAddress, PokitdokBenefit, PokitdokContact, PokitdokCoordination, PokitdokMember, PokitdokParty,
  PokitdokRequest,
} from './pokitdok-schema.js'
import type {
  DTP, GS, Header834, HD, ISA, Loop2300, Loop2320, Member, N1, NM1, PER, REF,
} from './model.js'

/**
 * The qualifier member_id travels under (2000 REF01 23, client number).
 *
 * @example
 * member.REF.find((r) => r.REF01 === MEMBER_ID_QUALIFIER)?.REF02 // the member_id
 */
export const MEMBER_ID_QUALIFIER = '23'

/** Options for {@link pokitdokToMembers}. */
export interface PokitdokToMembersOptions {
  /** ST02 transaction set control number (4–9 characters). Default `0001`. */
  readonly controlNumber?: string
  /** BGN02 reference number. Default: the control number. */
  readonly reference?: string
  /** Creation time for BGN03/BGN04 (written in UTC, BGN05 `UT`), and the "today" a birth date may not be after. Default: now. */
  readonly now?: Date
  /**
   * The delimiters the file will be written with: X12 has no escaping, so a value containing one is
   * refused here, with its JSON pointer, rather than by the writer. Default `*`, `:`, `^`, `~`.
   */
  readonly delimiters?: Delimiters
  /** Prefix for every issue's pointer (e.g. `/2` for the third request of an array). */
  readonly pointer?: string
}

/** What {@link pokitdokToMembers} returns. */
export interface PokitdokMembers {
  readonly header: Header834
  readonly members: Member[]
  /** `trading_partner_id`: the interchange receiver (ISA08/GS03) if the caller has no other. */
  readonly receiver: string | undefined
  readonly warnings: readonly PokitdokIssue[]
}

const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' }

function d8(date: string): string {
  return date.replaceAll('-', '')
}

function plainDate(x12: string | undefined): string | undefined {
  if (x12 === undefined) return undefined
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(x12)
  return m ? `${m[1]}-${m[2]}-${m[3]}` : x12
}

function codeOf(table: CodeTable, label: string | undefined): string | undefined {
  return label === undefined ? undefined : table.codeOf(label)
}

/** A code's label, or the raw code when the file uses one the guide does not list (so nothing vanishes). */
function labelOf(table: CodeTable, code: string | undefined): string | undefined {
  if (code === undefined || code === '') return undefined
  return table.labelOf(code) ?? code
}

function yesNo(flag: boolean | undefined): string | undefined {
  return flag === undefined ? undefined : flag ? 'Y' : 'N'
}

function flagOf(yn: string | undefined): boolean | undefined {
  return yn === 'Y' ? true : yn === 'N' ? false : undefined
}

/** Drops undefined fields so the model matches what the parser produces (absent, not undefined). */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}

// -----------------------------------------------------------------------------------------------
// JSON → 834

function dtp(qualifier: string, date: string | undefined): DTP | undefined {
  return date === undefined ? undefined : { DTP01: qualifier, DTP02: 'D8', DTP03: d8(date) }
}

function present<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined)
}

function party(entity: string, p: PokitdokParty): { N1: N1 } {
  return { N1: compact({ N101: entity, N102: p.name, N103: p.id_qualifier ?? 'FI', N104: p.tax_id }) }
}

function per(contact: PokitdokContact | undefined): PER | undefined {
  if (!contact) return undefined
  return compact({
    PER01: 'IP',
    PER03: codeOf(COMMUNICATION_TYPES, contact.primary_communication_type) ?? '',
    PER04: contact.primary_communication_number ?? '',
    PER05: codeOf(COMMUNICATION_TYPES, contact.communication_type2),
    PER06: contact.communication_number2,
    PER07: codeOf(COMMUNICATION_TYPES, contact.communication_type3),
    PER08: contact.communication_number3,
  })
}

function coordination(c: PokitdokCoordination): Loop2320 {
  return {
    COB: compact({
      COB01: codeOf(PAYER_RESPONSIBILITIES, c.payer_responsibility) ?? '',
      COB02: c.group_or_policy_number,
      COB03: codeOf(COB_STATUSES, c.status) ?? '',
    }),
  }
}

function coverage(b: PokitdokBenefit): Loop2300 {
  const hd: HD = compact({
    HD01: codeOf(MAINTENANCE_TYPES, b.maintenance_type) ?? '',
    HD03: codeOf(BENEFIT_TYPES, b.benefit_type) ?? '',
    HD09: yesNo(b.late_enrollment),
  })
  const loop: Loop2300 = { HD: hd, DTP: present([dtp('348', b.begin_date), dtp('349', b.end_date)]) }
  if (b.group_or_policy_number !== undefined) loop.REF = [{ REF01: '1L', REF02: b.group_or_policy_number }]
  if (b.coordination_of_benefits?.length) loop.coordination_of_benefits = b.coordination_of_benefits.map(coordination)
  return loop
}

function address(member: Member, a: PokitdokAddress | undefined): void {
  if (!a) return
  member.member_name.N3 = compact({ N301: a.line ?? '', N302: a.line2 })
  member.member_name.N4 = compact({
    N401: a.city ?? '', N402: a.state, N403: a.postal_code,
    N405: a.county === undefined ? undefined : 'CY', N406: a.county,
  })
}

/** One normalised PokitDok member → one 2000 loop. */
function toMember(m: PokitdokMember, isSubscriber: boolean): Member {
  const member: Member = {
    INS: compact({
      INS01: isSubscriber ? 'Y' : 'N',
      INS02: codeOf(RELATIONSHIPS, m.relationship) ?? '',
      INS03: codeOf(MAINTENANCE_TYPES, m.maintenance_type) ?? '',
      INS04: codeOf(MAINTENANCE_REASONS, m.maintenance_reason),
      INS05: codeOf(BENEFIT_STATUSES, m.benefit_status) ?? '',
      INS08: codeOf(EMPLOYMENT_STATUSES, m.employment_status),
      INS09: codeOf(STUDENT_STATUSES, m.student_status),
      INS10: yesNo(m.handicapped),
    }),
    REF: present<REF>([
      { REF01: '0F', REF02: m.subscriber_number ?? '' },
      m.group_or_policy_number === undefined ? undefined : { REF01: '1L', REF02: m.group_or_policy_number },
      m.member_id === undefined ? undefined : { REF01: MEMBER_ID_QUALIFIER, REF02: m.member_id },
    ]),
    member_name: {
      NM1: compact<NM1>({
        NM101: 'IL', NM102: '1', NM103: m.last_name, NM104: m.first_name, NM105: m.middle_name, NM107: m.suffix,
        NM108: m.ssn === undefined ? undefined : '34', NM109: m.ssn,
      }),
    },
  }
  const dates = present([
    dtp('356', m.eligibility_begin_date), dtp('357', m.eligibility_end_date),
    dtp('350', m.education_begin_date), dtp('351', m.education_end_date),
  ])
  if (dates.length) member.DTP = dates
  const contact = per(m.contacts?.[0])
  if (contact) member.member_name.PER = contact
  address(member, m.address)
  if (m.birth_date !== undefined) {
    member.member_name.DMG = { DMG01: 'D8', DMG02: d8(m.birth_date), DMG03: codeOf(GENDERS, m.gender) ?? '' }
  }
  const hlh = healthCode(m.tobacco_use, m.substance_abuse)
  if (hlh) member.member_name.HLH = { HLH01: hlh }
  if (m.school?.name !== undefined) member.schools = [{ NM1: { NM101: 'M8', NM102: '2', NM103: m.school.name } }]
  if (m.benefits?.length) member.health_coverages = m.benefits.map(coverage)
  return member
}

/** Refuses any string containing a delimiter, pointing at it in the request (built only on a hit). */
function delimiterIssues(request: PokitdokRequest, base: string, delimiters: Delimiters): PokitdokIssue[] {
  const out: PokitdokIssue[] = []
  const chars = Object.entries(delimiters).filter(([, d]) => d !== '')
  const any = new RegExp(`[${chars.map(([, d]) => d.replace(/[\\\]^-]/g, '\\$&')).join('')}]`)
  const path: (string | number)[] = []
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!any.test(value)) return
      const [name, d] = chars.find(([, c]) => value.includes(c)) ?? ['', '']
      out.push({ pointer: pointerTo(base, ...path), code: 'invalid-format',
        message: `contains '${d}', the file's ${name} separator (X12 has no escaping)` })
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => { path.push(i); visit(v); path.pop() })
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'source') continue
        path.push(k)
        visit(v)
        path.pop()
      }
    }
  }
  visit(request)
  return out
}

function utcStamp(now: Date): { date: string; time: string } {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  return {
    date: `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`,
    time: `${p(now.getUTCHours())}${p(now.getUTCMinutes())}`,
  }
}

/**
 * Builds the 834 header for a normalised request (ST, BGN, REF*38, 1000A, 1000B).
 *
 * @example
 * const header = pokitdokHeader(request, { controlNumber: '0001', now: new Date('2026-01-01T12:00:00Z') })
 * header.BGN.BGN08 // '2' for action 'Change'
 */
export function pokitdokHeader(request: PokitdokRequest, options: PokitdokToMembersOptions = {}): Header834 {
  const controlNumber = options.controlNumber ?? '0001'
  const stamp = utcStamp(options.now ?? new Date())
  const header: Header834 = {
    ST: { ST01: '834', ST02: controlNumber, ST03: '005010X220A1' },
    BGN: {
      BGN01: codeOf(PURPOSES, request.purpose) ?? '',
      BGN02: options.reference ?? controlNumber,
      BGN03: stamp.date,
      BGN04: stamp.time,
      BGN05: 'UT',
      BGN08: codeOf(ACTIONS, request.action) ?? '',
    },
    sponsor: party('P5', request.sponsor),
    payer: party('IN', request.payer),
  }
  if (request.master_policy_number !== undefined) header.REF = { REF01: '38', REF02: request.master_policy_number }
  return header
}

/**
 * Converts one PokitDok enrollment request (parsed JSON, not yet checked) into an 834 header and its
 * members: the subscriber's 2000 loop (unless the subscriber is only a reference, see
 * `isSubscriberSent`) followed by one per dependent. Throws a {@link PokitdokError} listing every
 * problem with its JSON pointer; returns the warnings (trimmed dates, trailing fields dropped…).
 *
 * @example
 * const { header, members, warnings } = pokitdokToMembers(JSON.parse(body), { controlNumber: '0042' })
 * members[0]?.INS.INS03 // '021' for maintenance_type 'Addition'
 */
export function pokitdokToMembers(request: unknown, options: PokitdokToMembersOptions = {}): PokitdokMembers {
  const pointer = options.pointer ?? ''
  // The file's date (BGN03) is its "today": a member born after it is refused, as the validator would.
  const { request: r, warnings } = normalizePokitdok(request, pointer, (options.now ?? new Date()).toISOString().slice(0, 10))
  const bad = delimiterIssues(r, pointer, options.delimiters ?? DEFAULT_DELIMITERS)
  if (bad.length) throw new PokitdokError(bad)
  const members: Member[] = []
  if (r.subscriber.maintenance_type !== undefined) members.push(toMember(r.subscriber, true))
  for (const d of r.dependents ?? []) members.push(toMember(d, false))
  return { header: pokitdokHeader(r, options), members, receiver: r.trading_partner_id, warnings }
}

// -----------------------------------------------------------------------------------------------
// 834 → JSON

/** The envelope around a transaction, when the caller has it (for `trading_partner_id` and `source`). */
export interface PokitdokEnvelope {
  readonly ISA?: ISA
  readonly GS?: GS
}

function partyOf(loop: { N1: N1 } | undefined): PokitdokParty {
  const n1 = loop?.N1
  const out: PokitdokParty = { tax_id: n1?.N104 ?? '' }
  if (n1?.N102 !== undefined) out.name = n1.N102
  if (n1?.N103 !== undefined && n1.N103 !== 'FI') out.id_qualifier = n1.N103
  return out
}

function dateOf(dtps: readonly DTP[] | undefined, qualifier: string): string | undefined {
  const found = dtps?.find((d) => d.DTP01 === qualifier)
  if (!found) return undefined
  // RD8 (CCYYMMDD-CCYYMMDD) is allowed on 2300 dates; the JSON has one date per qualifier: its start.
  return plainDate(found.DTP03)
}

function refOf(refs: readonly REF[] | undefined, qualifier: string): string | undefined {
  return refs?.find((r) => r.REF01 === qualifier)?.REF02
}

function benefitOf(loop: Loop2300): PokitdokBenefit {
  const b: PokitdokBenefit = compact({
    benefit_type: labelOf(BENEFIT_TYPES, loop.HD.HD03),
    maintenance_type: labelOf(MAINTENANCE_TYPES, loop.HD.HD01),
    begin_date: dateOf(loop.DTP, '348'),
    end_date: dateOf(loop.DTP, '349'),
    late_enrollment: flagOf(loop.HD.HD09),
    group_or_policy_number: refOf(loop.REF, '1L'),
  })
  const cobs = loop.coordination_of_benefits ?? []
  if (cobs.length) {
    b.coordination_of_benefits = cobs.map((c) => compact<PokitdokCoordination>({
      payer_responsibility: labelOf(PAYER_RESPONSIBILITIES, c.COB.COB01),
      status: labelOf(COB_STATUSES, c.COB.COB03),
      group_or_policy_number: c.COB.COB02,
    }))
  }
  return b
}

/**
 * One 2000 loop → one PokitDok member (the fields listed in this file's table; anything else the 834
 * carries — other REFs and DTPs, 2100B–H except the first school, 2200, 2310, HD04/HD05… — has no
 * PokitDok field and is left out).
 *
 * @example
 * memberToPokitdok(member).relationship // 'self' when INS02 is 18
 */
export function memberToPokitdok(member: Member): PokitdokMember {
  const ins = member.INS
  const name = member.member_name
  const nm1 = name.NM1
  const dmg = name.DMG
  const m: PokitdokMember = compact({
    first_name: nm1.NM104,
    middle_name: nm1.NM105,
    last_name: nm1.NM103,
    suffix: nm1.NM107,
    ssn: nm1.NM108 === '34' ? nm1.NM109 : undefined,
    member_id: refOf(member.REF, MEMBER_ID_QUALIFIER),
    subscriber_number: refOf(member.REF, '0F'),
    group_or_policy_number: refOf(member.REF, '1L'),
    relationship: ins.INS02 === '' ? undefined : relationshipLabel(ins.INS02, dmg?.DMG03) ?? ins.INS02,
    gender: labelOf(GENDERS, dmg?.DMG03),
    birth_date: plainDate(dmg?.DMG02),
    maintenance_type: labelOf(MAINTENANCE_TYPES, ins.INS03),
    maintenance_reason: labelOf(MAINTENANCE_REASONS, ins.INS04),
    benefit_status: labelOf(BENEFIT_STATUSES, ins.INS05),
    employment_status: labelOf(EMPLOYMENT_STATUSES, ins.INS08),
    student_status: labelOf(STUDENT_STATUSES, ins.INS09),
    handicapped: flagOf(ins.INS10),
    ...healthFlags(name.HLH?.HLH01),
    eligibility_begin_date: dateOf(member.DTP, '356'),
    eligibility_end_date: dateOf(member.DTP, '357'),
    education_begin_date: dateOf(member.DTP, '350'),
    education_end_date: dateOf(member.DTP, '351'),
  })
  if (name.N3 || name.N4) {
    m.address = compact({
      line: name.N3?.N301, line2: name.N3?.N302, city: name.N4?.N401, state: name.N4?.N402,
      postal_code: name.N4?.N403, county: name.N4?.N405 === 'CY' ? name.N4.N406 : undefined,
    })
  }
  if (name.PER) {
    m.contacts = [compact({
      primary_communication_type: labelOf(COMMUNICATION_TYPES, name.PER.PER03),
      primary_communication_number: name.PER.PER04 === '' ? undefined : name.PER.PER04,
      communication_type2: labelOf(COMMUNICATION_TYPES, name.PER.PER05),
      communication_number2: name.PER.PER06,
      communication_type3: labelOf(COMMUNICATION_TYPES, name.PER.PER07),
      communication_number3: name.PER.PER08,
    })]
  }
  const school = member.schools?.[0]?.NM1.NM103
  if (school !== undefined) m.school = { name: school }
  if (member.health_coverages?.length) m.benefits = member.health_coverages.map(benefitOf)
  return m
}

/**
 * The request-level fields of a transaction (everything but subscriber and dependents).
 *
 * @example
 * pokitdokRequestHeader(header).action // 'Change' for BGN08 2
 */
export function pokitdokRequestHeader(header: Header834, envelope: PokitdokEnvelope = {}):
  Omit<PokitdokRequest, 'subscriber' | 'dependents'> {
  const out: Omit<PokitdokRequest, 'subscriber' | 'dependents'> = {
    action: labelOf(ACTIONS, header.BGN.BGN08) ?? '',
    purpose: labelOf(PURPOSES, header.BGN.BGN01) ?? '',
    sponsor: partyOf(header.sponsor),
    payer: partyOf(header.payer),
  }
  if (header.REF?.REF01 === '38') out.master_policy_number = header.REF.REF02
  const receiver = envelope.GS?.GS03.trim()
  if (receiver) out.trading_partner_id = receiver
  return out
}

/**
 * Converts a transaction's members back into PokitDok requests: each subscriber (INS01 Y) with the
 * dependents that follow it under the same REF*0F. A dependent without its subscriber in the file
 * (a dependent-only change, like seed 000's second example) gets a request whose subscriber is only
 * `{ subscriber_number }`. Streams: yields each request as soon as the next subscriber starts.
 *
 * @example
 * for (const request of membersToPokitdok(header, members)) console.log(request.subscriber.subscriber_number)
 */
export function* membersToPokitdok(header: Header834, members: Iterable<Member>, envelope: PokitdokEnvelope = {}):
  Generator<PokitdokRequest> {
  const base = pokitdokRequestHeader(header, envelope)
  let current: PokitdokRequest | undefined
  for (const member of members) {
    const m = memberToPokitdok(member)
    if (member.INS.INS01 === 'Y') {
      if (current) yield current
      current = { ...base, subscriber: m, dependents: [] }
    } else if (current && current.subscriber.subscriber_number === m.subscriber_number) {
      current.dependents?.push(m)
    } else {
      if (current) yield current
      current = { ...base, subscriber: compact({ subscriber_number: m.subscriber_number }), dependents: [m] }
    }
  }
  if (current) yield current
}

/** Segments whose first element qualifies them (DTP*348, REF*0F, NM1*31…): named with it. */
const QUALIFIED = new Set(['DTP', 'REF', 'NM1', 'AMT', 'N1', 'PER', 'LUI', 'HLH'])
const ELEMENT_KEY = /^([A-Z][A-Z0-9]{1,2})(\d\d)$/

interface SegmentSeen { readonly label: string; readonly fields: Readonly<Record<string, string>>; used: boolean }

/** Every segment-shaped object (keys like `HD05`) under `value`, labelled `HD` or `DTP*348`. */
function segmentsIn(value: unknown, out: SegmentSeen[]): SegmentSeen[] {
  if (Array.isArray(value)) { for (const item of value) segmentsIn(item, out); return out }
  if (value === null || typeof value !== 'object') return out
  const fields: Record<string, string> = {}
  let id: string | undefined
  for (const [key, item] of Object.entries(value)) {
    const m = ELEMENT_KEY.exec(key)
    if (m !== null && typeof item === 'string') {
      id ??= m[1]
      if (item !== '') fields[key] = item
    } else segmentsIn(item, out)
  }
  if (id !== undefined) out.push({ label: QUALIFIED.has(id) && fields[`${id}01`] !== undefined ? `${id}*${fields[`${id}01`]}` : id, fields, used: false })
  return out
}

/**
 * What {@link memberToPokitdok} leaves out of a member, found by converting the JSON back: each
 * segment the JSON cannot carry at all (`NM1*31`, `DTP*340`) and each element of a carried segment
 * it cannot (`HD05`), once per occurrence. Empty when the JSON says everything the 834 did.
 *
 * @example
 * notCarried(member) // ['HD05', 'DTP*340']
 */
export function notCarried(member: Member): string[] {
  const back = segmentsIn(toMember(memberToPokitdok(member), member.INS.INS01 === 'Y'), [])
  const lost: string[] = []
  for (const seg of segmentsIn(member, [])) {
    const same = back.find((b) => !b.used && b.label === seg.label && Object.keys(seg.fields).every((k) => b.fields[k] === seg.fields[k]))
    if (same !== undefined) { same.used = true; continue }
    const near = back.find((b) => !b.used && b.label === seg.label)
    if (near === undefined) { lost.push(seg.label); continue }
    near.used = true
    for (const [key, item] of Object.entries(seg.fields)) if (near.fields[key] !== item) lost.push(key)
  }
  return lost
}

// The typed 834 model → OpenEnroll's domain shapes: the way back from `full-file.ts`. A family
// (a subscriber's 2000 loop and the dependents' that follow it with the same REF*0F) becomes the
// body of POST /v1/subscribers (seed 003's shape) plus its coverage, so an inbound file can be
// checked against, or loaded into, what OpenEnroll holds. Pure: no database, no clock.
import { pokitdokCodes, type Member } from '../../x12/index.js'
import type { PlainDate } from '../../shared/dates.js'

/** HD03 → OpenEnroll plan type; managed-care lines (HMO, PPO, …) are medical. Other lines have no plan type here. */
const PLAN_TYPES: Readonly<Record<string, string>> = {
  HLT: 'medical', HMO: 'medical', PPO: 'medical', EPO: 'medical', POS: 'medical', MM: 'medical',
  DEN: 'dental', DCP: 'dental', VIS: 'vision', STD: 'std', LTD: 'ltd',
}

/** HD05 → coverage tier (the levels OpenEnroll's tiers mean; the others have no tier here). */
const TIERS: Readonly<Record<string, string>> = { EMP: 'individual', IND: 'individual', ESP: 'individual_spouse', ECH: 'individual_children', FAM: 'family' }

/** INS08 → employment status. */
const STATUSES: Readonly<Record<string, string>> = { FT: 'full_time', PT: 'part_time', L1: 'leave_of_absence', RT: 'retired', TE: 'terminated', AC: 'active', AO: 'active', AU: 'active' }

/** PER03/05/07 → contact type. */
const PHONE_TYPES: Readonly<Record<string, string>> = { TE: 'phone', HP: 'home', WP: 'work', CP: 'mobile', BN: 'beeper', FX: 'fax', EX: 'extension', AP: 'alternate' }

export interface ImportedAddress {
  address_line_1: string
  address_line_2?: string
  city: string
  state: string
  zip: string
  country_code?: string
}

export interface ImportedPerson {
  /** Dependents: `<REF*0F>-<n>`, so a census election can name them in `covered_member_refs`. */
  external_identifier?: string
  first_name: string
  middle_name?: string
  last_name: string
  suffix?: string
  birth_date: PlainDate | null
  gender: 'male' | 'female' | 'unknown'
  subscriber_relationship?: string
  social_security_number?: string
  residential_address?: ImportedAddress
  phone_numbers?: { type: string; contact: string }[]
  emails?: { type: string; contact: string }[]
}

export interface ImportedCoverage {
  /** 'self', or the dependent's `external_identifier`. */
  member: string
  maintenance: string
  insurance_line: string
  plan_type: string | null
  plan_name: string | null
  coverage_tier: string | null
  start_date: PlainDate | null
  end_date: PlainDate | null
}

export interface ImportedFamily {
  /** REF*0F, as every member of the family carries it. */
  subscriber_identifier: string
  /** null when the file sends dependents without their subscriber (a change file may). */
  subscriber: (ImportedPerson & { employment_details?: { start_date: PlainDate | null; status: string } }) | null
  dependents: ImportedPerson[]
  coverages: ImportedCoverage[]
}

const iso = (d8: string | undefined): PlainDate | null => (d8 !== undefined && /^\d{8}$/.test(d8) ? `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6, 8)}` : null)
const dateOf = (dates: readonly { DTP01: string; DTP03: string }[] | undefined, qualifier: string): PlainDate | null => iso(dates?.find((d) => d.DTP01 === qualifier)?.DTP03)

function personOf(m: Member, ref: string | undefined): ImportedPerson {
  const nm1 = m.member_name.NM1
  const dmg = m.member_name.DMG
  const gender = dmg?.DMG03 === 'M' ? 'male' : dmg?.DMG03 === 'F' ? 'female' : 'unknown'
  const person: ImportedPerson = { first_name: nm1.NM104 ?? '', last_name: nm1.NM103 ?? '', birth_date: iso(dmg?.DMG02), gender }
  if (ref !== undefined) person.external_identifier = ref
  if (nm1.NM105) person.middle_name = nm1.NM105
  if (nm1.NM107) person.suffix = nm1.NM107
  if (m.INS.INS01 !== 'Y') person.subscriber_relationship = pokitdokCodes.relationshipLabel(m.INS.INS02, dmg?.DMG03) ?? 'other_relationship'
  if (nm1.NM108 === '34' && nm1.NM109) person.social_security_number = nm1.NM109
  const n3 = m.member_name.N3
  const n4 = m.member_name.N4
  if (n3 && n4) {
    const zip = n4.N403 ?? ''
    person.residential_address = {
      address_line_1: n3.N301, ...(n3.N302 ? { address_line_2: n3.N302 } : {}), city: n4.N401 ?? '', state: n4.N402 ?? '',
      zip: zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip, ...(n4.N404 ? { country_code: n4.N404 } : {}),
    }
  }
  const per = m.member_name.PER
  if (per) {
    for (const [q, v] of [[per.PER03, per.PER04], [per.PER05, per.PER06], [per.PER07, per.PER08]] as const) {
      if (!q || !v) continue
      if (q === 'EM') (person.emails ??= []).push({ type: 'email', contact: v })
      else (person.phone_numbers ??= []).push({ type: PHONE_TYPES[q] ?? 'phone', contact: v })
    }
  }
  return person
}

function coveragesOf(m: Member, who: string): ImportedCoverage[] {
  return (m.health_coverages ?? []).map((c) => ({
    member: who, maintenance: c.HD.HD01, insurance_line: c.HD.HD03, plan_type: PLAN_TYPES[c.HD.HD03] ?? null,
    plan_name: c.HD.HD04 ?? null, coverage_tier: c.HD.HD05 === undefined ? null : TIERS[c.HD.HD05] ?? null,
    start_date: dateOf(c.DTP, '348'), end_date: dateOf(c.DTP, '349'),
  }))
}

/** A 2000 loop, alone or with the transaction it was read in (read834's `{ member, context }`). */
export type FamilyInput = Member | { readonly member: Member; readonly context: unknown }

/**
 * Groups a stream of 2000 loops into families as 834s send them: a subscriber (INS01 Y) and the
 * dependents after it, as the validator reads them (a dependent whose REF*0F differs from its
 * subscriber's is a warning there, not another family: files that give every member their own
 * REF*0F, pyx12's sample among them, still list dependents after their subscriber; such a REF*0F
 * becomes the dependent's `external_identifier`). Dependents with no subscriber before them (a
 * change file adding a child) form a family of their own per REF*0F, with `subscriber: null`.
 * Streams: one family is held at a time.
 */
export async function* importFamilies(members: AsyncIterable<FamilyInput> | Iterable<FamilyInput>): AsyncGenerator<ImportedFamily> {
  let family: ImportedFamily | undefined
  let where: unknown
  for await (const item of members) {
    // A member read with its transaction (read834's records): a family never spans two ST … SE.
    const m = 'member' in item ? item.member : item
    const context = 'member' in item ? item.context : undefined
    const sameTransaction = context === where
    where = context
    const ref = m.REF.find((r) => r.REF01 === '0F')?.REF02 ?? ''
    const joins = family !== undefined && sameTransaction && (family.subscriber !== null || family.subscriber_identifier === ref)
    if (m.INS.INS01 === 'Y' || family === undefined || !joins) {
      if (family !== undefined) yield family
      family = { subscriber_identifier: ref, subscriber: null, dependents: [], coverages: [] }
    }
    if (m.INS.INS01 === 'Y') {
      const status = m.INS.INS08 === undefined ? undefined : STATUSES[m.INS.INS08] ?? 'active'
      const hired = dateOf(m.DTP, '336')
      family.subscriber = { ...personOf(m, undefined), ...(status !== undefined || hired !== null ? { employment_details: { start_date: hired, status: status ?? 'active' } } : {}) }
      family.coverages.push(...coveragesOf(m, 'self'))
    } else {
      const n = family.dependents.length + 1
      const id = ref !== family.subscriber_identifier && ref !== '' ? ref : family.subscriber_identifier === '' ? `dependent-${n}` : `${family.subscriber_identifier}-${n}`
      family.dependents.push(personOf(m, id))
      family.coverages.push(...coveragesOf(m, id))
    }
  }
  if (family !== undefined) yield family
}

/**
 * PokitDok enrollment labels ⇄ 005010X220A1 codes.
 *
 * Every table lists the seed's labels (PokitDok "Validation Codes", seed 000) first, spelled as the
 * seed spells them, then, where the implementation guide allows codes PokitDok never named, the
 * guide's own name for them, so that any 834 we can read converts to JSON and back without losing
 * the code. Each code was checked against the element's `codes` in `shared/x12/834_005010X220A1.json`.
 *
 * Matching is forgiving about spelling only: case, and runs of space / `_` / `-` / punctuation are
 * ignored, so `full_time`, `Full-time` and `FULL TIME` are the same label. Bare X12 codes are not
 * accepted as labels: `"01"` would be ambiguous between tables and hides typos.
 */

/** One label ⇄ code pair. `aliases` are extra spellings accepted on input, never produced. */
export interface CodeEntry {
  readonly label: string
  readonly code: string
  readonly aliases?: readonly string[]
}

/** A label ⇄ code table for one X12 element. */
export interface CodeTable {
  /** The JSON field this table serves, e.g. `maintenance_type`. */
  readonly field: string
  /** The element it fills, e.g. `INS03/HD01`. */
  readonly element: string
  /** All entries in the seed's order; the first entry for a code is that code's label on output. */
  readonly entries: readonly CodeEntry[]
  /** Labels (canonical spelling) in table order, for "allowed values" messages. */
  readonly labels: readonly string[]
  /** Looks up a label in any accepted spelling. */
  codeOf(label: string): string | undefined
  /** The canonical label of an entry matched by `codeOf`, in the seed's spelling. */
  canonicalLabel(label: string): string | undefined
  /** The label a code converts back to (the first entry carrying it), or undefined for an unknown code. */
  labelOf(code: string): string | undefined
}

/**
 * The spelling-insensitive key labels are compared by: lower case, every run of characters that are
 * not letters or digits collapsed to one space, trimmed.
 *
 * @example
 * labelKey('Full-time') === labelKey('full_time') // true: both are 'full time'
 */
export function labelKey(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()
}

function table(field: string, element: string, entries: readonly CodeEntry[]): CodeTable {
  const byKey = new Map<string, CodeEntry>()
  const byCode = new Map<string, string>()
  for (const entry of entries) {
    for (const spelling of [entry.label, ...(entry.aliases ?? [])]) {
      const key = labelKey(spelling)
      const seen = byKey.get(key)
      if (seen && seen !== entry) throw new Error(`${field}: '${spelling}' collides with '${seen.label}'`)
      byKey.set(key, entry)
    }
    if (!byCode.has(entry.code)) byCode.set(entry.code, entry.label)
  }
  // Most input spells labels exactly as the seed does: look that up before normalising the spelling.
  const exact = new Map(entries.map((e) => [e.label, e]))
  const find = (label: string): CodeEntry | undefined => exact.get(label) ?? byKey.get(labelKey(label))
  return {
    field,
    element,
    entries,
    labels: entries.map((e) => e.label),
    codeOf: (label) => find(label)?.code,
    canonicalLabel: (label) => find(label)?.label,
    labelOf: (code) => byCode.get(code),
  }
}

/**
 * `relationship` → INS02 (Individual Relationship Code). All 39 seed labels; the guide has 29 codes,
 * so several labels share one (father/mother → 03, …).
 *
 * Reverse rule (see {@link relationshipLabel}): a shared code reads back as the label matching the
 * member's DMG03 gender (M → the male label, F → the female label); with no gender or `U` it reads back
 * as the label the seed lists first. So JSON → 834 → JSON keeps `mother` when the mother's gender is
 * `Female`, and the 834 never carries more than that.
 *
 * @example
 * RELATIONSHIPS.codeOf('Adopted Child') // '09'
 * RELATIONSHIPS.labelOf('G9') // 'other_relative'
 */
export const RELATIONSHIPS = table('relationship', 'INS02', [
  { label: 'spouse', code: '01' },
  { label: 'father', code: '03' },
  { label: 'mother', code: '03' },
  { label: 'grandfather', code: '04' },
  { label: 'grandmother', code: '04' },
  { label: 'grandson', code: '05' },
  { label: 'granddaughter', code: '05' },
  { label: 'aunt', code: '06' },
  { label: 'uncle', code: '06' },
  { label: 'nephew', code: '07' },
  { label: 'niece', code: '07' },
  { label: 'cousin', code: '08' },
  { label: 'adopted_child', code: '09' },
  { label: 'foster_child', code: '10' },
  { label: 'son_in_law', code: '11' },
  { label: 'daughter_in_law', code: '11' },
  { label: 'brother_in_law', code: '12' },
  { label: 'sister_in_law', code: '12' },
  { label: 'mother_in_law', code: '13' },
  { label: 'father_in_law', code: '13' },
  { label: 'brother', code: '14' },
  { label: 'sister', code: '14' },
  { label: 'ward', code: '15' },
  { label: 'step_parent', code: '16', aliases: ['stepparent'] },
  { label: 'step_son', code: '17', aliases: ['stepson'] },
  { label: 'step_daughter', code: '17', aliases: ['stepdaughter'] },
  { label: 'self', code: '18' },
  { label: 'child', code: '19' },
  { label: 'sponsored_dependent', code: '23' },
  { label: 'dependent_of_minor_dependent', code: '24' },
  { label: 'ex_spouse', code: '25' },
  { label: 'guardian', code: '26' },
  { label: 'court_appointed_guardian', code: '31' },
  { label: 'collateral_dependent', code: '38' },
  { label: 'life_partner', code: '53' },
  { label: 'annuitant', code: '60' },
  { label: 'trustee', code: 'D2' },
  { label: 'other_relationship', code: 'G8' },
  { label: 'other_relative', code: 'G9' },
])

/** Codes shared by a male and a female label: the reverse direction picks by DMG03. */
const GENDERED_RELATIONSHIPS: Readonly<Record<string, { readonly M: string; readonly F: string }>> = {
  '03': { M: 'father', F: 'mother' },
  '04': { M: 'grandfather', F: 'grandmother' },
  '05': { M: 'grandson', F: 'granddaughter' },
  '06': { M: 'uncle', F: 'aunt' },
  '07': { M: 'nephew', F: 'niece' },
  '11': { M: 'son_in_law', F: 'daughter_in_law' },
  '12': { M: 'brother_in_law', F: 'sister_in_law' },
  '13': { M: 'father_in_law', F: 'mother_in_law' },
  '14': { M: 'brother', F: 'sister' },
  '17': { M: 'step_son', F: 'step_daughter' },
}

/**
 * The relationship label an INS02 code reads back as, given the member's DMG03 gender code.
 *
 * @example
 * relationshipLabel('03', 'F') // 'mother'
 * relationshipLabel('03', undefined) // 'father' (the seed lists it first)
 * relationshipLabel('19', 'M') // 'child'
 */
export function relationshipLabel(code: string, genderCode: string | undefined): string | undefined {
  const pair = GENDERED_RELATIONSHIPS[code]
  if (pair && (genderCode === 'M' || genderCode === 'F')) return pair[genderCode]
  return RELATIONSHIPS.labelOf(code)
}

/** `gender` → DMG03. */
export const GENDERS = table('gender', 'DMG03', [
  { label: 'Female', code: 'F' },
  { label: 'Male', code: 'M' },
  { label: 'Unknown', code: 'U' },
])

/**
 * `maintenance_type` → INS03 (member) and HD01 (benefit). The guide allows only 001, 021, 024, 025
 * and 030 in INS03; 002 Delete, 026 Correction and 032 Employee Information Not Applicable are
 * HD01-only (see {@link INS03_CODES}).
 *
 * @example
 * MAINTENANCE_TYPES.codeOf('cancellation_or_termination') // '024'
 * INS03_CODES.has(MAINTENANCE_TYPES.codeOf('Correction') ?? '') // false: HD01 only
 */
export const MAINTENANCE_TYPES = table('maintenance_type', 'INS03/HD01', [
  { label: 'Change', code: '001' },
  { label: 'Delete', code: '002' },
  { label: 'Addition', code: '021' },
  { label: 'Cancellation or Termination', code: '024', aliases: ['Cancellation', 'Termination'] },
  { label: 'Reinstatement', code: '025' },
  { label: 'Correction', code: '026' },
  { label: 'Audit or Compare', code: '030' },
  { label: 'Employee Information Not Applicable', code: '032' },
])

/** INS03 codes 005010X220A1 allows (the rest of {@link MAINTENANCE_TYPES} is HD01-only). */
export const INS03_CODES: ReadonlySet<string> = new Set(['001', '021', '024', '025', '030'])

/**
 * `maintenance_reason` → INS04. The 34 seed labels, then the guide's other INS04 codes (PCP-change
 * reasons AA–AJ, AL, EC, XN, XT) under the guide's names, so files using them read back losslessly.
 */
export const MAINTENANCE_REASONS = table('maintenance_reason', 'INS04', [
  { label: 'Divorce', code: '01' },
  { label: 'Birth', code: '02' },
  { label: 'Death', code: '03' },
  { label: 'Retirement', code: '04' },
  { label: 'Adoption', code: '05' },
  { label: 'Strike', code: '06' },
  { label: 'Termination of Benefits', code: '07' },
  { label: 'Termination of Employment', code: '08' },
  { label: 'Consolidation Omnibus Budget Reconciliation Act (COBRA)', code: '09', aliases: ['COBRA'] },
  {
    label: 'Consolidation Omnibus Budget Reconciliation Act (COBRA) Premium Paid',
    code: '10',
    aliases: ['COBRA Premium Paid'],
  },
  { label: 'Surviving Spouse', code: '11' },
  { label: 'Voluntary Withdrawal', code: '14' },
  { label: 'Primary Care Provider (PCP) Change', code: '15', aliases: ['PCP Change'] },
  { label: 'Quit', code: '16' },
  { label: 'Fired', code: '17' },
  { label: 'Suspended', code: '18' },
  { label: 'Active', code: '20' },
  { label: 'Disability', code: '21' },
  { label: 'Plan Change', code: '22' },
  { label: 'Change in Identifying Data Elements', code: '25' },
  { label: 'Declined Coverage', code: '26' },
  { label: 'Pre-Enrollment', code: '27' },
  { label: 'Initial Enrollment', code: '28' },
  { label: 'Benefit Selection', code: '29' },
  { label: 'Legal Separation', code: '31' },
  { label: 'Marriage', code: '32' },
  { label: 'Personnel Data', code: '33' },
  { label: 'Leave of Absence with Benefits', code: '37' },
  { label: 'Leave of Absence without Benefits', code: '38' },
  { label: 'Lay Off with Benefits', code: '39' },
  { label: 'Lay Off without Benefits', code: '40' },
  { label: 'Re-enrollment', code: '41' },
  { label: 'Change of Location', code: '43' },
  { label: 'Non Payment', code: '59' },
  { label: 'Dissatisfaction with Office Staff', code: 'AA' },
  { label: 'Dissatisfaction with Medical Care/Services Rendered', code: 'AB' },
  { label: 'Inconvenient Office Location', code: 'AC' },
  { label: 'Dissatisfaction with Office Hours', code: 'AD' },
  { label: 'Unable to Schedule Appointments in a Timely Manner', code: 'AE' },
  { label: "Dissatisfaction with Physician's Referral Policy", code: 'AF' },
  { label: 'Less Respect and Attention Time Given than to Other Patients', code: 'AG' },
  { label: 'Patient Moved to a New Location', code: 'AH' },
  { label: 'No Reason Given', code: 'AI' },
  { label: 'Appointment Times not Met in a Timely Manner', code: 'AJ' },
  { label: 'Algorithm Assigned Benefit Selection', code: 'AL' },
  { label: 'Member Benefit Selection', code: 'EC' },
  { label: 'Notification Only', code: 'XN' },
  { label: 'Transfer', code: 'XT' },
])

/** `benefit_status` → INS05. */
export const BENEFIT_STATUSES = table('benefit_status', 'INS05', [
  { label: 'Active', code: 'A' },
  { label: 'Consolidated Omnibus Budget Reconciliation Act (COBRA)', code: 'C', aliases: ['COBRA'] },
  { label: 'Surviving Insured', code: 'S' },
  { label: 'Tax Equity and Fiscal Responsibility Act (TEFRA)', code: 'T', aliases: ['TEFRA'] },
])

/** `employment_status` → INS08. */
export const EMPLOYMENT_STATUSES = table('employment_status', 'INS08', [
  { label: 'Active', code: 'AC' },
  { label: 'Active Military - Overseas', code: 'AO' },
  { label: 'Active Military - USA', code: 'AU' },
  { label: 'Full-time', code: 'FT' },
  { label: 'Leave of Absence', code: 'L1' },
  { label: 'Part-time', code: 'PT' },
  { label: 'Retired', code: 'RT' },
  { label: 'Terminated', code: 'TE' },
])

/** `student_status` → INS09 (the seed's example uses `Full-time`; the other two are the guide's). */
export const STUDENT_STATUSES = table('student_status', 'INS09', [
  { label: 'Full-time', code: 'F' },
  { label: 'Part-time', code: 'P' },
  { label: 'Not a Student', code: 'N' },
])

/** Contact `*_communication_type` → 2100A PER03/PER05/PER07. */
export const COMMUNICATION_TYPES = table('communication_type', 'PER03/PER05/PER07', [
  { label: 'Electronic Mail', code: 'EM', aliases: ['Email', 'E-mail'] },
  { label: 'Telephone Extension', code: 'EX' },
  { label: 'Facsimile', code: 'FX', aliases: ['Fax'] },
  { label: 'Telephone', code: 'TE' },
  { label: 'Home Phone Number', code: 'HP' },
  { label: 'Work Phone Number', code: 'WP' },
  { label: 'Cellular Phone', code: 'CP' },
  { label: 'Beeper Number', code: 'BN' },
  { label: 'Alternate Telephone', code: 'AP' },
])

/**
 * `benefit_type` → HD03 (Insurance Line Code): the 22 codes 005010X220A1 allows, under the code
 * list's names. Life and AD&D have no HD03 code in this guide, so they are rejected, not guessed.
 */
export const BENEFIT_TYPES = table('benefit_type', 'HD03', [
  { label: 'Health', code: 'HLT' },
  { label: 'Dental', code: 'DEN' },
  { label: 'Vision', code: 'VIS' },
  { label: 'Preventative Care/Wellness', code: 'AG', aliases: ['Preventive Care/Wellness', 'Wellness'] },
  { label: '24 Hour Care', code: 'AH' },
  { label: 'Medicare Risk', code: 'AJ' },
  { label: 'Mental Health', code: 'AK' },
  { label: 'Dental Capitation', code: 'DCP' },
  { label: 'Exclusive Provider Organization', code: 'EPO', aliases: ['EPO'] },
  { label: 'Facility', code: 'FAC' },
  { label: 'Hearing', code: 'HE' },
  { label: 'Health Maintenance Organization', code: 'HMO', aliases: ['HMO'] },
  { label: 'Long-Term Care', code: 'LTC' },
  { label: 'Long-Term Disability', code: 'LTD' },
  { label: 'Major Medical', code: 'MM' },
  { label: 'Mail Order Drug', code: 'MOD' },
  { label: 'Prescription Drug', code: 'PDG', aliases: ['Drug'] },
  { label: 'Point of Service', code: 'POS', aliases: ['POS'] },
  { label: 'Preferred Provider Organization', code: 'PPO', aliases: ['PPO'] },
  { label: 'Practitioners', code: 'PRA' },
  { label: 'Short-Term Disability', code: 'STD' },
  { label: 'Utilization Review', code: 'UR' },
])

/**
 * `purpose` → BGN01. 005010X220A1 allows only 00, 15 and 22 (no 01 Cancellation: an 834 cancels
 * coverage with INS03/HD01 024, not by cancelling the transaction).
 */
export const PURPOSES = table('purpose', 'BGN01', [
  { label: 'Original', code: '00' },
  { label: 'Re-Submission', code: '15', aliases: ['Resubmission'] },
  { label: 'Information Copy', code: '22' },
])

/** `action` → BGN08: 2 change (update) file, 4 verify (full file), RX replace. */
export const ACTIONS = table('action', 'BGN08', [
  { label: 'Change', code: '2', aliases: ['Update', 'Change (Update)'] },
  { label: 'Verify', code: '4', aliases: ['Full File'] },
  { label: 'Replace', code: 'RX' },
])

/** Coordination of benefits `payer_responsibility` → COB01. */
export const PAYER_RESPONSIBILITIES = table('payer_responsibility', 'COB01', [
  { label: 'Primary', code: 'P' },
  { label: 'Secondary', code: 'S' },
  { label: 'Tertiary', code: 'T' },
  { label: 'Unknown', code: 'U' },
])

/** Coordination of benefits `status` → COB03. */
export const COB_STATUSES = table('status', 'COB03', [
  { label: 'Coordination of Benefits', code: '1' },
  { label: 'Unknown', code: '5' },
  { label: 'No Coordination of Benefits', code: '6' },
])

/** Every table, for documentation and the exhaustiveness tests. */
export const CODE_TABLES: readonly CodeTable[] = [
  RELATIONSHIPS,
  GENDERS,
  MAINTENANCE_TYPES,
  MAINTENANCE_REASONS,
  BENEFIT_STATUSES,
  EMPLOYMENT_STATUSES,
  STUDENT_STATUSES,
  COMMUNICATION_TYPES,
  BENEFIT_TYPES,
  PURPOSES,
  ACTIONS,
  PAYER_RESPONSIBILITIES,
  COB_STATUSES,
]

/**
 * `tobacco_use` / `substance_abuse` ⇄ HLH01 (Health Related Code): N none, S substance abuse,
 * T tobacco use, X both, U unknown. Neither flag given → no HLH segment; one given → the other
 * counts as false. HLH01 `U` reads back as neither flag (JSON has no "unknown" boolean).
 *
 * @example
 * healthCode(true, undefined) // 'T'
 * healthFlags('X') // { tobacco_use: true, substance_abuse: true }
 */
export function healthCode(tobaccoUse: boolean | undefined, substanceAbuse: boolean | undefined): string | undefined {
  if (tobaccoUse === undefined && substanceAbuse === undefined) return undefined
  if (tobaccoUse && substanceAbuse) return 'X'
  if (tobaccoUse) return 'T'
  if (substanceAbuse) return 'S'
  return 'N'
}

/** The reverse of {@link healthCode}. */
export function healthFlags(code: string | undefined): { tobacco_use?: boolean; substance_abuse?: boolean } {
  switch (code) {
    case 'N': return { tobacco_use: false, substance_abuse: false }
    case 'S': return { tobacco_use: false, substance_abuse: true }
    case 'T': return { tobacco_use: true, substance_abuse: false }
    case 'X': return { tobacco_use: true, substance_abuse: true }
    default: return {}
  }
}

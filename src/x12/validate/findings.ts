/*
 * Findings: what the validator reports, and the catalogue of stable finding codes with the 999/TA1
 * codes each one maps to (005010X231A1 IK304 / IK403 / IK502 / AK905, TA1 TA105).
 */

/** Where a finding points. Data fields are snake_case like the rest of the wire formats. */
export interface FindingLocation {
  /** Interchange control number (ISA13) of the enclosing interchange. */
  readonly isa13?: string
  /** Group control number (GS06). */
  readonly gs06?: string
  /** Transaction set control number (ST02). */
  readonly st02?: string
  /** 0-based index of the segment in the input. */
  readonly segment_index: number
  readonly segment_id: string
  readonly line: number
  readonly offset: number
  /** Loop path inside the transaction set, e.g. `2000/2300`; `HEADER` for BGN/REF/DTP/QTY; '' for envelope segments. */
  readonly loop_path: string
  /** Element reference, e.g. `INS03`. */
  readonly element?: string
  /** 1-based component position within a composite element. */
  readonly component?: number
  /** 1-based occurrence of a repeated element (`DMG05` written `H:RET^A:RET`), when the value holds repetitions. */
  readonly repetition?: number
}

/** What a 999 (or TA1) needs to report a finding. */
export interface AckPointer {
  /** Which 999/TA1 structure carries the finding. */
  readonly level: 'interchange' | 'group' | 'transaction' | 'segment'
  /** IK302: position of the segment within the transaction set (ST = 1). */
  readonly segment_position?: number
  /** IK303: loop id, e.g. `2300`. */
  readonly loop_id?: string
  /** IK304 segment syntax error code. */
  readonly ik304?: string
  /** IK401-01: element position in the segment. */
  readonly element_position?: number
  /** IK401-02: component position in the composite. */
  readonly component_position?: number
  /** IK401-03: position of the occurrence within a repeated element. */
  readonly repetition_position?: number
  /** IK402: data element reference number. */
  readonly data_element?: string
  /** IK403 element syntax error code. */
  readonly ik403?: string
  /** IK404: copy of the bad value (absent for missing elements). */
  readonly bad_value?: string
  /** IK502 transaction set syntax error code. */
  readonly ik502?: string
  /** AK905 functional group syntax error code. */
  readonly ak905?: string
  /** TA105 interchange note code. */
  readonly ta105?: string
  /** 0-based ordinals of the interchange / group / transaction set in the validation result. */
  readonly interchange?: number
  readonly group?: number
  readonly transaction?: number
}

export type Severity = 'error' | 'warning'

/** One problem found in the input. `code` is stable (switch on it); `message` is for people. */
export interface Finding {
  readonly code: string
  readonly severity: Severity
  readonly message: string
  readonly location: FindingLocation
  readonly ack: AckPointer
}

/** Catalogue entry: severity, the ack level and codes a finding maps to, and what it means. */
export interface CodeInfo {
  readonly severity: Severity
  readonly level: AckPointer['level']
  readonly ik304?: string
  readonly ik403?: string
  readonly ik502?: string
  readonly ak905?: string
  readonly ta105?: string
  readonly description: string
}

function seg(ik304: string, description: string, severity: Severity = 'error'): CodeInfo {
  return { severity, level: 'segment', ik304, description }
}
function el(ik403: string, description: string, severity: Severity = 'error'): CodeInfo {
  return { severity, level: 'segment', ik304: '8', ik403, description }
}

/**
 * Every finding code the validator can emit. Structural codes apply to any map (834 and 999);
 * the 834 business-rule codes come from the 005010X220A1 implementation guide notes and the CMS
 * FFE companion guide (see /work/shared/x12/README.md).
 *
 * @example
 * FINDING_CODES['ins02-subscriber-not-self'].ik403 // 'I6'
 */
export const FINDING_CODES = {
  // interchange envelope (TA1)
  'isa-not-fixed-width': { severity: 'error', level: 'interchange', ta105: '024', description: 'ISA is not the fixed-width 106-character header' },
  'isa13-iea02-mismatch': { severity: 'error', level: 'interchange', ta105: '001', description: 'interchange control number in ISA13 and IEA02 differ' },
  'iea01-group-count': { severity: 'error', level: 'interchange', ta105: '021', description: 'IEA01 does not equal the number of functional groups' },
  'iea-missing': { severity: 'error', level: 'interchange', ta105: '023', description: 'the interchange has no IEA trailer' },
  'isa13-duplicate': { severity: 'error', level: 'interchange', ta105: '025', description: 'interchange control number repeated in the file' },
  'interchange-invalid-structure': { severity: 'error', level: 'interchange', ta105: '022', description: 'segment outside the ISA/GS/ST control structure' },
  'isa11-not-a-separator': { severity: 'warning', level: 'interchange', description: 'ISA11 holds a letter or digit (the 00401 standards identifier U) where 00501 declares the repetition separator' },
  'tokenizer-error': { severity: 'error', level: 'interchange', ta105: '022', description: 'the input could not be read as X12' },
  // functional group envelope (AK9)
  'gs06-ge02-mismatch': { severity: 'error', level: 'group', ak905: '4', description: 'group control number in GS06 and GE02 differ' },
  'ge01-transaction-count': { severity: 'error', level: 'group', ak905: '5', description: 'GE01 does not equal the number of transaction sets' },
  'ge-missing': { severity: 'error', level: 'group', ak905: '3', description: 'the functional group has no GE trailer' },
  'gs06-duplicate': { severity: 'error', level: 'group', ak905: '19', description: 'group control number repeated in the interchange' },
  // transaction set envelope (IK5)
  'st02-se02-mismatch': { severity: 'error', level: 'transaction', ik502: '3', description: 'transaction set control number in ST02 and SE02 differ' },
  'se01-segment-count': { severity: 'error', level: 'transaction', ik502: '4', description: 'SE01 does not equal the number of segments ST..SE' },
  'se-missing': { severity: 'error', level: 'transaction', ik502: '2', description: 'the transaction set has no SE trailer' },
  'st02-duplicate': { severity: 'error', level: 'transaction', ik502: '23', description: 'transaction set control number repeated in the group' },
  // segments (IK3)
  'segment-unrecognized': seg('1', 'segment id not defined in the map'),
  'segment-unexpected': seg('2', 'segment not allowed at this point of the transaction set'),
  'segment-required-missing': seg('3', 'a required segment is missing'),
  'loop-exceeds-max': seg('4', 'loop occurs more often than the map allows'),
  'segment-exceeds-max-use': seg('5', 'segment repeats more often than the map allows'),
  'segment-trailing-separators': seg('8', 'segment ends with an element separator: X12 leaves trailing empty elements out'),
  'element-trailing-separators': seg('8', 'a composite or repeated element ends with a component or repetition separator: X12 leaves trailing empty components and repetitions out'),
  'segment-out-of-order': seg('7', 'segment not in the order the map defines'),
  'segment-not-used': seg('I4', 'segment the implementation guide marks "not used" is present'),
  'segment-stray-text': seg('1', 'text that is not a segment stands on a line before a segment and joined its id (a line of junk between segments); the segment is read without it'),
  'segment-leading-whitespace': seg('8', 'segment starts with whitespace (a line break after the terminator is fine, a space is not)'),
  // elements (IK4)
  'element-required-missing': el('1', 'required data element missing'),
  'element-conditional-missing': el('2', 'conditionally required data element missing (X12 syntax rule P/R/C/L)'),
  'element-too-many': el('3', 'more data elements than the segment defines'),
  'element-too-short': el('4', 'data element shorter than its minimum length'),
  'element-too-long': el('5', 'data element longer than its maximum length'),
  'element-invalid-character': el('6', 'invalid character for the data type'),
  'element-invalid-code': el('7', 'code value not allowed here'),
  'element-invalid-date': el('8', 'not a valid calendar date'),
  'element-invalid-time': el('9', 'not a valid time'),
  'element-exclusion-violated': el('10', 'mutually exclusive data elements both present (X12 syntax rule E)'),
  'element-too-many-components': el('13', 'more components than the composite defines'),
  'element-too-many-repetitions': el('12', 'an element repeated (split by the ISA11 repetition separator) more often than it may, or one that does not repeat'),
  'element-not-used': el('I10', 'data element the implementation guide marks "not used" is present'),
  'element-trailing-spaces': el('6', 'variable-length value padded with trailing spaces', 'warning'),
  // 834 business rules (005010X220A1 notes, CMS FFE companion guide)
  'ins02-subscriber-not-self': el('I6', 'INS01=Y (subscriber) requires INS02=18 (self)'),
  'ins02-dependent-is-self': el('I6', 'INS01=N (dependent) cannot have INS02=18 (self)'),
  'full-file-ins03-not-030': el('I6', 'a full file (BGN08=4) must carry INS03=030 (audit) on every member'),
  'full-file-hd01-not-030': el('I6', 'a full file (BGN08=4) must carry HD01=030 (audit) on every coverage'),
  'change-file-ins03-invalid': el('I6', 'a change file (BGN08=2) sends INS03 001, 021, 024 or 025, not 030'),
  'hd01-invalid-code': el('7', 'HD01 maintenance type not in 001, 002, 021, 024, 025, 026, 030, 032'),
  'ins03-invalid-code': el('7', 'INS03 maintenance type not in 001, 021, 024, 025, 030'),
  'termination-missing-dtp-357': seg('I6', 'INS03=024 (termination) without DTP*357 eligibility end date', 'warning'),
  'hd-termination-missing-dtp-349': seg('I6', 'HD01=024 (coverage termination) without DTP*349 coverage end date', 'warning'),
  'hd-addition-missing-dtp-348': seg('I6', 'HD01=021 (addition) or 025 (reinstatement) without DTP*348 benefit begin date', 'warning'),
  'change-file-hd01-audit': el('I6', 'a change file (BGN08=2) sends HD01=030 (audit), which belongs to full files (BGN08=4)', 'warning'),
  'ins05-tefra-on-termination': el('I12', 'INS05=T means TEFRA, not "terminated"; a termination keeps the member\'s benefit status (usually A)', 'warning'),
  'address-change-hint': el('I12', 'INS04=43 (change of location) belongs on INS03=001 with the new 2100A N3/N4 address', 'warning'),
  'date-format-not-allowed': el('7', 'RD8 date ranges are allowed only for 2300 HD dates and 2750 reporting dates; use D8'),
  'date-invalid': el('8', 'date does not match its format qualifier or is not a calendar date'),
  'date-range-reversed': el('8', 'RD8 range starts after it ends'),
  'birth-date-in-future': el('8', 'DMG02 birth date is after today'),
  'coverage-end-before-begin': el('8', 'DTP*349 coverage end is before DTP*348 coverage begin in the same 2300'),
  'eligibility-end-before-begin': el('8', 'DTP*357 eligibility end is before DTP*356 eligibility begin of the same member'),
  'member-missing-ref-0f': seg('3', 'every 2000 member loop needs REF*0F (subscriber identifier)'),
  'dependent-subscriber-mismatch': el('I12', "dependent's REF*0F differs from the preceding subscriber's: dependents must follow their own subscriber", 'warning'),
  'dependent-without-subscriber': seg('I6', 'dependent with no preceding subscriber in the transaction set', 'warning'),
  'member-name-qualifier': el('7', '2100A NM101 must be IL (member) or 74 (corrected member)'),
  'member-id-qualifier': el('7', '2100A NM108 must be 34 (SSN) or ZZ (mutually defined)'),
  'qty-total-mismatch': el('I12', 'header QTY total does not match the members counted in the transaction set'),
  // 999 consistency (005010X231A1)
  'ak9-count-mismatch': el('I12', 'AK9 received/accepted counts disagree with the AK2/IK5 loops'),
  'ak9-status-mismatch': el('I12', 'AK901 (A/E/P/R) disagrees with the accepted and received counts'),
  'ik5-status-mismatch': el('I12', 'IK5*A on a transaction set that has IK3 segment errors'),
  // validator bookkeeping
  'too-many-findings': { severity: 'warning', level: 'interchange', description: 'finding limit reached; later findings were not recorded' },
} as const satisfies Record<string, CodeInfo>

/** A finding code from {@link FINDING_CODES}. */
export type FindingCode = keyof typeof FINDING_CODES

/**
 * Catalogue entry of a finding code (severity, 999/TA1 mapping, description).
 *
 * @example
 * findingInfo('se01-segment-count').ik502 // '4'
 */
export function findingInfo(code: FindingCode): CodeInfo {
  return FINDING_CODES[code]
}

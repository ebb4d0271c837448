import {
  ACTIONS, BENEFIT_STATUSES, BENEFIT_TYPES, COB_STATUSES, COMMUNICATION_TYPES, EMPLOYMENT_STATUSES, GENDERS,
  INS03_CODES, MAINTENANCE_REASONS, MAINTENANCE_TYPES, PAYER_RESPONSIBILITIES, PURPOSES, RELATIONSHIPS,
  STUDENT_STATUSES, type CodeTable,
} from './pokitdok-codes.js'
import { pointerTo, type PokitdokIssue } from './pokitdok-issues.js'

/**
 * The PokitDok enrollment request (seed 000), as our normaliser returns it: labels in the seed's
 * canonical spelling, dates trimmed `YYYY-MM-DD`, `null`s removed. Field names are the seed's.
 */
export interface PokitdokRequest {
  action: string
  purpose: string
  master_policy_number?: string
  trading_partner_id?: string
  sponsor: PokitdokParty
  payer: PokitdokParty
  subscriber: PokitdokMember
  dependents?: PokitdokMember[]
  /** Informational: where a request read from an 834 came from. Ignored when writing an 834. */
  source?: PokitdokSource
}

/** Sponsor (1000A N1*P5) or payer (1000B N1*IN); `tax_id` goes out with N103 `FI`. */
export interface PokitdokParty {
  name?: string
  tax_id: string
  /**
   * OpenEnroll extension, for 834s whose N103 is not `FI`: the qualifier of `tax_id` (sponsor 24 or 94,
   * payer 94 or XV). Absent means FI (federal taxpayer id), the only kind PokitDok sends.
   */
  id_qualifier?: string
}

/** Position of a member read from an 834, written by `to-json` so a line can be traced back. */
export interface PokitdokSource {
  interchange_control_number?: string
  group_control_number?: string
  transaction_set_control_number?: string
  /** 1-based line of the member's INS segment. */
  line?: number
}

/** A subscriber or dependent: the seed's parameter table says both take the same fields. */
export interface PokitdokMember {
  first_name?: string
  middle_name?: string
  last_name?: string
  suffix?: string
  ssn?: string
  member_id?: string
  subscriber_number?: string
  group_or_policy_number?: string
  relationship?: string
  gender?: string
  birth_date?: string
  maintenance_type?: string
  maintenance_reason?: string
  benefit_status?: string
  employment_status?: string
  student_status?: string
  handicapped?: boolean
  late_enrollment?: boolean
  tobacco_use?: boolean
  substance_abuse?: boolean
  eligibility_begin_date?: string
  eligibility_end_date?: string
  education_begin_date?: string
  education_end_date?: string
  address?: PokitdokAddress
  contacts?: PokitdokContact[]
  primary_communication_type?: string
  primary_communication_number?: string
  secondary_communication_type?: string
  secondary_communication_number?: string
  school?: PokitdokSchool
  benefits?: PokitdokBenefit[]
}

export interface PokitdokAddress {
  line?: string
  line2?: string
  city?: string
  state?: string
  postal_code?: string
  county?: string
}

/** The seed's contact object: up to three numbers, i.e. one 2100A PER segment. */
export interface PokitdokContact {
  primary_communication_type?: string
  primary_communication_number?: string
  communication_type2?: string
  communication_number2?: string
  communication_type3?: string
  communication_number3?: string
}

export interface PokitdokSchool {
  name?: string
}

export interface PokitdokBenefit {
  benefit_type?: string
  maintenance_type?: string
  maintenance_reason?: string
  begin_date?: string
  end_date?: string
  late_enrollment?: boolean
  group_or_policy_number?: string
  coordination_of_benefits?: PokitdokCoordination[]
}

export interface PokitdokCoordination {
  payer_responsibility?: string
  status?: string
  group_or_policy_number?: string
}

// ---------------------------------------------------------------------------------------------
// Field specifications: the one description of the shape. The normaliser walks them, the JSON
// Schema is generated from them, and `satisfies` ties each to its interface so neither drifts.

type Spec =
  | { readonly kind: 'string'; readonly description: string; readonly min?: number; readonly max: number;
      readonly pattern?: RegExp; readonly patternText?: string }
  | { readonly kind: 'date'; readonly description: string }
  | { readonly kind: 'boolean'; readonly description: string }
  | { readonly kind: 'integer'; readonly description: string }
  | { readonly kind: 'code'; readonly description: string; readonly table: CodeTable;
      readonly allowedCodes?: ReadonlySet<string>; readonly element: string }
  | { readonly kind: 'object'; readonly description: string; readonly fields: Readonly<Record<string, Spec>>;
      readonly required?: readonly string[] }
  | { readonly kind: 'array'; readonly description: string; readonly items: Spec; readonly maxItems?: number }

type Fields<T> = { readonly [K in keyof T]-?: Spec }

const str = (max: number, description: string, min = 1): Spec => ({ kind: 'string', max, min, description })
const date = (description: string): Spec => ({ kind: 'date', description })
const bool = (description: string): Spec => ({ kind: 'boolean', description })
const code = (table: CodeTable, description: string, allowedCodes?: ReadonlySet<string>): Spec =>
  allowedCodes
    ? { kind: 'code', table, description, allowedCodes, element: table.element.split('/')[0] ?? table.element }
    : { kind: 'code', table, description, element: table.element }

const partyFields = (qualifiers: readonly string[]): Fields<PokitdokParty> => ({
  name: str(60, 'Name (N102).'),
  tax_id: str(80, 'Federal tax id (N104 with N103 FI).', 2),
  id_qualifier: { kind: 'string', min: 2, max: 2, pattern: new RegExp(`^(${qualifiers.join('|')})$`),
    patternText: `one of ${qualifiers.join(', ')}`, description: 'Extension: N103 when tax_id is not a federal tax id.' },
})

const addressFields = {
  line: str(55, 'First address line (N301).'),
  line2: str(55, 'Second address line (N302).'),
  city: str(30, 'City (N401).', 2),
  state: { kind: 'string', max: 2, min: 2, pattern: /^[A-Z]{2}$/, patternText: 'two capital letters',
    description: 'State or province code (N402).' },
  postal_code: { kind: 'string', max: 15, min: 3, pattern: /^[0-9A-Za-z]+$/, patternText: 'letters and digits only',
    description: 'Postal code (N403).' },
  county: str(30, 'County (N406 with N405 CY).'),
} satisfies Fields<PokitdokAddress>

const contactFields = {
  primary_communication_type: code(COMMUNICATION_TYPES, 'Type of the first number (PER03).'),
  primary_communication_number: str(256, 'First number (PER04).'),
  communication_type2: code(COMMUNICATION_TYPES, 'Type of the second number (PER05).'),
  communication_number2: str(256, 'Second number (PER06).'),
  communication_type3: code(COMMUNICATION_TYPES, 'Type of the third number (PER07).'),
  communication_number3: str(256, 'Third number (PER08).'),
} satisfies Fields<PokitdokContact>

const coordinationFields = {
  payer_responsibility: code(PAYER_RESPONSIBILITIES, 'Payer responsibility sequence (COB01).'),
  status: code(COB_STATUSES, 'Coordination of benefits code (COB03).'),
  group_or_policy_number: str(50, 'Other insurance group or policy number (COB02).'),
} satisfies Fields<PokitdokCoordination>

/**
 * Field names PokitDok's own documentation spells differently from its examples: its parameter
 * table lists `subscriber.benefits.maintenance_resason` (seed 000), so a request pasted from it
 * is read, with a warning, rather than refused.
 */
const FIELD_ALIASES: Readonly<Record<string, string>> = { maintenance_resason: 'maintenance_reason' }

function renamed(fields: Readonly<Record<string, unknown>>, value: object, key: string): string {
  if (Object.hasOwn(fields, key) || !Object.hasOwn(FIELD_ALIASES, key)) return key
  const alias = FIELD_ALIASES[key] as string
  // Both spellings sent: the documented one wins, the other stays an unknown field.
  return Object.hasOwn(fields, alias) && !Object.hasOwn(value, alias) ? alias : key
}

const benefitFields = {
  benefit_type: code(BENEFIT_TYPES, 'Insurance line (HD03).'),
  maintenance_type: code(MAINTENANCE_TYPES, 'Coverage maintenance type (HD01).'),
  maintenance_reason: code(MAINTENANCE_REASONS,
    'Accepted for compatibility but not carried: HD02 is not used in 005010X220A1.'),
  begin_date: date('Benefit begin (2300 DTP*348).'),
  end_date: date('Benefit end (2300 DTP*349).'),
  late_enrollment: bool('Late enrollment indicator (HD09).'),
  group_or_policy_number: str(50, 'Coverage group or policy number (2300 REF*1L).'),
  coordination_of_benefits: { kind: 'array', maxItems: 5, description: 'Other coverage (2320 COB, up to 5).',
    items: { kind: 'object', description: 'One 2320 loop.', fields: coordinationFields,
      required: ['payer_responsibility', 'status'] } },
} satisfies Fields<PokitdokBenefit>

const memberFields = {
  first_name: str(35, 'First name (NM104).'),
  middle_name: str(25, 'Middle name (NM105).'),
  last_name: str(60, 'Last name (NM103).'),
  suffix: str(10, 'Name suffix (NM107).'),
  ssn: { kind: 'string', max: 9, min: 9, pattern: /^\d{9}$/, patternText: 'nine digits',
    description: 'Social security number (NM109 with NM108 34).' },
  member_id: str(50, 'Member id assigned by the carrier (2000 REF*23 client number).'),
  subscriber_number: str(50, 'Subscriber identifier (2000 REF*0F); dependents default to the subscriber\'s.'),
  group_or_policy_number: str(50, 'Member group or policy number (2000 REF*1L).'),
  relationship: code(RELATIONSHIPS, 'Relationship to the subscriber (INS02); the subscriber is self.'),
  gender: code(GENDERS, 'Gender (DMG03); needs birth_date.'),
  birth_date: date('Date of birth (DMG02).'),
  maintenance_type: code(MAINTENANCE_TYPES, 'Member maintenance type (INS03).', INS03_CODES),
  maintenance_reason: code(MAINTENANCE_REASONS, 'Maintenance reason (INS04).'),
  benefit_status: code(BENEFIT_STATUSES, 'Benefit status (INS05).'),
  employment_status: code(EMPLOYMENT_STATUSES, 'Employment status (INS08).'),
  student_status: code(STUDENT_STATUSES, 'Student status (INS09).'),
  handicapped: bool('Handicap indicator (INS10).'),
  late_enrollment: bool('Default for each benefit\'s late_enrollment (HD09); the 834 has no member-level flag.'),
  tobacco_use: bool('Tobacco use (HLH01 T or X).'),
  substance_abuse: bool('Substance abuse (HLH01 S or X).'),
  eligibility_begin_date: date('Eligibility begin (2000 DTP*356).'),
  eligibility_end_date: date('Eligibility end (2000 DTP*357).'),
  education_begin_date: date('Education begin (2000 DTP*350).'),
  education_end_date: date('Education end (2000 DTP*351).'),
  address: { kind: 'object', description: 'Residence address (2100A N3/N4).', fields: addressFields },
  contacts: { kind: 'array', maxItems: 1, description: 'Communication numbers (2100A PER, which repeats once).',
    items: { kind: 'object', description: 'One PER segment: up to three numbers.', fields: contactFields } },
  primary_communication_type: code(COMMUNICATION_TYPES, 'Alternative to contacts[0]: type of the first number.'),
  primary_communication_number: str(256, 'Alternative to contacts[0]: first number.'),
  secondary_communication_type: code(COMMUNICATION_TYPES, 'Alternative to contacts[0]: type of the second number.'),
  secondary_communication_number: str(256, 'Alternative to contacts[0]: second number.'),
  school: { kind: 'object', description: 'School (2100E NM1*M8).', fields: { name: str(60, 'School name (NM103).') },
    required: ['name'] },
  benefits: { kind: 'array', maxItems: 99, description: 'Coverages (2300 HD loops, up to 99).',
    items: { kind: 'object', description: 'One 2300 loop.', fields: benefitFields,
      required: ['benefit_type', 'maintenance_type'] } },
} satisfies Fields<PokitdokMember>

const sourceFields = {
  interchange_control_number: str(9, 'ISA13.'),
  group_control_number: str(9, 'GS06.'),
  transaction_set_control_number: str(9, 'ST02.'),
  line: { kind: 'integer', description: 'Line of the INS segment.' },
} satisfies Fields<PokitdokSource>

const memberSpec: Spec = { kind: 'object', description: 'A member (2000 loop).', fields: memberFields }

const requestFields = {
  action: code(ACTIONS, 'File action (BGN08): Change (2), Verify (4, full file) or Replace (RX).'),
  purpose: code(PURPOSES, 'Transaction purpose (BGN01).'),
  master_policy_number: str(50, 'Master policy number (REF*38).'),
  trading_partner_id: str(15, 'Intended receiver; the interchange receiver id (ISA08/GS03) when none is given.', 2),
  sponsor: { kind: 'object', description: 'Plan sponsor (1000A N1*P5).', fields: partyFields(['FI', '24', '94']), required: ['tax_id'] },
  payer: { kind: 'object', description: 'Payer (1000B N1*IN).', fields: partyFields(['FI', '94', 'XV']), required: ['tax_id'] },
  subscriber: memberSpec,
  dependents: { kind: 'array', description: 'Dependents of the subscriber.', items: memberSpec },
  source: { kind: 'object', description: 'Informational: where a request read from an 834 came from.',
    fields: sourceFields },
} satisfies Fields<PokitdokRequest>

const requestSpec: Spec = {
  kind: 'object',
  description: 'PokitDok benefits enrollment request.',
  fields: requestFields,
  required: ['action', 'purpose', 'sponsor', 'payer', 'subscriber'],
}

// ---------------------------------------------------------------------------------------------
// Shape walk

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * True for a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * isPlainDate('2024-02-29') // true
 * isPlainDate('2015-02-30') // false
 */
export function isPlainDate(value: string): boolean {
  const m = DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= (days[mo - 1] ?? 0)
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

// X12's basic and extended character sets are printable ASCII (X12.6): a latin1 'É' is refused
// by carriers' translators (and pyx12), so letters with accents are sent without them.
const BAD_CHAR = /[^\u0020-\u007e]/
/** Letters that lose no meaning as ASCII but have no decomposition to strip. */
const ASCII_LETTERS: Readonly<Record<string, string>> = { ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Đ: 'D', đ: 'd', Ł: 'L', ł: 'l', Þ: 'TH', þ: 'th', Ð: 'D', ð: 'd' }
/**
 * Fields of names and addresses, which may be spelt in ASCII (José → Jose). An identifier with an
 * accent is a data error: spelt differently it would be another member's id or another receiver.
 */
const SPELLED_FIELDS = new Set(['name', 'first_name', 'middle_name', 'last_name', 'suffix', 'line', 'line2', 'city', 'county'])

/**
 * `value` in printable ASCII: accents dropped (José → Jose, Müller → Muller), a few letters spelt
 * out (ß → ss); unchanged when it is ASCII already.
 *
 * @example
 * asciiSpelling('Zoë Ørsted') // 'Zoe Orsted'
 */
export function asciiSpelling(value: string): string {
  if (!BAD_CHAR.test(value)) return value
  const spelt = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\u0020-\u007e]/g, (ch) => ASCII_LETTERS[ch] ?? ch).normalize('NFC')
  // A name written in capitals (STRAßE) stays in capitals (STRASSE).
  const rest = value.replace(/ß/g, '')
  return /\p{Lu}/u.test(rest) && rest === rest.toUpperCase() ? spelt.toUpperCase() : spelt
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length] ?? 0
}

class Walker {
  readonly errors: PokitdokIssue[] = []
  readonly warnings: PokitdokIssue[] = []

  walk(spec: Spec, value: unknown, pointer: string): unknown {
    switch (spec.kind) {
      case 'string': return this.string(spec, value, pointer)
      case 'date': return this.date(value, pointer)
      case 'boolean':
        if (typeof value === 'boolean') return value
        return this.wrongType(pointer, 'a boolean (true or false)', value)
      case 'integer':
        if (typeof value === 'number' && Number.isSafeInteger(value)) return value
        return this.wrongType(pointer, 'an integer', value)
      case 'code': return this.code(spec, value, pointer)
      case 'object': return this.object(spec.fields, spec.required ?? [], value, pointer)
      case 'array': {
        if (!Array.isArray(value)) return this.wrongType(pointer, 'an array', value)
        if (spec.maxItems !== undefined && value.length > spec.maxItems) {
          this.errors.push({ pointer: pointerTo(pointer, spec.maxItems), code: 'too-many',
            message: `at most ${spec.maxItems} item${spec.maxItems === 1 ? '' : 's'} (${spec.description})` })
        }
        return value.map((item, i) => this.walk(spec.items, item, pointerTo(pointer, i)))
      }
    }
  }

  private wrongType(pointer: string, expected: string, value: unknown): undefined {
    this.errors.push({ pointer, code: 'wrong-type', message: `must be ${expected}, not ${typeName(value)}` })
    return undefined
  }

  private trimmed(value: string, pointer: string): string {
    const out = value.trim()
    if (out !== value && out !== '') {
      this.warnings.push({ pointer, code: 'trimmed', message: `surrounding whitespace removed from ${JSON.stringify(value)}` })
    }
    return out
  }

  private string(spec: Extract<Spec, { kind: 'string' }>, value: unknown, pointer: string): string | undefined {
    if (typeof value !== 'string') return this.wrongType(pointer, 'a string', value)
    const trimmed = this.trimmed(value, pointer)
    const out = SPELLED_FIELDS.has(pointer.slice(pointer.lastIndexOf('/') + 1)) ? asciiSpelling(trimmed) : trimmed
    const bad = BAD_CHAR.exec(out)
    if (bad) {
      const cp = out.codePointAt(bad.index) ?? 0
      this.errors.push({ pointer, code: 'invalid-format',
        message: `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} cannot be sent in X12 (printable ASCII only)` })
      return out
    }
    if (out !== trimmed) {
      this.warnings.push({ pointer, code: 'transliterated', message: `${JSON.stringify(trimmed)} is sent as ${JSON.stringify(out)}: X12 carries printable ASCII only` })
    }
    if (out.length < (spec.min ?? 1)) {
      this.errors.push({ pointer, code: out === '' ? 'required' : 'too-short',
        message: out === '' ? 'must not be empty' : `must be at least ${spec.min} characters` })
    } else if (out.length > spec.max) {
      this.errors.push({ pointer, code: 'too-long', message: `must be at most ${spec.max} characters (${spec.description})` })
    } else if (spec.pattern && !spec.pattern.test(out)) {
      this.errors.push({ pointer, code: 'invalid-format', message: `must be ${spec.patternText ?? spec.pattern.source}` })
    }
    return out
  }

  private date(value: unknown, pointer: string): string | undefined {
    if (typeof value !== 'string') return this.wrongType(pointer, 'a date string YYYY-MM-DD', value)
    // A leading or trailing space is a copy-paste artefact (seed 000 has " 2015-01-01"): trim and warn.
    // Anything else that is not a real YYYY-MM-DD date is refused; guessing formats would invent dates.
    const out = this.trimmed(value, pointer)
    if (!isPlainDate(out)) {
      this.errors.push({ pointer, code: 'invalid-date', message: `${JSON.stringify(value)} is not a date YYYY-MM-DD` })
    }
    return out
  }

  private code(spec: Extract<Spec, { kind: 'code' }>, value: unknown, pointer: string): string | undefined {
    if (typeof value !== 'string') return this.wrongType(pointer, `a ${spec.table.field} label`, value)
    const label = spec.table.canonicalLabel(value)
    const field = pointer.slice(pointer.lastIndexOf('/') + 1)
    const allowed = spec.allowedCodes
      ? spec.table.entries.filter((e) => spec.allowedCodes?.has(e.code)).map((e) => e.label)
      : spec.table.labels
    if (label === undefined) {
      this.errors.push({ pointer, code: 'unknown-label', allowed,
        message: `unknown ${field} ${JSON.stringify(value)}; allowed: ${allowed.join(', ')}` })
      return value // kept (as sent) in the partial result, so the cross-field checks know it was given
    }
    const codeValue = spec.table.codeOf(label) ?? ''
    if (spec.allowedCodes && !spec.allowedCodes.has(codeValue)) {
      this.errors.push({ pointer, code: 'not-allowed-here', allowed,
        message: `${field} '${label}' (${codeValue}) is not allowed in ${spec.element}; allowed: ${allowed.join(', ')}` })
    }
    return label
  }

  private object(fields: Readonly<Record<string, Spec>>, required: readonly string[], value: unknown,
    pointer: string): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.wrongType(pointer, 'an object', value)
    }
    const out: Record<string, unknown> = {}
    for (const [sent, item] of Object.entries(value)) {
      const at = pointerTo(pointer, sent)
      const key = renamed(fields, value, sent)
      if (key !== sent) {
        this.warnings.push({ pointer: at, code: 'renamed-field', message: `'${sent}' (as PokitDok's field table spells it) is read as '${key}'` })
      }
      const spec = Object.hasOwn(fields, key) ? fields[key] : undefined
      if (!spec) {
        const names = Object.keys(fields)
        const near = names.filter((n) => editDistance(n, key) <= 2)
        this.errors.push({ pointer: at, code: 'unknown-field', allowed: names,
          message: `unknown field '${key}'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''}` })
        continue
      }
      if (item === null || item === undefined) continue
      const normal = this.walk(spec, item, at)
      if (normal !== undefined) out[key] = normal
    }
    for (const key of required) {
      const v: unknown = (value as Record<string, unknown>)[key]
      if (v === undefined || v === null) {
        this.errors.push({ pointer: pointerTo(pointer, key), code: 'required', message: `'${key}' is required` })
      }
    }
    return out
  }
}

/** The result of {@link normalizePokitdokShape}: the request if its shape is right, plus every issue. */
export interface ShapeResult {
  readonly request: PokitdokRequest | undefined
  /**
   * What could be read even when there are errors (values of the wrong type left out, unknown labels
   * kept as sent), so cross-field checks can still run; undefined unless the input is an object.
   */
  readonly partial: Partial<PokitdokRequest> | undefined
  readonly errors: readonly PokitdokIssue[]
  readonly warnings: readonly PokitdokIssue[]
}

/**
 * Checks a parsed JSON value against the PokitDok request shape: unknown fields, types, lengths,
 * labels (any spelling → the seed's), dates (trimmed, real `YYYY-MM-DD`). Reports every problem with
 * a JSON pointer; cross-field rules (who needs a name, which subscriber number a dependent carries)
 * are checked by `normalizePokitdok`.
 *
 * @example
 * const { errors } = normalizePokitdokShape({ action: 'Change', purpose: 'Original' })
 * errors.map((e) => e.pointer) // ['/sponsor', '/payer', '/subscriber']
 */
export function normalizePokitdokShape(value: unknown, pointer = ''): ShapeResult {
  const walker = new Walker()
  const out = walker.walk(requestSpec, value, pointer)
  return {
    request: walker.errors.length === 0 ? (out as PokitdokRequest) : undefined,
    partial: out as Partial<PokitdokRequest> | undefined,
    errors: walker.errors,
    warnings: walker.warnings,
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Schema (draft 2020-12) generated from the same specs, for OpenAPI and client authors.

type JsonSchema = { readonly [key: string]: unknown }

function toJsonSchema(spec: Spec): JsonSchema {
  switch (spec.kind) {
    case 'string':
      return { type: 'string', description: spec.description, minLength: spec.min ?? 1, maxLength: spec.max,
        ...(spec.pattern ? { pattern: spec.pattern.source } : {}) }
    case 'date':
      return { type: 'string', format: 'date', description: spec.description }
    case 'boolean':
      return { type: 'boolean', description: spec.description }
    case 'integer':
      return { type: 'integer', description: spec.description }
    case 'code': {
      const entries = spec.allowedCodes ? spec.table.entries.filter((e) => spec.allowedCodes?.has(e.code)) : spec.table.entries
      return { type: 'string', description: `${spec.description} Matched case-insensitively; '_', '-' and spaces are interchangeable.`,
        enum: entries.map((e) => e.label) }
    }
    case 'object':
      return { type: 'object', description: spec.description, additionalProperties: false,
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, s]) => [k, toJsonSchema(s)])),
        ...(spec.required?.length ? { required: spec.required } : {}) }
    case 'array':
      return { type: 'array', description: spec.description, items: toJsonSchema(spec.items),
        ...(spec.maxItems !== undefined ? { maxItems: spec.maxItems } : {}) }
  }
}

/**
 * JSON Schema of a PokitDok enrollment request as this mapping accepts it (labels listed in their
 * canonical spelling; the mapping also accepts other spellings and trims whitespace).
 *
 * @example
 * Object.keys(pokitdokRequestSchema.properties as object) // ['action', 'purpose', …]
 */
export const pokitdokRequestSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'PokitdokEnrollmentRequest',
  ...toJsonSchema(requestSpec),
}

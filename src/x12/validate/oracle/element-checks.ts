// TEST ORACLE, not product code: the segment-by-segment validator as it was before the byte path
// (SegmentScanner#feedRaw → ValidatorEngine#pushRaw). Only differential.test.ts imports it, to check
// the product validator still gives identical results. Do not change its behaviour.
import type { Segment } from '../../segment.js'
import type { CodeTable, ElementSpec, SegmentEntry, SyntaxRule } from '../map.js'
import { ELEMENT_KIND, hasCode } from '../map.js'
import { checkDateValue, invalidCharIndex, isValidDt, isValidTm, numericLength, MIN_DATE_YEAR } from '../elements.js'
import type { FindingCode } from '../findings.js'
import type { ReportDetail } from './engine.js'

/*
 * Element-level checks of one segment against its map entry: usage (R/S/N), data type (AN, ID,
 * Nn, R, DT, TM), min/max length, code lists (incl. external states/country), composites, the X12
 * syntax notes (P paired, R required, C conditional, L list conditional, E exclusion) and dates
 * against their format qualifier (D8, RD8). Plain char loops and Set lookups, no allocation unless
 * something is wrong.
 */

/** What the checks need from the validator: a way to report, and the current delimiters/loop. */
export interface Reporter {
  readonly componentSep: string
  /** ISA11 when it is a repetition separator, else ''. */
  readonly repetitionSep: string
  report(code: FindingCode, seg: Segment, entry: SegmentEntry | undefined, detail?: ReportDetail): void
  /** 'loop 2000', or 'the header', for messages. */
  loopName(): string
  /**
   * Per {@link ElementSpec.slot}: the last value that passed every check of that element. The
   * checks are a pure function of element and value, so the same value again is skipped (files
   * repeat dates, codes and plan ids from member to member).
   */
  readonly validValues?: string[]
  /** The same for dates by their format qualifier: at 2 × the qualifier's slot the qualifier, after it the date. */
  readonly validDates?: string[]
}

/** Usage, type, length, code, syntax-rule and date checks of one segment against its map entry. */
export function checkElements(r: Reporter, seg: Segment, entry: SegmentEntry): void {
  const els = seg.elements
  const specs = entry.elements
  const present = els.length - 1
  // Not on the envelope (ISA … IEA): its findings become TA1/AK9/IK5 codes by element position, and none fits this one.
  if (present > 0 && els[present] === '' && !entry.is_envelope) trailingSeparators(r, seg, entry)
  if (present > specs.length) checkExtra(r, seg, entry)
  // Past the data only a required element can be wrong (missing); past the last required one, nothing.
  const count = Math.min(specs.length, Math.max(present, entry.required_tail))
  const valid = r.validValues
  let mask = 0 // bit p: element p holds a value (p ≤ 30), for the syntax rules
  for (let i = 0; i < count; i++) {
    const spec = specs[i] as ElementSpec
    const value = i < present ? els[i + 1] : undefined
    if (value === undefined || value.length === 0) {
      if (spec.required) missingElement(r, seg, entry, spec)
      continue
    }
    if (i < 30) mask |= 1 << (i + 1)
    if (spec.not_used) {
      unusedElement(r, seg, entry, spec, value)
      continue
    }
    // ISA11 and ISA16 declare the separators.
    if (r.repetitionSep !== '' && value.includes(r.repetitionSep) && entry.id !== 'ISA') { checkRepeated(r, seg, entry, spec, value); continue }
    if (spec.components !== undefined) { checkComposite(r, seg, entry, spec, value, undefined); continue }
    if (value.includes(r.componentSep) && entry.id !== 'ISA') { componentsInSimple(r, seg, entry, spec, value, undefined); continue }
    if (valid === undefined) {
      if (!spec.listed_is_valid || !(spec.code_table as CodeTable).has(value)) checkValue(r, seg, entry, spec, undefined, value)
      continue
    }
    const slot = spec.slot
    if (valid[slot] === value) continue
    if ((spec.listed_is_valid && (spec.code_table as CodeTable).has(value)) || checkValue(r, seg, entry, spec, undefined, value)) valid[slot] = value
  }
  if (entry.syntax.length > 0 && (!entry.syntax_by_mask || syntaxBroken(entry.syntax, mask))) checkSyntax(r, seg, entry)
  // Dates: DTP02/DTP03, DMG01/DMG02, INS11/INS12 — the qualifier says how the next element is written.
  const dates = entry.date_formats
  const validDates = r.validDates
  for (let d = 0; d < dates.length; d++) {
    const i = dates[d] as number
    const spec = specs[i] as ElementSpec
    const qualifier = els[i + 1]
    const value = els[i + 2]
    const target = specs[i + 1]
    if (!qualifier || !value || !target) continue
    const at = 2 * spec.slot
    if (validDates !== undefined && validDates[at] === qualifier && validDates[at + 1] === value) continue
    if (spec.codes !== undefined && !hasCode(spec, qualifier)) continue // already reported as a bad qualifier
    const verdict = checkDateValue(qualifier, value)
    if (verdict === 'invalid' || verdict === 'reversed') badDate(r, seg, entry, target, qualifier, value, verdict)
    else if (validDates !== undefined) { validDates[at] = qualifier; validDates[at + 1] = value }
  }
}

function badDate(r: Reporter, seg: Segment, entry: SegmentEntry, target: ElementSpec, qualifier: string, value: string, verdict: 'invalid' | 'reversed'): void {
  if (verdict === 'invalid') {
    // A real date before 1800 is refused as implausible (a keyed 00000101 or 17990101): say so.
    const early = /^\d{8}(-\d{8})?$/.test(value) && (Number(value.slice(0, 4)) < MIN_DATE_YEAR || (value.length === 17 && Number(value.slice(9, 13)) < MIN_DATE_YEAR))
    r.report('date-invalid', seg, entry, { element: target, value, message: early ? `${target.ref} '${value}' is before ${MIN_DATE_YEAR}: not accepted as a ${qualifier} date` : `${target.ref} '${value}' is not a valid ${qualifier} date${qualifier === 'RD8' ? ' range (CCYYMMDD-CCYYMMDD)' : ' (CCYYMMDD)'}` })
  } else {
    r.report('date-range-reversed', seg, entry, { element: target, value, message: `${target.ref} range ${value} starts after it ends` })
  }
}

/**
 * `NM1*IL*1*DOE*JOHN*~`: X12 leaves trailing empty elements out, separators included (pyx12 and
 * carriers' translators reject the segment).
 */
function trailingSeparators(r: Reporter, seg: Segment, entry: SegmentEntry): void {
  r.report('segment-trailing-separators', seg, entry, { message: `${entry.id} ends with an element separator: leave trailing empty elements out` })
}

/** `N3*100 MARKET:ST` with ISA16 ':': a simple element cannot hold the component separator (X12 has no escaping). */
function componentsInSimple(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec, value: string, repetition: number | undefined): void {
  r.report('element-invalid-character', seg, entry, { element: spec, value, repetition, message: `${spec.ref} '${value}' holds the component separator '${r.componentSep}' (ISA16), but ${spec.ref} is not a composite` })
}

/** Empty elements past the last defined one are trailing separators (reported as such); only real values count here. */
function checkExtra(r: Reporter, seg: Segment, entry: SegmentEntry): void {
  const els = seg.elements
  const specs = entry.elements
  const present = els.length - 1
  for (let p = specs.length + 1; p <= present; p++) {
    const extra = els[p] as string
    if (extra !== '') {
      r.report('element-too-many', seg, entry, { message: `${entry.id} has ${present} elements, the map defines ${specs.length}`, value: extra, position: p })
      break
    }
  }
}

function missingElement(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec): void {
  r.report('element-required-missing', seg, entry, { element: spec, message: `${spec.ref} (${spec.name}) is required` })
}

function unusedElement(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec, value: string): void {
  r.report('element-not-used', seg, entry, { element: spec, value, message: `${spec.ref} (${spec.name}) is marked "not used" but has '${value}'` })
}

/**
 * A value holding the repetition separator: occurrences of an element that may repeat (DMG05,
 * up to 10 race or ethnicity codes, `H:RET^A:RET`), each checked on its own; on any other element
 * the separator is data X12 cannot carry (it has no escaping), so the element is in error.
 */
function checkRepeated(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec, value: string): void {
  const sep = r.repetitionSep
  if (spec.repeat <= 1) {
    r.report('element-too-many-repetitions', seg, entry, { element: spec, value, message: `${spec.ref} does not repeat, but '${value}' holds the repetition separator '${sep}' (ISA11)` })
    return
  }
  if (value.endsWith(sep)) trailingInElement(r, seg, entry, spec, 'repetition', repetitionCount(value, sep))
  const occurrences = value.split(sep)
  if (occurrences.length > spec.repeat) {
    r.report('element-too-many-repetitions', seg, entry, { element: spec, value, repetition: spec.repeat + 1, message: `${spec.ref} occurs ${occurrences.length} times, at most ${spec.repeat}` })
  }
  const count = Math.min(occurrences.length, spec.repeat)
  for (let k = 0; k < count; k++) {
    const occurrence = occurrences[k] as string
    if (occurrence === '') continue
    if (spec.components !== undefined) checkComposite(r, seg, entry, spec, occurrence, k + 1)
    else if (occurrence.includes(r.componentSep)) componentsInSimple(r, seg, entry, spec, occurrence, k + 1)
    else checkValue(r, seg, entry, spec, undefined, occurrence, k + 1)
  }
}

/**
 * `DMG05` written `H:RET:` or `H:RET^`: as with elements, X12 leaves trailing empty components and
 * repetitions out, separators included (BizTalk: "Segment has trailing delimiter(s) at component
 * or sub-component level").
 */
function trailingInElement(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec, kind: 'component' | 'repetition', repetition: number | undefined): void {
  r.report('element-trailing-separators', seg, entry, { element: spec, repetition, message: `${spec.ref} ends with a ${kind} separator: leave trailing empty ${kind}s out` })
}

/** The 1-based number of the last occurrence in a repeated value. */
function repetitionCount(value: string, sep: string): number {
  return value.split(sep).length
}

function checkComposite(r: Reporter, seg: Segment, entry: SegmentEntry, spec: ElementSpec, value: string, repetition: number | undefined): void {
  const components = spec.components as readonly ElementSpec[]
  const sep = r.componentSep
  if (value.endsWith(sep)) trailingInElement(r, seg, entry, spec, 'component', repetition)
  let start = 0
  let position = 0
  for (;;) {
    const end = value.indexOf(sep, start)
    const part = end === -1 ? value.slice(start) : value.slice(start, end)
    const component = components[position]
    if (component === undefined) {
      r.report('element-too-many-components', seg, entry, { element: spec, value, repetition, message: `${spec.ref} has more than ${components.length} components` })
      return
    }
    if (part === '') {
      if (component.usage === 'R') r.report('element-required-missing', seg, entry, { element: spec, component, repetition, message: `${component.ref} (${component.name}) is required` })
    } else if (component.usage === 'N') {
      r.report('element-not-used', seg, entry, { element: spec, component, value: part, repetition, message: `${component.ref} is marked "not used" but has '${part}'` })
    } else {
      checkValue(r, seg, entry, spec, component, part, repetition)
    }
    position++
    if (end === -1) break
    start = end + 1
  }
  for (; position < components.length; position++) {
    const component = components[position] as ElementSpec
    if (component.usage === 'R') r.report('element-required-missing', seg, entry, { element: spec, component, repetition, message: `${component.ref} (${component.name}) is required` })
  }
}

/**
 * Type, length and code checks of one element or component value; true when nothing was wrong.
 * Findings go through cold helpers so this stays small enough to inline.
 */
function checkValue(r: Reporter, seg: Segment, entry: SegmentEntry, element: ElementSpec, component: ElementSpec | undefined, value: string, repetition?: number): boolean {
  const spec = component ?? element
  const kind = spec.kind
  let length = value.length
  const table = spec.code_table
  // A listed code holds no control character, so only values outside the list are scanned.
  const listed = table !== undefined && table.has(value)
  if (kind <= ELEMENT_KIND.ID) {
    if (!listed && invalidCharIndex(value) >= 0) { badValue(r, seg, entry, element, component, value, repetition); return false }
  } else if (kind === ELEMENT_KIND.N || kind === ELEMENT_KIND.R) {
    length = numericLength(value, kind === ELEMENT_KIND.R)
    if (length < 0) { badValue(r, seg, entry, element, component, value, repetition); return false }
  } else if (kind === ELEMENT_KIND.DT) {
    if (!isValidDt(value)) { badValue(r, seg, entry, element, component, value, repetition); return false }
  } else if (kind === ELEMENT_KIND.TM) {
    if (!isValidTm(value)) { badValue(r, seg, entry, element, component, value, repetition); return false }
  }
  let ok = true
  if (length < spec.min_len || length > spec.max_len) { badLength(r, seg, entry, element, component, value, length, repetition); ok = false }
  if (table !== undefined && !listed) {
    invalidCode(r, seg, entry, element, component, spec, value, repetition)
    return false
  } else if (kind === ELEMENT_KIND.AN && length > spec.min_len && value.charCodeAt(value.length - 1) === 32) {
    r.report('element-trailing-spaces', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' has trailing spaces` })
    return false
  }
  return ok
}

/** Reports a value whose characters do not fit its type (a character outside X12's sets, not a number, not a date or time). */
/** The character a two-byte UTF-8 sequence at `at` of a latin1-read value spells (\xc3\x89 → 'É'), if it is one. */
function utf8Char(value: string, at: number): string | undefined {
  const lead = value.charCodeAt(at)
  const next = value.charCodeAt(at + 1)
  if (lead < 0xc2 || lead > 0xdf || !(next >= 0x80 && next <= 0xbf)) return undefined
  return String.fromCharCode(((lead & 0x1f) << 6) | (next & 0x3f))
}

function badValue(r: Reporter, seg: Segment, entry: SegmentEntry, element: ElementSpec, component: ElementSpec | undefined, value: string, repetition: number | undefined): void {
  const spec = component ?? element
  const kind = spec.kind
  if (kind <= ELEMENT_KIND.ID) {
    const at = invalidCharIndex(value)
    const code = value.charCodeAt(at)
    const utf8 = utf8Char(value, at)
    const what = code < 32 || code === 127 ? `control character 0x${code.toString(16)}` : utf8 !== undefined
      ? `'${utf8}' written in UTF-8 (bytes 0x${code.toString(16)} 0x${value.charCodeAt(at + 1).toString(16)}), outside the X12 character set (printable ASCII)`
      : `'${String.fromCharCode(code)}', outside the X12 character set (printable ASCII): 0x${code.toString(16)}`
    r.report('element-invalid-character', seg, entry, { element, component, value, repetition, message: `${spec.ref} contains ${what}` })
  } else if (kind === ELEMENT_KIND.N || kind === ELEMENT_KIND.R) {
    r.report('element-invalid-character', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is not a ${kind === ELEMENT_KIND.R ? 'decimal' : 'whole'} number` })
  } else if (kind === ELEMENT_KIND.DT) {
    r.report('element-invalid-date', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is not a valid date` })
  } else {
    r.report('element-invalid-time', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is not a valid time` })
  }
}

function badLength(r: Reporter, seg: Segment, entry: SegmentEntry, element: ElementSpec, component: ElementSpec | undefined, value: string, length: number, repetition: number | undefined): void {
  const spec = component ?? element
  if (length < spec.min_len) {
    r.report('element-too-short', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is ${length} long, minimum ${spec.min_len}` })
  } else {
    r.report('element-too-long', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is ${length} long, maximum ${spec.max_len}` })
  }
}

function invalidCode(r: Reporter, seg: Segment, entry: SegmentEntry, element: ElementSpec, component: ElementSpec | undefined, spec: ElementSpec, value: string, repetition: number | undefined): void {
  const codes = spec.codes as ReadonlySet<string>
  if (spec.is_date_format && value === 'RD8') {
    r.report('date-format-not-allowed', seg, entry, { element, component, value, repetition, message: `${spec.ref} RD8 (date range) is not allowed in ${r.loopName()}; use D8` })
  } else {
    const list = [...codes]
    const allowed = list.length <= 12 ? ` (allowed: ${list.join(', ')})` : ` (allowed: ${list.slice(0, 12).join(', ')}, … ${list.length} codes in all)`
    const what = spec.external ? `${spec.external} code` : 'code here'
    r.report('element-invalid-code', seg, entry, { element, component, value, repetition, message: `${spec.ref} '${value}' is not a valid ${what}${allowed}` })
  }
}

function checkSyntax(r: Reporter, seg: Segment, entry: SegmentEntry): void {
  const els = seg.elements
  const rules = entry.syntax
  for (let n = 0; n < rules.length; n++) {
    const rule = rules[n] as SyntaxRule
    const ps = rule.positions
    const first = ps[0] as number
    switch (rule.type) {
      case 'P': {
        if (countPresent(els, ps, 0) === 0) break
        for (let k = 0; k < ps.length; k++) if (!present(els, ps[k] as number)) syntaxMissing(r, seg, entry, ps[k] as number, rule.raw, `if any of ${refs(entry, ps)} is present, all must be`)
        break
      }
      case 'R':
        if (countPresent(els, ps, 0) === 0) syntaxMissing(r, seg, entry, first, rule.raw, `at least one of ${refs(entry, ps)} is required`)
        break
      case 'C':
        if (present(els, first)) for (let k = 1; k < ps.length; k++) if (!present(els, ps[k] as number)) syntaxMissing(r, seg, entry, ps[k] as number, rule.raw, `${refOf(entry, first)} requires ${refOf(entry, ps[k] as number)}`)
        break
      case 'L':
        if (present(els, first) && countPresent(els, ps, 1) === 0) syntaxMissing(r, seg, entry, ps[1] as number, rule.raw, `${refOf(entry, first)} requires at least one of ${refs(entry, ps.slice(1))}`)
        break
      case 'E': {
        let seen = 0
        for (let k = 0; k < ps.length; k++) {
          const p = ps[k] as number
          if (!present(els, p)) continue
          if (++seen === 2) {
            const spec = entry.elements[p - 1]
            r.report('element-exclusion-violated', seg, entry, { element: spec, value: els[p], message: `${rule.raw}: only one of ${refs(entry, ps)} may be present` })
          }
        }
        break
      }
    }
  }
}

/** Whether any syntax rule fails, given bit p of `present` set when element p holds a value. */
function syntaxBroken(rules: readonly SyntaxRule[], present: number): boolean {
  for (let n = 0; n < rules.length; n++) {
    const rule = rules[n] as SyntaxRule
    const all = rule.mask
    const some = present & all
    switch (rule.type) {
      case 'P': if (some !== 0 && some !== all) return true; break
      case 'R': if (some === 0) return true; break
      case 'C': if ((some & rule.first) !== 0 && some !== all) return true; break
      case 'L': if ((some & rule.first) !== 0 && some === rule.first) return true; break
      case 'E': if ((some & (some - 1)) !== 0) return true; break
    }
  }
  return false
}

/** How many of `positions` (from index `from`) hold a value. */
function countPresent(els: readonly string[], positions: readonly number[], from: number): number {
  let n = 0
  for (let k = from; k < positions.length; k++) if (present(els, positions[k] as number)) n++
  return n
}

function syntaxMissing(r: Reporter, seg: Segment, entry: SegmentEntry, position: number, raw: string, why: string): void {
  const spec = entry.elements[position - 1]
  // A required element that is missing was reported as such: one IK4 per element (REF~ is REF02 missing, not also R0203).
  if (spec?.required === true) return
  r.report('element-conditional-missing', seg, entry, { element: spec, message: `${raw}: ${why}` })
}

function present(els: readonly string[], position: number): boolean {
  const v = els[position]
  return v !== undefined && v !== ''
}

function refOf(entry: SegmentEntry, position: number): string {
  return entry.elements[position - 1]?.ref ?? `${entry.id}${String(position).padStart(2, '0')}`
}
function refs(entry: SegmentEntry, positions: readonly number[]): string {
  return positions.map((p) => refOf(entry, p)).join('/')
}

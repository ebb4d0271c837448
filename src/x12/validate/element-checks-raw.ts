import type { SegmentCursor } from '../segment-cursor.js'
import type { CodeTable, ElementSpec, SegmentEntry } from './map.js'
import { CHECK_REQUIRED, CHECK_STRIDE, CHECK_STRING_PATH, ELEMENT_KIND, codeKey } from './map.js'
import { syntaxBroken } from './element-checks.js'
import { MIN_DATE_YEAR } from './elements.js'

/*
 * The element checks of element-checks.ts, read straight off the bytes of a segment cursor: no
 * string per element. They only answer "would checkElements report nothing?": true is a promise
 * (every value passes usage, type, length, code, syntax and date checks); false means "maybe
 * not", and the caller then runs the string checks, which report exactly what they always did.
 * So the findings cannot differ, and anything rare (composites, "not used" elements, a segment
 * holding a control character or the repetition separator) simply takes the string path.
 */

const D = 0x44, EIGHT = 0x38, R = 0x52, T = 0x54, DASH = 0x2d, SPACE = 0x20

/**
 * Whether {@link checkElements} would find nothing wrong with the segment under `c` (matched to
 * `entry`). False when unsure: the caller falls back to the string checks.
 *
 * @example
 * if (!elementsLookClean(cursor, entry)) checkElements(engine, cursor.toSegment(), entry)
 */
export function elementsLookClean(c: SegmentCursor, entry: SegmentEntry): boolean {
  // A byte outside printable ASCII fails any element it sits in; a repetition or component separator needs the split.
  if (c.control) return false
  const specs = entry.elements
  const present = c.count
  const buf = c.buf
  // A trailing separator is an error; so is a value past the last defined element.
  if (present > 0 && c.elementEnd(present) === c.elementStart(present) && !entry.is_envelope) return false
  for (let p = specs.length + 1; p <= present; p++) if (c.elementEnd(p) > c.elementStart(p)) return false
  const count = Math.min(specs.length, Math.max(present, entry.required_tail))
  const seps = c.seps
  const base = c.sepBase
  const end = c.end
  let mask = 0
  // Element i + 1 spans a..e: a is one past the separator before it, e the next separator (or the terminator).
  let a = present > 0 ? (seps[base] as number) + 1 : end
  const program = entry.check_program
  const tables = entry.check_tables
  for (let i = 0; i < count; i++) {
    const o = i * CHECK_STRIDE
    const flags = program[o] as number
    if (i >= present) {
      if ((flags & CHECK_REQUIRED) !== 0) return false
      continue
    }
    const e = i + 1 < present ? (seps[base + i + 1] as number) : end
    if (a === e) {
      if ((flags & CHECK_REQUIRED) !== 0) return false
    } else {
      if (i < 30) mask |= 1 << (i + 1)
      if ((flags & CHECK_STRING_PATH) !== 0) return false
      if (!valueLooksClean(buf, a, e, flags >> 4, program[o + 1] as number, program[o + 2] as number, tables[i])) return false
    }
    a = e + 1
  }
  if (entry.syntax.length > 0 && (!entry.syntax_by_mask || syntaxBroken(entry.syntax, mask))) return false
  const dates = entry.date_formats
  for (let d = 0; d < dates.length; d++) {
    const i = dates[d] as number
    // Qualifier is element i + 1, the date i + 2 (1-based), checked as its qualifier says.
    if (i + 2 > present || specs[i + 1] === undefined) continue
    const qa = c.elementStart(i + 1)
    const qe = c.elementEnd(i + 1)
    const va = c.elementStart(i + 2)
    const ve = c.elementEnd(i + 2)
    if (qa === qe || va === ve) continue
    const spec = specs[i] as ElementSpec
    if (spec.code_table !== undefined && !spec.code_table.hasBytes(buf, qa, qe)) continue // reported as a bad qualifier
    if (!dateLooksValid(buf, qa, qe - qa, va, ve - va)) return false
  }
  return true
}

/** checkValue of element-checks.ts on bytes (`kind`, lengths and code table of the element): true when it would report nothing. */
export function valueLooksClean(buf: Uint8Array, a: number, e: number, kind: number, minLen: number, maxLen: number, table: CodeTable | undefined): boolean {
  let length = e - a
  const listed = table !== undefined && table.hasBytes(buf, a, e)
  // Printable ASCII only here: the caller checked the segment's flag (SegmentCursor#control).
  if (kind === ELEMENT_KIND.N || kind === ELEMENT_KIND.R) {
    length = numericLength(buf, a, e, kind === ELEMENT_KIND.R)
    if (length < 0) return false
  } else if (kind === ELEMENT_KIND.DT) {
    if (!(length === 8 ? isD8(buf, a) : length === 6 && isYymmdd(buf, a))) return false
  } else if (kind === ELEMENT_KIND.TM) {
    if (!isTime(buf, a, length)) return false
  }
  if (length < minLen || length > maxLen) return false
  if (table !== undefined && !listed) return false
  return !(kind === ELEMENT_KIND.AN && length > minLen && buf[e - 1] === SPACE)
}

/** checkDateValue of elements.ts on bytes: false for 'invalid' and 'reversed'. */
function dateLooksValid(buf: Uint8Array, q: number, qLen: number, v: number, vLen: number): boolean {
  if (qLen === 2 && buf[q] === D && buf[q + 1] === EIGHT) return vLen === 8 && isD8(buf, v)
  if (qLen === 3 && buf[q] === R && buf[q + 1] === D && buf[q + 2] === EIGHT) {
    if (vLen !== 17 || buf[v + 8] !== DASH || !isD8(buf, v) || !isD8(buf, v + 9)) return false
    for (let i = 0; i < 8; i++) {
      const x = buf[v + i] as number
      const y = buf[v + 9 + i] as number
      if (x !== y) return x < y
    }
    return true
  }
  if (qLen === 2 && buf[q] === D && buf[q + 1] === T) return vLen === 12 && isD8(buf, v) && isTime(buf, v + 8, 4)
  return true
}

function digits(buf: Uint8Array, start: number, count: number): number {
  let n = 0
  for (let i = start; i < start + count; i++) {
    const d = (buf[i] as number) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < MIN_DATE_YEAR || month < 1 || month > 12 || day < 1) return false
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28)
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

function isD8(buf: Uint8Array, at: number): boolean {
  const year = digits(buf, at, 4)
  const month = digits(buf, at + 4, 2)
  const day = digits(buf, at + 6, 2)
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day)
}

function isYymmdd(buf: Uint8Array, at: number): boolean {
  const yy = digits(buf, at, 2)
  const mm = digits(buf, at + 2, 2)
  const dd = digits(buf, at + 4, 2)
  return yy >= 0 && mm >= 0 && dd >= 0 && isCalendarDate(2000 + yy, mm, dd)
}

/** X12 TM: HHMM, HHMMSS, HHMMSSd..dd (isValidTm of elements.ts). */
function isTime(buf: Uint8Array, at: number, len: number): boolean {
  if (len !== 4 && len !== 6 && !(len >= 7 && len <= 8)) return false
  const hh = digits(buf, at, 2)
  const mm = digits(buf, at + 2, 2)
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return false
  if (len >= 6) {
    const ss = digits(buf, at + 4, 2)
    if (ss < 0 || ss > 59) return false
    if (len > 6 && digits(buf, at + 6, len - 6) < 0) return false
  }
  return true
}

/** numericLength of elements.ts on bytes: digits counted, -1 when not an N (or R) number. */
function numericLength(buf: Uint8Array, a: number, e: number, allowPoint: boolean): number {
  let count = 0
  let point = false
  for (let i = a; i < e; i++) {
    const b = buf[i] as number
    if (b >= 48 && b <= 57) count++
    else if (b === 45 && i === a) continue
    else if (b === 46 && allowPoint && !point) point = true
    else return -1
  }
  if (point && buf[e - 1] === 46) return -1
  return count === 0 ? -1 : count
}

/** A compiled {@link elementsLookClean} for one map entry: same answer, for the segment under `c`. */
export type CleanCheck = (c: SegmentCursor) => boolean

/** Largest code list compiled into a `switch`; longer ones use their {@link CodeTable}. */
const SWITCH_CODES = 64

/**
 * Compiles {@link elementsLookClean} for one entry into straight-line code (ajv-style: the
 * element loop unrolled, lengths, kinds and short code lists inlined as constants and `switch`es),
 * which answers exactly what `elementsLookClean(c, entry)` answers. Anything unusual — a code list
 * with long codes, other kinds — calls the generic per-value check, so the compiled code never
 * decides a case the interpreter would decide differently.
 *
 * @example
 * const clean = compileCleanCheck(entry)
 * if (!clean(cursor)) checkElements(engine, cursor.toSegment(), entry)
 */
export function compileCleanCheck(entry: SegmentEntry): CleanCheck {
  const specs = entry.elements
  const program = entry.check_program
  const tables = entry.check_tables
  const L = specs.length
  const out: string[] = []
  const useMask = entry.syntax.length > 0 && entry.syntax_by_mask
  out.push('if (c.control) return false')
  out.push('const present = c.count, buf = c.buf, seps = c.seps, base = c.sepBase, end = c.end')
  // A trailing separator (the last element empty) is an error, and past the map's elements there may be nothing else.
  if (!entry.is_envelope) out.push('if (present > 0 && seps[base + present - 1] + 1 === end) return false')
  out.push(`if (present > ${L} && !extrasEmpty(c, ${L})) return false`)
  out.push('let a = present > 0 ? seps[base] + 1 : end, e = 0, len = 0, key = 0')
  if (useMask) out.push('let mask = 0')
  // requiredFrom[i]: some element at index >= i is required (then running out of elements there fails).
  const requiredFrom: boolean[] = []
  for (let i = L - 1; i >= 0; i--) requiredFrom[i] = (requiredFrom[i + 1] ?? false) || ((program[i * CHECK_STRIDE] as number) & CHECK_REQUIRED) !== 0
  out.push('elements: {')
  for (let i = 0; i < L; i++) {
    const o = i * CHECK_STRIDE
    const flags = program[o] as number
    const required = (flags & CHECK_REQUIRED) !== 0
    const kind = flags >> 4
    const minLen = program[o + 1] as number
    const maxLen = program[o + 2] as number
    const table = tables[i]
    out.push(`if (present < ${i + 1}) ${requiredFrom[i] === true ? 'return false' : 'break elements'}`)
    out.push(`e = ${i + 1} < present ? seps[base + ${i + 1}] : end`)
    out.push('if (a === e) {')
    if (required) out.push('return false')
    out.push('} else {')
    if (useMask && i < 30) out.push(`mask |= ${(1 << (i + 1)) | 0}`)
    if ((flags & CHECK_STRING_PATH) !== 0) out.push('return false')
    else out.push(...valueCode(i, kind, minLen, maxLen, table))
    out.push('}')
    out.push('a = e + 1')
  }
  out.push('}')
  if (entry.syntax.length > 0) {
    if (!entry.syntax_by_mask) out.push('return false')
    else {
      entry.syntax.forEach((rule, n) => {
        const all = rule.mask | 0
        const some = `(mask & ${all})`
        switch (rule.type) {
          case 'P': out.push(`if (${some} !== 0 && ${some} !== ${all}) return false`); break
          case 'R': out.push(`if (${some} === 0) return false`); break
          case 'C': out.push(`if ((mask & ${rule.first | 0}) !== 0 && ${some} !== ${all}) return false`); break
          case 'L': out.push(`if ((mask & ${rule.first | 0}) !== 0 && ${some} === ${rule.first | 0}) return false`); break
          case 'E': out.push(`{ const s${n} = ${some}; if ((s${n} & (s${n} - 1)) !== 0) return false }`); break
        }
      })
    }
  }
  for (const i of entry.date_formats) {
    if (specs[i + 1] === undefined) continue
    out.push(`if (present >= ${i + 2} && !dateClean(c, ${i}, T[${i}])) return false`)
  }
  out.push('return true')
  const body = out.join('\n')
  const make = new Function('T', 'extrasEmpty', 'dateClean', 'valueLooksClean', 'isD8', 'isYymmdd', 'isTime', 'numericLength', `return function clean${entry.id}(c) {\n${body}\n}`) as (...args: unknown[]) => CleanCheck
  return make(tables, extrasEmpty, dateClean, valueLooksClean, isD8, isYymmdd, isTime, numericLength)
}

/** The code checking one present value `buf[a..e)` (element index `i`), inlined where the kind is common. */
function valueCode(i: number, kind: number, minLen: number, maxLen: number, table: CodeTable | undefined): string[] {
  const out: string[] = []
  const lengths = `if (len < ${minLen} || len > ${maxLen}) return false`
  if (table !== undefined) {
    const codes = table.codes()
    const short = codes.length <= SWITCH_CODES && codes.every((code) => codeKey(code) >= 0)
    if (!short || kind > ELEMENT_KIND.ID) return [`if (!valueLooksClean(buf, a, e, ${kind}, ${minLen}, ${maxLen}, T[${i}])) return false`]
    // A listed value needs no control-character check; an unlisted one fails anyway.
    out.push('len = e - a')
    out.push('if (len > 3) return false')
    out.push('key = (len << 8) | buf[a]')
    out.push('if (len > 1) key = (key << 8) | buf[a + 1]')
    out.push('if (len > 2) key = (key << 8) | buf[a + 2]')
    out.push('switch (key) {')
    for (const code of codes) out.push(`case ${codeKey(code)}:`)
    out.push('break')
    out.push('default: return false')
    out.push('}')
    out.push(lengths)
    if (kind === ELEMENT_KIND.AN) out.push(`if (len > ${minLen} && buf[e - 1] === 32) return false`)
    return out
  }
  if (kind === ELEMENT_KIND.AN || kind === ELEMENT_KIND.ID) {
    out.push('len = e - a')
    out.push(lengths)
    if (kind === ELEMENT_KIND.AN) out.push(`if (len > ${minLen} && buf[e - 1] === 32) return false`)
    return out
  }
  if (kind === ELEMENT_KIND.DT) {
    out.push('len = e - a')
    out.push('if (!(len === 8 ? isD8(buf, a) : len === 6 && isYymmdd(buf, a))) return false')
    out.push(lengths)
    return out
  }
  if (kind === ELEMENT_KIND.N || kind === ELEMENT_KIND.R) {
    out.push(`len = numericLength(buf, a, e, ${kind === ELEMENT_KIND.R})`)
    out.push('if (len < 0) return false')
    out.push(lengths)
    return out
  }
  if (kind === ELEMENT_KIND.TM) {
    out.push('len = e - a')
    out.push('if (!isTime(buf, a, len)) return false')
    out.push(lengths)
    return out
  }
  return [`if (!valueLooksClean(buf, a, e, ${kind}, ${minLen}, ${maxLen}, undefined)) return false`]
}

/** Elements past position `last` are all empty. */
function extrasEmpty(c: SegmentCursor, last: number): boolean {
  for (let p = last + 1; p <= c.count; p++) if (c.elementEnd(p) > c.elementStart(p)) return false
  return true
}

/** The date check of {@link elementsLookClean} for the qualifier at element index `i` (caller checked `i + 2 <= count`). */
function dateClean(c: SegmentCursor, i: number, table: CodeTable | undefined): boolean {
  const qa = c.elementStart(i + 1)
  const qe = c.elementEnd(i + 1)
  const va = c.elementStart(i + 2)
  const ve = c.elementEnd(i + 2)
  if (qa === qe || va === ve) return true
  const buf = c.buf
  if (table !== undefined && !table.hasBytes(buf, qa, qe)) return true // reported as a bad qualifier
  return dateLooksValid(buf, qa, qe - qa, va, ve - va)
}

import { Buffer } from 'node:buffer'
import { X12Error } from './errors.js'
import type { Delimiters } from './segment.js'

/**
 * What comes after each segment terminator.
 *
 * @example
 * const ending: LineEnding = 'crlf' // REF*0F*1~\r\n
 */
export type LineEnding = 'none' | 'lf' | 'crlf'

/**
 * Output options shared by every X12 writer.
 *
 * @example
 * const options: SegmentWriterOptions = { delimiters: { element: '|', segment: '\n' }, line_ending: 'none' }
 */
export interface SegmentWriterOptions {
  /** Delimiters to write with; defaults `*`, `:`, `^`, `~`. */
  readonly delimiters?: Partial<Delimiters>
  /** Line ending after each segment terminator; default `'lf'`. */
  readonly line_ending?: LineEnding
}

/**
 * Where a writer sends bytes: a Node `Writable` fits. `write` returning false means "wait for
 * `drain`" (backpressure).
 *
 * @example
 * const sink: ByteSink = createWriteStream('out.834')
 */
export interface ByteSink {
  write(chunk: Uint8Array): boolean
  once?(event: 'drain', listener: () => void): unknown
}

/**
 * The defaults: `*` element, `:` component, `^` repetition, `~` segment.
 *
 * @example
 * new SegmentWriter(sink, { delimiters: { ...DEFAULT_DELIMITERS, element: '|' } })
 */
export const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' }

const FLUSH_AT = 64 * 1024

/** Bits in the per-character table used to refuse values that contain a delimiter or a character X12 cannot carry. */
const STRUCTURAL = 1 // element separator or segment terminator: never allowed in data
const INNER = 2 // component or repetition separator: allowed only in raw (unsplit) elements
const OUTSIDE = 4 // outside X12's character sets (printable ASCII): a control character, DEL, a latin1 'É'

function isBadDelimiter(ch: string): boolean {
  return ch.length !== 1 || /[A-Za-z0-9 ]/.test(ch) || ch.charCodeAt(0) > 0xff
}

/**
 * Checks and completes a delimiter choice: each a single non-alphanumeric latin1 character, all
 * distinct; `repetition` may be `''` (no repetition separator, ISA11 `U`).
 *
 * @example
 * resolveDelimiters({ element: '|' }) // { element: '|', component: ':', repetition: '^', segment: '~' }
 */
export function resolveDelimiters(partial: Partial<Delimiters> = {}): Delimiters {
  const d: Delimiters = { ...DEFAULT_DELIMITERS, ...partial }
  // An empty repetition separator means none (ISA11 'U', as before 00501).
  const all = d.repetition === '' ? [d.element, d.component, d.segment] : [d.element, d.component, d.repetition, d.segment]
  if (all.some((c) => isBadDelimiter(c)) || /[\r\n]/.test(d.element + d.component + d.repetition)) {
    throw new X12Error('invalid-delimiters', `Delimiters must be single non-alphanumeric characters: ${JSON.stringify(d)}`)
  }
  if (new Set(all).size !== all.length) throw new X12Error('invalid-delimiters', `Delimiters must be distinct: ${JSON.stringify(d)}`)
  return d
}

/**
 * Writes X12 segments to a {@link ByteSink}, encoding straight into 64 KiB byte buffers (latin1)
 * — no intermediate segment strings. Elements are written one at a time between {@link begin}
 * and {@link end}; empty elements are held back and written only if a non-empty one follows, so
 * trailing empty elements are trimmed. Every value is checked as it is copied: X12 has no escape
 * mechanism, so a value containing a delimiter (or a character above U+00FF) is refused with an
 * {@link X12Error} (`delimiter-in-data` / `invalid-value`) rather than silently corrupting the
 * file — pick delimiters that do not occur in your data.
 *
 * @example
 * const w = new SegmentWriter(process.stdout, { line_ending: 'none' })
 * w.segment(['REF', '0F', '123456789'])   // REF*0F*123456789~
 * await w.flush()
 */
export class SegmentWriter {
  readonly delimiters: Delimiters
  private readonly sink: ByteSink
  private readonly table = new Uint8Array(256)
  private readonly elementByte: number
  private readonly componentByte: number
  private readonly repetitionByte: number
  private readonly after: Uint8Array
  private buf: Buffer = Buffer.allocUnsafe(FLUSH_AT + 1024)
  private pos = 0
  /** Empty elements waiting for a non-empty one (then written as separators). */
  private gap = 0
  private blocked = false
  /** Segments written so far. */
  count = 0

  constructor(sink: ByteSink, options: SegmentWriterOptions = {}) {
    this.sink = sink
    const d = resolveDelimiters(options.delimiters)
    this.delimiters = d
    const ending = options.line_ending ?? 'lf'
    this.after = Buffer.from(d.segment + (ending === 'lf' ? '\n' : ending === 'crlf' ? '\r\n' : ''), 'latin1')
    this.elementByte = d.element.charCodeAt(0)
    this.componentByte = d.component.charCodeAt(0)
    this.repetitionByte = d.repetition === '' ? -1 : d.repetition.charCodeAt(0)
    for (let b = 0; b < 0x20; b++) this.table[b] = OUTSIDE
    for (let b = 0x7f; b < 0x100; b++) this.table[b] = OUTSIDE
    this.table[this.elementByte] = STRUCTURAL
    this.table[d.segment.charCodeAt(0)] = STRUCTURAL
    this.table[this.componentByte] = INNER
    if (this.repetitionByte !== -1) this.table[this.repetitionByte] = INNER
  }

  /**
   * Throws unless `value` can be written as (part of) one element. `allowInner` lets component and
   * repetition separators through (for values that are already joined composites).
   */
  check(value: string, ref: string, allowInner = false): void {
    const table = this.table
    const mask = allowInner ? STRUCTURAL | OUTSIDE : STRUCTURAL | INNER | OUTSIDE
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if (c > 0xff || (table[c]! & mask) !== 0) this.refuse(value, i, ref)
    }
  }

  /** Starts a segment with its id. */
  begin(id: string): void {
    this.gap = 0
    this.text(id, id, STRUCTURAL | INNER | OUTSIDE)
  }

  /** Writes the next simple element (`undefined` or `''` = empty); refuses non-strings and delimiters. */
  str(v: unknown, ref: string): void {
    if (v === undefined || v === '') { this.gap++; return }
    if (typeof v !== 'string') invalid(ref, 'a string')
    this.separators()
    this.text(v, ref, STRUCTURAL | INNER | OUTSIDE)
  }

  /** Writes the next element as a composite (array of components; trailing empty ones trimmed). */
  comp(v: unknown, ref: string): void {
    if (v === undefined) { this.gap++; return }
    if (!Array.isArray(v)) invalid(ref, 'an array of components')
    const n = componentCount(v, ref)
    if (n === 0) { this.gap++; return }
    this.separators()
    this.components(v, n, ref)
  }

  /** Writes the next element as a repeating composite (array of component arrays). */
  reps(v: unknown, ref: string): void {
    if (v === undefined) { this.gap++; return }
    if (!Array.isArray(v)) invalid(ref, 'an array of repetitions')
    if (v.length > 1 && this.repetitionByte === -1) {
      throw new X12Error('invalid-value', `${ref} repeats but there is no repetition separator`, { element: ref })
    }
    let empty = true
    for (const r of v) {
      if (!Array.isArray(r)) invalid(ref, 'an array of component arrays')
      if (componentCount(r, ref) > 0) empty = false
    }
    if (empty && v.length <= 1) { this.gap++; return }
    this.separators()
    for (let i = 0; i < v.length; i++) {
      if (i > 0) this.byte(this.repetitionByte)
      const r = v[i] as unknown[]
      this.components(r, componentCount(r, ref), ref)
    }
  }

  /** Ends the segment (terminator and line ending). Returns false when the sink wants a drain. */
  end(): boolean {
    const after = this.after
    if (this.pos + after.length > this.buf.length) this.push(after.length)
    for (let i = 0; i < after.length; i++) this.buf[this.pos++] = after[i]!
    this.count++
    if (this.pos >= FLUSH_AT) this.push(0)
    return !this.blocked
  }

  /**
   * Writes one segment given as `[id, e1, e2, …]`; values are checked (`allowInner`: component and
   * repetition separators allowed, as in raw composites); trailing empty elements trimmed unless
   * `trim` is false.
   */
  segment(elements: readonly string[], allowInner = true, trim = true): boolean {
    this.begin(elements[0] ?? '')
    const mask = allowInner ? STRUCTURAL | OUTSIDE : STRUCTURAL | INNER | OUTSIDE
    for (let i = 1; i < elements.length; i++) {
      const v = elements[i]!
      if (v === '' && trim) { this.gap++; continue }
      this.separators()
      this.text(v, `${elements[0] ?? ''}${i < 10 ? '0' : ''}${i}`, mask)
    }
    return this.end()
  }

  /** Writes a segment with no checks at all (the ISA, whose ISA11/ISA16 are delimiters by design). */
  unchecked(elements: readonly string[]): boolean {
    this.begin(elements[0] ?? '')
    for (let i = 1; i < elements.length; i++) {
      this.byte(this.elementByte)
      this.text(elements[i]!, '', 0)
    }
    return this.end()
  }

  /** False while the sink is backed up (then await {@link drained}). */
  get ready(): boolean {
    return !this.blocked
  }

  /** Resolves once the sink has drained (immediately if it is not backed up). */
  drained(): Promise<void> {
    if (!this.blocked || this.sink.once === undefined) { this.blocked = false; return Promise.resolve() }
    return new Promise((resolve) => {
      this.sink.once!('drain', () => { this.blocked = false; resolve() })
    })
  }

  /** Pushes buffered bytes to the sink and waits for it to drain if needed. */
  async flush(): Promise<void> {
    this.push(0)
    await this.drained()
  }

  private separators(): void {
    const n = this.gap + 1
    if (this.pos + n > this.buf.length) this.push(n)
    const b = this.elementByte
    for (let i = 0; i < n; i++) this.buf[this.pos++] = b
    this.gap = 0
  }

  private components(v: readonly unknown[], n: number, ref: string): void {
    for (let i = 0; i < n; i++) {
      if (i > 0) this.byte(this.componentByte)
      const c = v[i]
      if (c !== undefined) this.text(c as string, ref, STRUCTURAL | INNER | OUTSIDE)
    }
  }

  private byte(b: number): void {
    if (this.pos >= this.buf.length) this.push(1)
    this.buf[this.pos++] = b
  }

  /** Copies `value` as latin1, refusing characters whose table bits meet `mask`. */
  private text(value: string, ref: string, mask: number): void {
    const len = value.length
    if (this.pos + len > this.buf.length) this.push(len)
    const buf = this.buf
    const table = this.table
    let pos = this.pos
    for (let i = 0; i < len; i++) {
      const c = value.charCodeAt(i)
      if (c > 0xff || (table[c]! & mask) !== 0) this.refuse(value, i, ref)
      buf[pos++] = c
    }
    this.pos = pos
  }

  private refuse(value: string, i: number, ref: string): never {
    const c = value.charCodeAt(i)
    if (c > 0xff || (this.table[c]! & OUTSIDE) !== 0) {
      throw new X12Error('invalid-value', `${ref} contains ${JSON.stringify(value[i])}, outside X12's character set (printable ASCII): ${JSON.stringify(value)}`, { element: ref })
    }
    throw new X12Error('delimiter-in-data', `${ref} contains the delimiter ${JSON.stringify(value[i])}: ${JSON.stringify(value)}`, { element: ref })
  }

  /** Hands the filled part of the buffer to the sink and starts a new one with room for `need` bytes. */
  private push(need: number): void {
    if (this.pos > 0) {
      const ok = this.sink.write(this.buf.subarray(0, this.pos))
      if (!ok) this.blocked = true
      this.buf = Buffer.allocUnsafe(Math.max(FLUSH_AT + 1024, need))
      this.pos = 0
    } else if (need > this.buf.length) {
      this.buf = Buffer.allocUnsafe(need)
    }
  }
}

function invalid(ref: string, what: string): never {
  throw new X12Error('invalid-value', `${ref} must be ${what}`, { element: ref })
}

/** Number of components to write: trailing empty ones dropped; non-strings refused. */
function componentCount(v: readonly unknown[], ref: string): number {
  let n = v.length
  while (n > 0 && (v[n - 1] === '' || v[n - 1] === undefined)) n--
  for (let i = 0; i < n; i++) {
    const c = v[i]
    if (c !== undefined && typeof c !== 'string') invalid(ref, 'an array of string components')
  }
  return n
}

/**
 * A {@link ByteSink} that collects everything in memory (for tests and small files).
 *
 * @example
 * const sink = new MemorySink(); /* …write… *\/ sink.text() // the X12 text
 */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = []
  write(chunk: Uint8Array): boolean {
    this.chunks.push(chunk)
    return true
  }
  /** Everything written so far as bytes. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks)
  }
  /** Everything written so far as latin1 text. */
  text(): string {
    return this.bytes().toString('latin1')
  }
}

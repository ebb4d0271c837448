import { Buffer } from 'node:buffer'
import { X12Error } from './errors.js'
import type { Delimiters } from './segment.js'

/** What comes after each segment terminator. */
export type LineEnding = 'none' | 'lf' | 'crlf'

/** Output options shared by every X12 writer. */
export interface SegmentWriterOptions {
  /** Delimiters to write with; defaults `*`, `:`, `^`, `~`. */
  readonly delimiters?: Partial<Delimiters>
  /** Line ending after each segment terminator; default `'lf'`. */
  readonly line_ending?: LineEnding
}

/**
 * Where a writer sends bytes: a Node `Writable` fits. `write` returning false means "wait for
 * `drain`" (backpressure).
 */
export interface ByteSink {
  write(chunk: Uint8Array): boolean
  once?(event: 'drain', listener: () => void): unknown
}

/** The defaults: `*` element, `:` component, `^` repetition, `~` segment. */
export const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' }

const FLUSH_AT = 64 * 1024

/** Bits in the per-character table used to refuse values that contain a delimiter. */
const STRUCTURAL = 1 // element separator or segment terminator: never allowed in data
const INNER = 2 // component or repetition separator: allowed only in raw (unsplit) elements

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
 * Writes X12 segments to a {@link ByteSink} (latin1), buffering into 64 KiB chunks. Every value is
 * checked: X12 has no escape mechanism, so a value containing a delimiter (or a character above
 * U+00FF) is refused with an {@link X12Error} (`delimiter-in-data` / `invalid-value`) rather than
 * silently corrupting the file — pick delimiters that do not occur in your data.
 *
 * @example
 * const w = new SegmentWriter(process.stdout, { line_ending: 'none' })
 * w.segment(['REF', '0F', '123456789'])   // REF*0F*123456789~
 * await w.flush()
 */
export class SegmentWriter {
  readonly delimiters: Delimiters
  private readonly sink: ByteSink
  private readonly after: string
  private readonly table = new Uint8Array(256)
  private pending = ''
  private blocked = false
  /** Segments written since the last {@link resetCount}. */
  count = 0

  constructor(sink: ByteSink, options: SegmentWriterOptions = {}) {
    this.sink = sink
    this.delimiters = resolveDelimiters(options.delimiters)
    const ending = options.line_ending ?? 'lf'
    this.after = this.delimiters.segment + (ending === 'lf' ? '\n' : ending === 'crlf' ? '\r\n' : '')
    this.table[this.delimiters.element.charCodeAt(0)] = STRUCTURAL
    this.table[this.delimiters.segment.charCodeAt(0)] = STRUCTURAL
    this.table[this.delimiters.component.charCodeAt(0)] = INNER
    if (this.delimiters.repetition !== '') this.table[this.delimiters.repetition.charCodeAt(0)] = INNER
  }

  /**
   * Throws unless `value` can be written as (part of) one element. `allowInner` lets component and
   * repetition separators through (for values that are already joined composites).
   */
  check(value: string, ref: string, allowInner = false): void {
    const table = this.table
    const mask = allowInner ? STRUCTURAL : STRUCTURAL | INNER
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if (c > 0xff) throw new X12Error('invalid-value', `${ref} contains a character outside latin1: ${JSON.stringify(value)}`, { element: ref })
      if ((table[c]! & mask) !== 0) {
        throw new X12Error('delimiter-in-data', `${ref} contains the delimiter ${JSON.stringify(value[i])}: ${JSON.stringify(value)}`, { element: ref })
      }
    }
  }

  /** Writes one segment given as `[id, e1, e2, …]`, already checked. Returns false when the sink wants a drain. */
  segment(elements: readonly string[]): boolean {
    this.pending += elements.join(this.delimiters.element) + this.after
    this.count++
    if (this.pending.length >= FLUSH_AT) this.push()
    return !this.blocked
  }

  /** Writes a segment whose text (without terminator) is already assembled and checked. */
  raw(text: string): boolean {
    this.pending += text + this.after
    this.count++
    if (this.pending.length >= FLUSH_AT) this.push()
    return !this.blocked
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

  /** Pushes buffered text to the sink and waits for it to drain if needed. */
  async flush(): Promise<void> {
    this.push()
    await this.drained()
  }

  private push(): void {
    if (this.pending === '') return
    const ok = this.sink.write(Buffer.from(this.pending, 'latin1'))
    this.pending = ''
    if (!ok) this.blocked = true
  }
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

/**
 * The unit every part of the x12 engine deals in: one segment, split into elements, with its
 * position in the interchange so findings can point at it.
 *
 * @example
 * const seg: Segment = { id: 'INS', elements: ['INS', 'Y', '18', '021'], index: 12, offset: 512, line: 13 }
 * seg.elements[3] // '021' — INS03, 1-based like the implementation guide
 */
export interface Segment {
  /** Segment id, e.g. `INS`. Same as `elements[0]`. */
  readonly id: string
  /** `elements[0]` is the id; `elements[n]` is element n (`INS03` = `elements[3]`). Raw text: composites and repetitions unsplit. */
  readonly elements: readonly string[]
  /** 0-based index of the segment in the whole input (ISA = 0). */
  readonly index: number
  /** Byte offset of the segment's first byte in the input. */
  readonly offset: number
  /** 1-based line number (counts LF bytes before the segment). */
  readonly line: number
  /** Set on `ISA` segments only: the delimiters this ISA declares (the tokenizer fills it in). */
  readonly delimiters?: Delimiters
}

/** Separators read from the ISA header (positions 4, 83, 105, 106). */
export interface Delimiters {
  readonly element: string
  readonly component: string
  readonly repetition: string
  readonly segment: string
}

/**
 * What the 834 state machine and the generated typed readers read of one segment: implemented by
 * the scanner's {@link SegmentCursor} (fields decoded from the bytes, only those a reader keeps)
 * and by a wrapped {@link Segment}.
 *
 * @example
 * const ins01 = f.count >= 1 ? f.str(1) : ''
 */
export interface SegmentFields {
  /** The id packed like the validator's `segmentKey` (length << 24 | latin1 bytes), -1 unless 1–3 characters below U+0100. */
  readonly key: number
  /** The last element position (`elements.length - 1`). */
  readonly count: number
  readonly index: number
  readonly offset: number
  readonly line: number
  /** Element `i` (`0 ≤ i ≤ count`) as text. */
  str(i: number): string
  /** The id as text. */
  id(): string
  /** `[id, e1, e2, …]` as a fresh array. */
  elements(): string[]
}

/**
 * A segment id with stray text on the line(s) before it: `@@ note @@\nINS` (a line of junk pasted
 * between two segments, so it joined the next segment's id). Returns the id after the last line
 * break and the text before it, or undefined when `id` holds no line break or what follows it is
 * not shaped like an id (a capital letter and one or two capitals or digits).
 *
 * @example
 * strayText('@@ note @@\nINS') // { id: 'INS', text: '@@ note @@' }
 * strayText('INS')             // undefined
 */
export function strayText(id: string): { readonly id: string; readonly text: string } | undefined {
  const cut = Math.max(id.lastIndexOf('\n'), id.lastIndexOf('\r'))
  if (cut < 0) return undefined
  const tail = id.slice(cut + 1)
  // Not ISA: the scanner reads an ISA only where a segment starts (its delimiters come from it).
  if (!/^[A-Z][A-Z0-9]{1,2}$/.test(tail) || tail === 'ISA') return undefined
  return { id: tail, text: id.slice(0, cut).replace(/[\r\n]+/g, ' ').trim() }
}

/**
 * `text` with control characters written as escapes (`\n`, `\r`, `\t`, `\x1f`), so a finding's
 * message about a value that holds a line break stays on one line.
 *
 * @example
 * printable('170\n5') // '170\\n5'
 */
export function printable(text: string): string {
  return /[\x00-\x1f\x7f]/.test(text)
    ? text.replace(/[\x00-\x1f\x7f]/g, (c) => c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    : text
}

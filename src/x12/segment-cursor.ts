import type { Buffer } from 'node:buffer'
import type { Segment, SegmentFields } from './segment.js'

/**
 * Decodes `buf[a..e)` as latin1, sharing one string per short value (the scanner's cache).
 * @internal
 */
export interface ValueDecoder {
  decodeValue(buf: Buffer, a: number, e: number): string
  /** The same from `text`, the latin1 decoding of all of `buf` (short values still shared). */
  sliceValue(buf: Buffer, text: string, a: number, e: number): string
}

/**
 * A view of the segment the scanner has just found, as byte offsets into its buffer: no string
 * per element, no array, no object per segment. Reused from segment to segment (`seq` changes),
 * so it is valid only inside the callback it was handed to; {@link SegmentCursor.toSegment} makes
 * a lasting {@link Segment}.
 *
 * Element `i` (0 = the id) spans `elementStart(i)..elementEnd(i)`; composites and repetitions
 * are unsplit, as in {@link Segment.elements}.
 *
 * @example
 * scanner.feedRaw(chunk, (c) => { if (c.key === segmentKey('INS')) members++ }, (isa) => void isa)
 */
export class SegmentCursor implements SegmentFields {
  /** The buffer the offsets point into. */
  buf!: Buffer
  /** Element separator offsets in `buf` live at `seps[sepBase .. sepBase + count)`. */
  seps: Int32Array = new Int32Array(0)
  sepBase = 0
  /** Number of element separators, i.e. the last element position (`elements.length - 1`). */
  count = 0
  /** Offset in `buf` of the segment's first byte, and of its terminator. */
  start = 0
  end = 0
  /** As in {@link Segment}: 0-based index in the input, absolute byte offset, 1-based line. */
  index = 0
  offset = 0
  line = 1
  /** The segment id packed like `segmentKey` (length << 24 | bytes), or -1 when it is not 1–3 bytes. */
  key = -1
  /**
   * Whether the segment holds a byte outside printable ASCII (a control character, DEL, anything
   * above 0x7E) other than its delimiters, or the repetition (ISA11) or component (ISA16)
   * separator: the byte-level element checks then defer to the string ones.
   */
  control = false
  /** Changes for every segment, so lazy views can tell they are stale. */
  seq = 0

  /** Latin1 text of all of `textBuf`, decoded once when segments of that buffer are turned into strings. */
  private text = ''
  private textBuf: Buffer | undefined

  constructor(private readonly decoder: ValueDecoder) {}

  /** The scanner calls this when it starts on a buffer: a caller may refill the same Buffer object between chunks. */
  forgetText(): void {
    this.textBuf = undefined
    this.text = ''
  }

  /** Offset in `buf` of element `i`'s first byte (`i` ≤ `count`). */
  elementStart(i: number): number {
    return i === 0 ? this.start : (this.seps[this.sepBase + i - 1] as number) + 1
  }

  /** Offset in `buf` just past element `i` (`i` ≤ `count`). */
  elementEnd(i: number): number {
    return i < this.count ? (this.seps[this.sepBase + i] as number) : this.end
  }

  /** Element `i` as a string (`undefined` past the last element, like `Segment.elements[i]`). */
  element(i: number): string | undefined {
    if (i > this.count) return undefined
    return this.decoder.decodeValue(this.buf, this.elementStart(i), this.elementEnd(i))
  }

  /**
   * Element `i` (`i` ≤ `count`) as a string, sliced from one latin1 decoding of the whole buffer
   * (short values shared): cheaper than {@link element} when most elements of most segments become
   * strings (the typed 834 readers).
   */
  str(i: number): string {
    const buf = this.buf
    if (this.textBuf !== buf) {
      this.text = buf.toString('latin1')
      this.textBuf = buf
    }
    return this.decoder.sliceValue(buf, this.text, this.elementStart(i), this.elementEnd(i))
  }

  /** The id as a string (shared for short ids). */
  id(): string {
    return this.decoder.decodeValue(this.buf, this.start, this.count > 0 ? (this.seps[this.sepBase] as number) : this.end)
  }

  /** Every element as strings, `[id, e1, e2, …]`. */
  elements(): string[] {
    const out = new Array<string>(this.count + 1)
    for (let i = 0; i <= this.count; i++) out[i] = this.decoder.decodeValue(this.buf, this.elementStart(i), this.elementEnd(i))
    return out
  }

  /**
   * A lasting {@link Segment}, the same as the string tokenizer would have produced. Like the
   * string tokenizer it decodes the buffer once and slices it, which is cheaper than a decode
   * per element when every segment becomes strings (read834).
   */
  toSegment(): Segment {
    const buf = this.buf
    if (this.textBuf !== buf) {
      this.text = buf.toString('latin1')
      this.textBuf = buf
    }
    const text = this.text
    const decoder = this.decoder
    const elements = new Array<string>(this.count + 1)
    for (let i = 0; i <= this.count; i++) elements[i] = decoder.sliceValue(buf, text, this.elementStart(i), this.elementEnd(i))
    return { id: elements[0] as string, elements, index: this.index, offset: this.offset, line: this.line }
  }
}

/**
 * A {@link Segment} over a {@link SegmentCursor}: position fixed when bound, id and elements
 * decoded on demand — and only while the cursor still points at this segment (later reads
 * throw). The validator's byte path binds one instance to each segment in turn (no object per
 * segment) and keeps {@link LazySegment.snapshot}s where it must point back at a segment later.
 *
 * @example
 * const seg = new LazySegment(cursor).bind()
 * seg.element(3) // INS03 as a string, decoded now
 */
export class LazySegment implements Segment {
  /** Brand for {@link isLazySegment}: a property test, which measured cheaper than `instanceof` on the hot path. */
  readonly lazy = true
  index = 0
  offset = 0
  line = 0
  private readonly cursor: SegmentCursor
  private seq = -1
  private knownId: string | undefined
  private decoded: string[] | undefined

  constructor(cursor: SegmentCursor) {
    this.cursor = cursor
  }

  /** Sets the id when the caller knows it (the map entry the segment matched), so it outlives the cursor. */
  knowId(id: string): void {
    this.knownId = id
  }

  /** Points this view at the cursor's current segment. */
  bind(): this {
    const c = this.cursor
    this.seq = c.seq
    this.index = c.index
    this.offset = c.offset
    this.line = c.line
    this.knownId = undefined
    this.decoded = undefined
    return this
  }

  /** A view of the same segment that keeps its id and position after this one is re-bound. */
  snapshot(): LazySegment {
    const copy = new LazySegment(this.cursor)
    copy.seq = this.seq
    copy.index = this.index
    copy.offset = this.offset
    copy.line = this.line
    copy.knownId = this.id
    copy.decoded = this.decoded
    return copy
  }

  get id(): string {
    if (this.knownId === undefined) this.knownId = this.live().id()
    return this.knownId
  }

  get elements(): readonly string[] {
    if (this.decoded === undefined) this.decoded = this.live().elements()
    return this.decoded
  }

  /** Element `i`, decoded alone (cheaper than `elements` when a rule needs one or two values). */
  element(i: number): string | undefined {
    return this.decoded !== undefined ? this.decoded[i] : this.live().element(i)
  }

  /** Whether element `i` is exactly `code` (compared on the bytes while the cursor is here, nothing decoded). */
  elementIs(i: number, code: string): boolean {
    if (this.decoded !== undefined) return this.decoded[i] === code
    const c = this.live()
    if (i > c.count) return false
    const a = c.elementStart(i)
    if (c.elementEnd(i) - a !== code.length) return false
    const buf = c.buf
    for (let k = 0; k < code.length; k++) if (buf[a + k] !== code.charCodeAt(k)) return false
    return true
  }

  /** Length of element `i`, -1 when absent (nothing decoded). */
  elementLength(i: number): number {
    if (this.decoded !== undefined) return this.decoded[i]?.length ?? -1
    const c = this.live()
    return i > c.count ? -1 : c.elementEnd(i) - c.elementStart(i)
  }

  /** Whether element `i` sorts after `text` as JavaScript strings compare (by char code); false when absent. */
  elementAfter(i: number, text: string): boolean {
    if (this.decoded !== undefined) { const v = this.decoded[i]; return v !== undefined && v > text }
    const c = this.live()
    if (i > c.count) return false
    const a = c.elementStart(i)
    const len = c.elementEnd(i) - a
    const buf = c.buf
    const n = Math.min(len, text.length)
    for (let k = 0; k < n; k++) {
      const x = buf[a + k] as number
      const y = text.charCodeAt(k)
      if (x !== y) return x > y
    }
    return len > text.length
  }

  private live(): SegmentCursor {
    if (this.cursor.seq !== this.seq) throw new Error(`x12: elements of segment ${this.index} read after the scanner moved on`)
    return this.cursor
  }
}

/**
 * Whether a segment is a {@link LazySegment} (the validator's byte path) rather than a plain one.
 *
 * @example
 * const els = isLazySegment(seg) ? undefined : seg.elements
 */
export function isLazySegment(seg: Segment): seg is LazySegment {
  return (seg as { readonly lazy?: unknown }).lazy === true
}

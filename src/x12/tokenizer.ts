import { Buffer } from 'node:buffer'
import { X12Error } from './errors.js'
import type { Delimiters, Segment } from './segment.js'
import { printable } from './segment.js'
import { SegmentCursor } from './segment-cursor.js'

/**
 * Options for {@link tokenize}, {@link tokenizeSync} and {@link SegmentScanner}.
 *
 * @example
 * tokenize(stream, { lenientIsa: true, maxSegmentLength: 64 * 1024 })
 */
export interface TokenizeOptions {
  /**
   * Accept an ISA that is not fixed width (e.g. ISA08 not padded to 15) by counting its 16 element
   * separators instead. Default `false`: such input is refused with `isa-not-fixed-width`, as the
   * X12 envelope rules (and pyx12) require.
   */
  readonly lenientIsa?: boolean
  /** Refuse a segment longer than this many bytes (`segment-too-long`), so memory stays bounded. Default 1 MiB. */
  readonly maxSegmentLength?: number
}

/**
 * A chunk source: a Node `Readable`, a web stream, or any async iterable of bytes or latin1 text.
 *
 * @example
 * const source: ByteSource = createReadStream('enroll.834')
 */
export type ByteSource = AsyncIterable<Uint8Array | string>

// Positions (0-based) of the 16 element separators in a fixed-width ISA; 104 = ISA16, 105 = terminator.
const ISA_SEPARATORS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103] as const
const ISA_LENGTH = 106
const LENIENT_ISA_MAX = 512

const LF = 0x0a
/** Slots (minus one) of the short value cache; at most {@link SHORT_CACHE_LIMIT} are used, so probing stays short. */
const SHORT_CACHE_MASK = 1023
const SHORT_CACHE_LIMIT = 512
const CR = 0x0d
const MID_CACHE_MASK = 4095
/** Numbers per segment record of an atomic raw feed. */
const REC = 9
const ISA_ID = Buffer.from('ISA', 'latin1')
const IEA_ID = Buffer.from('IEA', 'latin1')
const SPACE = 0x20
/** Byte classes of the raw scanning loop (`SegmentScanner#byteClass`). */
const CLASS_SEP = 1
const CLASS_TERM = 2
const CLASS_CONTROL = 3
const CLASS_LF = 4
const TAB = 0x09
const SUB = 0x1a

/**
 * The repetition separator an ISA11 value declares, or '' when it declares none: before 00501
 * ISA11 is 'U', a standards identifier, not a separator.
 *
 * @example
 * repetitionSeparator('^') // '^'
 * repetitionSeparator('U') // ''
 */
export function repetitionSeparator(isa11: string): string {
  return isa11.length === 1 && !isAlnum(isa11.charCodeAt(0)) ? isa11 : ''
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
}

// Buffer#latin1Slice is what toString('latin1', …) calls after argument checks; use it directly when present.
type Latin1Buffer = Buffer & { latin1Slice?: (start: number, end: number) => string }
const fastLatin1 = typeof (Buffer.prototype as Latin1Buffer).latin1Slice === 'function'
function latin1(buf: Buffer, start: number, end: number): string {
  return fastLatin1 ? (buf as Latin1Buffer).latin1Slice!(start, end) : buf.toString('latin1', start, end)
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1')
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/**
 * The push-style core of the tokenizer: feed it chunks split anywhere, get back the segments each
 * chunk completes. It keeps only the unfinished tail of the last chunk, so memory stays flat.
 * Delimiters are read from every ISA (a file may hold several interchanges).
 *
 * @example
 * const scanner = new SegmentScanner()
 * for (const chunk of chunks) for (const seg of scanner.push(chunk)) console.log(seg.id)
 * scanner.end() // throws X12Error if the input stopped mid-segment
 */
export class SegmentScanner {
  /** Delimiters of the current interchange; `undefined` until the first ISA has been read. */
  delimiters: Delimiters | undefined
  /** Whether the current interchange's ISA was fixed width (always true unless `lenientIsa`). */
  isaFixedWidth = true
  /**
   * @internal With `lenientIsa` and {@link trackStrictIsa}: the error a scanner without
   * `lenientIsa` would have thrown (the first one), and the index of the segment it would have
   * thrown at — so one lenient scan can serve a lenient validator and a strict parser.
   */
  strictIsaError: X12Error | undefined
  strictIsaIndex = -1
  /** @internal See {@link strictIsaError}. */
  trackStrictIsa = false

  private readonly lenientIsa: boolean
  private readonly maxSegmentLength: number
  private carry: Buffer | undefined
  /** Absolute byte offset of `carry[0]` (or of the next chunk when there is no carry). */
  private base = 0
  private index = 0
  private line = 1
  private expectIsa = true
  private seenAny = false
  private sep = ''
  /** Short value cache (see `short`): open addressing, keys packed from the bytes (0 = free slot). */
  private readonly shortKeys = new Int32Array(SHORT_CACHE_MASK + 1)
  private readonly shortStrings: string[] = new Array<string>(SHORT_CACHE_MASK + 1).fill('')
  private shortCount = 0
  /** Cache of 4–8 byte values (see `decodeValue`): two packed ints, the length and the string per slot. */
  private readonly midKeys = new Int32Array(2 * (MID_CACHE_MASK + 1))
  private readonly midLengths = new Uint8Array(MID_CACHE_MASK + 1)
  private readonly midStrings: string[] = new Array<string>(MID_CACHE_MASK + 1).fill('')
  /** Scratch space for element separator positions within one segment. */
  private positions: Int32Array = new Int32Array(64)
  private sepByte = -1
  /** Per byte value, for the raw scanning loop: 0 ordinary, or CLASS_SEP / CLASS_TERM / CLASS_CONTROL / CLASS_LF. */
  private readonly byteClass = new Uint8Array(256)
  private termByte = -1
  private compByte = -1
  private repByte = -1
  /** Set while `feedRaw`/`endRaw` run: segments go to it as cursors instead of becoming {@link Segment}s. */
  private raw: ((cursor: SegmentCursor) => void) | undefined
  private readonly cursor = new SegmentCursor(this)
  /** The cursor of replayed (recorded) segments: a separate object, so the hot cursor's fields only ever see the live scan's values. */
  private readonly replayCursor = new SegmentCursor(this)
  /** Atomic raw mode: the segments of one feed, recorded (offsets only) and handed out once the whole feed scanned. */
  private batching = false
  private batchBufs: Buffer[] = []
  /** Per segment ({@link REC} numbers): buffer index (-1 - ISA index for an ISA), start, end, first separator slot, separator count, index, offset, line, control flag. */
  private batchRecs = new Float64Array(REC * 256)
  private batchCount = 0
  private batchSeps = new Int32Array(4096)
  private batchSepCount = 0
  private batchIsas: Segment[] = []
  /** The last atomic raw feed threw: its recorded segments were not handed out (see `replayDropped`). */
  private dropped = false
  private readonly recordIsa = (seg: Segment): void => { this.record(-1 - this.batchIsas.length, 0, 0, 0, seg.index, seg.offset, seg.line, false); this.batchIsas.push(seg) }

  constructor(options: TokenizeOptions = {}) {
    this.lenientIsa = options.lenientIsa ?? false
    this.maxSegmentLength = options.maxSegmentLength ?? 1 << 20
  }

  /** Feeds the next chunk; returns the segments completed by it (a fresh array each call). */
  push(chunk: Uint8Array | string): Segment[] {
    const out: Segment[] = []
    this.feed(chunk, (seg) => { out.push(seg) })
    return out
  }

  /**
   * Feeds the next chunk and hands each completed segment to `emit` as soon as it is found (no
   * array of the chunk's segments is built, so segments can die young).
   */
  feed(chunk: Uint8Array | string, emit: (segment: Segment) => void): void {
    let bytes: Buffer
    if (!this.seenAny && typeof chunk === 'string' && chunk.charCodeAt(0) === 0xfeff) {
      // A decoded BOM: count it as the 3 bytes it was on disk so offsets match a byte read.
      bytes = toBuffer(chunk.slice(1))
      this.base += 3
      this.seenAny = true
    } else {
      bytes = toBuffer(chunk)
    }
    if (bytes.length === 0) return
    const carry = this.carry
    this.carry = undefined
    if (carry === undefined) { this.scan(bytes, false, emit); return }
    // Join only the straddling segment with the kept tail instead of copying the whole chunk.
    const t = this.expectIsa || this.termByte < 0 ? -1 : bytes.indexOf(this.termByte)
    if (t >= 0) {
      this.scan(Buffer.concat([carry, bytes.subarray(0, t + 1)]), false, emit)
      const left = this.carry as Buffer | undefined
      this.carry = undefined
      if (left !== undefined) this.scan(Buffer.concat([left, bytes.subarray(t + 1)]), false, emit)
      else if (t + 1 < bytes.length) this.scan(bytes.subarray(t + 1), false, emit)
      return
    }
    this.scan(Buffer.concat([carry, bytes]), false, emit)
  }

  /** Signals the end of input: returns any last segments, throws `X12Error` for unterminated data. */
  end(): Segment[] {
    const out: Segment[] = []
    this.endInto((seg) => { out.push(seg) })
    return out
  }

  private endInto(emit: (segment: Segment) => void): void {
    const buf = this.carry
    this.carry = undefined
    if (buf !== undefined) this.scan(buf, true, emit)
    else if (!this.seenAny) throw new X12Error('no-isa', 'Input is empty: expected an ISA header', { offset: 0, line: 1 })
  }

  /**
   * Like {@link feed}, but hands every segment except the ISA to `onRaw` as a reused
   * {@link SegmentCursor} (byte offsets, no strings); ISAs still come to `onSegment` as segments.
   * With `atomic`, the segments of this chunk are handed out only once all of it scanned, so a
   * tokenizer error drops the whole chunk's segments — what {@link tokenize} and
   * {@link tokenizeSync} consumers see, since those collect a chunk's segments before yielding.
   *
   * @example
   * scanner.feedRaw(chunk, (c) => engine.pushRaw(c), (isa) => engine.push(isa), true)
   */
  feedRaw(chunk: Uint8Array | string, onRaw: (cursor: SegmentCursor) => void, onSegment: (segment: Segment) => void, atomic = false): void {
    this.runRaw(onRaw, onSegment, atomic && !this.cannotFailMidway(chunk), (emit) => { this.feed(chunk, emit) })
  }

  /** Like {@link end}, for the raw mode of {@link feedRaw}. */
  endRaw(onRaw: (cursor: SegmentCursor) => void, onSegment: (segment: Segment) => void, atomic = false): void {
    this.runRaw(onRaw, onSegment, atomic, (emit) => { this.endInto(emit) })
  }

  /**
   * @internal Latin1 text of `buf[a..e)`: one shared string per short value (see `short`), and
   * values of 4–8 bytes (dates, plan ids) from a direct-mapped cache, so repeated values cost no
   * allocation in the byte path.
   */
  decodeValue(buf: Buffer, a: number, e: number): string {
    const len = e - a
    if (len === 0) return ''
    if (len <= 3) return this.shortDecoded(buf, a, e)
    if (len > 8) return latin1(buf, a, e)
    const lo = ((buf[a] as number) << 24) | ((buf[a + 1] as number) << 16) | ((buf[a + 2] as number) << 8) | (buf[a + 3] as number)
    let hi = 0
    for (let i = a + 4; i < e; i++) hi = (hi << 8) | (buf[i] as number)
    const slot = (Math.imul(lo ^ Math.imul(hi + len, 0x85ebca6b), 0x9e3779b1) >>> 20) & MID_CACHE_MASK
    const keys = this.midKeys
    if (keys[2 * slot] === lo && keys[2 * slot + 1] === hi && this.midLengths[slot] === len) return this.midStrings[slot] as string
    const value = latin1(buf, a, e)
    keys[2 * slot] = lo
    keys[2 * slot + 1] = hi
    this.midLengths[slot] = len
    this.midStrings[slot] = value
    return value
  }

  /** @internal `short` for {@link SegmentCursor.toSegment}: `text` is the latin1 decoding of all of `buf`. */
  sliceValue(buf: Buffer, text: string, a: number, e: number): string {
    return this.short(buf, text, a, e)
  }

  /**
   * Whether feeding `chunk` now cannot throw after some of its segments were found: no ISA is
   * due, no ISA or IEA can start in it (only ISA handling throws mid-chunk), and it is too short
   * to make a segment too long. Then an atomic raw feed needs no recording.
   */
  private cannotFailMidway(chunk: Uint8Array | string): boolean {
    if (this.expectIsa || typeof chunk === 'string' || chunk.length > this.maxSegmentLength) return false
    const bytes = toBuffer(chunk)
    if (bytes.indexOf(ISA_ID) >= 0 || bytes.indexOf(IEA_ID) >= 0) return false
    const carry = this.carry
    if (carry === undefined) return true
    if (carry.indexOf(ISA_ID) >= 0 || carry.indexOf(IEA_ID) >= 0) return false
    // An id split between the kept tail and this chunk (no joined copy: two 3-byte windows).
    const n = carry.length
    return !envelopeIdAt(n >= 2 ? carry[n - 2] : -1, carry[n - 1] as number, bytes[0] ?? -1) && !envelopeIdAt(carry[n - 1] as number, bytes[0] ?? -1, bytes[1] ?? -1)
  }

  private runRaw(onRaw: (cursor: SegmentCursor) => void, onSegment: (segment: Segment) => void, atomic: boolean, work: (emit: (segment: Segment) => void) => void): void {
    this.raw = onRaw
    this.batching = atomic
    this.dropped = false
    try {
      if (!atomic) { work(onSegment); return }
      this.batchBufs.length = 0
      this.batchIsas.length = 0
      this.batchCount = 0
      this.batchSepCount = 0
      try {
        work(this.recordIsa)
      } catch (err) {
        this.dropped = true
        throw err
      }
    } finally {
      this.raw = undefined
      this.batching = false
    }
    this.replay(onRaw, onSegment)
  }

  /**
   * @internal After an atomic {@link feedRaw} or {@link endRaw} threw: hands out the segments it
   * had found before the failure (which it did not hand out), e.g. to a parser that must see what
   * a segment-by-segment reader would have seen before the error.
   */
  replayDropped(onRaw: (cursor: SegmentCursor) => void, onSegment: (segment: Segment) => void): void {
    if (!this.dropped) return
    this.dropped = false
    this.replay(onRaw, onSegment)
  }

  /** Hands out the recorded segments of an atomic feed. */
  private replay(onRaw: (cursor: SegmentCursor) => void, onSegment: (segment: Segment) => void): void {
    const recs = this.batchRecs
    const c = this.replayCursor
    c.forgetText()
    c.seps = this.batchSeps
    for (let r = 0; r < this.batchCount; r++) {
      const at = r * REC
      const bi = recs[at] as number
      if (bi < 0) { onSegment(this.batchIsas[-1 - bi] as Segment); continue }
      const buf = this.batchBufs[bi] as Buffer
      // `| 0` / `smi`: numbers read from a Float64Array stored into the cursor can turn its integer
      // fields into double fields, which slows every later access by the validator and the parser
      // (measured ~12 % on parse+validate, steady state; invisible in a scan-only loop).
      const start = (recs[at + 1] as number) | 0
      const count = (recs[at + 4] as number) | 0
      const sepBase = (recs[at + 3] as number) | 0
      c.buf = buf
      c.start = start
      c.end = (recs[at + 2] as number) | 0
      c.sepBase = sepBase
      c.count = count
      c.index = smi(recs[at + 5] as number)
      c.offset = smi(recs[at + 6] as number)
      c.line = smi(recs[at + 7] as number)
      c.control = recs[at + 8] === 1
      c.key = idKeyOf(buf, start, count > 0 ? this.batchSeps[sepBase] as number : c.end)
      c.seq++
      onRaw(c)
      c.seq++ // stale from here: lazy views of it throw rather than read moved offsets
    }
    this.batchBufs.length = 0
    this.batchIsas.length = 0
  }

  private record(bufIndex: number, start: number, end: number, count: number, index: number, offset: number, line: number, control: boolean): void {
    let at = this.batchCount * REC
    if (at + REC > this.batchRecs.length) {
      const bigger = new Float64Array(this.batchRecs.length * 2)
      bigger.set(this.batchRecs)
      this.batchRecs = bigger
    }
    const recs = this.batchRecs
    recs[at++] = bufIndex
    recs[at++] = start
    recs[at++] = end
    recs[at++] = this.batchSepCount - count
    recs[at++] = count
    recs[at++] = index
    recs[at++] = offset
    recs[at++] = line
    recs[at] = control ? 1 : 0
    this.batchCount++
  }

  /** A non-ISA segment in raw mode: to the callback now, or recorded for an atomic feed. */
  private rawSegment(buf: Buffer, p: number, t: number, k: number, positions: Int32Array, line: number, control: boolean): void {
    const index = this.index++
    const c = this.cursor
    c.buf = buf
    c.seps = positions
    c.sepBase = 0
    c.count = k
    c.start = p
    c.end = t
    c.index = index
    c.offset = this.base + p
    c.line = line
    c.control = control
    c.key = idKeyOf(buf, p, k > 0 ? positions[0] as number : t)
    c.seq++
    ;(this.raw as (cursor: SegmentCursor) => void)(c)
    c.seq++ // stale from here: lazy views of it throw rather than read moved offsets
  }

  /** A non-ISA segment of an atomic raw feed: recorded (offsets only), handed out once the whole feed scanned. */
  private recordSegment(buf: Buffer, p: number, t: number, k: number, positions: Int32Array, line: number, control: boolean): void {
    const index = this.index++
    const bufs = this.batchBufs
    if (bufs.length === 0 || bufs[bufs.length - 1] !== buf) bufs.push(buf)
    let seps = this.batchSeps
    const from = this.batchSepCount
    if (from + k > seps.length) {
      let size = seps.length * 2
      while (size < from + k) size *= 2
      const bigger = new Int32Array(size)
      bigger.set(seps.subarray(0, from))
      this.batchSeps = seps = bigger
    }
    for (let j = 0; j < k; j++) seps[from + j] = positions[j] as number
    this.batchSepCount = from + k
    this.record(bufs.length - 1, p, t, k, index, this.base + p, line, control)
  }

  private scan(buf: Buffer, final: boolean, emit: (segment: Segment) => void): void {
    const n = buf.length
    let p = 0
    if (!this.seenAny) {
      if (n < 3 && !final && buf[0] === 0xef) { this.keep(buf, 0); return }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3
      this.seenAny = true
    }
    if (this.raw !== undefined) {
      if (this.batching) this.scanRecord(buf, p, final, emit)
      else this.scanRaw(buf, p, final, emit)
      return
    }
    // One latin1 decode per chunk; segments and elements are substrings of it (char index = byte
    // offset). The scanning loops read the bytes, which is about twice as fast as charCodeAt.
    const text = latin1(buf, 0, n)
    for (;;) {
      // Skip CR/LF (and stray spaces/tabs) between segments.
      while (p < n) {
        const b = buf[p] as number
        if (b === LF) { this.line++; p++ }
        else if ((b === CR || b === SPACE || b === TAB || (this.expectIsa && b === SUB)) && b !== this.sepByte && b !== this.compByte && b !== this.repByte) p++
        else break
      }
      if (p >= n) break
      if (this.expectIsa || (buf[p] === 0x49 && buf[p + 1] === 0x53 && buf[p + 2] === 0x41 && n - p > 3 && !isAlnum(buf[p + 3]!))) {
        if (buf[p] === 0x49 && n - p < 4 && !final) break
        const next = this.readIsa(buf, p, n, final, emit)
        if (next < 0) break
        p = next
        continue
      }
      // One pass over the segment's characters: note element separator positions (String#split
      // goes through the runtime and costs more than the rest of the tokenizer together), count
      // LFs inside the segment, stop at the terminator.
      const sepCode = this.sepByte
      const termCode = this.termByte
      let positions = this.positions
      let k = 0
      let lines = 0
      let t = p
      for (; t < n; t++) {
        const c = buf[t] as number
        if (c === sepCode) {
          if (k === positions.length) positions = this.growPositions()
          positions[k++] = t
        } else if (c === termCode) break
        else if (c === LF) lines++
      }
      if (t >= n) {
        if (n - p > this.maxSegmentLength) {
          throw new X12Error('segment-too-long', `No segment terminator within ${this.maxSegmentLength} bytes of the segment's start (a segment this long is refused; the input is not read past it)`, { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        if (final) {
          throw new X12Error('unterminated-segment', this.unterminated(buf, p, n), { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        break
      }
      const line = this.line
      this.line += lines
      const id = this.emitSegment(buf, text, p, t, k, positions, line, emit)
      p = t + 1
      if (this.termByte === LF) this.line++
      if (id === 'IEA') this.expectIsa = true
    }
    this.keep(buf, p)
  }

  /**
   * `scan` in raw mode (see {@link feedRaw}): the same segments, handed out as cursors. A method
   * of its own, so the loop that touches every byte stays small for the optimizing compiler.
   */
  private scanRaw(buf: Buffer, p: number, final: boolean, emit: (segment: Segment) => void): void {
    const n = buf.length
    this.cursor.forgetText()
    for (;;) {
      // Skip CR/LF (and stray spaces/tabs) between segments.
      while (p < n) {
        const b = buf[p] as number
        if (b === LF) { this.line++; p++ }
        else if ((b === CR || b === SPACE || b === TAB || (this.expectIsa && b === SUB)) && b !== this.sepByte && b !== this.compByte && b !== this.repByte) p++
        else break
      }
      if (p >= n) break
      if (this.expectIsa || (buf[p] === 0x49 && buf[p + 1] === 0x53 && buf[p + 2] === 0x41 && n - p > 3 && !isAlnum(buf[p + 3]!))) {
        if (buf[p] === 0x49 && n - p < 4 && !final) break
        const next = this.readIsa(buf, p, n, final, emit)
        if (next < 0) break
        p = next
        continue
      }
      // One table load and one branch per ordinary byte (see `byteClass`): note element
      // separator positions, control characters and LFs inside the segment, stop at the terminator.
      const classes = this.byteClass
      let positions = this.positions
      let k = 0
      let lines = 0
      let control = false
      let t = p
      for (; t < n; t++) {
        const x = classes[buf[t] as number] as number
        if (x === 0) continue
        if (x === CLASS_SEP) {
          if (k === positions.length) positions = this.growPositions()
          positions[k++] = t
        } else if (x === CLASS_TERM) break
        else {
          // Noted for the byte-level element checks, which then need not look for control characters.
          control = true
          if (x === CLASS_LF) lines++
        }
      }
      if (t >= n) {
        if (n - p > this.maxSegmentLength) {
          throw new X12Error('segment-too-long', `No segment terminator within ${this.maxSegmentLength} bytes of the segment's start (a segment this long is refused; the input is not read past it)`, { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        if (final) {
          throw new X12Error('unterminated-segment', this.unterminated(buf, p, n), { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        break
      }
      const line = this.line
      this.line += lines
      // IEA ends the interchange: the next segment must be an ISA.
      const isIea = (k > 0 ? positions[0]! : t) - p === 3 && buf[p] === 0x49 && buf[p + 1] === 0x45 && buf[p + 2] === 0x41
      this.rawSegment(buf, p, t, k, positions, line, control)
      p = t + 1
      if (this.termByte === LF) this.line++
      if (isIea) this.expectIsa = true
    }
    this.keep(buf, p)
  }

  /**
   * `scanRaw` for an atomic feed: the same loop, recording the segments instead of handing them
   * out. A copy rather than a flag: with both paths in one function, a single recorded slice
   * slowed every later scan (~2×, the optimized code then carries the recording branch).
   */
  private scanRecord(buf: Buffer, p: number, final: boolean, emit: (segment: Segment) => void): void {
    const n = buf.length
    this.cursor.forgetText()
    for (;;) {
      // Skip CR/LF (and stray spaces/tabs) between segments.
      while (p < n) {
        const b = buf[p] as number
        if (b === LF) { this.line++; p++ }
        else if ((b === CR || b === SPACE || b === TAB || (this.expectIsa && b === SUB)) && b !== this.sepByte && b !== this.compByte && b !== this.repByte) p++
        else break
      }
      if (p >= n) break
      if (this.expectIsa || (buf[p] === 0x49 && buf[p + 1] === 0x53 && buf[p + 2] === 0x41 && n - p > 3 && !isAlnum(buf[p + 3]!))) {
        if (buf[p] === 0x49 && n - p < 4 && !final) break
        const next = this.readIsa(buf, p, n, final, emit)
        if (next < 0) break
        p = next
        continue
      }
      // One table load and one branch per ordinary byte (see `byteClass`): note element
      // separator positions, control characters and LFs inside the segment, stop at the terminator.
      const classes = this.byteClass
      let positions = this.positions
      let k = 0
      let lines = 0
      let control = false
      let t = p
      for (; t < n; t++) {
        const x = classes[buf[t] as number] as number
        if (x === 0) continue
        if (x === CLASS_SEP) {
          if (k === positions.length) positions = this.growPositions()
          positions[k++] = t
        } else if (x === CLASS_TERM) break
        else {
          // Noted for the byte-level element checks, which then need not look for control characters.
          control = true
          if (x === CLASS_LF) lines++
        }
      }
      if (t >= n) {
        if (n - p > this.maxSegmentLength) {
          throw new X12Error('segment-too-long', `No segment terminator within ${this.maxSegmentLength} bytes of the segment's start (a segment this long is refused; the input is not read past it)`, { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        if (final) {
          throw new X12Error('unterminated-segment', this.unterminated(buf, p, n), { segmentIndex: this.index, offset: this.base + p, line: this.line })
        }
        break
      }
      const line = this.line
      this.line += lines
      // IEA ends the interchange: the next segment must be an ISA.
      const isIea = (k > 0 ? positions[0]! : t) - p === 3 && buf[p] === 0x49 && buf[p + 1] === 0x45 && buf[p + 2] === 0x41
      this.recordSegment(buf, p, t, k, positions, line, control)
      p = t + 1
      if (this.termByte === LF) this.line++
      if (isIea) this.expectIsa = true
    }
    this.keep(buf, p)
  }

  /**
   * Makes the segment at `p..t` (separators at `positions[0..k)`) into strings and emits it; returns
   * its id. Kept out of `scan` so `short` is inlined here (measured: with the byte-path branches in
   * `scan`, it no longer was there).
   */
  private emitSegment(buf: Buffer, text: string, p: number, t: number, k: number, positions: Int32Array, line: number, emit: (segment: Segment) => void): string {
    const elements = new Array<string>(k + 1)
    const idEnd = k > 0 ? positions[0]! : t
    const id = this.short(buf, text, p, idEnd)
    elements[0] = id
    let a = idEnd + 1
    for (let j = 1; j < k; j++) {
      const e = positions[j]!
      elements[j] = this.short(buf, text, a, e)
      a = e + 1
    }
    if (k > 0) elements[k] = this.short(buf, text, a, t)
    emit({ id, elements, index: this.index++, offset: this.base + p, line })
    return id
  }

  /**
   * The text at `a..e`. Values of 1–3 characters (segment ids, qualifiers, codes) come from a
   * small table keyed by their bytes, so every `INS`, `D8` or `348` is one shared string: no
   * allocation per element for the most frequent values, and downstream comparisons stay cheap.
   * The table stops growing at {@link SHORT_CACHE_LIMIT} distinct values.
   */
  private short(buf: Buffer, text: string, a: number, e: number): string {
    const len = e - a
    if (len === 0) return ''
    if (len > 3) return text.slice(a, e)
    let key = (len << 24) | ((buf[a] as number) << 16)
    if (len > 1) key |= (buf[a + 1] as number) << 8
    if (len > 2) key |= buf[a + 2] as number
    const keys = this.shortKeys
    for (let slot = Math.imul(key, 0x9e3779b1) >>> 22; ; slot = (slot + 1) & SHORT_CACHE_MASK) {
      const found = keys[slot] as number
      if (found === key) return this.shortStrings[slot] as string
      if (found === 0) {
        const value = text.slice(a, e)
        if (this.shortCount < SHORT_CACHE_LIMIT) {
          keys[slot] = key
          this.shortStrings[slot] = value
          this.shortCount++
        }
        return value
      }
    }
  }

  /** `short` without a decoded chunk (the byte path): the same table, a latin1 decode on a miss. */
  private shortDecoded(buf: Buffer, a: number, e: number): string {
    const len = e - a
    let key = (len << 24) | ((buf[a] as number) << 16)
    if (len > 1) key |= (buf[a + 1] as number) << 8
    if (len > 2) key |= buf[a + 2] as number
    const keys = this.shortKeys
    for (let slot = Math.imul(key, 0x9e3779b1) >>> 22; ; slot = (slot + 1) & SHORT_CACHE_MASK) {
      const found = keys[slot] as number
      if (found === key) return this.shortStrings[slot] as string
      if (found === 0) {
        const value = latin1(buf, a, e)
        if (this.shortCount < SHORT_CACHE_LIMIT) {
          keys[slot] = key
          this.shortStrings[slot] = value
          this.shortCount++
        }
        return value
      }
    }
  }

  private growPositions(): Int32Array {
    const bigger = new Int32Array(this.positions.length * 2)
    bigger.set(this.positions)
    this.positions = bigger
    return bigger
  }

  /** The message for input that ends inside the segment at `p`: which segment, and the terminator it lacks. */
  private unterminated(buf: Buffer, p: number, n: number): string {
    // The segment id only: the rest of the segment may hold a name or an SSN.
    let e = p
    while (e < n && e - p < 3 && buf[e] !== this.sepByte) e++
    const id = printable(buf.toString('latin1', p, e).trim())
    return `Input ends inside a segment: the ${id === '' ? 'last' : id} segment has no segment terminator '${printable(String.fromCharCode(this.termByte))}' after it`
  }

  private keep(buf: Buffer, p: number): void {
    if (p < buf.length) this.carry = Buffer.from(buf.subarray(p)) // copy: callers may reuse their chunk buffers
    this.base += p
  }

  /** Reads an ISA at `p`; returns the offset after its terminator, or -1 when more bytes are needed. */
  private readIsa(buf: Buffer, p: number, n: number, final: boolean, emit: (segment: Segment) => void): number {
    const at = { segmentIndex: this.index, offset: this.base + p, line: this.line }
    if (!(buf[p] === 0x49 && (n - p < 2 || buf[p + 1] === 0x53) && (n - p < 3 || buf[p + 2] === 0x41))) {
      // The hint looks at the first ISA_HINT_BYTES of the input, however the input is chunked.
      if (this.index === 0 && n - p < ISA_HINT_BYTES && !final) return -1
      throw new X12Error('no-isa', this.index === 0 ? `Input does not start with an ISA header${isaLater(buf.subarray(p, p + ISA_HINT_BYTES))}` : 'Expected an ISA header after IEA', at)
    }
    if (n - p < 3) {
      if (final) throw new X12Error('isa-truncated', 'Input ends inside the ISA header', at)
      return -1
    }
    let end: number // offset of the terminator
    let fixed = true
    if (n - p >= ISA_LENGTH && isFixedWidthIsa(buf, p)) {
      end = p + ISA_LENGTH - 1
    } else if (n - p < ISA_LENGTH && couldBeFixedWidthIsa(buf, p, n) && (!final || !this.lenientIsa)) {
      if (final) throw new X12Error('isa-truncated', 'Input ends inside the ISA header', at)
      return -1
    } else if (this.lenientIsa) {
      if (this.trackStrictIsa && this.strictIsaError === undefined) {
        // What the strict branches above throw: only the final "could still be fixed width" case is a truncation.
        this.strictIsaError = n - p < ISA_LENGTH && couldBeFixedWidthIsa(buf, p, n)
          ? new X12Error('isa-truncated', 'Input ends inside the ISA header', at)
          : new X12Error('isa-not-fixed-width', 'The ISA header is not fixed width (106 characters with delimiters at positions 4, 83, 105, 106)', at)
        this.strictIsaIndex = this.index
      }
      end = findLenientIsaEnd(buf, p, n)
      if (end === -1) {
        if (!final && n - p < LENIENT_ISA_MAX) return -1
        throw new X12Error(final ? 'isa-truncated' : 'isa-not-fixed-width', 'Could not find the 16 elements of the ISA header', at)
      }
      if (end === -2) throw new X12Error('isa-not-fixed-width', 'The ISA header is malformed', at)
      fixed = false
    } else {
      throw new X12Error('isa-not-fixed-width', 'The ISA header is not fixed width (106 characters with delimiters at positions 4, 83, 105, 106)', at)
    }
    const sepByte = buf[p + 3]!
    const termByte = buf[end]!
    const compByte = buf[end - 1]!
    const sep = String.fromCharCode(sepByte)
    const elements = latin1(buf, p, end).split(sep)
    const repetition = repetitionSeparator(elements[11] ?? '')
    const rep = repetition === '' ? -1 : repetition.charCodeAt(0)
    checkDelimiters(sepByte, compByte, termByte, rep, at)
    this.sepByte = sepByte
    this.termByte = termByte
    this.compByte = compByte
    this.repByte = rep
    this.sep = sep
    const classes = this.byteClass
    classes.fill(0)
    for (let b = 0; b < 0x20; b++) classes[b] = CLASS_CONTROL
    // DEL and bytes above 0x7E are outside X12's character sets as well (a latin1 'É', UTF-8).
    for (let b = 0x7f; b < 0x100; b++) classes[b] = CLASS_CONTROL
    // The repetition and component separators are rare in data (DMG05 and the odd composite, in an
    // 834): a segment holding one is flagged like one with a control character, so the byte-level
    // checks leave it to the string checks, which split it.
    if (rep !== -1) classes[rep] = CLASS_CONTROL
    classes[compByte] = CLASS_CONTROL
    classes[LF] = CLASS_LF
    // The element separator first, then the terminator, as the string loop tests them.
    classes[termByte] = CLASS_TERM
    classes[sepByte] = CLASS_SEP
    this.delimiters = {
      element: this.sep,
      component: String.fromCharCode(compByte),
      repetition: rep === -1 ? '' : String.fromCharCode(rep),
      segment: String.fromCharCode(termByte),
    }
    this.isaFixedWidth = fixed
    this.expectIsa = false
    const line = this.line
    for (let i = p; i < end; i++) if (buf[i] === LF) this.line++
    emit({ id: 'ISA', elements, index: this.index++, offset: this.base + p, line, delimiters: this.delimiters })
    if (termByte === LF) this.line++
    return end + 1
  }
}

/** Whether three bytes spell ISA or IEA. */
function envelopeIdAt(a: number | undefined, b: number, c: number): boolean {
  return a === 0x49 && (b === 0x53 || b === 0x45) && c === 0x41
}

/** A whole number as a small integer when it fits one (so object fields keep their integer representation). */
function smi(x: number): number {
  return x <= 0x3fffffff && x >= -0x40000000 ? x | 0 : x
}

/** The id at `buf[a..e)` packed like `segmentKey` (length << 24 | bytes), -1 unless 1–3 bytes. */
/**
 * For a file that does not start with ISA: where an ISA begins in `buf` (its first bytes), if it does
 * (a VAN's `$$ADD ID=…` line or a mail header before the interchange), as a hint to remove the
 * text before it; '' otherwise.
 */
const ISA_HINT_BYTES = 4096

function isaLater(buf: Buffer): string {
  let at = buf.indexOf('ISA')
  while (at !== -1 && at + 3 < buf.length && isAlnum(buf[at + 3]!)) at = buf.indexOf('ISA', at + 1)
  if (at === -1 || at + 3 >= buf.length) return ''
  let lines = 1
  for (let i = 0; i < at; i++) if (buf[i] === LF) lines++
  const eol = buf.indexOf(LF)
  const first = printable(buf.toString('latin1', 0, Math.min(eol === -1 ? at : eol, at, 60))).trimEnd()
  return `: it starts with '${first}', and an ISA begins ${lines === 1 ? `at byte ${at + 1}` : `on line ${lines}`} (remove the text before it)`
}

function idKeyOf(buf: Buffer, a: number, e: number): number {
  const len = e - a
  if (len < 1 || len > 3) return -1
  let key = buf[a] as number
  if (len > 1) key = (key << 8) | (buf[a + 1] as number)
  if (len > 2) key = (key << 8) | (buf[a + 2] as number)
  return key | (len << 24)
}

function isFixedWidthIsa(buf: Buffer, p: number): boolean {
  const sep = buf[p + 3]!
  if (buf[p] !== 0x49 || buf[p + 1] !== 0x53 || buf[p + 2] !== 0x41) return false
  for (const i of ISA_SEPARATORS) if (buf[p + i] !== sep) return false
  for (let i = 4; i < 104; i++) if (buf[p + i] === sep && !ISA_SEPARATORS.includes(i as (typeof ISA_SEPARATORS)[number])) return false
  return true
}

/** While fewer than 106 bytes are buffered: could this still become a fixed-width ISA? */
function couldBeFixedWidthIsa(buf: Buffer, p: number, n: number): boolean {
  if (n - p < 4) return true
  const sep = buf[p + 3]!
  for (const i of ISA_SEPARATORS) if (p + i < n && buf[p + i] !== sep) return false
  return true
}

/** Offset of the terminator of a non-fixed-width ISA, -1 if more bytes are needed, -2 if malformed. */
function findLenientIsaEnd(buf: Buffer, p: number, n: number): number {
  if (n - p < 4) return -1
  const sep = buf[p + 3]!
  if (isAlnum(sep) || sep === LF || sep === CR || sep === SPACE) return -2
  let count = 1
  const limit = Math.min(n, p + LENIENT_ISA_MAX)
  for (let i = p + 4; i < limit; i++) {
    if (buf[i] === sep && ++count === 16) return i + 2 < n ? i + 2 : -1
  }
  return n - p >= LENIENT_ISA_MAX ? -2 : -1
}

function checkDelimiters(sep: number, comp: number, term: number, rep: number, at: { segmentIndex: number; offset: number; line: number }): void {
  const all = rep === -1 ? [sep, comp, term] : [sep, comp, term, rep]
  if (new Set(all).size !== all.length) {
    throw new X12Error('invalid-delimiters', 'ISA delimiters (element, component, repetition, segment) must be distinct', at)
  }
  for (const b of [sep, comp]) {
    if (isAlnum(b) || b === SPACE || b === LF || b === CR) {
      throw new X12Error('invalid-delimiters', `Character ${JSON.stringify(String.fromCharCode(b))} cannot be an X12 delimiter`, at)
    }
  }
  if (isAlnum(term) || term === SPACE) {
    throw new X12Error('invalid-delimiters', `Character ${JSON.stringify(String.fromCharCode(term))} cannot be a segment terminator`, at)
  }
}

/** Work slice: big chunks are processed in pieces so few objects are alive at once (they die young) and a piece, its decoded text and its segments stay in the CPU caches (16 KiB measured faster than 64 KiB for parse+validate). */
export const SLICE_BYTES = 16 * 1024

/** Splits a chunk into pieces of at most {@link SLICE_BYTES} (no copy). */
export function* slices(chunk: Uint8Array | string): Generator<Uint8Array | string> {
  if (chunk.length <= SLICE_BYTES) { yield chunk; return }
  for (let i = 0; i < chunk.length; i += SLICE_BYTES) yield typeof chunk === 'string' ? chunk.slice(i, i + SLICE_BYTES) : chunk.subarray(i, i + SLICE_BYTES)
}

/**
 * Streams the segments of X12 input in constant memory. Chunks may split anywhere (even inside a
 * multi-byte BOM or the ISA); CR/LF after terminators, a UTF-8 BOM and several interchanges per
 * file are handled. Throws {@link X12Error} only. A hand-written async iterator rather than an
 * `async function*`, whose per-`yield` promise hops would dominate at millions of segments.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * for await (const seg of tokenize(createReadStream('enroll.834'))) if (seg.id === 'INS') count++
 */
export function tokenize(source: ByteSource, options: TokenizeOptions = {}): AsyncIterableIterator<Segment> {
  return new SegmentReader(source, options)
}

class SegmentReader implements AsyncIterableIterator<Segment> {
  private readonly scanner: SegmentScanner
  private readonly source: AsyncIterator<Uint8Array | string>
  private readonly collect = (seg: Segment): void => { this.ready.push(seg) }
  private ready: Segment[] = []
  private pos = 0
  private pieces: Generator<Uint8Array | string> | undefined
  private finished = false
  /** The scanner's failure, thrown once the segments found before it are handed out. */
  private failure: unknown

  constructor(source: ByteSource, options: TokenizeOptions) {
    this.scanner = new SegmentScanner(options)
    this.source = source[Symbol.asyncIterator]()
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Segment> {
    return this
  }

  next(): Promise<IteratorResult<Segment, undefined>> {
    if (this.pos < this.ready.length) return Promise.resolve({ value: this.ready[this.pos++]!, done: false })
    if (this.failure !== undefined) {
      const failure = this.failure
      this.failure = undefined
      return Promise.reject(failure)
    }
    return this.fill()
  }

  async return(): Promise<IteratorResult<Segment, undefined>> {
    this.finished = true
    this.ready = []
    this.pos = 0
    await this.source.return?.()
    return { value: undefined, done: true }
  }

  private async fill(): Promise<IteratorResult<Segment, undefined>> {
    this.ready = []
    this.pos = 0
    try {
      while (!this.finished) {
        const piece = this.pieces?.next()
        if (piece !== undefined && piece.done !== true) {
          this.scanner.feed(piece.value, this.collect)
        } else {
          const chunk = await this.source.next()
          if (chunk.done === true) {
            this.ready = this.scanner.end()
            this.finished = true
          } else {
            this.pieces = slices(chunk.value)
          }
        }
        if (this.ready.length > 0) return { value: this.ready[this.pos++]!, done: false }
      }
    } catch (err) {
      this.finished = true
      await this.source.return?.()
      // The segments this piece held before the failure come first, then the error.
      if (this.pos < this.ready.length) {
        this.failure = err
        return { value: this.ready[this.pos++]!, done: false }
      }
      throw err
    }
    return { value: undefined, done: true }
  }
}

/**
 * Tokenizes a whole string or buffer at once (same rules as {@link tokenize}).
 *
 * @example
 * const ids = [...tokenizeSync(readFileSync('enroll.834'))].map((s) => s.id) // ['ISA', 'GS', 'ST', …]
 */
export function* tokenizeSync(input: string | Uint8Array, options: TokenizeOptions = {}): Generator<Segment, void, undefined> {
  const scanner = new SegmentScanner(options)
  const found: Segment[] = []
  let failure: unknown
  try {
    scanner.feed(input, (seg) => { found.push(seg) })
    for (const seg of scanner.end()) found.push(seg)
  } catch (err) {
    failure = err
  }
  // The segments before a failure first, as a segment-by-segment reader sees them; then the error.
  yield* found
  if (failure !== undefined) throw failure
}

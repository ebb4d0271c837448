// read834 (streaming, one member at a time) and parse834 (whole input) on top of the Parser834 state machine.
import type { Segment } from '../segment.js'
import { strayText } from '../segment.js'
import { SegmentScanner, slices, type ByteSource, type TokenizeOptions } from '../tokenizer.js'
import type { SegmentCursor } from '../segment-cursor.js'
import { X12Error } from '../errors.js'
import { readGE, readGS, readIEA, readSE } from './codec.js'
import type { FunctionalGroup834, Interchange834, Transaction834 } from './model.js'
import { DEFAULT_DELIMITERS } from '../writer.js'
import { Parser834, type MemberRecord, type Parse834Options } from './machine.js'

export { Parser834 } from './machine.js'
export type { MemberRecord, Parse834Options } from './machine.js'

/**
 * Streams the members of 834 input, one 2000 loop at a time with a reference to its header
 * context, in flat memory (a million-member file never sits in memory). Several ISA/GS/ST per
 * input are fine. Throws {@link X12Error} only.
 *
 * It is an async iterator written by hand rather than an `async function*`: a generator's `yield`
 * costs several promise hops per member, which at a million members is a measurable share of the
 * parse. Use it with `for await`.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * for await (const { member, context } of read834(createReadStream('enroll.834'))) {
 *   console.log(context.header.BGN.BGN02, member.INS.INS03, member.member_name.NM1.NM103)
 * }
 */
export function read834(source: ByteSource, options: Parse834Options = {}): AsyncIterableIterator<MemberRecord> {
  return new MemberReader<undefined>(source, options, undefined)
}

/**
 * @internal A validator the member reader feeds in the same pass (see `parseAndValidate834`):
 * every segment as the validator's byte path sees it, and a tokenizer failure, then `end()`.
 */
export interface PassValidator<R> {
  push(segment: Segment): void
  pushRaw(cursor: SegmentCursor): void
  /** The scanner threw: no more segments come. */
  failed(err: X12Error): void
  end(): R
}

/**
 * The members of 834 input and, with a {@link PassValidator}, its validation in the same pass.
 * `result()` is what the validator's `end()` returned once the whole input was read.
 * @internal
 */
export interface MemberPass<R> extends AsyncIterableIterator<MemberRecord> {
  result(): Promise<R>
}

/** @internal {@link read834}, optionally validating in the same pass; see `parseAndValidate834`. */
export function readMembers<R>(source: ByteSource, options: Parse834Options, validator: PassValidator<R> | undefined): MemberPass<R> {
  return new MemberReader<R>(source, options, validator)
}

/**
 * One pass over the bytes: the scanner hands each segment to the validator (if any) and to the
 * 834 state machine as a byte cursor, and the typed readers take their fields from that cursor.
 *
 * With a validator, the scanner reads as `validate834` does (lenient ISA, a slice's segments
 * handed out only once the slice scanned), while the members, and the X12Error that ends them,
 * are what {@link read834} gives: a parser failure stops the members, not the validation, and
 * is thrown once the rest of the input has been validated.
 */
class MemberReader<R> implements MemberPass<R> {
  private readonly scanner: SegmentScanner
  private readonly parser: Parser834
  private readonly source: AsyncIterator<Uint8Array | string>
  private readonly validator: PassValidator<R> | undefined
  private readonly onRaw: (c: SegmentCursor) => void
  private readonly onIsa: (seg: Segment) => void
  private readonly parseRaw: (c: SegmentCursor) => void
  private readonly parseIsa: (seg: Segment) => void
  /** Without a validator but with `onSegment`: the string tokenizer, which makes Segments faster than cursors turned into them. */
  private readonly segments: boolean
  private ready: MemberRecord[] = []
  private pos = 0
  private pieces: Generator<Uint8Array | string> | undefined
  private finished = false
  private abandoned = false
  /** With a validator: the error that stopped the members (thrown once the input is validated). */
  private parserError: X12Error | undefined
  private validation: { value: R } | undefined
  /** What stopped the reading short (the source failed), for `result()` to report. */
  private failure: unknown

  constructor(source: ByteSource, options: Parse834Options, validator: PassValidator<R> | undefined) {
    this.validator = validator
    if (validator === undefined) {
      this.scanner = new SegmentScanner(scannerOptions(options))
    } else {
      // As validate834 reads; a strict parser is told when a strict scanner would have refused the ISA.
      this.scanner = new SegmentScanner({ ...options, lenientIsa: true })
      this.scanner.trackStrictIsa = options.lenient !== true && options.lenientIsa !== true
    }
    this.parser = new Parser834(options)
    this.source = source[Symbol.asyncIterator]()
    const parser = this.parser
    const onSegment = options.onSegment
    const ready = (rec: MemberRecord | undefined): void => { if (rec !== undefined) this.ready.push(rec) }
    this.parseRaw = onSegment === undefined
      ? (c) => { ready(parser.pushRaw(c)) }
      : (c) => { onSegment(c.toSegment()); ready(parser.pushRaw(c)) }
    this.parseIsa = onSegment === undefined
      ? (seg) => { ready(parser.push(seg)) }
      : (seg) => { onSegment(seg); ready(parser.push(seg)) }
    this.segments = validator === undefined && onSegment !== undefined
    if (validator === undefined) {
      this.onRaw = this.parseRaw
      this.onIsa = this.parseIsa
    } else {
      this.onRaw = (c) => {
        validator.pushRaw(c)
        if (this.parserError === undefined) this.guarded(c.index, this.parseRaw, c)
      }
      this.onIsa = (seg) => {
        validator.push(seg)
        if (this.parserError === undefined) this.guarded(seg.index, this.parseIsa, seg)
      }
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<MemberRecord> {
    return this
  }

  next(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (this.pos < this.ready.length) return Promise.resolve({ value: this.ready[this.pos++]!, done: false })
    return this.fill()
  }

  async return(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (this.validation === undefined) this.abandoned = true
    this.finish()
    await this.source.return?.()
    return { value: undefined, done: true }
  }

  /**
   * The validator's result once the whole input was read: reads (and drops) the members not read
   * yet; rejects if the reading was stopped early (`return()`, a `break` out of `for await`) or
   * the source failed.
   */
  async result(): Promise<R> {
    if (this.validator === undefined) throw new Error('x12: this member reader does not validate')
    while (this.validation === undefined && !this.abandoned && !this.finished) {
      try {
        if ((await this.next()).done === true) break
      } catch (err) {
        if (!(err instanceof X12Error)) throw err
      }
    }
    if (this.validation === undefined) throw this.failure ?? new Error('x12: the input was not read to its end, so it was not validated')
    return this.validation.value
  }

  /** Parser step with a validator: a parser X12Error stops the members only. */
  private guarded<T>(index: number, step: (x: T) => void, x: T): void {
    const strict = this.scanner.strictIsaError
    if (strict !== undefined && index >= this.scanner.strictIsaIndex) { this.parserError = strict; return }
    try {
      step(x)
    } catch (err) {
      if (!(err instanceof X12Error)) throw err
      this.parserError = err
    }
  }

  private finish(): void {
    this.finished = true
    this.ready = []
    this.pos = 0
  }

  /** Feeds one piece (or the end, `piece` undefined) with a validator. */
  private feedValidating(piece: Uint8Array | string | undefined): void {
    const validator = this.validator as PassValidator<R>
    const scanner = this.scanner
    try {
      if (piece === undefined) scanner.endRaw(this.onRaw, this.onIsa, true)
      else scanner.feedRaw(piece, this.onRaw, this.onIsa, true)
    } catch (err) {
      if (!(err instanceof X12Error)) throw err
      // The validator and the parser see what a segment-by-segment read saw before the error.
      scanner.replayDropped(this.onRaw, this.onIsa)
      validator.failed(err)
      this.parserError ??= scanner.strictIsaError ?? err
      this.validation = { value: validator.end() }
      this.finished = true
      return
    }
    // A strict scanner would have thrown in this piece (the lenient one may still be waiting for bytes).
    if (this.parserError === undefined && scanner.strictIsaError !== undefined) this.parserError = scanner.strictIsaError
    if (piece === undefined) {
      if (this.parserError === undefined) {
        try {
          const last = this.parser.end()
          if (last !== undefined) this.ready.push(last)
        } catch (err) {
          if (!(err instanceof X12Error)) throw err
          this.parserError = err
        }
      }
      this.validation = { value: validator.end() }
      this.finished = true
    }
  }

  private async fill(): Promise<IteratorResult<MemberRecord, undefined>> {
    this.ready.length = 0
    this.pos = 0
    try {
      while (!this.finished) {
        // Work through big chunks slice by slice, so only a few hundred members are alive at once.
        const piece = this.pieces?.next()
        if (piece !== undefined && piece.done !== true) {
          if (this.validator !== undefined) this.feedValidating(piece.value)
          else if (this.segments) this.scanner.feed(piece.value, this.onIsa)
          else this.scanner.feedRaw(piece.value, this.onRaw, this.onIsa)
        } else {
          const chunk = await this.source.next()
          if (chunk.done === true) {
            if (this.validator !== undefined) this.feedValidating(undefined)
            else {
              if (this.segments) for (const seg of this.scanner.end()) this.onIsa(seg)
              else this.scanner.endRaw(this.onRaw, this.onIsa)
              const last = this.parser.end()
              if (last !== undefined) this.ready.push(last)
              this.finished = true
            }
          } else {
            this.pieces = slices(chunk.value)
          }
        }
        // Members of the piece the parser failed in are dropped, as read834 drops them.
        if (this.parserError !== undefined) this.ready.length = 0
        if (this.ready.length > 0) return { value: this.ready[this.pos++]!, done: false }
      }
    } catch (err) {
      this.failure = err
      this.finish()
      await this.source.return?.()
      throw err
    }
    const failure = this.parserError
    if (failure !== undefined) {
      this.parserError = undefined
      this.ready.length = 0
      throw failure
    }
    if (this.pos < this.ready.length) return { value: this.ready[this.pos++]!, done: false }
    return { value: undefined, done: true }
  }
}

function scannerOptions(options: Parse834Options): TokenizeOptions {
  return options.lenient === true ? { ...options, lenientIsa: true } : options
}

/**
 * Parses a whole 834 held in memory into interchanges → groups → transactions → members. For small
 * files and tests; use {@link read834} for anything large.
 *
 * @example
 * const [interchange] = parse834(readFileSync('enroll.834'))
 * interchange.groups[0].transactions[0].members.length
 */
export function parse834(input: string | Uint8Array, options: Parse834Options = {}): Interchange834[] {
  const scanner = new SegmentScanner(scannerOptions(options))
  const parser = new Parser834(options)
  const out: Interchange834[] = []
  let interchange: Interchange834 | undefined
  let group: FunctionalGroup834 | undefined
  let transaction: Transaction834 | undefined
  const handle = (seg: Segment): void => {
    options.onSegment?.(seg)
    const rec = parser.push(seg)
    if (rec !== undefined) transaction!.members.push(rec.member)
    const d = parser.interchange?.delimiters ?? DEFAULT_DELIMITERS
    // The id the parser read (a line of junk before it is not part of it, see strayText).
    switch (seg.id.length > 3 ? strayText(seg.id)?.id ?? seg.id : seg.id) {
      case 'ISA':
        interchange = { ...parser.interchange!, groups: [] }
        out.push(interchange)
        break
      case 'TA1':
        interchange!.TA1 = parser.interchange!.TA1
        break
      case 'GS':
        group = { GS: readGS(seg.elements, d), transactions: [] }
        interchange!.groups.push(group)
        break
      case 'ST':
        transaction = { header: parser.context!.header, members: [] }
        group!.transactions.push(transaction)
        break
      case 'SE': transaction!.SE = readSE(seg.elements, d); break
      case 'GE': group!.GE = readGE(seg.elements, d); break
      case 'IEA': interchange!.IEA = readIEA(seg.elements, d); break
    }
  }
  scanner.feed(input, handle)
  for (const seg of scanner.end()) handle(seg)
  const last = parser.end()
  if (last !== undefined) transaction!.members.push(last.member)
  return out
}

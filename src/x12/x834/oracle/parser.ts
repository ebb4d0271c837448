// TEST ORACLE, not product code: the 834 state machine and read834 as they were before the one-pass
// parse+validate (typed readers on byte cursors). Only the differential tests import it, to check the
// product parser still yields identical members and errors. Do not change its behaviour.
// read834 (streaming, one member at a time) and parse834 (whole input) on top of the Parser834 state machine.
import type { Segment } from '../../segment.js'
import { strayText } from '../../segment.js'
import { SegmentScanner, slices, type ByteSource, type TokenizeOptions } from '../../tokenizer.js'
import { readGE, readGS, readIEA, readSE } from '../codec.js'
import type { FunctionalGroup834, Interchange834, Transaction834 } from '../model.js'
import { DEFAULT_DELIMITERS } from '../../writer.js'
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
  return new MemberReader(source, options)
}

class MemberReader implements AsyncIterableIterator<MemberRecord> {
  private readonly scanner: SegmentScanner
  private readonly parser: Parser834
  private readonly source: AsyncIterator<Uint8Array | string>
  private readonly handle: (seg: Segment) => void
  private ready: MemberRecord[] = []
  private pos = 0
  private pieces: Generator<Uint8Array | string> | undefined
  private finished = false

  constructor(source: ByteSource, options: Parse834Options) {
    this.scanner = new SegmentScanner(scannerOptions(options))
    this.parser = new Parser834(options)
    this.source = source[Symbol.asyncIterator]()
    const onSegment = options.onSegment
    const parser = this.parser
    this.handle = onSegment === undefined
      ? (seg) => {
        const rec = parser.push(seg)
        if (rec !== undefined) this.ready.push(rec)
      }
      : (seg) => {
        onSegment(seg)
        const rec = parser.push(seg)
        if (rec !== undefined) this.ready.push(rec)
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
    this.finish()
    await this.source.return?.()
    return { value: undefined, done: true }
  }

  private finish(): void {
    this.finished = true
    this.ready = []
    this.pos = 0
  }

  private async fill(): Promise<IteratorResult<MemberRecord, undefined>> {
    this.ready.length = 0
    this.pos = 0
    try {
      while (!this.finished) {
        // Work through big chunks slice by slice, so only a few hundred members are alive at once.
        const piece = this.pieces?.next()
        if (piece !== undefined && piece.done !== true) {
          this.scanner.feed(piece.value, this.handle)
        } else {
          const chunk = await this.source.next()
          if (chunk.done === true) {
            for (const seg of this.scanner.end()) this.handle(seg)
            const last = this.parser.end()
            if (last !== undefined) this.ready.push(last)
            this.finished = true
          } else {
            this.pieces = slices(chunk.value)
          }
        }
        if (this.ready.length > 0) return { value: this.ready[this.pos++]!, done: false }
      }
    } catch (err) {
      this.finish()
      await this.source.return?.()
      throw err
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

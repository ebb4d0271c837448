import { MemorySink, type ByteSink, type LineEnding, type SegmentWriterOptions } from '../writer.js'
import type { Delimiters } from '../segment.js'
import { X834Writer } from './x834-writer.js'
import type { Header834, Interchange834, Member } from './model.js'
import type { GS, ISA, ST } from './segments.js'

export { X834Writer } from './x834-writer.js'

/**
 * Envelope and format settings for one trading partner: who we are and who they are in the ISA
 * and GS, test/production usage, BGN purpose/action, delimiters and line endings.
 *
 * @example
 * const carrier: TradingPartner834 = { sender_id: 'ACME', receiver_id: 'CARRIER', usage: 'T', bgn_action: '4', line_ending: 'crlf' }
 */
export interface TradingPartner834 {
  /** ISA05, default `ZZ` (mutually defined). */
  readonly sender_qualifier?: string
  /** ISA06 (padded to 15). */
  readonly sender_id: string
  /** ISA07, default `ZZ`. */
  readonly receiver_qualifier?: string
  /** ISA08 (padded to 15). */
  readonly receiver_id: string
  /** GS02, default `sender_id`. */
  readonly gs_sender_id?: string
  /** GS03, default `receiver_id`. */
  readonly gs_receiver_id?: string
  /** ISA15: `T` test or `P` production; default `T`. */
  readonly usage?: 'T' | 'P'
  /** ISA14: ask for a TA1; default `0`. */
  readonly acknowledgment_requested?: '0' | '1'
  /** BGN01 transaction set purpose (`00` original, `15` re-submission, `22` information copy); overrides the header's. */
  readonly bgn_purpose?: string
  /** BGN08 action (`2` change, `4` verify/full file, `RX` replace); overrides the header's. */
  readonly bgn_action?: string
  readonly delimiters?: Partial<Delimiters>
  /** Default `lf`. */
  readonly line_ending?: LineEnding
}

/**
 * One 834 file to write: partner settings and control numbers.
 *
 * @example
 * const options: Write834Options = { sender_id: 'ACME', receiver_id: 'CARRIER', usage: 'P', interchange_control_number: 42 }
 */
export interface Write834Options extends TradingPartner834 {
  /** ISA13 = IEA02 (zero-padded to 9 digits). */
  readonly interchange_control_number: number | string
  /** GS06 = GE02; default the interchange control number without padding. */
  readonly group_control_number?: number | string
  /** ST02 = SE02; default `0001`. */
  readonly transaction_control_number?: string
  /** Date and time for ISA09/ISA10 and GS04/GS05 (UTC); default now. */
  readonly date?: Date
}

/**
 * The header to write; ST may be left out (ST01 834, ST02 from the options, ST03 005010X220A1).
 *
 * @example
 * const header: Header834Input = { BGN: { BGN01: '00', BGN02: 'F1', BGN03: '20260101' }, sponsor: { N1: { N101: 'P5' } }, payer: { N1: { N101: 'IN' } } }
 */
export type Header834Input = Omit<Header834, 'ST'> & { ST?: ST }

/**
 * What a finished write produced.
 *
 * @example
 * const { members, segments } = await write834(sink, { ...options, header, members: list })
 */
export interface Write834Result {
  members: number
  segments: number
}


/** Formats `date` (UTC) as ISA09 YYMMDD, ISA10 HHMM, GS04 CCYYMMDD. */
function stamp(date: Date): { yymmdd: string; ccyymmdd: string; hhmm: string } {
  const iso = date.toISOString() // 2026-01-01T12:34:56.000Z
  const ccyymmdd = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10)
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: iso.slice(11, 13) + iso.slice(14, 16) }
}

/**
 * Builds the ISA and GS for a trading partner.
 *
 * @example
 * const { ISA, GS } = envelope834({ sender_id: 'ACME', receiver_id: 'CARRIER', interchange_control_number: 42 })
 * ISA.ISA13 // '000000042'
 */
export function envelope834(options: Write834Options): { ISA: ISA; GS: GS } {
  const { yymmdd, ccyymmdd, hhmm } = stamp(options.date ?? new Date())
  const isa13 = String(options.interchange_control_number).padStart(9, '0')
  return {
    ISA: {
      ISA01: '00', ISA02: '', ISA03: '00', ISA04: '',
      ISA05: options.sender_qualifier ?? 'ZZ', ISA06: options.sender_id,
      ISA07: options.receiver_qualifier ?? 'ZZ', ISA08: options.receiver_id,
      ISA09: yymmdd, ISA10: hhmm, ISA11: '^', ISA12: '00501', ISA13: isa13,
      ISA14: options.acknowledgment_requested ?? '0', ISA15: options.usage ?? 'T', ISA16: ':',
    },
    GS: {
      GS01: 'BE', GS02: options.gs_sender_id ?? options.sender_id, GS03: options.gs_receiver_id ?? options.receiver_id,
      GS04: ccyymmdd, GS05: hhmm, GS06: String(options.group_control_number ?? Number(isa13)), GS07: 'X', GS08: '005010X220A1',
    },
  }
}

function headerFor(header: Header834Input, options: Write834Options): Header834 {
  const ST = header.ST ?? { ST01: '834', ST02: options.transaction_control_number ?? '0001', ST03: '005010X220A1' }
  const BGN = { ...header.BGN }
  if (options.bgn_purpose !== undefined) BGN.BGN01 = options.bgn_purpose
  if (options.bgn_action !== undefined) BGN.BGN08 = options.bgn_action
  return { ...header, ST, BGN }
}

/**
 * Writes one complete 834 file (ISA/GS/ST … SE/GE/IEA) to a sink such as a Node `Writable`,
 * respecting backpressure; `members` may be an async iterable so nothing has to sit in memory.
 *
 * @example
 * await write834(createWriteStream('out.834'), {
 *   sender_id: 'ACME', receiver_id: 'CARRIER', interchange_control_number: 7, bgn_action: '2',
 *   header: { BGN: { BGN01: '00', BGN02: 'REF1', BGN03: '20260101' }, sponsor: { N1: { N101: 'P5', N103: 'FI', N104: '123456789' } },
 *             payer: { N1: { N101: 'IN', N103: 'FI', N104: '987654321' } } },
 *   members,
 * })
 */
export async function write834(
  sink: ByteSink,
  options: Write834Options & { header: Header834Input; members: Iterable<Member> | AsyncIterable<Member> },
): Promise<Write834Result> {
  const w = new X834Writer(sink, options)
  const { ISA, GS } = envelope834(options)
  w.beginInterchange(ISA)
  w.beginGroup(GS)
  if (!w.beginTransaction(headerFor(options.header, options))) await w.drained()
  const members = options.members
  // A sync iterable is walked without `for await`, which would cost a promise per member.
  if (Symbol.iterator in members) {
    for (const m of members) if (!w.member(m)) await w.drained()
  } else {
    for await (const m of members) if (!w.member(m)) await w.drained()
  }
  w.endTransaction()
  w.endGroup()
  w.endInterchange()
  await w.flush()
  return { members: w.members, segments: w.segments }
}

/**
 * Writes parsed (or built) interchanges back out, envelope fields as given; control counts and
 * trailers are recomputed.
 *
 * @example
 * await writeInterchanges834(createWriteStream('copy.834'), parse834(text), { line_ending: 'crlf' })
 */
export async function writeInterchanges834(sink: ByteSink, interchanges: readonly Interchange834[], options: SegmentWriterOptions = {}): Promise<Write834Result> {
  const w = new X834Writer(sink, options)
  writeAll(w, interchanges)
  await w.flush()
  return { members: w.members, segments: w.segments }
}

function writeAll(w: X834Writer, interchanges: readonly Interchange834[]): void {
  for (const ic of interchanges) {
    w.beginInterchange(ic.ISA)
    for (const ta1 of ic.TA1 ?? []) w.ta1(ta1)
    for (const group of ic.groups) {
      w.beginGroup(group.GS)
      for (const t of group.transactions) {
        w.beginTransaction(t.header)
        for (const m of t.members) w.member(m)
        w.endTransaction()
      }
      w.endGroup()
    }
    w.endInterchange()
  }
}

/**
 * Formats interchanges as X12 text in memory (tests, small files).
 *
 * @example
 * const text = format834(parse834(original), { delimiters: { element: '|' }, line_ending: 'none' })
 */
export function format834(interchanges: readonly Interchange834[], options: SegmentWriterOptions = {}): string {
  const sink = new MemorySink()
  const w = new X834Writer(sink, options)
  writeAll(w, interchanges)
  void w.flush()
  return sink.text()
}

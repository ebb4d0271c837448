import { X12Error } from '../errors.js'
import type { Delimiters, Segment, SegmentFields } from '../segment.js'
import { strayText } from '../segment.js'
import type { SegmentCursor } from '../segment-cursor.js'
import type { TokenizeOptions } from '../tokenizer.js'
import { DEFAULT_DELIMITERS } from '../writer.js'
import {
  readACTFrom as readACT, readBGNFrom as readBGN, readCOBFrom as readCOB, readDMGFrom as readDMG, readDSBFrom as readDSB, readDTPFrom as readDTP, readECFrom as readEC, readGEFrom as readGE, readGSFrom as readGS, readHDFrom as readHD, readHLHFrom as readHLH, readICMFrom as readICM, readIDCFrom as readIDC, readIEAFrom as readIEA, readINSFrom as readINS, readISAFrom as readISA, readLEFrom as readLE, readLSFrom as readLS, readLUIFrom as readLUI, readLXFrom as readLX, readN1From as readN1, readN3From as readN3, readN4From as readN4, readNM1From as readNM1, readPERFrom as readPER, readPLAFrom as readPLA, readQTYFrom as readQTY, readREFFrom as readREF, readSEFrom as readSE, readSTFrom as readST, readTA1From as readTA1, readAMTFrom as readAMT,
} from './codec.js'
import type {
  Header834, Interchange834, InterchangeHeader, Loop1000C, Loop2100A, Loop2100B, Loop2100C, Loop2100H, Loop2200,
  Loop2300, Loop2310, Loop2320, Loop2700, Loop2750, Member, NameLoop, RawSegment, ReportingCategories,
  TransactionContext, Transaction834, FunctionalGroup834,
} from './model.js'

/**
 * Options for {@link Parser834} and {@link read834}.
 *
 * @example
 * read834(stream, { lenient: true, onSegment: (seg) => validator.push(seg) })
 */
export interface Parse834Options extends TokenizeOptions {
  /**
   * Accept input that stops after the last member without SE/GE/IEA, and a non-fixed-width ISA
   * (implies `lenientIsa`). Default `false`: missing trailers are `missing-segment`.
   */
  readonly lenient?: boolean
  /** Called with every segment before the parser sees it — e.g. a validator's `push`, so one pass does both. */
  readonly onSegment?: (segment: Segment) => void
}

/**
 * One member as the parser hands it out, with the header context it belongs to.
 *
 * @example
 * for await (const rec of read834(stream)) console.log(rec.position, rec.line, rec.member.INS.INS01)
 */
export interface MemberRecord {
  /** The 2000 loop with everything under it. */
  member: Member
  /** ISA, GS and 834 header of the transaction the member is in (shared by its members, do not mutate). */
  context: TransactionContext
  /** 0-based position of the member in its transaction. */
  position: number
  /** Index, byte offset and line of the member's INS segment. */
  segmentIndex: number
  offset: number
  line: number
}

// Envelope states.
const OUTSIDE = 0, INTERCHANGE = 1, GROUP = 2, HEADER = 3, MEMBER = 4
// Member-level loop states, ordered as the guide orders the loops.
const L2000 = 10, L2100A = 11, L2100B = 12, L2100C = 13, L2100D = 14, L2100E = 15, L2100F = 16, L2100G = 17, L2100H = 18
const L2200 = 19, L2300 = 20, L2310 = 21, L2320 = 22, L2330 = 23, LS = 24, L2700 = 25, L2750 = 26, AFTER_LE = 27

// NM101 qualifiers that start each name loop (005010X220A1 map).
const NM1_2100G = new Set(['6Y', '9K', 'E1', 'EI', 'EXS', 'GB', 'GD', 'J6', 'LR', 'QD', 'S1', 'TZ', 'X4'])
const NM1_2310 = new Set(['1X', '3D', '80', 'FA', 'OD', 'P3', 'QA', 'QN', 'Y2'])
const NM1_2330 = new Set(['36', 'GW', 'IN'])


function delimitersOf(isa: Segment): Delimiters {
  if (isa.delimiters !== undefined) return isa.delimiters
  const component = isa.elements[16] ?? ':'
  const rep = isa.elements[11] ?? ''
  return { ...DEFAULT_DELIMITERS, component, repetition: rep.length === 1 && !/[A-Za-z0-9]/.test(rep) ? rep : '' }
}

/**
 * A segment id as one number for the switch, packed like the scanner's cursor key (and the
 * validator's `segmentKey`): length << 24 | its latin1 bytes, so `GS` and a mutated `GS\u0000`
 * never collide; -1 for an id that is not 1–3 characters below U+0100.
 */
function idKey(id: string): number {
  const n = id.length
  if (n < 1 || n > 3) return -1
  let key = 0
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i)
    if (c > 0xff) return -1
    key = (key << 8) | c
  }
  return key | (n << 24)
}

/** A {@link Segment} seen through {@link SegmentFields} (one reused wrapper per parser). */
class WrappedSegment implements SegmentFields {
  key = -1
  count = 0
  index = 0
  offset = 0
  line = 0
  segment: Segment = { id: '', elements: [], index: 0, offset: 0, line: 0 }
  private e: readonly string[] = []

  bind(seg: Segment): this {
    this.segment = seg
    this.e = seg.elements
    this.key = idKey(seg.id)
    this.count = seg.elements.length - 1
    this.index = seg.index
    this.offset = seg.offset
    this.line = seg.line
    return this
  }

  str(i: number): string { return this.e[i] as string }
  id(): string { return this.segment.id }
  elements(): string[] { return this.e.slice() }
}

const K_ACT = idKey('ACT')
const K_AMT = idKey('AMT')
const K_BGN = idKey('BGN')
const K_COB = idKey('COB')
const K_DMG = idKey('DMG')
const K_DSB = idKey('DSB')
const K_DTP = idKey('DTP')
const K_EC = idKey('EC')
const K_GE = idKey('GE')
const K_GS = idKey('GS')
const K_HD = idKey('HD')
const K_HLH = idKey('HLH')
const K_ICM = idKey('ICM')
const K_IDC = idKey('IDC')
const K_IEA = idKey('IEA')
const K_INS = idKey('INS')
const K_ISA = idKey('ISA')
const K_LE = idKey('LE')
const K_LS = idKey('LS')
const K_LUI = idKey('LUI')
const K_LX = idKey('LX')
const K_N1 = idKey('N1')
const K_N3 = idKey('N3')
const K_N4 = idKey('N4')
const K_NM1 = idKey('NM1')
const K_PER = idKey('PER')
const K_PLA = idKey('PLA')
const K_QTY = idKey('QTY')
const K_REF = idKey('REF')
const K_SE = idKey('SE')
const K_ST = idKey('ST')
const K_TA1 = idKey('TA1')

function at(seg: SegmentFields): { segmentIndex: number; offset: number; line: number; segmentId: string } {
  return { segmentIndex: seg.index, offset: seg.offset, line: seg.line, segmentId: seg.id() }
}

function raw(seg: SegmentFields): RawSegment {
  return { id: seg.id(), elements: seg.elements() }
}

/** Element 1 (the qualifier), '' when absent. */
function q1(seg: SegmentFields): string {
  return seg.count >= 1 ? seg.str(1) : ''
}

function pushTo<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item]
  list.push(item)
  return list
}

/**
 * The push-style 834 state machine: feed it segments (from {@link SegmentScanner} or anything
 * else), get back each member as soon as the next INS or SE closes it. Loops are recognised by
 * segment id and qualifier as the guide's map says (NM1*IL → 2100A, NM1*70 → 2100B, HD → 2300, …).
 * Segments the guide does not allow where they appear are kept in `unrecognized`; envelope
 * errors (ST outside a GS, data after SE…) throw {@link X12Error}.
 *
 * @example
 * const parser = new Parser834()
 * for (const seg of tokenizeSync(text)) {
 *   validator.push(seg)                // same pass, same segments
 *   const rec = parser.push(seg)
 *   if (rec) console.log(rec.member.INS.INS03)
 * }
 * parser.end()
 */
export class Parser834 {
  /** Context of the current transaction (set at ST, complete by the first INS). */
  context: TransactionContext | undefined
  /** The current interchange (set at ISA). */
  interchange: InterchangeHeader | undefined

  private readonly lenient: boolean
  private readonly wrapped = new WrappedSegment()
  private state = OUTSIDE
  private delimiters: Delimiters = DEFAULT_DELIMITERS
  private header: Partial<Header834> = {}
  private groupGS: TransactionContext['GS'] | undefined
  private current1000C: Loop1000C | undefined
  private position = 0
  private record: MemberRecord | undefined
  private member: Member | undefined
  private loop = L2000
  private inUnknownLoop = false
  private nameLoop: NameLoop | Loop2100A | Loop2100B | Loop2100C | Loop2100H | undefined
  private l2200: Loop2200 | undefined
  private l2300: Loop2300 | undefined
  private l2310: Loop2310 | undefined
  private l2320: Loop2320 | undefined
  private l2330: NameLoop | undefined
  private ls: ReportingCategories | undefined
  private l2700: Loop2700 | undefined
  private l2750: Loop2750 | undefined

  constructor(options: Parse834Options = {}) {
    this.lenient = options.lenient ?? false
  }

  /** Feeds one segment; returns the member it closed, if any. */
  push(seg: Segment): MemberRecord | undefined {
    return this.pushFields(this.wrapped.bind(seg))
  }

  /**
   * {@link push} for the segment under a scanner cursor (`SegmentScanner#feedRaw`): the typed
   * readers take their fields straight from the cursor, with no array of element strings.
   * Only valid during the callback the cursor was handed to.
   *
   * @example
   * scanner.feedRaw(chunk, (c) => { const rec = parser.pushRaw(c); if (rec) out.push(rec) }, (isa) => { parser.push(isa) })
   */
  pushRaw(c: SegmentCursor): MemberRecord | undefined {
    return this.pushFields(c)
  }

  /** Feeds one segment seen through its fields; returns the member it closed, if any. */
  pushFields(seg: SegmentFields): MemberRecord | undefined {
    let k = seg.key
    // A line of junk before the segment joined its id (`@@ note @@\nINS`): read the segment as its id.
    if (k < 0) k = idKey(strayText(seg.id())?.id ?? '')
    // Fast path: inside a member, only INS/SE (and envelope ids) need the envelope switch.
    if (this.state === MEMBER && k !== K_INS && k !== K_SE && k !== K_GE && k !== K_IEA && k !== K_ISA && k !== K_GS && k !== K_ST && k !== K_TA1) {
      this.memberSegment(seg, k)
      return undefined
    }
    switch (k) {
      case K_ISA:
        if (this.state !== OUTSIDE) throw new X12Error('unexpected-segment', 'ISA before the previous interchange ended with IEA', at(seg))
        this.delimiters = delimitersOf(seg === this.wrapped ? this.wrapped.segment : { id: seg.id(), elements: seg.elements(), index: seg.index, offset: seg.offset, line: seg.line })
        this.interchange = { ISA: readISA(seg, this.delimiters), delimiters: this.delimiters }
        this.state = INTERCHANGE
        return undefined
      case K_TA1:
        if (this.state !== INTERCHANGE || this.interchange === undefined) throw new X12Error('unexpected-segment', 'TA1 outside an interchange header', at(seg))
        this.interchange.TA1 = pushTo(this.interchange.TA1, readTA1(seg, this.delimiters))
        return undefined
      case K_GS:
        if (this.state !== INTERCHANGE) throw new X12Error('unexpected-segment', 'GS outside an interchange (or before the previous GE)', at(seg))
        this.state = GROUP
        this.context = undefined
        this.groupGS = readGS(seg, this.delimiters)
        return undefined
      case K_ST:
        if (this.state !== GROUP) throw new X12Error('unexpected-segment', 'ST outside a functional group (or before the previous SE)', at(seg))
        this.header = { ST: readST(seg, this.delimiters) }
        // An acknowledgement is not read as an 834 with its header missing.
        if (this.header.ST!.ST01 === '999' || this.header.ST!.ST01 === '997') throw new X12Error('unexpected-segment', `ST01 ${this.header.ST!.ST01}: this transaction set is a ${this.header.ST!.ST01} acknowledgement, not an 834 ('x12 validate' reads 999s)`, at(seg))
        this.context = { interchange: this.interchange!, GS: this.groupGS!, header: this.header as Header834 }
        this.position = 0
        this.state = HEADER
        return undefined
      case K_SE: {
        if (this.state !== HEADER && this.state !== MEMBER) throw new X12Error('unexpected-segment', 'SE outside a transaction set', at(seg))
        if (this.state === HEADER) this.checkHeader(seg)
        const done = this.closeMember()
        this.state = GROUP
        return done
      }
      case K_GE:
        if (this.state !== GROUP) throw new X12Error('unexpected-segment', 'GE outside a functional group (or before SE)', at(seg))
        this.state = INTERCHANGE
        return undefined
      case K_IEA:
        if (this.state !== INTERCHANGE) throw new X12Error('unexpected-segment', 'IEA before the functional group ended with GE', at(seg))
        this.state = OUTSIDE
        return undefined
      case K_INS: {
        if (this.state === HEADER) this.checkHeader(seg)
        else if (this.state !== MEMBER) throw new X12Error('unexpected-segment', 'INS outside a transaction set', at(seg))
        const done = this.closeMember()
        this.openMember(seg)
        return done
      }
    }
    if (this.state === MEMBER) this.memberSegment(seg, k)
    else if (this.state === HEADER) this.headerSegment(seg, k)
    else throw new X12Error('unexpected-segment', `${seg.id()} outside a transaction set`, at(seg))
    return undefined
  }

  /** Signals the end of input; returns the last member in lenient mode, throws `missing-segment` otherwise if the input stopped early. */
  end(): MemberRecord | undefined {
    if (this.state === OUTSIDE && this.interchange !== undefined) return undefined
    const where = { segmentId: this.state === OUTSIDE ? 'ISA' : 'IEA' }
    if (!this.lenient || this.state === OUTSIDE) {
      throw new X12Error('missing-segment', this.state === OUTSIDE ? 'No interchange in the input' : 'Input ends before the interchange is closed (SE/GE/IEA missing)', where)
    }
    if (this.state === MEMBER) {
      const rec = this.record!
      this.finishMember()
      this.state = GROUP
      return rec
    }
    return undefined
  }

  private checkHeader(seg: SegmentFields): void {
    const h = this.header
    const missing = h.BGN === undefined ? 'BGN' : h.sponsor === undefined ? '1000A N1*P5' : h.payer === undefined ? '1000B N1*IN' : undefined
    if (missing !== undefined) throw new X12Error('missing-segment', `The 834 header has no ${missing}`, at(seg))
  }

  private headerSegment(seg: SegmentFields, k: number): void {
    const h = this.header
    const d = this.delimiters
    switch (k) {
      case K_BGN:
        if (h.BGN === undefined) { h.BGN = readBGN(seg, d); return }
        break
      case K_REF:
        if (h.REF === undefined && h.sponsor === undefined && q1(seg) === '38') { h.REF = readREF(seg, d); return }
        break
      case K_DTP:
        if (h.sponsor === undefined) { h.DTP = pushTo(h.DTP, readDTP(seg, d)); return }
        break
      case K_QTY:
        if (h.sponsor === undefined) { h.QTY = pushTo(h.QTY, readQTY(seg, d)); return }
        break
      case K_N1: {
        const q = q1(seg)
        if (q === 'P5' && h.sponsor === undefined) { h.sponsor = { N1: readN1(seg, d) }; return }
        if (q === 'IN' && h.payer === undefined) { h.payer = { N1: readN1(seg, d) }; return }
        if (q === 'BO' || q === 'TV') {
          this.current1000C = { N1: readN1(seg, d) }
          h.tpa_brokers = pushTo(h.tpa_brokers, this.current1000C)
          return
        }
        break
      }
      case K_ACT:
        if (this.current1000C !== undefined && this.current1000C.ACT === undefined) { this.current1000C.ACT = readACT(seg, d); return }
        break
    }
    h.unrecognized = pushTo(h.unrecognized, raw(seg))
  }

  private openMember(seg: SegmentFields): void {
    this.current1000C = undefined
    // member_name is filled by the 2100A NM1; closeMember checks it is there.
    const member = { INS: readINS(seg, this.delimiters), REF: [] } as unknown as Member
    this.member = member
    this.record = {
      member, context: this.context!, position: this.position++,
      segmentIndex: seg.index, offset: seg.offset, line: seg.line,
    }
    this.loop = L2000
    this.inUnknownLoop = false
    this.state = MEMBER
  }

  private closeMember(): MemberRecord | undefined {
    const rec = this.record
    if (rec === undefined) return undefined
    this.finishMember()
    return rec
  }

  private finishMember(): void {
    const rec = this.record!
    if (rec.member.member_name === undefined) {
      throw new X12Error('missing-segment', 'Member has no 2100A member name (NM1*IL)', {
        segmentIndex: rec.segmentIndex, offset: rec.offset, line: rec.line, segmentId: 'NM1',
      })
    }
    this.record = undefined
    this.member = undefined
    this.nameLoop = this.l2200 = this.l2300 = this.l2310 = this.l2320 = this.l2330 = undefined
    this.ls = this.l2700 = this.l2750 = undefined
  }

  private unrecognized(seg: SegmentFields): void {
    const m = this.member!
    m.unrecognized = pushTo(m.unrecognized, raw(seg))
  }

  private memberSegment(seg: SegmentFields, k: number): void {
    const m = this.member!
    const d = this.delimiters
    const e = seg
    const loop = this.loop
    switch (k) {
      case K_NM1: {
        const q = q1(seg)
        this.inUnknownLoop = false
        if ((loop === L2320 || loop === L2330) && NM1_2330.has(q)) {
          this.l2330 = { NM1: readNM1(e, d) }
          this.l2320!.related_entities = pushTo(this.l2320!.related_entities, this.l2330)
          this.loop = L2330
          return
        }
        if (loop === L2310 && this.l2310!.NM1 === undefined && NM1_2310.has(q)) { this.l2310!.NM1 = readNM1(e, d); return }
        if (loop <= L2100H) {
          const nm1 = readNM1(e, d)
          if ((q === 'IL' || q === '74') && m.member_name === undefined) { m.member_name = this.nameLoop = { NM1: nm1 }; this.loop = L2100A; return }
          if (q === '70' && m.incorrect_member_name === undefined) { m.incorrect_member_name = this.nameLoop = { NM1: nm1 }; this.loop = L2100B; return }
          if (q === '31' && m.mailing_address === undefined) { m.mailing_address = this.nameLoop = { NM1: nm1 }; this.loop = L2100C; return }
          if (q === '36') { this.nameLoop = { NM1: nm1 }; m.employers = pushTo(m.employers, this.nameLoop); this.loop = L2100D; return }
          if (q === 'M8') { this.nameLoop = { NM1: nm1 }; m.schools = pushTo(m.schools, this.nameLoop); this.loop = L2100E; return }
          if (q === 'S3' && m.custodial_parent === undefined) { m.custodial_parent = this.nameLoop = { NM1: nm1 }; this.loop = L2100F; return }
          if (NM1_2100G.has(q)) { this.nameLoop = { NM1: nm1 }; m.responsible_persons = pushTo(m.responsible_persons, this.nameLoop); this.loop = L2100G; return }
          if (q === '45' && m.drop_off_location === undefined) { m.drop_off_location = this.nameLoop = { NM1: nm1 }; this.loop = L2100H; return }
        }
        this.inUnknownLoop = true
        this.unrecognized(seg)
        return
      }
      case K_DSB:
        this.inUnknownLoop = false
        if (loop <= L2200) {
          this.l2200 = { DSB: readDSB(e, d) }
          m.disabilities = pushTo(m.disabilities, this.l2200)
          this.loop = L2200
          return
        }
        break
      case K_HD:
        this.inUnknownLoop = false
        if (loop <= L2330) {
          this.l2300 = { HD: readHD(e, d) }
          m.health_coverages = pushTo(m.health_coverages, this.l2300)
          this.loop = L2300
          return
        }
        break
      case K_LX:
        this.inUnknownLoop = false
        if (loop >= L2300 && loop <= L2330) {
          this.l2310 = { LX: readLX(e, d) }
          this.l2300!.providers = pushTo(this.l2300!.providers, this.l2310)
          this.loop = L2310
          return
        }
        if (loop >= LS && loop <= L2750) {
          this.l2700 = { LX: readLX(e, d) }
          this.ls!.categories = pushTo(this.ls!.categories, this.l2700)
          this.loop = L2700
          return
        }
        break
      case K_COB:
        this.inUnknownLoop = false
        if (loop >= L2300 && loop <= L2330) {
          this.l2320 = { COB: readCOB(e, d) }
          this.l2300!.coordination_of_benefits = pushTo(this.l2300!.coordination_of_benefits, this.l2320)
          this.loop = L2320
          return
        }
        break
      case K_LS:
        this.inUnknownLoop = false
        if (loop < LS) {
          this.ls = { LS: readLS(e, d) }
          m.reporting_categories = this.ls
          this.loop = LS
          return
        }
        break
      case K_LE:
        this.inUnknownLoop = false
        if (loop >= LS && loop <= L2750) {
          this.ls!.LE = readLE(e, d)
          this.loop = AFTER_LE
          return
        }
        break
      case K_N1:
        this.inUnknownLoop = false
        if (loop === L2700 && q1(seg) === '75') {
          this.l2750 = { N1: readN1(e, d) }
          this.l2700!.category = this.l2750
          this.loop = L2750
          return
        }
        this.inUnknownLoop = true
        break
      default:
        if (!this.inUnknownLoop && this.attach(seg, k, m, loop)) return
    }
    this.unrecognized(seg)
  }

  /** Attaches a non-trigger segment to the current loop; false if the guide has no place for it there. */
  private attach(seg: SegmentFields, k: number, m: Member, loop: number): boolean {
    const d = this.delimiters
    const e = seg
    switch (k) {
      case K_REF:
        if (loop === L2000) { m.REF.push(readREF(e, d)); return true }
        if (loop === L2300) { this.l2300!.REF = pushTo(this.l2300!.REF, readREF(e, d)); return true }
        if (loop === L2320) { this.l2320!.REF = pushTo(this.l2320!.REF, readREF(e, d)); return true }
        if (loop === L2750 && this.l2750!.REF === undefined) { this.l2750!.REF = readREF(e, d); return true }
        return false
      case K_DTP:
        if (loop === L2000) { m.DTP = pushTo(m.DTP, readDTP(e, d)); return true }
        if (loop === L2300) { this.l2300!.DTP = pushTo(this.l2300!.DTP, readDTP(e, d)); return true }
        if (loop === L2200) { this.l2200!.DTP = pushTo(this.l2200!.DTP, readDTP(e, d)); return true }
        if (loop === L2320) { this.l2320!.DTP = pushTo(this.l2320!.DTP, readDTP(e, d)); return true }
        if (loop === L2750 && this.l2750!.DTP === undefined) { this.l2750!.DTP = readDTP(e, d); return true }
        return false
      case K_PER: {
        if (loop === L2310) { this.l2310!.PER = pushTo(this.l2310!.PER, readPER(e, d)); return true }
        const target = loop === L2330 ? this.l2330 : loop === L2100A || (loop >= L2100D && loop <= L2100G) ? this.nameLoop as NameLoop : undefined
        if (target !== undefined && target.PER === undefined) { target.PER = readPER(e, d); return true }
        return false
      }
      case K_N3:
      case K_N4: {
        if (loop === L2310) {
          if (k === K_N3) { this.l2310!.N3 = pushTo(this.l2310!.N3, readN3(e, d)); return true }
          if (this.l2310!.N4 === undefined) { this.l2310!.N4 = readN4(e, d); return true }
          return false
        }
        const target = loop === L2330 ? this.l2330 : loop === L2100A || (loop >= L2100C && loop <= L2100H) ? this.nameLoop as NameLoop : undefined
        if (target === undefined) return false
        if (k === K_N3 && target.N3 === undefined) { target.N3 = readN3(e, d); return true }
        if (k === K_N4 && target.N4 === undefined) { target.N4 = readN4(e, d); return true }
        return false
      }
      case K_DMG: {
        if (loop !== L2100A && loop !== L2100B) return false
        const target = this.nameLoop as Loop2100A
        if (target.DMG !== undefined) return false
        target.DMG = readDMG(e, d)
        return true
      }
      case K_AMT:
        if (loop === L2300) { this.l2300!.AMT = pushTo(this.l2300!.AMT, readAMT(e, d)); return true }
        if (loop === L2100A) { const a = this.nameLoop as Loop2100A; a.AMT = pushTo(a.AMT, readAMT(e, d)); return true }
        return false
      case K_EC:
        if (loop === L2100A) { const a = this.nameLoop as Loop2100A; a.EC = pushTo(a.EC, readEC(e, d)); return true }
        return false
      case K_LUI:
        if (loop === L2100A) { const a = this.nameLoop as Loop2100A; a.LUI = pushTo(a.LUI, readLUI(e, d)); return true }
        return false
      case K_ICM:
      case K_HLH: {
        if (loop !== L2100A) return false
        const a = this.nameLoop as Loop2100A
        if (k === K_ICM && a.ICM === undefined) { a.ICM = readICM(e, d); return true }
        if (k === K_HLH && a.HLH === undefined) { a.HLH = readHLH(e, d); return true }
        return false
      }
      case K_IDC:
        if (loop === L2300) { this.l2300!.IDC = pushTo(this.l2300!.IDC, readIDC(e, d)); return true }
        return false
      case K_PLA:
        if (loop === L2310 && this.l2310!.PLA === undefined) { this.l2310!.PLA = readPLA(e, d); return true }
        return false
    }
    return false
  }
}

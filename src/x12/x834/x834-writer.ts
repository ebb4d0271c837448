import { X12Error } from '../errors.js'
import { SegmentWriter, type ByteSink, type SegmentWriterOptions } from '../writer.js'
import type { Delimiters } from '../segment.js'
import {
  writeACT, writeAMT, writeBGN, writeCOB, writeDMG, writeDSB, writeDTP, writeEC, writeGS, writeHD, writeHLH, writeICM, writeIDC, writeINS, writeLE, writeLS, writeLUI, writeLX, writeN1, writeN3, writeN4, writeNM1, writePER, writePLA, writeQTY, writeREF, writeST, writeTA1,
} from './codec.js'
import type { Header834, Member, NameLoop, RawSegment } from './model.js'
import type { GS, ISA, TA1 } from './segments.js'

// ISA01…ISA16 fixed widths (X12 envelope).
const ISA_WIDTHS = [0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const

/**
 * The streaming 834 writer: envelope calls in order, members one at a time. Each call returns
 * false when the sink is backed up — then `await writer.drained()` before the next (as with
 * `stream.write`). Control counts and numbers (SE01/SE02, GE01/GE02, IEA01/IEA02) are computed.
 *
 * @example
 * const w = new X834Writer(createWriteStream('out.834'), { delimiters: { element: '|' } })
 * w.beginInterchange(isa); w.beginGroup(gs); w.beginTransaction(header)
 * for (const m of members) if (!w.member(m)) await w.drained()
 * w.endTransaction(); w.endGroup(); w.endInterchange(); await w.flush()
 */
export class X834Writer {
  private readonly out: SegmentWriter
  private isa13 = ''
  private gs06 = ''
  private st02 = ''
  private groups = 0
  private transactions = 0
  private stAt = -1
  private level = 0 // 0 outside, 1 interchange, 2 group, 3 transaction
  /** Members written so far. */
  members = 0

  constructor(sink: ByteSink, options: SegmentWriterOptions = {}) {
    this.out = new SegmentWriter(sink, options)
  }

  /** The delimiters in use. */
  get delimiters(): Delimiters {
    return this.out.delimiters
  }

  /** Segments written so far. */
  get segments(): number {
    return this.out.count
  }

  /** Writes the ISA, padding fields to their fixed widths; ISA11/ISA16 always carry this writer's delimiters. */
  beginInterchange(isa: ISA): boolean {
    this.expect(0, 'ISA')
    const d = this.out.delimiters
    const fields: Record<string, string> = { ...(isa as unknown as Record<string, string>), ISA11: d.repetition === '' ? 'U' : d.repetition, ISA16: d.component }
    const elements = ['ISA']
    for (let i = 1; i <= 16; i++) {
      const key = `ISA${i < 10 ? '0' : ''}${i}`
      const width = ISA_WIDTHS[i]!
      let value = fields[key] ?? ''
      if (typeof value !== 'string') throw new X12Error('invalid-value', `${key} must be a string`, { element: key })
      if (i !== 11 && i !== 16) this.out.check(value, key)
      value = i === 13 && /^\d+$/.test(value.trim()) ? value.trim().padStart(width, '0') : value.padEnd(width, ' ')
      if (value.length !== width) throw new X12Error('invalid-value', `${key} is longer than its fixed width ${width}: ${JSON.stringify(value)}`, { element: key })
      elements.push(value)
    }
    this.isa13 = elements[13]!
    this.groups = 0
    this.level = 1
    return this.out.unchecked(elements)
  }

  /** Writes a TA1 (between ISA and the first GS). */
  ta1(ta1: TA1): boolean {
    this.expect(1, 'TA1')
    return writeTA1(ta1, this.out)
  }

  /** Writes a GS (GS06 is remembered for GE02). */
  beginGroup(gs: GS): boolean {
    this.expect(1, 'GS')
    this.gs06 = gs.GS06
    this.transactions = 0
    this.groups++
    this.level = 2
    return writeGS(gs, this.out)
  }

  /** Writes ST and the 834 header (BGN, REF*38, DTP, QTY, 1000A, 1000B, 1000C). */
  beginTransaction(header: Header834): boolean {
    this.expect(2, 'ST')
    this.st02 = header.ST.ST02
    this.stAt = this.out.count
    this.transactions++
    this.level = 3
    writeST(header.ST, this.out)
    writeBGN(header.BGN, this.out)
    if (header.REF !== undefined) writeREF(header.REF, this.out)
    this.each(writeDTP, header.DTP)
    this.each(writeQTY, header.QTY)
    writeN1(header.sponsor.N1, this.out)
    writeN1(header.payer.N1, this.out)
    for (const c of header.tpa_brokers ?? []) {
      writeN1(c.N1, this.out)
      if (c.ACT !== undefined) writeACT(c.ACT, this.out)
    }
    this.raws(header.unrecognized)
    return this.out.ready
  }

  /** Writes one member (a 2000 loop and everything under it). */
  member(m: Member): boolean {
    this.expect(3, 'INS')
    writeINS(m.INS, this.out)
    this.each(writeREF, m.REF)
    this.each(writeDTP, m.DTP)
    const a = m.member_name
    writeNM1(a.NM1, this.out)
    if (a.PER !== undefined) writePER(a.PER, this.out)
    if (a.N3 !== undefined) writeN3(a.N3, this.out)
    if (a.N4 !== undefined) writeN4(a.N4, this.out)
    if (a.DMG !== undefined) writeDMG(a.DMG, this.out)
    this.each(writeEC, a.EC)
    if (a.ICM !== undefined) writeICM(a.ICM, this.out)
    this.each(writeAMT, a.AMT)
    if (a.HLH !== undefined) writeHLH(a.HLH, this.out)
    this.each(writeLUI, a.LUI)
    const b = m.incorrect_member_name
    if (b !== undefined) {
      writeNM1(b.NM1, this.out)
      if (b.DMG !== undefined) writeDMG(b.DMG, this.out)
    }
    if (m.mailing_address !== undefined) this.nameLoop(m.mailing_address)
    if (m.employers !== undefined) for (const l of m.employers) this.nameLoop(l)
    if (m.schools !== undefined) for (const l of m.schools) this.nameLoop(l)
    if (m.custodial_parent !== undefined) this.nameLoop(m.custodial_parent)
    if (m.responsible_persons !== undefined) for (const l of m.responsible_persons) this.nameLoop(l)
    if (m.drop_off_location !== undefined) this.nameLoop(m.drop_off_location)
    if (m.disabilities !== undefined) {
      for (const l of m.disabilities) {
        writeDSB(l.DSB, this.out)
        this.each(writeDTP, l.DTP)
      }
    }
    if (m.health_coverages !== undefined) {
      for (const c of m.health_coverages) {
        writeHD(c.HD, this.out)
        this.each(writeDTP, c.DTP)
        this.each(writeAMT, c.AMT)
        this.each(writeREF, c.REF)
        this.each(writeIDC, c.IDC)
        if (c.providers !== undefined) {
          for (const p of c.providers) {
            writeLX(p.LX, this.out)
            if (p.NM1 !== undefined) writeNM1(p.NM1, this.out)
            this.each(writeN3, p.N3)
            if (p.N4 !== undefined) writeN4(p.N4, this.out)
            this.each(writePER, p.PER)
            if (p.PLA !== undefined) writePLA(p.PLA, this.out)
          }
        }
        if (c.coordination_of_benefits !== undefined) {
          for (const cob of c.coordination_of_benefits) {
            writeCOB(cob.COB, this.out)
            this.each(writeREF, cob.REF)
            this.each(writeDTP, cob.DTP)
            if (cob.related_entities !== undefined) {
              // 2330 order is NM1, N3, N4, PER (unlike 2100D–G, where PER comes second).
              for (const e of cob.related_entities) {
                writeNM1(e.NM1, this.out)
                if (e.N3 !== undefined) writeN3(e.N3, this.out)
                if (e.N4 !== undefined) writeN4(e.N4, this.out)
                if (e.PER !== undefined) writePER(e.PER, this.out)
              }
            }
          }
        }
      }
    }
    const r = m.reporting_categories
    if (r !== undefined) {
      writeLS(r.LS, this.out)
      if (r.categories !== undefined) {
        for (const c of r.categories) {
          writeLX(c.LX, this.out)
          const cat = c.category
          if (cat !== undefined) {
            writeN1(cat.N1, this.out)
            if (cat.REF !== undefined) writeREF(cat.REF, this.out)
            if (cat.DTP !== undefined) writeDTP(cat.DTP, this.out)
          }
        }
      }
      if (r.LE !== undefined) writeLE(r.LE, this.out)
    }
    this.raws(m.unrecognized)
    this.members++
    return this.out.ready
  }

  /** Writes SE with the segment count ST..SE and ST02. */
  endTransaction(): boolean {
    this.expect(3, 'SE')
    this.level = 2
    return this.out.unchecked(['SE', String(this.out.count - this.stAt + 1), this.st02])
  }

  /** Writes GE with the number of transaction sets and GS06. */
  endGroup(): boolean {
    this.expect(2, 'GE')
    this.level = 1
    return this.out.unchecked(['GE', String(this.transactions), this.gs06])
  }

  /** Writes IEA with the number of groups and ISA13. */
  endInterchange(): boolean {
    this.expect(1, 'IEA')
    this.level = 0
    return this.out.unchecked(['IEA', String(this.groups), this.isa13])
  }

  /** Resolves when the sink is no longer backed up. */
  drained(): Promise<void> {
    return this.out.drained()
  }

  /** Pushes everything buffered to the sink. */
  flush(): Promise<void> {
    return this.out.flush()
  }

  private expect(level: number, id: string): void {
    if (this.level !== level) throw new X12Error('writer-state', `Cannot write ${id} here (writer is ${['outside an interchange', 'in an interchange', 'in a group', 'in a transaction'][this.level]})`, { segmentId: id })
  }

  private each<T>(write: (o: T, w: SegmentWriter) => boolean, list: readonly T[] | undefined): void {
    if (list === undefined) return
    for (let i = 0; i < list.length; i++) write(list[i]!, this.out)
  }

  private nameLoop(l: NameLoop): void {
    writeNM1(l.NM1, this.out)
    if (l.PER !== undefined) writePER(l.PER, this.out)
    if (l.N3 !== undefined) writeN3(l.N3, this.out)
    if (l.N4 !== undefined) writeN4(l.N4, this.out)
  }

  private raws(list: readonly RawSegment[] | undefined): void {
    if (list === undefined) return
    for (const s of list) {
      // Raw segments are written exactly as read (no trimming), so they come back unchanged.
      this.out.segment(s.elements.length > 0 ? s.elements : [s.id], true, false)
    }
  }
}

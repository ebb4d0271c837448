// TEST ORACLE, not product code: the segment-by-segment validator as it was before the byte path
// (SegmentScanner#feedRaw → ValidatorEngine#pushRaw). Only differential.test.ts imports it, to check
// the product validator still gives identical results. Do not change its behaviour.
import type { RulePlugin, SegmentContext, ValidatorEngine } from './engine.js'
import type { FindingCode } from '../findings.js'
import type { TransactionSetSummary } from '../result.js'
import { segmentKey } from '../map.js'

/*
 * 834 005010X220A1 business rules a map-driven (pyx12-style) validator misses. Sources: the
 * TR3's situational notes and the CMS FFE 834 companion guide, summarised in
 * /work/shared/x12/README.md. State is per transaction set, per member (2000) and per coverage
 * (2300) only, so memory stays flat however many members a file carries.
 */

/** Options for the 834 rules. */
export interface Rules834Options {
  /** Today as YYYY-MM-DD, for "no future birth date". Default: the current UTC date. */
  today?: string
}

interface Member {
  ins: SegmentContext
  subscriber: boolean
  ins03: string
  ins04: string
  hasDtp357: boolean
  hasAddress: boolean
  eligibilityBegin?: string
  eligibilityEnd?: string
  eligibilityEndAt?: SegmentContext
}

interface Coverage {
  hd: SegmentContext
  hd01: string
  hasBegin: boolean
  begin: string | undefined
  end: string | undefined
  endAt: SegmentContext | undefined
}

interface Quantity { at: SegmentContext, value: number, raw: string }

// Segment ids as map keys: the rules switch on the matched map entry's key, a small integer.
const KEY_BGN = segmentKey('BGN')
const KEY_QTY = segmentKey('QTY')
const KEY_INS = segmentKey('INS')
const KEY_REF = segmentKey('REF')
const KEY_DTP = segmentKey('DTP')
const KEY_N3 = segmentKey('N3')
const KEY_N4 = segmentKey('N4')
const KEY_DMG = segmentKey('DMG')
const KEY_HD = segmentKey('HD')

function isCoverageLoop(loopId: string): boolean {
  return loopId === '2300' || loopId === '2310' || loopId === '2320' || loopId === '2330'
}

// Generic findings the 834 guide gives a name of their own.
const REFINED: ReadonlyMap<string, FindingCode> = new Map<string, FindingCode>([
  ['segment-required-missing|2000|REF*0F', 'member-missing-ref-0f'],
  ['element-invalid-code|2100A|NM101', 'member-name-qualifier'],
  ['element-invalid-code|2100A|NM108', 'member-id-qualifier'],
  ['element-invalid-code|2300|HD01', 'hd01-invalid-code'],
  ['element-invalid-code|2000|INS03', 'ins03-invalid-code'],
])

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '')
}

/** First date (CCYYMMDD) of a D8 or RD8 value, or undefined when it is not one. */
function startDate(format: string, value: string): string | undefined {
  if (format === 'D8' && value.length === 8) return value
  if (format === 'RD8' && value.length === 17) return value.slice(0, 8)
  return undefined
}
/** Last date (CCYYMMDD) of a D8 or RD8 value. */
function endDate(format: string, value: string): string | undefined {
  if (format === 'D8' && value.length === 8) return value
  if (format === 'RD8' && value.length === 17) return value.slice(9)
  return undefined
}

/** The 834 rules as a {@link RulePlugin} for the generic engine. */
export class Rules834 implements RulePlugin {
  private readonly today: string
  private bgn08 = ''
  private member: Member | undefined
  private coverage: Coverage | undefined
  private subscriberId: string | undefined
  private hasSubscriber = false
  private members = 0
  private subscribers = 0
  private quantities: Partial<Record<'ET' | 'DT' | 'TO', Quantity>> = {}

  constructor(options: Rules834Options = {}) {
    this.today = options.today ? options.today.replace(/-/g, '') : todayUtc()
  }

  refineCode(code: FindingCode, loopId: string | undefined, key: string): FindingCode | undefined {
    return REFINED.get(`${code}|${loopId ?? ''}|${key}`)
  }

  startTransaction(): void {
    this.bgn08 = ''
    this.member = undefined
    this.coverage = undefined
    this.subscriberId = undefined
    this.hasSubscriber = false
    this.members = 0
    this.subscribers = 0
    this.quantities = {}
  }

  onSegment(ctx: SegmentContext, v: ValidatorEngine): void {
    const seg = ctx.segment
    const el = seg.elements
    const loopId = ctx.loop.id
    if (this.coverage !== undefined && !isCoverageLoop(loopId)) this.closeCoverage(v)
    switch (ctx.entry.key) {
      case KEY_BGN:
        this.bgn08 = el[8] ?? ''
        break
      case KEY_QTY: {
        const q = el[1]
        if (q === 'ET' || q === 'DT' || q === 'TO') this.quantities[q] = { at: v.snapshot(ctx), value: Number(el[2]), raw: el[2] ?? '' }
        break
      }
      case KEY_INS:
        this.closeMember(v)
        this.openMember(ctx, v)
        break
      case KEY_REF:
        if (loopId === '2000' && el[1] === '0F') this.memberId(ctx, v, el[2] ?? '')
        break
      case KEY_DTP:
        if (loopId === '2000' && this.member) {
          if (el[1] === '357') {
            this.member.hasDtp357 = true
            this.member.eligibilityEnd = endDate(el[2] ?? '', el[3] ?? '')
            this.member.eligibilityEndAt = v.snapshot(ctx)
          } else if (el[1] === '356') this.member.eligibilityBegin = startDate(el[2] ?? '', el[3] ?? '')
        } else if (loopId === '2300' && this.coverage) this.coverageDate(ctx, el[1] ?? '', el[2] ?? '', el[3] ?? '')
        break
      case KEY_N3:
      case KEY_N4:
        if ((loopId === '2100A' || loopId === '2100C') && this.member) this.member.hasAddress = true
        break
      case KEY_DMG:
        // A birth date after the file's "today" is a keying error carriers reject (pyx12 lets it pass).
        if (el[1] === 'D8' && (el[2] ?? '').length === 8 && (el[2] as string) > this.today) {
          v.reportAt('birth-date-in-future', ctx, { element: v.elementAt(ctx.entry, 2), value: el[2], message: `DMG02 birth date ${el[2] ?? ''} is after today (${this.today})` })
        }
        break
      case KEY_HD:
        if (loopId === '2300') this.openCoverage(ctx, v)
        break
      default:
        break
    }
  }

  endTransaction(v: ValidatorEngine, summary: TransactionSetSummary): void {
    this.closeCoverage(v)
    this.closeMember(v)
    summary.members = this.members
    summary.subscribers = this.subscribers
    summary.dependents = this.members - this.subscribers
    // QTY is situational; when sent, carriers reconcile it against the members (CMS FFE guide).
    this.checkQuantity(v, 'ET', this.subscribers, 'subscriber', 'INS01=Y')
    this.checkQuantity(v, 'DT', this.members - this.subscribers, 'dependent', 'INS01=N')
    this.checkQuantity(v, 'TO', this.members, 'member', 'INS')
  }

  private checkQuantity(v: ValidatorEngine, code: 'ET' | 'DT' | 'TO', counted: number, what: string, how: string): void {
    const q = this.quantities[code]
    if (q && q.value !== counted) {
      v.reportAt('qty-total-mismatch', q.at, { element: v.elementAt(q.at.entry, 2), value: q.raw, message: `QTY*${code} says ${q.raw}, the transaction set has ${counted} ${what}${counted === 1 ? '' : 's'} (${how})` })
    }
  }

  private openMember(ctx: SegmentContext, v: ValidatorEngine): void {
    const el = ctx.segment.elements
    const ins01 = el[1] ?? ''
    const ins02 = el[2] ?? ''
    const ins03 = el[3] ?? ''
    const subscriber = ins01 === 'Y'
    this.members++
    if (subscriber) {
      this.subscribers++
      this.hasSubscriber = true
      this.subscriberId = undefined
    }
    const at = v.snapshot(ctx)
    this.member = { ins: at, subscriber, ins03, ins04: el[4] ?? '', hasDtp357: false, hasAddress: false }
    const ins02Spec = v.elementAt(ctx.entry, 2)
    // TR3 INS02 note: the subscriber is always 18 (self); a dependent never is.
    if (subscriber && ins02 !== '18') {
      v.reportAt('ins02-subscriber-not-self', at, { element: ins02Spec, value: ins02, message: `INS01=Y (subscriber) needs INS02=18 (self), got '${ins02}'` })
    } else if (ins01 === 'N' && ins02 === '18') {
      v.reportAt('ins02-dependent-is-self', at, { element: ins02Spec, value: ins02, message: 'INS01=N (dependent) cannot have INS02=18 (self)' })
    }
    if (ins03 === '024' && el[5] === 'T') {
      // INS05 T is TEFRA (Tax Equity and Fiscal Responsibility Act) status, often sent by mistake for "terminated".
      v.reportAt('ins05-tefra-on-termination', at, { element: v.elementAt(ctx.entry, 5), value: 'T', message: 'INS05=T (TEFRA) on a termination: T does not mean "terminated"' })
    }
    const ins03Spec = v.elementAt(ctx.entry, 3)
    if (this.bgn08 === '4' && ins03 !== '030') {
      // CMS FFE companion guide: "if using 4 then INS03 must = 030".
      v.reportAt('full-file-ins03-not-030', at, { element: ins03Spec, value: ins03, message: `full file (BGN08=4) needs INS03=030 (audit), got '${ins03}'` })
    } else if (this.bgn08 === '2' && ins03 === '030') {
      // (A code outside INS03's list is reported as such, ins03-invalid-code: 030 is the one valid code a change file may not send.)
      v.reportAt('change-file-ins03-invalid', at, { element: ins03Spec, value: ins03, message: `change file (BGN08=2) sends INS03 001/021/024/025, got '${ins03}'` })
    }
  }

  private memberId(ctx: SegmentContext, v: ValidatorEngine, id: string): void {
    const member = this.member
    if (!member) return
    if (member.subscriber) {
      this.subscriberId = id
      return
    }
    const at = v.snapshot(ctx)
    const spec = v.elementAt(ctx.entry, 2)
    if (!this.hasSubscriber) {
      // Change files may add a dependent to a subscriber the carrier already has; a full file is a
      // snapshot and must carry the whole family.
      v.reportAt('dependent-without-subscriber', member.ins, {
        element: v.elementAt(member.ins.entry, 1), value: 'N',
        message: `dependent with REF*0F ${id} has no subscriber before it in this transaction set`,
        severity: this.bgn08 === '4' ? 'error' : 'warning',
      })
    } else if (this.subscriberId !== undefined && id !== this.subscriberId) {
      v.reportAt('dependent-subscriber-mismatch', at, { element: spec, value: id, message: `dependent REF*0F ${id} differs from the preceding subscriber's ${this.subscriberId ?? ''}` })
    }
  }

  private closeMember(v: ValidatorEngine): void {
    const member = this.member
    if (!member) return
    this.member = undefined
    if (member.ins03 === '024' && !member.hasDtp357) {
      v.reportAt('termination-missing-dtp-357', member.ins, { message: 'INS03=024 (termination) without DTP*357 (eligibility end)', segment_id: 'DTP' })
    }
    const { eligibilityBegin: begin, eligibilityEnd: end, eligibilityEndAt: at } = member
    if (begin !== undefined && end !== undefined && at !== undefined && end < begin) {
      v.reportAt('eligibility-end-before-begin', at, { element: v.elementAt(at.entry, 3), value: end, message: `eligibility ends ${end} (DTP*357) before it begins ${begin} (DTP*356)` })
    }
    if (member.ins04 === '43' && (member.ins03 !== '001' || !member.hasAddress)) {
      v.reportAt('address-change-hint', member.ins, {
        element: v.elementAt(member.ins.entry, 4), value: '43',
        message: member.ins03 !== '001' ? `INS04=43 (change of location) is a change: INS03 should be 001, not '${member.ins03}'` : 'INS04=43 (change of location) without the new N3/N4 address',
      })
    }
  }

  private openCoverage(ctx: SegmentContext, v: ValidatorEngine): void {
    this.closeCoverage(v)
    const hd01 = ctx.segment.elements[1] ?? ''
    const at = v.snapshot(ctx)
    this.coverage = { hd: at, hd01, hasBegin: false, begin: undefined, end: undefined, endAt: undefined }
    if (this.bgn08 === '4' && hd01 !== '030') {
      v.reportAt('full-file-hd01-not-030', at, { element: v.elementAt(ctx.entry, 1), value: hd01, message: `full file (BGN08=4) needs HD01=030 (audit), got '${hd01}'` })
    } else if (this.bgn08 === '2' && hd01 === '030') {
      v.reportAt('change-file-hd01-audit', at, { element: v.elementAt(ctx.entry, 1), value: '030', message: "change file (BGN08=2) sends HD01=030 (audit): a change sends 001/021/024/025 (030 is the full file's, BGN08=4)" })
    }
  }

  private coverageDate(ctx: SegmentContext, qualifier: string, format: string, value: string): void {
    const coverage = this.coverage as Coverage
    if (qualifier === '348') {
      coverage.hasBegin = true
      coverage.begin = startDate(format, value)
    }
    else if (qualifier === '349') {
      coverage.end = endDate(format, value)
      coverage.endAt = { segment: ctx.segment, entry: ctx.entry, loop: ctx.loop, st_position: ctx.st_position }
    }
  }

  private closeCoverage(v: ValidatorEngine): void {
    const coverage = this.coverage
    if (!coverage) return
    this.coverage = undefined
    if (coverage.hd01 === '024' && !coverage.endAt) {
      v.reportAt('hd-termination-missing-dtp-349', coverage.hd, { message: 'HD01=024 (coverage termination) without DTP*349 (coverage end)', segment_id: 'DTP' })
    }
    if ((coverage.hd01 === '021' || coverage.hd01 === '025') && !coverage.hasBegin) {
      v.reportAt('hd-addition-missing-dtp-348', coverage.hd, { message: 'HD01=021/025 (coverage added or reinstated) without DTP*348 (benefit begin)', segment_id: 'DTP' })
    }
    if (coverage.begin && coverage.end && coverage.endAt && coverage.end < coverage.begin) {
      v.reportAt('coverage-end-before-begin', coverage.endAt, {
        element: v.elementAt(coverage.endAt.entry, 3), value: coverage.end,
        message: `coverage ends ${coverage.end} (DTP*349) before it begins ${coverage.begin} (DTP*348)`,
      })
    }
  }
}

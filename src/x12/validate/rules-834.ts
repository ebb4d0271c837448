import type { RulePlugin, SegmentContext, ValidatorEngine } from './engine.js'
import type { LoopNode, SegmentEntry } from './map.js'
import type { FindingCode } from './findings.js'
import type { TransactionSetSummary } from './result.js'
import { segmentKey } from './map.js'
import { isLazySegment } from '../segment-cursor.js'
import type { LazySegment } from '../segment-cursor.js'
import type { Segment } from '../segment.js'

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
  /** DTP*356 eligibility begin and DTP*357 eligibility end (CCYYMMDD), where the 357 is. */
  eligibilityBegin?: string
  eligibilityEnd?: string
  eligibilityEndAt?: SegmentContext
}

interface Coverage {
  /**
   * Where the HD is, for a finding made when the coverage closes: its position only, no snapshot
   * of the segment per coverage (see {@link hdContext}).
   */
  hdIndex: number
  hdOffset: number
  hdLine: number
  hdStPosition: number
  hdEntry: SegmentEntry
  hdLoop: LoopNode
  /** HD01=024, coverage termination. */
  termination: boolean
  /** HD01=021 addition or 025 reinstatement: the coverage starts, so DTP*348 says when. */
  starts: boolean
  /** A DTP*348 was sent (whether or not its date could be read). */
  hasBegin: boolean
  begin: string | undefined
  end: string | undefined
  endAt: SegmentContext | undefined
}

/** The HD of a coverage as a finding's location (its elements are no longer at hand). */
function hdContext(c: Coverage): SegmentContext {
  return { segment: { id: 'HD', elements: ['HD'], index: c.hdIndex, offset: c.hdOffset, line: c.hdLine }, entry: c.hdEntry, loop: c.hdLoop, st_position: c.hdStPosition }
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

// Loops the rules tell apart, as small integers per loop ordinal (one array read per segment, not string compares).
const LOOP_OTHER = 1, LOOP_2000 = 2, LOOP_2300 = 3, LOOP_COVERAGE_CHILD = 4, LOOP_ADDRESS = 5

function loopKindOf(loopId: string): number {
  if (loopId === '2000') return LOOP_2000
  if (loopId === '2300') return LOOP_2300
  if (loopId === '2310' || loopId === '2320' || loopId === '2330') return LOOP_COVERAGE_CHILD
  if (loopId === '2100A' || loopId === '2100C') return LOOP_ADDRESS
  return LOOP_OTHER
}

// Generic findings the 834 guide gives a name of their own.
const REFINED: ReadonlyMap<string, FindingCode> = new Map<string, FindingCode>([
  ['segment-required-missing|2000|REF*0F', 'member-missing-ref-0f'],
  ['element-invalid-code|2100A|NM101', 'member-name-qualifier'],
  ['element-invalid-code|2100A|NM108', 'member-id-qualifier'],
  ['element-invalid-code|2300|HD01', 'hd01-invalid-code'],
  ['element-invalid-code|2000|INS03', 'ins03-invalid-code'],
])

/**
 * Element `i`: from the array of a plain segment (`els`), or decoded alone from the byte path's
 * {@link LazySegment} (`els` undefined), where only the few values the rules read are decoded.
 */
function valueAt(els: readonly string[] | undefined, seg: Segment, i: number): string | undefined {
  return els !== undefined ? els[i] : (seg as LazySegment).element(i)
}

/** Whether element `i` is `code`, compared on the bytes for a {@link LazySegment}. */
function valueIs(els: readonly string[] | undefined, seg: Segment, i: number, code: string): boolean {
  return els !== undefined ? els[i] === code : (seg as LazySegment).elementIs(i, code)
}

/** Length of element `i` (-1 when absent), without decoding it on a {@link LazySegment}. */
function lengthAt(els: readonly string[] | undefined, seg: Segment, i: number): number {
  return els !== undefined ? (els[i]?.length ?? -1) : (seg as LazySegment).elementLength(i)
}

/** Whether element `i` sorts after `text` (string order), compared on the bytes for a {@link LazySegment}. */
function valueAfter(els: readonly string[] | undefined, seg: Segment, i: number, text: string): boolean {
  if (els === undefined) return (seg as LazySegment).elementAfter(i, text)
  const v = els[i]
  return v !== undefined && v > text
}

/** The elements array of a plain segment; undefined for the byte path's lazy view. */
function plainElements(seg: Segment): readonly string[] | undefined {
  return isLazySegment(seg) ? undefined : seg.elements
}

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

/** DTP*357 (eligibility end) before DTP*356 (eligibility begin) of the same member is an error. */
function eligibilityOrder(v: ValidatorEngine, member: Member): void {
  const { eligibilityBegin: begin, eligibilityEnd: end, eligibilityEndAt: at } = member
  if (begin === undefined || end === undefined || at === undefined || end >= begin) return
  v.reportAt('eligibility-end-before-begin', at, { element: v.elementAt(at.entry, 3), value: end, message: `eligibility ends ${end} (DTP*357) before it begins ${begin} (DTP*356)` })
}

/** The 834 rules as a {@link RulePlugin} for the generic engine. */
export class Rules834 implements RulePlugin {
  private readonly today: string
  private bgn08 = ''
  private member: Member | undefined
  /** The open coverage (2300), or undefined: {@link openedCoverage} while one is open. */
  private coverage: Coverage | undefined
  private readonly openedCoverage: Coverage = {
    hdIndex: 0, hdOffset: 0, hdLine: 0, hdStPosition: 0, hdEntry: undefined as unknown as SegmentEntry, hdLoop: undefined as unknown as LoopNode,
    termination: false, starts: false, hasBegin: false, begin: undefined, end: undefined, endAt: undefined,
  }
  private subscriberId: string | undefined
  private hasSubscriber = false
  private members = 0
  private subscribers = 0
  private quantities: Partial<Record<'ET' | 'DT' | 'TO', Quantity>> = {}
  /** {@link loopKindOf} per loop ordinal, learnt on first sight. */
  private readonly loopKinds: number[] = []

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
    const els = plainElements(seg)
    const loop = ctx.loop
    let kind = this.loopKinds[loop.ordinal]
    if (kind === undefined) this.loopKinds[loop.ordinal] = kind = loopKindOf(loop.id)
    if (this.coverage !== undefined && kind !== LOOP_2300 && kind !== LOOP_COVERAGE_CHILD) this.closeCoverage(v)
    switch (ctx.entry.key) {
      case KEY_BGN:
        this.bgn08 = valueAt(els, seg, 8) ?? ''
        break
      case KEY_QTY: {
        const q = valueAt(els, seg, 1)
        if (q === 'ET' || q === 'DT' || q === 'TO') this.quantities[q] = { at: v.snapshot(ctx), value: Number(valueAt(els, seg, 2)), raw: valueAt(els, seg, 2) ?? '' }
        break
      }
      case KEY_INS:
        this.closeMember(v)
        this.openMember(ctx, v)
        break
      case KEY_REF:
        if (kind === LOOP_2000 && valueIs(els, seg, 1, '0F')) {
          // A dependent that carries its subscriber's id (the usual case) needs no string of it.
          const member = this.member
          if (member !== undefined && !member.subscriber && this.hasSubscriber && this.subscriberId !== undefined && valueIs(els, seg, 2, this.subscriberId)) break
          this.memberId(ctx, v, valueAt(els, seg, 2) ?? '')
        }
        break
      case KEY_DTP:
        if (kind === LOOP_2000 && this.member) {
          if (valueIs(els, seg, 1, '357')) {
            this.member.hasDtp357 = true
            this.member.eligibilityEnd = endDate(valueAt(els, seg, 2) ?? '', valueAt(els, seg, 3) ?? '')
            this.member.eligibilityEndAt = v.snapshot(ctx)
          } else if (valueIs(els, seg, 1, '356')) this.member.eligibilityBegin = startDate(valueAt(els, seg, 2) ?? '', valueAt(els, seg, 3) ?? '')
        } else if (kind === LOOP_2300 && this.coverage) {
          // Only coverage begin and end matter; other dates are not decoded.
          if (valueIs(els, seg, 1, '348')) this.coverageDate(ctx, v, '348', valueAt(els, seg, 2) ?? '', valueAt(els, seg, 3) ?? '')
          else if (valueIs(els, seg, 1, '349')) this.coverageDate(ctx, v, '349', valueAt(els, seg, 2) ?? '', valueAt(els, seg, 3) ?? '')
        }
        break
      case KEY_N3:
      case KEY_N4:
        if (kind === LOOP_ADDRESS && this.member) this.member.hasAddress = true
        break
      case KEY_DMG:
        // A birth date after the file's "today" is a keying error carriers reject (pyx12 lets it pass).
        if (valueIs(els, seg, 1, 'D8') && lengthAt(els, seg, 2) === 8 && valueAfter(els, seg, 2, this.today)) {
          const born = valueAt(els, seg, 2) ?? ''
          v.reportAt('birth-date-in-future', ctx, { element: v.elementAt(ctx.entry, 2), value: born, message: `DMG02 birth date ${born} is after today (${this.today})` })
        }
        break
      case KEY_HD:
        if (kind === LOOP_2300) this.openCoverage(ctx, v)
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
    const seg = ctx.segment
    const els = plainElements(seg)
    const ins03 = valueAt(els, seg, 3) ?? ''
    const subscriber = valueIs(els, seg, 1, 'Y')
    this.members++
    if (subscriber) {
      this.subscribers++
      this.hasSubscriber = true
      this.subscriberId = undefined
    }
    const at = v.snapshot(ctx)
    this.member = { ins: at, subscriber, ins03, ins04: valueAt(els, seg, 4) ?? '', hasDtp357: false, hasAddress: false }
    // TR3 INS02 note: the subscriber is always 18 (self); a dependent never is.
    const self = valueIs(els, seg, 2, '18')
    if (subscriber && !self) {
      const ins02 = valueAt(els, seg, 2) ?? ''
      v.reportAt('ins02-subscriber-not-self', at, { element: v.elementAt(ctx.entry, 2), value: ins02, message: `INS01=Y (subscriber) needs INS02=18 (self), got '${ins02}'` })
    } else if (self && valueIs(els, seg, 1, 'N')) {
      v.reportAt('ins02-dependent-is-self', at, { element: v.elementAt(ctx.entry, 2), value: '18', message: 'INS01=N (dependent) cannot have INS02=18 (self)' })
    }
    if (ins03 === '024' && valueIs(els, seg, 5, 'T')) {
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
    if (!this.hasSubscriber) {
      // Change files may add a dependent to a subscriber the carrier already has; a full file is a
      // snapshot and must carry the whole family.
      v.reportAt('dependent-without-subscriber', member.ins, {
        element: v.elementAt(member.ins.entry, 1), value: 'N',
        message: `dependent with REF*0F ${id} has no subscriber before it in this transaction set`,
        severity: this.bgn08 === '4' ? 'error' : 'warning',
      })
    } else if (this.subscriberId !== undefined && id !== this.subscriberId) {
      v.reportAt('dependent-subscriber-mismatch', v.snapshot(ctx), { element: v.elementAt(ctx.entry, 2), value: id, message: `dependent REF*0F ${id} differs from the preceding subscriber's ${this.subscriberId ?? ''}` })
    }
  }

  private closeMember(v: ValidatorEngine): void {
    const member = this.member
    if (!member) return
    this.member = undefined
    if (member.ins03 === '024' && !member.hasDtp357) {
      v.reportAt('termination-missing-dtp-357', member.ins, { message: 'INS03=024 (termination) without DTP*357 (eligibility end)', segment_id: 'DTP' })
    }
    eligibilityOrder(v, member)
    if (member.ins04 === '43' && (member.ins03 !== '001' || !member.hasAddress)) {
      v.reportAt('address-change-hint', member.ins, {
        element: v.elementAt(member.ins.entry, 4), value: '43',
        message: member.ins03 !== '001' ? `INS04=43 (change of location) is a change: INS03 should be 001, not '${member.ins03}'` : 'INS04=43 (change of location) without the new N3/N4 address',
      })
    }
  }

  private openCoverage(ctx: SegmentContext, v: ValidatorEngine): void {
    this.closeCoverage(v)
    const seg = ctx.segment
    const els = plainElements(seg)
    const termination = valueIs(els, seg, 1, '024')
    const starts = !termination && (valueIs(els, seg, 1, '021') || valueIs(els, seg, 1, '025'))
    // One object for every coverage of the file (at most one is open): no allocation per HD.
    const c = this.openedCoverage
    c.hdIndex = seg.index
    c.hdOffset = seg.offset
    c.hdLine = seg.line
    c.hdStPosition = ctx.st_position
    c.hdEntry = ctx.entry
    c.hdLoop = ctx.loop
    c.termination = termination
    c.starts = starts
    c.hasBegin = false
    c.begin = c.end = undefined
    c.endAt = undefined
    this.coverage = c
    if (this.bgn08 === '4' && !valueIs(els, seg, 1, '030')) {
      const hd01 = valueAt(els, seg, 1) ?? ''
      v.reportAt('full-file-hd01-not-030', ctx, { element: v.elementAt(ctx.entry, 1), value: hd01, message: `full file (BGN08=4) needs HD01=030 (audit), got '${hd01}'` })
    } else if (this.bgn08 === '2' && !starts && !termination && valueIs(els, seg, 1, '030')) {
      // As INS03=030 in a change file: audit lines are the full file's (BGN08=4), not a change's.
      v.reportAt('change-file-hd01-audit', ctx, { element: v.elementAt(ctx.entry, 1), value: '030', message: "change file (BGN08=2) sends HD01=030 (audit): a change sends 001/021/024/025 (030 is the full file's, BGN08=4)" })
    }
  }

  private coverageDate(ctx: SegmentContext, v: ValidatorEngine, qualifier: string, format: string, value: string): void {
    const coverage = this.coverage as Coverage
    if (qualifier === '348') {
      coverage.hasBegin = true
      coverage.begin = startDate(format, value)
    }
    else if (qualifier === '349') {
      coverage.end = endDate(format, value)
      coverage.endAt = v.snapshot(ctx)
    }
  }

  private closeCoverage(v: ValidatorEngine): void {
    const coverage = this.coverage
    if (!coverage) return
    this.coverage = undefined
    if (coverage.termination && !coverage.endAt) {
      v.reportAt('hd-termination-missing-dtp-349', hdContext(coverage), { message: 'HD01=024 (coverage termination) without DTP*349 (coverage end)', segment_id: 'DTP' })
    }
    // TR3 2300 DTP*348: the benefit begin date is sent when coverage is added or reinstated.
    if (coverage.starts && !coverage.hasBegin) {
      v.reportAt('hd-addition-missing-dtp-348', hdContext(coverage), { message: 'HD01=021/025 (coverage added or reinstated) without DTP*348 (benefit begin)', segment_id: 'DTP' })
    }
    if (coverage.begin && coverage.end && coverage.endAt && coverage.end < coverage.begin) {
      v.reportAt('coverage-end-before-begin', coverage.endAt, {
        element: v.elementAt(coverage.endAt.entry, 3), value: coverage.end,
        message: `coverage ends ${coverage.end} (DTP*349) before it begins ${coverage.begin} (DTP*348)`,
      })
    }
  }
}

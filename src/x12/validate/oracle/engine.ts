// TEST ORACLE, not product code: the segment-by-segment validator as it was before the byte path
// (SegmentScanner#feedRaw → ValidatorEngine#pushRaw). Only differential.test.ts imports it, to check
// the product validator still gives identical results. Do not change its behaviour.
import type { Segment } from '../../segment.js'
import { printable, strayText } from '../../segment.js'
import type { CompiledMap, ElementSpec, LoopNode, SegmentEntry } from '../map.js'
import { segmentKey, triggerOf } from '../map.js'
import { repetitionSeparator } from '../../tokenizer.js'
import { checkElements } from './element-checks.js'
import type { Reporter } from './element-checks.js'
import type { AckPointer, CodeInfo, Finding, FindingCode, Severity } from '../findings.js'
import { FINDING_CODES } from '../findings.js'
import type { GroupSummary, InterchangeSummary, TransactionSetSummary, ValidationResult } from '../result.js'

/*
 * The map-driven structural validator: a push-style state machine over a compiled
 * implementation-guide map (834 or 999). It tracks the loop stack like pyx12 does (a segment
 * continues the current loop, starts a child loop through its trigger, or closes loops until an
 * ancestor accepts it), checks every element against the map, and keeps the X12 control
 * envelope (ISA/IEA, GS/GE, ST/SE counts and control numbers). Business rules plug in through
 * {@link RulePlugin}. Memory is bounded by the loop depth plus one summary per envelope.
 */

/** Where the segment being validated sits. Reused between segments: copy with `snapshot` to keep. */
export interface SegmentContext {
  segment: Segment
  entry: SegmentEntry
  /** Innermost loop (ST_LOOP for header segments). */
  loop: LoopNode
  /** Position within the transaction set, ST = 1; 0 outside a set. */
  st_position: number
}

/** Transaction-level business rules for one implementation guide. */
export interface RulePlugin {
  /** A transaction set starts (after its ST was checked). */
  startTransaction(engine: ValidatorEngine): void
  /** Called for every segment that matched the map, after its structural and element checks. */
  onSegment(ctx: SegmentContext, engine: ValidatorEngine): void
  /** The transaction set ends (at SE, or when its SE is missing). */
  endTransaction(engine: ValidatorEngine, summary: TransactionSetSummary): void
  /** Lets the guide give a more specific code to a generic finding, e.g. REF*0F missing in 2000. */
  refineCode?(code: FindingCode, loopId: string | undefined, key: string): FindingCode | undefined
}

export interface EngineOptions {
  /** Stop recording findings after this many (a final 'too-many-findings' note says so). Default 10,000. */
  max_findings?: number
  plugin?: RulePlugin
  /** Remember where segments fit per loop state (default true; false searches the open loops every time — same results, for tests). */
  placement_memo?: boolean
}

/** Extra detail for {@link ValidatorEngine.report}. */
export interface ReportDetail {
  element?: ElementSpec
  component?: ElementSpec
  /** Bad value to echo in IK404. */
  value?: string
  message?: string
  severity?: Severity
  /** IK3 segment id when it differs from the reported segment (a missing segment). */
  segment_id?: string
  loop?: LoopNode
  /** Element position when there is no element spec (an element past the last one defined). */
  position?: number
  repetition?: number
  /** After the last IEA (junk at the end of the input): the finding belongs to no interchange. */
  outside?: boolean
}

const ENVELOPE_IDS = new Set(['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE', 'TA1'])

/** Slots of the placement memo (see {@link ValidatorEngine.place}); at most {@link PLACE_MEMO_LIMIT} are used. */
const PLACE_MEMO_MASK = 1023
const PLACE_MEMO_LIMIT = 512
/** Memo value for a segment that fits nowhere from that state. */
const PLACE_NONE = -1
const TRAILERS = new Set(['SE', 'GE', 'IEA'])
/** The envelope loops as messages name them. */
const ENVELOPE_NAMES: Readonly<Record<string, string>> = { ISA_LOOP: 'the interchange', GS_LOOP: 'the functional group', ST_LOOP: 'the transaction set', LS_LOOP: 'loop 2000 after LS (the reporting categories LS opens)' }

/** ' (segment ids are upper case: GS)' when `id` is a known id in lower case, else ''. */
function upperCaseHint(map: CompiledMap, id: string): string {
  const upper = id.toUpperCase()
  return upper !== id && map.known_ids.has(upper) ? ` (segment ids are upper case: ${upper})` : ''
}
const KEY_ISA = segmentKey('ISA')
const KEY_GS = segmentKey('GS')
const KEY_ST = segmentKey('ST')
// TA105 note per ISA element (X12 I18): what a TA1 says about a bad ISA field.
const TA105_BY_ISA: Readonly<Record<number, string>> = {
  1: '010', 2: '011', 3: '012', 4: '013', 5: '005', 6: '006', 7: '007', 8: '008', 9: '014', 10: '015',
  11: '026', 12: '017', 13: '018', 14: '019', 15: '020', 16: '027',
}

/**
 * Generic X12 validator over one compiled map; see {@link createMapValidator}.
 *
 * @example
 * const engine = new ValidatorEngine(map834(), { plugin: myRules })
 * for (const seg of tokenizeSync(text)) engine.push(seg)
 * engine.end().findings
 */
export class ValidatorEngine implements Reporter {
  readonly map: CompiledMap
  private readonly plugin: RulePlugin | undefined
  private readonly maxFindings: number
  readonly findings: Finding[] = []
  errorCount = 0
  warningCount = 0
  private dropped = 0
  segmentCount = 0

  // loop stack
  private readonly stack: LoopNode[] = []
  private readonly childIdx: number[] = []
  private readonly counts: Int32Array[]
  private readonly ctx: SegmentContext
  /**
   * Placement memo. The loop stack is always the path from the root to the innermost loop (each
   * loop node sits at one place in the map tree), so where a segment fits depends only on the
   * innermost loop, the position reached in it, the segment id and — when a candidate is told
   * apart by its first element — that qualifier. Per state (`stateBase[loop.ordinal]` + position)
   * and segment key it remembers the search result, so a repeating member layout is placed with
   * one table probe instead of a walk over the open loops. `undefined` when the map is not a tree or the memo is off.
   */
  private readonly stateBase: Int32Array | undefined
  /** Four ints per slot, together so a hit reads one cache line: state + 1 (0 = free), segment key, result, 1 when the result depends on the qualifier in `memoQualifier`. */
  private readonly memo = new Int32Array(4 * (PLACE_MEMO_MASK + 1))
  private readonly memoQualifier: (string | undefined)[] = new Array<string | undefined>(PLACE_MEMO_MASK + 1).fill(undefined)
  private memoCount = 0
  /** Set by `search`: a candidate's qualifier table was consulted. */
  private searchUsedQualifier = false

  // delimiters learned from the ISA
  componentSep = ':'
  repetitionSep = ''
  /** See {@link Reporter.validValues}. */
  readonly validValues: string[]
  /** See {@link Reporter.validDates}. */
  readonly validDates: string[]

  // envelope state
  readonly interchanges: InterchangeSummary[] = []
  private interchange: InterchangeSummary | undefined
  private group: GroupSummary | undefined
  private transaction: TransactionSetSummary | undefined
  private ieaSeen = false
  private ta1Seen = false
  private geSeen = false
  private inTransaction = false
  private stPosition = 0
  private groupCount = 0
  private setCount = 0
  private transactionOrdinal = -1
  private groupOrdinal = -1
  private readonly isa13Seen = new Set<string>()
  private gs06Seen = new Set<string>()
  private st02Seen = new Set<string>()

  constructor(map: CompiledMap, options: EngineOptions = {}) {
    this.map = map
    this.plugin = options.plugin
    this.maxFindings = options.max_findings ?? 10_000
    this.validValues = new Array<string>(map.element_slots).fill('')
    this.validDates = new Array<string>(2 * map.element_slots).fill('')
    this.counts = new Array<Int32Array>(map.loop_count)
    const fill = (loop: LoopNode): void => {
      this.counts[loop.ordinal] = new Int32Array(loop.children.length)
      for (const c of loop.children) if (c.kind === 'loop') fill(c)
    }
    fill(map.root)
    this.stateBase = options.placement_memo === false ? undefined : stateBases(map)
    this.stack.push(map.root)
    this.childIdx.push(0)
    this.ctx = { segment: { id: '', elements: [], index: 0, offset: 0, line: 1 }, entry: triggerOf(map.root.children[0] as LoopNode), loop: map.root, st_position: 0 }
  }

  /** Validates one segment. */
  push(seg: Segment): void {
    this.segmentCount++
    if (this.inTransaction) this.stPosition++
    let id = seg.id
    const first = id.charCodeAt(0)
    if (first === 32 || first === 9 || first === 13 || first === 10) {
      // pyx12: "Segment contains a leading space" (a space after the terminator is not a line break).
      id = id.trim()
      this.report('segment-leading-whitespace', seg, undefined, { message: `segment ${id} starts with whitespace` })
    }
    if (id.length > 3) {
      // A line of junk before the segment joined its id: read the segment as its id, report the junk once.
      const stray = strayText(id)
      if (stray !== undefined && this.map.known_ids.has(stray.id)) {
        this.segmentCount--
        if (this.inTransaction) this.stPosition--
        this.pushStray(seg, stray)
        return
      }
    }
    const key = segmentKey(id)
    const found = key < 0 ? undefined : this.place(key, seg.elements[1])
    if (found === undefined) {
      this.unmatched(seg, id)
      return
    }
    const depth = found >> 12
    const index = found & 0xfff
    while (this.stack.length - 1 > depth) this.popFrame(seg)
    const loop = this.stack[depth] as LoopNode
    const counts = this.counts[loop.ordinal] as Int32Array
    const from = this.childIdx[depth] as number
    // Only required children can be missing: jump from one to the next.
    const nextRequired = loop.next_required
    // Segments sharing the target's position may still come: they are checked when the walk leaves their run.
    for (let i = loop.skipped_from[from] as number, to = loop.skip_to[index] as number; i < to; i = nextRequired[i + 1] as number) this.checkSkipped(loop, i, counts, seg)
    const child = loop.children[index] as SegmentEntry | LoopNode
    this.childIdx[depth] = index
    const used = ++counts[index]!
    const ctx = this.ctx
    ctx.segment = seg
    if (child.kind === 'loop') {
      const childCounts = this.counts[child.ordinal] as Int32Array
      childCounts[0] = 1
      for (let i = 1; i < childCounts.length; i++) childCounts[i] = 0
      this.stack.push(child)
      this.childIdx.push(0)
      ctx.entry = child.trigger
      ctx.loop = child
      this.enterLoop(child)
      if (child.repeat !== null && used > child.repeat) this.overUse(seg, child, loop, used)
    } else {
      ctx.entry = child
      ctx.loop = loop
      if (child.max_use !== null && used > child.max_use) this.overUse(seg, child, loop, used)
    }
    const entry = ctx.entry
    ctx.st_position = this.inTransaction ? this.stPosition : 0
    if (entry.usage === 'N') this.notUsed(seg, entry)
    if (!entry.is_envelope) {
      checkElements(this, seg, entry)
      if (this.plugin !== undefined && this.inTransaction) this.plugin.onSegment(ctx, this)
      return
    }
    // Headers open their envelope before their own fields are checked, trailers close it after.
    const header = key === KEY_ISA || key === KEY_GS || key === KEY_ST
    if (header) this.envelope(seg, entry.id)
    checkElements(this, seg, entry)
    if (!header) this.envelope(seg, entry.id)
    else if (this.plugin !== undefined && this.inTransaction && key !== KEY_ST) this.plugin.onSegment(ctx, this)
  }

  /** Closes every open loop and envelope; returns the result. */
  end(): ValidationResult {
    const last = this.ctx.segment
    while (this.stack.length > 1) this.popFrame(last)
    if (this.interchanges.length === 0) {
      this.report('interchange-invalid-structure', last, undefined, { message: 'no ISA interchange header found' })
    }
    if (this.dropped > 0) {
      this.findings.push({
        code: 'too-many-findings', severity: 'warning',
        message: `${this.dropped} more findings were not recorded (limit ${this.maxFindings})`,
        location: { segment_index: last.index, segment_id: last.id, line: last.line, offset: last.offset, loop_path: '' },
        ack: { level: 'interchange' },
      })
    }
    for (const ic of this.interchanges) for (const g of ic.groups) for (const t of g.transaction_sets) t.accepted = t.error_count === 0
    return {
      valid: this.errorCount === 0,
      error_count: this.errorCount,
      warning_count: this.warningCount,
      segment_count: this.segmentCount,
      findings: this.findings,
      interchanges: this.interchanges,
    }
  }

  /** 'loop 2000' or 'the header', for messages. */
  loopName(): string {
    const top = this.stack[this.stack.length - 1] as LoopNode
    return top.ack_loop_id ? `loop ${top.ack_loop_id}` : 'the header'
  }

  /** A copy of the current context for rules that need to point back at this segment later. */
  snapshot(ctx: SegmentContext): SegmentContext {
    return { segment: ctx.segment, entry: ctx.entry, loop: ctx.loop, st_position: ctx.st_position }
  }

  /**
   * {@link push} for a segment whose id holds a line of junk before it (`junk\nINS`): the segment
   * is placed as its id, then the junk is reported at it (so the finding carries the loop it went to).
   */
  private pushStray(seg: Segment, stray: { readonly id: string; readonly text: string }): void {
    this.push({ id: stray.id, elements: seg.elements, index: seg.index, offset: seg.offset, line: seg.line })
    // Before GS, ST, GE or IEA the text stands outside any transaction set: the control structure's error (TA1 022).
    const outside = stray.id === 'GS' || stray.id === 'ST' || stray.id === 'GE' || stray.id === 'IEA'
    this.report(outside ? 'interchange-invalid-structure' : 'segment-stray-text', seg, undefined, { message: `text '${stray.text}' before segment ${stray.id} is not part of any segment (a segment id is 2–3 capitals or digits); ${stray.id} is read without it`, segment_id: seg.id }, this.inTransaction || stray.id === 'SE' ? this.ctx.st_position : undefined)
  }

  /** The element spec at 1-based `position` of a segment entry. */
  elementAt(entry: SegmentEntry, position: number): ElementSpec | undefined {
    return entry.elements[position - 1]
  }

  /** Records a finding at a segment (the current one unless `at` is a snapshot). */
  reportAt(code: FindingCode, at: SegmentContext, detail: ReportDetail = {}): void {
    this.report(code, at.segment, at.entry, { loop: at.loop, ...detail }, at.st_position)
  }

  /** Records a finding. Cheap when the finding cap is reached (counts only). */
  report(code: FindingCode, seg: Segment, entry: SegmentEntry | undefined, detail: ReportDetail = {}, stPosition?: number): void {
    const loop = detail.loop ?? this.ctx.loop
    const elementRef = detail.component?.ref ?? detail.element?.ref
      ?? (detail.position !== undefined ? `${detail.segment_id ?? seg.id}${String(detail.position).padStart(2, '0')}` : undefined)
    if (this.plugin?.refineCode) {
      const key = elementRef ?? `${detail.segment_id ?? entry?.id ?? seg.id}*${[...(entry?.qualifiers ?? [])].join('/')}`
      code = this.plugin.refineCode(code, loop.ack_loop_id, key) ?? code
    }
    const info: CodeInfo = FINDING_CODES[code]
    const severity = detail.severity ?? info.severity
    const segmentId = detail.segment_id ?? entry?.id ?? seg.id
    const envelope = ENVELOPE_IDS.has(segmentId) && info.level === 'segment'
    let level: AckPointer['level'] = info.level
    if (envelope) level = segmentId === 'ISA' || segmentId === 'IEA' || segmentId === 'TA1' ? 'interchange' : segmentId === 'GS' || segmentId === 'GE' ? 'group' : 'transaction'
    if ((level === 'segment' || level === 'transaction') && !this.transaction) level = this.group ? 'group' : 'interchange'
    if (level === 'group' && !this.group) level = 'interchange'
    if (severity === 'error') {
      this.errorCount++
      if (level === 'segment' || level === 'transaction') (this.transaction as TransactionSetSummary).error_count++
      else if (level === 'group') (this.group as GroupSummary).error_count++
      else if (this.interchange && detail.outside !== true) this.interchange.error_count++
    } else {
      this.warningCount++
      if (level === 'segment' || level === 'transaction') (this.transaction as TransactionSetSummary).warning_count++
    }
    if (this.findings.length >= this.maxFindings) { this.dropped++; return }
    let ack: AckPointer
    const position = detail.element?.position ?? detail.position
    const base = {
      interchange: this.interchange && detail.outside !== true ? this.interchanges.length - 1 : undefined,
      group: this.group ? this.groupOrdinal : undefined,
      transaction: this.transaction && level !== 'interchange' && level !== 'group' ? this.transactionOrdinal : undefined,
    }
    if (level === 'segment') {
      const bad = detail.value !== undefined && detail.value !== '' ? detail.value : undefined
      ack = {
        level, ...base,
        segment_position: stPosition ?? (this.inTransaction ? this.stPosition : this.transaction?.segment_count ?? 0),
        loop_id: loop.ack_loop_id,
        ik304: info.ik304,
        element_position: position,
        component_position: detail.component?.position,
        repetition_position: detail.repetition,
        data_element: detail.component?.data_element ?? detail.element?.data_element,
        ik403: info.ik403,
        bad_value: bad,
      }
    } else if (envelope) {
      ack = {
        level, ...base,
        ta105: level === 'interchange' ? (position !== undefined && segmentId === 'ISA' ? TA105_BY_ISA[position] ?? '024'
          : segmentId === 'IEA' ? (position === 1 ? '021' : '018') : '024') : undefined,
        ak905: level === 'group' ? (segmentId === 'GS' ? (position === 1 ? '1' : position === 8 ? '2' : position === 6 ? '6' : undefined) : position === 2 ? '4' : '5') : undefined,
        ik502: level === 'transaction' ? (segmentId === 'ST' ? (position === 1 ? '1' : position === 3 ? 'I6' : '7') : position === 1 ? '4' : '3') : undefined,
      }
    } else {
      ack = { level, ...base, ta105: info.ta105, ak905: info.ak905, ik502: info.ik502 }
    }
    const ic = detail.outside === true ? undefined : this.interchange
    this.findings.push({
      code, severity,
      message: printable(detail.message ?? info.description),
      location: {
        isa13: ic?.isa13,
        gs06: this.group?.gs06,
        st02: base.transaction !== undefined ? this.transaction?.st02 : undefined,
        segment_index: seg.index, segment_id: printable(segmentId), line: seg.line, offset: seg.offset,
        loop_path: envelope || level === 'interchange' || level === 'group' ? '' : (loop.path || entry?.wrapper || ''),
        element: elementRef,
        component: detail.component?.position,
        repetition: detail.repetition,
      },
      ack,
    })
  }

  // ---- structure -------------------------------------------------------------------------

  /** A loop repeated, or a segment used, more often than the map allows (kept out of `push` so it stays small). */
  private overUse(seg: Segment, child: SegmentEntry | LoopNode, loop: LoopNode, used: number): void {
    if (child.kind === 'loop') {
      this.report('loop-exceeds-max', seg, child.trigger, { message: `loop ${child.id} occurs ${used} times, more than ${String(child.repeat)}` })
    } else {
      this.report('segment-exceeds-max-use', seg, child, { message: `${child.id} occurs ${used} times in loop ${loop.id}, more than ${String(child.max_use)}` })
    }
  }

  private notUsed(seg: Segment, entry: SegmentEntry): void {
    this.report('segment-not-used', seg, entry, { message: `${entry.id} is marked "not used" in loop ${this.ctx.loop.id}` })
  }

  /** Where a segment fits: (stack depth << 12) | child index, or undefined — `search`, remembered per state. */
  private place(key: number, qualifier: string | undefined): number | undefined {
    const bases = this.stateBase
    if (bases === undefined) return this.search(key, qualifier, true) ?? this.search(key, qualifier, false)
    const top = this.stack.length - 1
    // + 1: 0 marks a free slot.
    const state = (bases[(this.stack[top] as LoopNode).ordinal] as number) + (this.childIdx[top] as number) + 1
    const memo = this.memo
    let slot = Math.imul(key ^ Math.imul(state, 0x85ebca6b), 0x9e3779b1) >>> 22
    for (; ; slot = (slot + 1) & PLACE_MEMO_MASK) {
      const at = slot << 2
      const s = memo[at] as number
      if (s === 0) break
      if (s === state && memo[at + 1] === key && (memo[at + 3] === 0 || this.memoQualifier[slot] === qualifier)) {
        const found = memo[at + 2] as number
        return found === PLACE_NONE ? undefined : found
      }
    }
    this.searchUsedQualifier = false
    const found = this.search(key, qualifier, true) ?? this.search(key, qualifier, false)
    const dependent = this.searchUsedQualifier
    // Remember at the free slot the probe ended on; qualifier-dependent results only for short qualifiers (codes), so junk cannot fill the table.
    if (this.memoCount < PLACE_MEMO_LIMIT && (!dependent || qualifier === undefined || qualifier.length <= 3)) {
      const at = slot << 2
      memo[at] = state
      memo[at + 1] = key
      memo[at + 2] = found ?? PLACE_NONE
      memo[at + 3] = dependent ? 1 : 0
      this.memoQualifier[slot] = dependent ? qualifier : undefined
      this.memoCount++
    }
    return found
  }

  /** Finds where a segment fits: (stack depth << 12) | child index, or undefined. */
  private search(key: number, qualifier: string | undefined, strict: boolean): number | undefined {
    const top = this.stack.length - 1
    for (let d = top; d >= 0; d--) {
      const loop = this.stack[d] as LoopNode
      const candidates = loop.key_table.get(key)
      if (candidates === undefined) continue
      // Children at the current one's position come in any order among themselves; a segment matched
      // loosely (its qualifier fits no child) is placed from the current child on, as it always was.
      const at = this.childIdx[d] as number
      let start = strict ? loop.group_start[at] as number : at
      // Inside a loop its trigger only starts a new repetition, which the parent handles.
      if (d === top && d > 0 && start < 1) start = 1
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k] as number
        if (c < start) continue
        if (!strict) return (d << 12) | c
        const entry = loop.entries[c] as SegmentEntry
        if (entry.qualifier_table === undefined) return (d << 12) | c
        this.searchUsedQualifier = true
        if (qualifier !== undefined && entry.qualifier_table.has(qualifier)) return (d << 12) | c
      }
    }
    return undefined
  }

  /**
   * For a segment out of place: a loop under the innermost open one that holds it after its first
   * segment (REF after an LX whose N1*75 is missing belongs in loop 2750), as a hint that the loop's
   * first segment is what is missing; '' when there is none.
   */
  private loopHint(id: string, sent: string | undefined): string {
    const inner = this.stack[this.stack.length - 1] as LoopNode
    for (const child of inner.children) {
      if (child.kind !== 'loop') continue
      const trigger = triggerOf(child)
      if (trigger.id === id) continue
      // Only where the segment, qualifier included, would fit (REF*0F does not fit 2300's REFs).
      const fits = (child.by_id.get(id) ?? []).some((i) => {
        const c = child.children[i]
        return c !== undefined && c.kind === 'segment' && (c.qualifiers === undefined || (sent !== undefined && c.qualifiers.has(sent)))
      })
      if (!fits) continue
      const qualifier = trigger.qualifiers !== undefined && trigger.qualifiers.size === 1 ? `*${[...trigger.qualifiers][0] as string}` : ''
      return ` (${id} belongs in loop ${child.id}, which starts with ${trigger.id}${qualifier}: is that ${trigger.id} missing?)`
    }
    return ''
  }

  private unmatched(seg: Segment, id: string): void {
    const ctx = this.ctx
    ctx.segment = seg
    if (!this.inTransaction) {
      this.report('interchange-invalid-structure', seg, undefined, { message: `segment ${id} is outside the ISA/GS/ST structure here${upperCaseHint(this.map, id)}` })
      return
    }
    if (!this.map.known_ids.has(id)) {
      this.report('segment-unrecognized', seg, undefined, { message: id === '' ? 'empty segment: a segment terminator (or an element separator) where a segment id should start' : `segment ${id} is not defined in ${this.map.title}${upperCaseHint(this.map, id)}`, segment_id: id }, this.stPosition)
      return
    }
    // Out of order: an open loop (innermost first) has this segment, but before where we are.
    for (let d = this.stack.length - 1; d > 0; d--) {
      const loop = this.stack[d] as LoopNode
      const earlier = loop.by_id.get(id)
      if (earlier !== undefined && (earlier[0] as number) < (this.childIdx[d] as number)) {
        this.report('segment-out-of-order', seg, undefined, { message: `${id} comes too late in ${loop.ack_loop_id ? `loop ${loop.id}` : 'the transaction set'}: the map puts it before the segments already seen${this.loopHint(id, seg.elements[1])}`, segment_id: id }, this.stPosition)
        return
      }
    }
    const loop = this.stack[this.stack.length - 1] as LoopNode
    this.report('segment-unexpected', seg, undefined, { message: `${id} is not allowed in loop ${loop.id} at this point${this.loopHint(id, seg.elements[1])}`, segment_id: id }, this.stPosition)
  }

  private checkSkipped(loop: LoopNode, index: number, counts: Int32Array, seg: Segment): void {
    if ((counts[index] as number) > 0) return
    const child = loop.children[index] as SegmentEntry | LoopNode
    if (child.usage !== 'R') return
    const entry = child.kind === 'loop' ? triggerOf(child) : child
    if (TRAILERS.has(entry.id)) return // se-missing / ge-missing / iea-missing say it better
    if (entry.id === 'GS' && this.ta1Seen) return // a TA1-only interchange (IEA01=0) has no groups
    const what = child.kind === 'loop' ? (child.ack_loop_id === undefined ? entry.id : `loop ${child.id} (${entry.id})`) : `${entry.id}${entry.qualifiers ? `*${[...entry.qualifiers].join('/')}` : ''}`
    this.report('segment-required-missing', seg, entry, {
      message: `required ${what} missing in ${ENVELOPE_NAMES[loop.id] ?? `loop ${loop.id}`}`,
      segment_id: entry.id,
      loop: child.kind === 'loop' ? child : loop,
    }, this.inTransaction ? this.stPosition : undefined)
  }

  private popFrame(seg: Segment): void {
    const depth = this.stack.length - 1
    const loop = this.stack[depth] as LoopNode
    const counts = this.counts[loop.ordinal] as Int32Array
    const nextRequired = loop.next_required
    const n = loop.children.length
    for (let i = loop.skipped_from[this.childIdx[depth] as number] as number; i < n; i = nextRequired[i + 1] as number) this.checkSkipped(loop, i, counts, seg)
    this.exitLoop(loop, seg)
    this.stack.pop()
    this.childIdx.pop()
  }

  private enterLoop(loop: LoopNode): void {
    if (loop.id === 'ISA_LOOP') {
      this.interchange = undefined
      this.ieaSeen = false
      this.ta1Seen = false
      this.groupCount = 0
      this.gs06Seen = new Set()
    } else if (loop.id === 'GS_LOOP') {
      this.geSeen = false
      this.setCount = 0
      this.st02Seen = new Set()
    } else if (loop.id === 'ST_LOOP') {
      this.inTransaction = true
      this.stPosition = 1
    }
  }

  /** Set when the input ended inside a segment (no terminator after it): the trailers' messages say so. */
  endedInsideSegment = false

  private endNote(): string {
    return this.endedInsideSegment ? ' (the input ends inside its last segment, which has no terminator: see that finding)' : ''
  }

  private exitLoop(loop: LoopNode, seg: Segment): void {
    if (loop.id === 'ST_LOOP') {
      if (this.inTransaction) {
        this.report('se-missing', seg, undefined, { message: `transaction set ${this.transaction?.st02 ?? ''} ends without SE${this.endNote()}` })
        this.closeTransaction()
      }
      this.transaction = undefined
    } else if (loop.id === 'GS_LOOP') {
      if (!this.geSeen) this.report('ge-missing', seg, undefined, { message: `functional group ${this.group?.gs06 ?? ''} ends without GE${this.endNote()}` })
      this.group = undefined
    } else if (loop.id === 'ISA_LOOP') {
      if (!this.ieaSeen) this.report('iea-missing', seg, undefined, { message: `interchange ${this.interchange?.isa13 ?? ''} ends without IEA${this.endNote()}` })
      this.interchange = undefined
    }
  }

  private closeTransaction(): void {
    const summary = this.transaction
    if (summary && this.plugin) this.plugin.endTransaction(this, summary)
    this.inTransaction = false
  }

  // ---- envelope --------------------------------------------------------------------------

  private envelope(seg: Segment, id: string): void {
    const el = seg.elements
    switch (id) {
      case 'ISA': {
        let width = 3
        for (let i = 1; i < el.length; i++) width += 1 + (el[i] as string).length
        const isa13 = el[13] ?? ''
        const ic: InterchangeSummary = {
          isa05: el[5] ?? '', isa06: el[6] ?? '', isa07: el[7] ?? '', isa08: el[8] ?? '',
          isa09: el[9] ?? '', isa10: el[10] ?? '', isa11: el[11] ?? '', isa12: el[12] ?? '',
          isa13, isa14: el[14] ?? '', isa15: el[15] ?? '', component_separator: el[16] ?? '',
          segment_index: seg.index, groups: [], error_count: 0, declared_group_count: undefined,
        }
        this.interchanges.push(ic)
        this.interchange = ic
        this.componentSep = (el[16] ?? ':').charAt(0) || ':'
        this.repetitionSep = repetitionSeparator(el[11] ?? '')
        if (this.repetitionSep === '' && el[12] === '00501' && (el[11] ?? '') !== '') {
          this.report('isa11-not-a-separator', seg, undefined, { position: 11, severity: 'warning', message: `ISA11 '${el[11] ?? ''}' is not a repetition separator: 00501 declares one there (commonly ^), where 00401 sent the standards identifier U; no element of this interchange can repeat (DMG05 holds one race or ethnicity code)` })
        }
        if (width !== 105 || el.length !== 17) {
          // ISA is fixed width: 106 bytes with the terminator (X12.5 interchange control structure).
          this.report('isa-not-fixed-width', seg, undefined, { message: `ISA is ${width + 1} characters with its terminator, not the fixed 106` })
        }
        if (this.isa13Seen.has(isa13)) this.report('isa13-duplicate', seg, undefined, { message: `interchange control number ${isa13} repeated` })
        this.isa13Seen.add(isa13)
        break
      }
      case 'IEA': {
        this.ieaSeen = true
        const ic = this.interchange
        if (!ic) break
        const count = Number(el[1])
        ic.declared_group_count = Number.isFinite(count) ? count : undefined
        if (el[1] !== undefined && count !== this.groupCount) {
          this.report('iea01-group-count', seg, undefined, { message: `IEA01 says ${el[1]} functional groups, the interchange has ${this.groupCount}` })
        }
        if ((el[2] ?? '') !== ic.isa13) {
          this.report('isa13-iea02-mismatch', seg, undefined, { message: `IEA02 ${el[2] ?? ''} does not match ISA13 ${ic.isa13}` })
        }
        break
      }
      case 'GS': {
        this.groupCount++
        this.groupOrdinal++
        const gs06 = el[6] ?? ''
        const group: GroupSummary = {
          gs01: el[1] ?? '', gs02: el[2] ?? '', gs03: el[3] ?? '', gs04: el[4] ?? '', gs05: el[5] ?? '',
          gs06, gs08: el[8] ?? '', segment_index: seg.index, transaction_sets: [], error_count: 0,
          declared_transaction_count: undefined,
        }
        this.interchange?.groups.push(group)
        this.group = group
        if (this.gs06Seen.has(gs06)) this.report('gs06-duplicate', seg, undefined, { message: `group control number ${gs06} repeated in interchange` })
        this.gs06Seen.add(gs06)
        break
      }
      case 'GE': {
        this.geSeen = true
        const group = this.group
        if (!group) break
        const count = Number(el[1])
        group.declared_transaction_count = Number.isFinite(count) ? count : undefined
        if (el[1] !== undefined && count !== this.setCount) {
          this.report('ge01-transaction-count', seg, undefined, { message: `GE01 says ${el[1]} transaction sets, the group has ${this.setCount}` })
        }
        if ((el[2] ?? '') !== group.gs06) {
          this.report('gs06-ge02-mismatch', seg, undefined, { message: `GE02 ${el[2] ?? ''} does not match GS06 ${group.gs06}` })
        }
        break
      }
      case 'ST': {
        this.setCount++
        this.transactionOrdinal++
        const st02 = el[2] ?? ''
        const summary: TransactionSetSummary = {
          st01: el[1] ?? '', st02, st03: el[3] ?? '', segment_index: seg.index, segment_count: 0,
          error_count: 0, warning_count: 0, accepted: true,
        }
        this.group?.transaction_sets.push(summary)
        this.transaction = summary
        if (this.st02Seen.has(st02)) this.report('st02-duplicate', seg, undefined, { message: `transaction set control number ${st02} repeated in group` })
        this.st02Seen.add(st02)
        this.plugin?.startTransaction(this)
        break
      }
      case 'SE': {
        const summary = this.transaction
        if (!summary) break
        summary.segment_count = this.stPosition
        if (el[1] !== undefined && Number(el[1]) !== this.stPosition) {
          this.report('se01-segment-count', seg, undefined, { message: `SE01 says ${el[1]} segments, the transaction set has ${this.stPosition} (ST..SE)` })
        }
        if ((el[2] ?? '') !== summary.st02) {
          this.report('st02-se02-mismatch', seg, undefined, { message: `SE02 ${el[2] ?? ''} does not match ST02 ${summary.st02}` })
        }
        this.closeTransaction()
        break
      }
      case 'TA1':
        this.ta1Seen = true
        break
      default:
        break
    }
  }

}

/**
 * Per loop ordinal, the first placement state of the loop (states are numbered loop by loop, one
 * per child position); undefined when a loop node occurs twice in the map (not a tree), where the
 * innermost loop would not tell the whole stack.
 */
function stateBases(map: CompiledMap): Int32Array | undefined {
  const bases = new Int32Array(map.loop_count).fill(-1)
  let next = 0
  let tree = true
  const visit = (loop: LoopNode): void => {
    if ((bases[loop.ordinal] as number) >= 0) { tree = false; return }
    bases[loop.ordinal] = next
    next += loop.children.length
    for (const c of loop.children) if (c.kind === 'loop') visit(c)
  }
  visit(map.root)
  // States are packed with the segment key into one hash; keep them well inside 2^20.
  return tree && next < 1 << 20 ? bases : undefined
}

/**
 * A push-style validator for any compiled map (834, 999): feed segments, then call `end()`.
 *
 * @example
 * const v = createMapValidator(map999())
 * for (const seg of segments) v.push(seg)
 * const { valid, findings } = v.end()
 */
export function createMapValidator(map: CompiledMap, options: EngineOptions = {}): ValidatorEngine {
  return new ValidatorEngine(map, options)
}

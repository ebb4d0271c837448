import type { Finding } from '../validate/findings.js'
import type { LoopNode, SegmentEntry } from '../validate/map.js'
import { map834, map999 } from '../validate/map.js'
import type { GroupSummary, InterchangeSummary, TransactionSetSummary, ValidationResult } from '../validate/result.js'

/*
 * Builds 999 (005010X231A1) and TA1 acknowledgements from a validation result. One outbound
 * interchange per inbound interchange, sender and receiver swapped; in a 999 one ST per inbound
 * functional group (AK1 acknowledges exactly one group), one AK2 per transaction set.
 */

/** Options for {@link build999} and {@link buildTA1}. */
export interface AckOptions {
  /** ISA13 of the first acknowledgement interchange (then +1 per inbound interchange). Default: the first inbound ISA13. */
  interchange_control_number?: number
  /** GS06 of the first acknowledgement group (then +1). Default 1. */
  group_control_number?: number
  /** When the acknowledgement is created. Default: now (UTC). */
  now?: Date
  /** Element, component, repetition and segment separators. Default `*`, `:`, `^`, `~`. */
  delimiters?: { element?: string, component?: string, repetition?: string, segment?: string }
  /** Line break written after each segment terminator. Default '\n'. */
  line_break?: string
  /** Report warnings too (IK5/AK9 'E' when a set has only warnings). Default false: warnings are ours, not the sender's syntax errors. */
  include_warnings?: boolean
  /** Put a TA1 (interchange acknowledgement) after the ISA of the 999 interchange. Default: when the sender asked (ISA14=1). */
  include_ta1?: boolean
  /** Acknowledge only these inbound interchanges (0-based ordinals in `result.interchanges`). Default: all. */
  interchanges?: readonly number[]
}

interface Writer {
  lines: string[]
  seg(...elements: (string | undefined)[]): void
}

function writer(options: AckOptions): Writer & { e: string, c: string, r: string } {
  const d = options.delimiters ?? {}
  const e = d.element ?? '*'
  const c = d.component ?? ':'
  const r = d.repetition ?? '^'
  const terminator = (d.segment ?? '~') + (options.line_break ?? '\n')
  const lines: string[] = []
  return {
    e, c, r, lines,
    seg(...elements) {
      let end = elements.length
      while (end > 1 && (elements[end - 1] === undefined || elements[end - 1] === '')) end--
      lines.push(elements.slice(0, end).map((x) => x ?? '').join(e) + terminator)
    },
  }
}

const pad = (value: string, width: number): string => value.slice(0, width).padEnd(width, ' ')
const digits = (n: number, width: number): string => String(n).padStart(width, '0')

function stamp(now: Date): { ccyymmdd: string, yymmdd: string, hhmm: string } {
  const iso = now.toISOString()
  const ccyymmdd = iso.slice(0, 10).replace(/-/g, '')
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: iso.slice(11, 16).replace(':', '') }
}

/** Removes characters that would break the acknowledgement's own syntax (delimiters, control chars). */
function clean(value: string | undefined, max: number, banned: string): string | undefined {
  if (value === undefined) return undefined
  let out = ''
  for (const ch of value) {
    const code = ch.charCodeAt(0)
    // A 999 is X12 too: printable ASCII only (an inbound latin1 'É' cannot be echoed in IK404).
    if (code < 32 || code > 126 || banned.includes(ch)) continue
    out += ch
  }
  out = out.trim()
  return out === '' ? undefined : out.slice(0, max)
}

function isaHeader(w: Writer & { r: string, c: string }, ic: InterchangeSummary, control: number, now: Date, ackRequested: boolean): void {
  const { yymmdd, hhmm } = stamp(now)
  // The acknowledgement goes back: the inbound receiver (ISA07/08) sends, the inbound sender receives.
  w.seg('ISA', '00', pad('', 10), '00', pad('', 10), pad(qualifier(ic.isa07), 2), pad(ic.isa08.trim(), 15),
    pad(qualifier(ic.isa05), 2), pad(ic.isa06.trim(), 15), yymmdd, hhmm, w.r, '00501', digits(control, 9),
    // Only a sender that said P (production) gets a production answer: an invalid ISA15 is taken as a test.
    ackRequested ? '1' : '0', ic.isa15 === 'P' ? 'P' : 'T', w.c)
}

/**
 * An inbound ISA05/ISA07 qualifier to send back: itself when the ISA05 code list has it, else ZZ
 * (mutually defined), so a TA1 answering an invalid qualifier does not repeat it.
 */
function qualifier(value: string): string {
  const codes = findEntry(map834().root, 'ISA')?.elements[4]?.codes
  return value !== '' && (codes === undefined || codes.has(value)) ? value : 'ZZ'
}

/** ISA13 of the first outbound interchange; later ones count up so control numbers never repeat in one file. */
function firstControl(result: ValidationResult, options: AckOptions): number {
  if (options.interchange_control_number !== undefined) return options.interchange_control_number
  const inbound = Number(result.interchanges[0]?.isa13)
  return Number.isInteger(inbound) && inbound >= 0 && inbound < 999_999_000 ? inbound : 1
}

/** ISA13 of the `i`-th outbound interchange: counting up from the first, 999999999 wraps to 1 (ISA13 is 9 digits). */
function controlAt(result: ValidationResult, options: AckOptions, i: number): number {
  return ((firstControl(result, options) - 1 + i) % 999_999_999) + 1
}

function findEntry(loop: LoopNode, id: string): SegmentEntry | undefined {
  for (const child of loop.children) {
    if (child.kind === 'segment') { if (child.id === id) return child } else {
      const found = findEntry(child, id)
      if (found) return found
    }
  }
  return undefined
}

/** What the 999 map lets AK1/AK2 echo: a group or set outside these cannot be acknowledged in a 999. */
function echoRules(): { functionalIds: ReadonlySet<string> | undefined, setIds: ReadonlySet<string> | undefined } {
  const map = map999()
  return { functionalIds: findEntry(map.root, 'AK1')?.elements[0]?.codes, setIds: findEntry(map.root, 'AK2')?.elements[0]?.codes }
}

function isDigits(value: string, min: number, max: number): boolean {
  if (value.length < min || value.length > max) return false
  for (let i = 0; i < value.length; i++) { const c = value.charCodeAt(i); if (c < 48 || c > 57) return false }
  return true
}

/** A group a 999 can acknowledge: AK101 from the 999 code list, AK102 numeric (GS06 N0 1-9). */
function isAcknowledgeable(g: GroupSummary): boolean {
  const { functionalIds } = echoRules()
  return (functionalIds === undefined || functionalIds.has(g.gs01)) && isDigits(g.gs06, 1, 9)
}

function isEchoable(t: TransactionSetSummary): boolean {
  const { setIds } = echoRules()
  return (setIds === undefined || setIds.has(t.st01)) && t.st02.length >= 4 && t.st02.length <= 9 && clean(t.st02, 9, '*:^~') === t.st02
}

const TA105_PRIORITY = ['022', '023', '024', '001', '021', '025']

/**
 * TA104/TA105 for an inbound interchange: the most telling envelope problem, or A/000.
 *
 * @example
 * interchangeVerdict(await validate834(file), 0) // { ta104: 'R', ta105: '001' } when IEA02 ≠ ISA13
 */
export function interchangeVerdict(result: ValidationResult, index: number): { ta104: 'A' | 'E' | 'R', ta105: string } {
  const notes = result.findings.filter((f) => f.severity === 'error' && f.ack.level === 'interchange' && f.ack.interchange === index && f.ack.ta105)
  if (notes.length === 0) {
    // A GS a 999 cannot echo (unknown GS01, non-numeric GS06) is invalid interchange content.
    const ic = result.interchanges[index]
    if (ic && ic.groups.some((g) => !isAcknowledgeable(g))) return { ta104: 'R', ta105: '024' }
    // A GS error no AK905 code names (GS04 20261301, GS05 2561): the 999 can only say AK9*E, so a
    // TA1 E 024 ("invalid GS segment") tells the sender what the errors are about.
    const gsError = result.findings.some((f) => f.severity === 'error' && f.ack.level === 'group' && f.ack.interchange === index && f.ack.ak905 === undefined && f.location.segment_id === 'GS')
    return gsError ? { ta104: 'E', ta105: '024' } : { ta104: 'A', ta105: '000' }
  }
  notes.sort((a, b) => rank(a) - rank(b))
  return { ta104: 'R', ta105: notes[0]?.ack.ta105 ?? '022' }
}
function rank(f: Finding): number {
  const i = TA105_PRIORITY.indexOf(f.ack.ta105 ?? '')
  return i < 0 ? TA105_PRIORITY.length : i
}

/** YYMMDD that is a calendar date (YY 00 is 2000, a leap year). */
function isYymmdd(value: string): boolean {
  if (!isDigits(value, 6, 6)) return false
  const year = 2000 + Number(value.slice(0, 2))
  const month = Number(value.slice(2, 4))
  const day = Number(value.slice(4, 6))
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** HHMM that is a time of day. */
function isHhmm(value: string): boolean {
  return isDigits(value, 4, 4) && Number(value.slice(0, 2)) < 24 && Number(value.slice(2, 4)) < 60
}

function ta1Segment(w: Writer, result: ValidationResult, index: number, ic: InterchangeSummary, now: Date): void {
  const { ta104, ta105 } = interchangeVerdict(result, index)
  // TA102/TA103 (DT/TM) identify the interchange by its ISA09/ISA10; an invalid one is not echoed
  // (the TA1 itself would break the DT/TM rules): the acknowledgement's own date or time stands in.
  const { yymmdd, hhmm } = stamp(now)
  // TA101 is 9 digits: an ISA13 that is not (TA105 018) cannot be echoed, zeros stand in.
  w.seg('TA1', isDigits(ic.isa13, 9, 9) ? ic.isa13 : '000000000', isYymmdd(ic.isa09) ? ic.isa09 : yymmdd, isHhmm(ic.isa10) ? ic.isa10 : hhmm, ta104, ta105)
}

/**
 * TA1 interchange acknowledgements (X12.5): one interchange per inbound interchange holding only
 * a TA1 (IEA01=0). TA101/TA102/TA103 echo the inbound ISA13/ISA09/ISA10 (an invalid date or
 * time is replaced by the acknowledgement's own); TA104 is A or R and
 * TA105 the note code of the first envelope problem (001 control numbers differ, 021 group count,
 * 022 control structure, 023 premature end, 024 invalid content, 025 duplicate, 005–020 ISA fields).
 *
 * @example
 * const result = await validate834(readFileSync('in.834'))
 * writeFileSync('in.ta1', buildTA1(result, { interchange_control_number: 42 }))
 */
export function buildTA1(result: ValidationResult, options: AckOptions = {}): string {
  const w = writer(options)
  const now = options.now ?? new Date()
  result.interchanges.forEach((ic, i) => {
    if (options.interchanges && !options.interchanges.includes(i)) return
    const control = controlAt(result, options, i)
    isaHeader(w, ic, control, now, false)
    ta1Segment(w, result, i, ic, now)
    w.seg('IEA', '0', digits(control, 9))
  })
  return w.lines.join('')
}

/** Errors (and optionally warnings) of one transaction set, in input order. */
function setFindings(result: ValidationResult, transaction: number, warnings: boolean): Finding[] {
  return result.findings.filter((f) => f.ack.transaction === transaction && (f.severity === 'error' || warnings))
}

function transactionStatus(t: TransactionSetSummary, warnings: boolean): 'A' | 'E' | 'R' {
  if (t.error_count > 0) return 'R'
  return warnings && t.warning_count > 0 ? 'E' : 'A'
}

function writeSet(w: Writer & { c: string, e: string, r: string }, t: TransactionSetSummary, found: Finding[], warnings: boolean): void {
  const banned = w.e + w.c + w.r + '~'
  const st03 = clean(t.st03, 35, banned)
  w.seg('AK2', t.st01, t.st02, st03)
  // One IK3 per segment and IK304; element findings on that segment follow as IK4s.
  const groups = new Map<string, Finding[]>()
  for (const f of found) {
    if (f.ack.level !== 'segment' || !f.ack.ik304) continue
    const key = `${f.location.segment_index}|${f.location.segment_id}|${f.ack.ik304}`
    const list = groups.get(key)
    if (list) list.push(f); else groups.set(key, [f])
  }
  const ordered = [...groups.values()].sort((a, b) => ((a[0] as Finding).ack.segment_position ?? 0) - ((b[0] as Finding).ack.segment_position ?? 0))
  for (const list of ordered) {
    const first = list[0] as Finding
    // IK303 (data element 447) is AN 1-4: 2100A goes out as 2100.
    const loopId = first.ack.loop_id?.slice(0, 4)
    // IK301 is an ID of 2-3 characters; a garbled id (e.g. one letter) cannot be echoed, IK5 still rejects.
    const segmentId = clean(first.location.segment_id, 3, banned)
    if (segmentId === undefined || segmentId.length < 2) continue
    w.seg('IK3', segmentId, String(first.ack.segment_position ?? 0), loopId, first.ack.ik304)
    for (const f of list) {
      if (!f.ack.ik403 || f.ack.element_position === undefined) continue
      // IK401 (C030): element position, then component position, then repetition position (DMG05's second race code: 5:1:2).
      let position = String(f.ack.element_position)
      if (f.ack.component_position !== undefined || f.ack.repetition_position !== undefined) position += `${w.c}${f.ack.component_position ?? ''}`
      if (f.ack.repetition_position !== undefined) position += `${w.c}${f.ack.repetition_position}`
      const bad = f.ack.ik403 === '1' || f.ack.ik403 === '2' ? undefined : clean(f.ack.bad_value, 99, banned)
      w.seg('IK4', position, /^\d{1,4}$/.test(f.ack.data_element ?? '') ? f.ack.data_element : undefined, f.ack.ik403, bad)
    }
  }
  const ik5: string[] = []
  for (const f of found) if (f.ack.level === 'transaction' && f.ack.ik502 && !ik5.includes(f.ack.ik502)) ik5.push(f.ack.ik502)
  const status = transactionStatus(t, warnings)
  if (status !== 'A' && groups.size > 0 && !ik5.includes('5')) ik5.push('5')
  w.seg('IK5', status, ...ik5.slice(0, 5))
}

function groupVerdict(g: GroupSummary, result: ValidationResult, groupOrdinal: number, warnings: boolean): { ak901: string, accepted: number, codes: string[] } {
  let accepted = 0
  let noted = false
  for (const t of g.transaction_sets) {
    const s = transactionStatus(t, warnings)
    if (s !== 'R') accepted++
    if (s === 'E') noted = true
  }
  const codes: string[] = []
  for (const f of result.findings) {
    if (f.ack.level === 'group' && f.ack.group === groupOrdinal && f.severity === 'error' && f.ack.ak905 && !codes.includes(f.ack.ak905)) codes.push(f.ack.ak905)
  }
  const received = g.transaction_sets.length
  let ak901: string
  // Group envelope errors with an AK905 code reject the group; others (e.g. a short GS02) are noted.
  if (codes.length > 0 || accepted === 0) ak901 = 'R'
  else if (accepted < received) ak901 = 'P'
  else ak901 = noted || g.error_count > 0 ? 'E' : 'A'
  return { ak901, accepted, codes }
}

/**
 * 999 implementation acknowledgements (005010X231A1) for a validated inbound file: per inbound
 * interchange an ISA/GS(FA) with one 999 per functional group — AK1 echoing GS01/GS06/GS08, per
 * transaction set AK2 (ST01/ST02/ST03), IK3/IK4 for each error, IK5 (A/E/R), and AK9 (A/E/P/R
 * with included/received/accepted counts consistent with the IK5s). Interchanges without any
 * functional group get no 999 (answer those with {@link buildTA1}); nor should an interchange
 * that {@link interchangeVerdict} rejects (TA104 R), whose groups are not processed: select the
 * others with `interchanges`, as `x12 ack` does.
 *
 * @example
 * const result = await validate834(createReadStream('in.834'))
 * writeFileSync('in.999', build999(result, { interchange_control_number: 1001, group_control_number: 1 }))
 */
export function build999(result: ValidationResult, options: AckOptions = {}): string {
  const w = writer(options)
  const now = options.now ?? new Date()
  const { ccyymmdd, hhmm } = stamp(now)
  const warnings = options.include_warnings ?? false
  let groupControl = options.group_control_number ?? 1
  let groupOrdinal = 0
  let transactionOrdinal = 0
  result.interchanges.forEach((ic, i) => {
    const firstGroupOrdinal = groupOrdinal
    groupOrdinal += ic.groups.length
    const groups = ic.groups.filter(isAcknowledgeable)
    if (groups.length === 0 || (options.interchanges && !options.interchanges.includes(i))) {
      transactionOrdinal += ic.groups.reduce((n, g) => n + g.transaction_sets.length, 0)
      return
    }
    const control = controlAt(result, options, i)
    // The TA1 goes with the 999 when the sender asked for one (ISA14=1), or when it notes GS errors.
    const withTa1 = options.include_ta1 ?? (ic.isa14 === '1' || interchangeVerdict(result, i).ta104 === 'E')
    isaHeader(w, ic, control, now, false)
    if (withTa1) ta1Segment(w, result, i, ic, now)
    const first = groups[0] as GroupSummary
    const gs06 = groupControl++
    const banned = w.e + w.c + w.r + '~'
    const id = (value: string, fallback: string): string => { const v = clean(value, 15, banned); return v !== undefined && v.length >= 2 ? v : fallback }
    w.seg('GS', 'FA', id(first.gs03, 'UNKNOWN'), id(first.gs02, 'UNKNOWN'), ccyymmdd, hhmm, String(gs06), 'X', '005010X231A1')
    let k = 0
    ic.groups.forEach((g, groupIndex) => {
      const sets = g.transaction_sets
      if (!isAcknowledgeable(g)) { transactionOrdinal += sets.length; return }
      const start = w.lines.length
      const st02 = digits(++k, 4)
      w.seg('ST', '999', st02, '005010X231A1')
      w.seg('AK1', g.gs01, g.gs06, clean(g.gs08, 12, banned))
      for (const t of sets) {
        const found = setFindings(result, transactionOrdinal++, warnings)
        // A set whose ST01/ST02 cannot be echoed still counts as received and rejected in AK9.
        if (isEchoable(t)) writeSet(w, t, found, warnings)
      }
      const verdict = groupVerdict(g, result, firstGroupOrdinal + groupIndex, warnings)
      const declared = g.declared_transaction_count
      const included = declared !== undefined && Number.isInteger(declared) && declared >= 0 && declared <= 999_999 ? declared : sets.length
      w.seg('AK9', verdict.ak901, String(included), String(sets.length), String(verdict.accepted), ...verdict.codes.slice(0, 5))
      w.seg('SE', String(w.lines.length - start + 1), st02)
    })
    w.seg('GE', String(k), String(gs06))
    w.seg('IEA', '1', digits(control, 9))
  })
  return w.lines.join('')
}

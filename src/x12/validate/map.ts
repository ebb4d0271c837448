import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'

/*
 * Implementation-guide maps (834 005010X220A1, 999 005010X231A1) compiled from the JSON that
 * `maps/` carries (derived from pyx12's map data, BSD licence; see /work/shared/x12/README.md)
 * into lookup tables the validator walks without allocating: per loop a child list and an
 * id → child-index table, per element its usage, type, lengths and a code Set.
 */

/** X12 usage: R required, S situational, N not used. */
export type Usage = 'R' | 'S' | 'N'

/** An element or component ready for checking. `position` is 1-based within its segment/composite. */
export interface ElementSpec {
  readonly ref: string
  readonly position: number
  readonly data_element: string
  readonly name: string
  readonly usage: Usage
  readonly type: string
  readonly min_len: number
  readonly max_len: number
  readonly codes: ReadonlySet<string> | undefined
  /** Name of the external code set when `codes` came from one (states, country). */
  readonly external: string | undefined
  /** Set for composites; their own type/length fields are unused. */
  readonly components: readonly ElementSpec[] | undefined
  /**
   * How many times the element may occur, its occurrences split by the repetition separator
   * (ISA11): 1 for the usual element, 10 for DMG05 (race or ethnicity).
   */
  readonly repeat: number
  /** Data element 1250 (date format qualifier), whose value says how the next element is written. */
  readonly is_date_format: boolean
  /** `usage === 'R'`, precomputed for the hot path. */
  readonly required: boolean
  /** `usage === 'N'`, precomputed for the hot path. */
  readonly not_used: boolean
  /** `type` as a small integer ({@link ELEMENT_KIND}), so checks switch on a number rather than compare strings. */
  readonly kind: number
  /** `codes` as a {@link CodeTable} for the hot path (no string hashing). */
  readonly code_table: CodeTable | undefined
  /** Unique small integer per compiled element, so validators can keep per-element state in arrays. */
  readonly slot: number
  /**
   * An ID element whose every code fits its length limits: a value found in `code_table` passes
   * every check, so the hot path can stop there.
   */
  readonly listed_is_valid: boolean
}

/**
 * Element data types as {@link ElementSpec.kind} numbers (N0–N9 are all `N`).
 *
 * @example
 * if (spec.kind === ELEMENT_KIND.DT && !isValidDt(value)) report('element-invalid-date')
 */
export const ELEMENT_KIND = { AN: 0, ID: 1, N: 2, R: 3, DT: 4, TM: 5, OTHER: 6 } as const

function kindOf(type: string): number {
  if (type === 'AN') return ELEMENT_KIND.AN
  if (type === 'ID') return ELEMENT_KIND.ID
  if (type === 'R') return ELEMENT_KIND.R
  if (type === 'DT') return ELEMENT_KIND.DT
  if (type === 'TM') return ELEMENT_KIND.TM
  if (type.charCodeAt(0) === 78 /* N0..N9 */) return ELEMENT_KIND.N
  return ELEMENT_KIND.OTHER
}

/** One X12 syntax note, e.g. P0304: `type` P and element positions [3, 4]. */
export interface SyntaxRule {
  readonly raw: string
  readonly type: 'P' | 'R' | 'C' | 'E' | 'L'
  readonly positions: readonly number[]
  /** Bit p set for every position p (all positions are 1–30, see {@link SegmentEntry.syntax_by_mask}). */
  readonly mask: number
  /** The bit of the first position. */
  readonly first: number
}

export interface SegmentEntry {
  readonly kind: 'segment'
  readonly id: string
  readonly name: string
  readonly usage: Usage
  /** null = unbounded. */
  readonly max_use: number | null
  readonly elements: readonly ElementSpec[]
  readonly syntax: readonly SyntaxRule[]
  /** Allowed values of the first element when the map distinguishes same-id segments by it (REF*0F vs REF*1L). */
  readonly qualifiers: ReadonlySet<string> | undefined
  /** `qualifiers` as a {@link CodeTable}. */
  readonly qualifier_table: CodeTable | undefined
  /** Wrapper the map grouped this segment under (HEADER), for loop paths of segments outside any loop. */
  readonly wrapper: string
  /** Some element is a date format qualifier (1250), so the next one is a date to check. */
  readonly has_date_format: boolean
  /** {@link segmentKey} of `id`, so rules can switch on a number. */
  readonly key: number
  /** An envelope segment (ISA, IEA, GS, GE, ST, SE, TA1). */
  readonly is_envelope: boolean
  /** 1 + the index in `elements` of the last required element (0 when none is): past it and past the data there is nothing to check. */
  readonly required_tail: number
  /** Indexes in `elements` of the date format qualifiers (data element 1250). */
  readonly date_formats: readonly number[]
  /**
   * Every syntax rule names positions 1–30 within `elements`, so the rules can be tested on a
   * bit mask of the present elements first (the full check runs only when one is broken).
   */
  readonly syntax_by_mask: boolean
  /**
   * The element specs flattened for the byte-level checks, {@link CHECK_STRIDE} ints per element:
   * flags ({@link CHECK_REQUIRED}, {@link CHECK_STRING_PATH}, kind << 4), min_len, max_len.
   * One typed array per entry keeps the hot loop off the spec objects.
   */
  readonly check_program: Int32Array
  /** Per element index: its code table (or undefined), for the byte-level checks. */
  readonly check_tables: readonly (CodeTable | undefined)[]
}

/** Ints per element in {@link SegmentEntry.check_program}. */
export const CHECK_STRIDE = 3
/** Flag: the element is required (usage R). */
export const CHECK_REQUIRED = 1
/** Flag: a value here needs the string checks (a "not used" element, or a composite). */
export const CHECK_STRING_PATH = 2

export interface LoopNode {
  readonly kind: 'loop'
  readonly id: string
  readonly name: string
  readonly usage: Usage
  /** null = unbounded. */
  readonly repeat: number | null
  /** Index in `children` is the position within the loop; children[0] is the trigger segment. */
  readonly children: readonly (SegmentEntry | LoopNode)[]
  /** child indexes by segment id: a segment child with that id, or a loop child triggered by it. */
  readonly by_id: ReadonlyMap<string, readonly number[]>
  /** The same, keyed by {@link segmentKey} so the hot path hashes a small integer, not a fresh string. */
  readonly by_key: ReadonlyMap<number, readonly number[]>
  /** `by_key` as an open-addressing table (no `Map` call on the hot path). */
  readonly key_table: KeyTable
  /** Per child index: the segment entry itself, or a loop child's trigger segment. */
  readonly entries: readonly SegmentEntry[]
  /** The trigger segment entry (`children[0]`); the root pseudo-loop uses its first child's. */
  readonly trigger: SegmentEntry
  /** Per child index i: the first index ≥ i whose child is required (usage R), or `children.length`. */
  readonly next_required: Int32Array
  /**
   * Per child index i: the first index of the run of children that share i's position number
   * (`pos`) — i itself unless it shares one. The guide orders children by position only: the
   * three 2000 REFs (0F, 1L, other ids) are all position 0200 and loops 2100A–2100G all 0300, so
   * a file may send them in any order among themselves (pyx12 accepts it too).
   */
  readonly group_start: Int32Array
  /**
   * Per child index i: where the check for skipped required children starts when the walk leaves
   * i: `next_required[i + 1]`, or, for a segment sharing its position, `next_required[group_start[i]]`
   * (the earlier segments of its run may still be missing).
   */
  readonly skipped_from: Int32Array
  /**
   * Per child index i: where that check stops when the walk arrives at i. For a segment, at its
   * run's start (a REF*0F may still follow a REF*1L). For a loop, at i itself: a required loop of
   * the run passed over is missing at once (2100C before 2100A: "2100A missing", as pyx12 says,
   * for the member's name loop comes first), while situational ones (2100G, 2100C) take any order.
   */
  readonly skip_to: Int32Array
  /** e.g. '2000/2300'; '' for envelope loops. */
  readonly path: string
  /** Loop id for 999 IK303; undefined for envelope loops. */
  readonly ack_loop_id: string | undefined
  readonly depth: number
  /** Unique small integer, so validators can keep per-loop state in arrays. */
  readonly ordinal: number
}

export interface CompiledMap {
  readonly title: string
  /** Root pseudo-loop whose only child is ISA_LOOP. */
  readonly root: LoopNode
  /** Every segment id the map knows anywhere (to tell "unexpected" from "unrecognized"). */
  readonly known_ids: ReadonlySet<string>
  readonly loop_count: number
  /** Upper bound (exclusive) of the {@link ElementSpec.slot} numbers of this map's elements. */
  readonly element_slots: number
}

interface RawElement {
  ref: string | null
  seq: number
  data_element?: string
  name: string
  usage: Usage
  type?: string | null
  min_len?: number | null
  max_len?: number | null
  codes?: string[]
  external_codes?: string
  composite?: string
  components?: RawElement[]
  /** Repetitions allowed (null = unbounded); absent = 1. */
  repeat?: number | null
}
interface RawSegment {
  kind: 'segment'
  id: string
  /** Position number in its table (e.g. '0200'); children sharing one may come in any order. */
  pos?: string
  name: string
  usage: Usage
  max_use: number | null
  syntax?: { raw: string, type: string, positions: number[] }[] | null
  elements: RawElement[]
}
interface RawLoop {
  kind: 'loop'
  id: string
  name: string
  usage: Usage
  repeat: number | null
  pos?: string
  loop_type?: string | null
  trigger?: string | null
  children: (RawLoop | RawSegment)[]
}
interface RawMap {
  title: string
  loops: RawLoop[]
  external_codesets?: Record<string, { codes: string[] }>
}

const ENVELOPE_LOOPS = new Set(['ISA_LOOP', 'GS_LOOP', 'ST_LOOP'])
/** Next {@link ElementSpec.slot}; shared by every map compiled in this process. */
let elementSlots = 0
const ENVELOPE_SEGMENTS = new Set(['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE', 'TA1'])

function isRawMap(value: unknown): value is RawMap {
  return typeof value === 'object' && value !== null && Array.isArray((value as { loops?: unknown }).loops)
}

function compileElement(raw: RawElement, segmentId: string, external: RawMap['external_codesets']): ElementSpec {
  const position = raw.seq
  const ref = raw.ref ?? `${segmentId}${String(position).padStart(2, '0')}`
  const components = raw.components && raw.components.length > 0
    ? raw.components.map((c) => compileElement({ ...c, ref: c.ref ?? `${ref}-${String(c.seq).padStart(2, '0')}` }, segmentId, external))
    : undefined
  let codes: ReadonlySet<string> | undefined = raw.codes && raw.codes.length > 0 ? new Set(raw.codes) : undefined
  let ext: string | undefined
  if (!codes && raw.external_codes) {
    const set = external?.[raw.external_codes]
    if (set) { codes = new Set(set.codes); ext = raw.external_codes }
  }
  const type = raw.type ?? 'AN'
  return {
    ref,
    position,
    data_element: raw.data_element ?? raw.composite ?? '',
    name: raw.name,
    usage: raw.usage,
    type,
    min_len: raw.min_len ?? 0,
    max_len: raw.max_len ?? Number.MAX_SAFE_INTEGER,
    codes,
    external: ext,
    components,
    repeat: raw.repeat === undefined ? 1 : raw.repeat ?? Number.MAX_SAFE_INTEGER,
    is_date_format: raw.data_element === '1250',
    required: raw.usage === 'R',
    not_used: raw.usage === 'N',
    kind: kindOf(type),
    code_table: codes === undefined ? undefined : new CodeTable(codes),
    slot: elementSlots++,
    listed_is_valid: codes !== undefined && type === 'ID' && components === undefined
      && [...codes].every((c) => c.length >= (raw.min_len ?? 0) && c.length <= (raw.max_len ?? Number.MAX_SAFE_INTEGER) && !/[\x00-\x1f\x7f]/.test(c)),
  }
}

function compileSegment(raw: RawSegment, wrapper: string, external: RawMap['external_codesets']): SegmentEntry {
  const elements = raw.elements.map((e) => compileElement(e, raw.id, external))
  const first = elements[0]
  const qualifierSource = first?.components ? first.components[0] : first
  const syntax: SyntaxRule[] = []
  for (const s of raw.syntax ?? []) {
    if (s.type === 'P' || s.type === 'R' || s.type === 'C' || s.type === 'E' || s.type === 'L') {
      const mask = s.positions.reduce((m, p) => (p >= 1 && p <= 30 ? m | (1 << p) : m), 0)
      syntax.push({ raw: s.raw, type: s.type, positions: s.positions, mask, first: 1 << ((s.positions[0] ?? 0) & 31) })
    }
  }
  return {
    kind: 'segment', id: raw.id, name: raw.name, usage: raw.usage, max_use: raw.max_use,
    elements, syntax, qualifiers: qualifierSource?.codes, qualifier_table: qualifierSource?.code_table, wrapper,
    has_date_format: elements.some((e) => e.is_date_format),
    key: segmentKey(raw.id),
    is_envelope: ENVELOPE_SEGMENTS.has(raw.id),
    required_tail: elements.reduce((tail, e, i) => (e.required ? i + 1 : tail), 0),
    syntax_by_mask: syntax.every((rule) => rule.positions.length > 0 && rule.positions.every((p) => p >= 1 && p <= 30 && p <= elements.length)),
    date_formats: elements.flatMap((e, i) => (e.is_date_format ? [i] : [])),
    check_program: Int32Array.from(elements.flatMap((e) => [
      (e.required ? CHECK_REQUIRED : 0) | (e.not_used || e.components !== undefined ? CHECK_STRING_PATH : 0) | (e.kind << 4),
      e.min_len, Math.min(e.max_len, 0x7fffffff),
    ])),
    check_tables: elements.map((e) => e.code_table),
  }
}

/**
 * Compiles a map JSON (already parsed, in the shape of `maps/*.json`) into the validator's lookup tables.
 *
 * @example
 * const map = compileMap(JSON.parse(readFileSync('my-guide.json', 'utf8')))
 * const v = createMapValidator(map)
 */
export function compileMap(json: unknown): CompiledMap {
  if (!isRawMap(json)) throw new TypeError('not an x12 map: no loops array')
  const external = json.external_codesets
  const knownIds = new Set<string>()
  let ordinal = 0

  function flatten(children: RawLoop['children'], wrapper: string, out: { raw: RawLoop | RawSegment, wrapper: string }[]): void {
    for (const child of children) {
      // HEADER/DETAIL wrappers group segments for readability only; their children sit in the parent.
      if (child.kind === 'loop' && (child.loop_type === 'wrapper' || !child.trigger)) {
        if (child.usage !== 'N') flatten(child.children, child.id, out)
      } else {
        out.push({ raw: child, wrapper })
      }
    }
  }

  function compileLoop(raw: RawLoop, parentPath: string, depth: number, parentAck?: string): LoopNode {
    const isEnvelope = ENVELOPE_LOOPS.has(raw.id)
    const path = isEnvelope ? '' : (parentPath ? `${parentPath}/${raw.id}` : raw.id)
    const flat: { raw: RawLoop | RawSegment, wrapper: string }[] = []
    flatten(raw.children, '', flat)
    // pyx12 lists TA1 after the GS loop; on the wire it follows the ISA, before any GS.
    if (raw.id === 'ISA_LOOP') {
      const ta1 = flat.findIndex((c) => c.raw.kind === 'segment' && c.raw.id === 'TA1')
      if (ta1 > 1) { const [item] = flat.splice(ta1, 1); if (item) flat.splice(1, 0, item) }
    }
    const myOrdinal = ordinal++
    // IK303 is the guide's loop id (AN 1-4): pyx12's LS_LOOP, around LS/2700/LE, is no loop of the
    // guide, whose LS and LE belong to loop 2000; so it answers as its parent.
    const ackId = isEnvelope ? undefined : raw.id.endsWith('_LOOP') ? parentAck : raw.id
    const children = flat.map(({ raw: c, wrapper }) => {
      if (c.kind === 'loop') return compileLoop(c, path, depth + 1, ackId)
      knownIds.add(c.id)
      return compileSegment(c, wrapper, external)
    })
    const byId = new Map<string, number[]>()
    children.forEach((child, index) => {
      const id = child.kind === 'segment' ? child.id : triggerOf(child).id
      const list = byId.get(id)
      if (list) list.push(index); else byId.set(id, [index])
    })
    const entries = children.map((c) => (c.kind === 'loop' ? c.trigger : c))
    const first = children[0]
    if (!first || first.kind !== 'segment') throw new TypeError(`loop ${raw.id} does not start with a segment`)
    const required = nextRequired(children)
    // Positions number a table (header, detail) of the guide: a run is the same wrapper and pos.
    const groups = groupStarts(flat.map(({ raw: c, wrapper }) => (c.pos === undefined ? undefined : `${wrapper}|${c.pos}`)))
    return {
      kind: 'loop', id: raw.id, name: raw.name, usage: raw.usage, repeat: raw.repeat, children,
      by_id: byId, ...keyTables(byId), entries, trigger: first, next_required: required, ...groupTables(groups, required, children), path, ack_loop_id: ackId, depth, ordinal: myOrdinal,
    }
  }

  const top = json.loops.map((l) => compileLoop(l, '', 1))
  const rootChildren = top
  const byId = new Map<string, number[]>()
  rootChildren.forEach((c, i) => byId.set(triggerOf(c).id, [i]))
  const root: LoopNode = {
    kind: 'loop', id: 'ROOT', name: 'File', usage: 'R', repeat: 1, children: rootChildren,
    by_id: byId, ...keyTables(byId), entries: rootChildren.map((c) => c.trigger), trigger: triggerOf(rootChildren[0] as LoopNode), next_required: nextRequired(rootChildren),
    ...groupTables(groupStarts(rootChildren.map(() => undefined)), nextRequired(rootChildren), rootChildren), path: '', ack_loop_id: undefined, depth: 0, ordinal: ordinal++,
  }
  return { title: json.title, root, known_ids: knownIds, loop_count: ordinal, element_slots: elementSlots }
}

/**
 * A segment id (X12: 2-3 letters/digits) packed into an integer; -1 for anything longer or with a
 * character above U+00FF.
 *
 * @example
 * segmentKey('INS') === segmentKey('INS') // true, and cheaper to look up than the string
 */
export function segmentKey(id: string): number {
  const len = id.length
  if (len > 3 || len === 0) return -1
  let key = 0
  for (let i = 0; i < len; i++) {
    const c = id.charCodeAt(i)
    if (c > 0xff) return -1 // never an X12 id; masking it would collide with one (U+0153 & 0xFF is 'S')
    key = (key << 8) | c
  }
  return key | (len << 24)
}

/**
 * A value of 1–3 characters (each below U+0100) packed into an integer, -1 for anything else;
 * distinct values get distinct keys. Used for code-list lookups without hashing strings.
 *
 * @example
 * codeKey('18') === codeKey('18') // true; codeKey('ABCD') === -1
 */
export function codeKey(value: string): number {
  const len = value.length
  if (len > 3 || len === 0) return -1
  let key = len
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i)
    if (c > 0xff) return -1
    key = (key << 8) | c
  }
  return key
}

/**
 * A code list for fast membership tests of freshly sliced strings: values of 1–3 characters are
 * packed by {@link codeKey} and looked up in an open-addressing integer table (a `Set<string>`
 * would first hash every fresh string through the runtime); longer values use the string set.
 *
 * @example
 * const table = new CodeTable(new Set(['18', '01', '19']))
 * table.has('18') // true
 */
export class CodeTable {
  private readonly slots: Int32Array
  private readonly mask: number
  private readonly long: ReadonlySet<string>
  /** The last packed key `hasBytes` found (files repeat the same codes): a hit skips the probe. A pure memo, safe to share. */
  private lastHit = -1

  /** The codes, in the order given. */
  private readonly list: readonly string[]

  constructor(codes: ReadonlySet<string>) {
    this.list = [...codes]
    let size = 8
    while (size < codes.size * 2) size *= 2
    this.slots = new Int32Array(size)
    this.mask = size - 1
    const long = new Set<string>()
    for (const code of codes) {
      const key = codeKey(code)
      if (key < 0) { long.add(code); continue }
      let i = slotOf(key, this.mask)
      while (this.slots[i] !== 0 && this.slots[i] !== key) i = (i + 1) & this.mask
      this.slots[i] = key
    }
    this.long = long
  }

  /** The codes (for code generation: `compileCleanCheck` inlines short lists). */
  codes(): readonly string[] {
    return this.list
  }

  /** Whether the latin1 text of `buf[a..e)` is one of the codes (decodes a string only for values over 3 bytes). */
  hasBytes(buf: Uint8Array, a: number, e: number): boolean {
    const len = e - a
    if (len === 0) return this.long.has('')
    if (len > 3) return this.long.size > 0 && this.long.has(Buffer.from(buf.buffer, buf.byteOffset + a, len).toString('latin1'))
    let key = len
    for (let i = a; i < e; i++) key = (key << 8) | (buf[i] as number)
    if (key === this.lastHit) return true
    const slots = this.slots
    const mask = this.mask
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = slots[i] as number
      if (k === key) { this.lastHit = key; return true }
      if (k === 0) return false
    }
  }

  /** Whether `value` is one of the codes. */
  has(value: string): boolean {
    const key = codeKey(value)
    if (key < 0) return this.long.size > 0 && this.long.has(value)
    const slots = this.slots
    const mask = this.mask
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = slots[i] as number
      if (k === key) return true
      if (k === 0) return false
    }
  }
}

function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 16) & mask
}

/**
 * Whether `value` is one of `spec.codes` (false when the element has no code list).
 *
 * @example
 * if (!hasCode(spec, value)) report('element-invalid-code')
 */
export function hasCode(spec: ElementSpec, value: string): boolean {
  const table = spec.code_table
  return table !== undefined && table.has(value)
}

function nextRequired(children: readonly (SegmentEntry | LoopNode)[]): Int32Array {
  const out = new Int32Array(children.length + 1)
  let next = children.length
  out[next] = next
  for (let i = children.length - 1; i >= 0; i--) {
    if ((children[i] as SegmentEntry | LoopNode).usage === 'R') next = i
    out[i] = next
  }
  return out
}

/** Per index: the first index of its run of equal, defined positions (a lone or undefined one starts its own). */
function groupStarts(positions: readonly (string | undefined)[]): Int32Array {
  const out = new Int32Array(positions.length)
  for (let i = 0; i < positions.length; i++) {
    out[i] = i > 0 && positions[i] !== undefined && positions[i] === positions[i - 1] ? out[i - 1] as number : i
  }
  return out
}

function groupTables(groupStart: Int32Array, required: Int32Array, children: readonly (SegmentEntry | LoopNode)[]): { group_start: Int32Array, skipped_from: Int32Array, skip_to: Int32Array } {
  const skippedFrom = new Int32Array(groupStart.length)
  const skipTo = new Int32Array(groupStart.length)
  for (let i = 0; i < groupStart.length; i++) {
    const start = groupStart[i] as number
    // A loop keeps the plain walk: a required sibling it passes is missing at once, and only once.
    const loop = (children[i] as SegmentEntry | LoopNode).kind === 'loop'
    skippedFrom[i] = required[start === i || loop ? i + 1 : start] as number
    skipTo[i] = loop ? i : start
  }
  return { group_start: groupStart, skipped_from: skippedFrom, skip_to: skipTo }
}

function keyTables(byId: ReadonlyMap<string, number[]>): { by_key: Map<number, number[]>, key_table: KeyTable } {
  const out = new Map<number, number[]>()
  for (const [id, list] of byId) { const key = segmentKey(id); if (key >= 0) out.set(key, list) }
  return { by_key: out, key_table: new KeyTable(out) }
}

/**
 * A read-only map from {@link segmentKey} (a positive integer) to child index lists, probed
 * inline in an `Int32Array` (open addressing) instead of through `Map#get`.
 *
 * @example
 * new KeyTable(new Map([[segmentKey('INS'), [0]]])).get(segmentKey('INS')) // [0]
 */
export class KeyTable {
  private readonly keys: Int32Array
  private readonly values: (readonly number[])[]
  private readonly mask: number

  constructor(entries: ReadonlyMap<number, readonly number[]>) {
    let size = 8
    while (size < entries.size * 2) size *= 2
    this.keys = new Int32Array(size)
    this.values = new Array<readonly number[]>(size).fill([])
    this.mask = size - 1
    for (const [key, list] of entries) {
      let i = slotOf(key, this.mask)
      while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & this.mask
      this.keys[i] = key
      this.values[i] = list
    }
  }

  /** The child indexes for `key`, or undefined. */
  get(key: number): readonly number[] | undefined {
    const keys = this.keys
    const mask = this.mask
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = keys[i] as number
      if (k === key) return this.values[i]
      if (k === 0) return undefined
    }
  }
}

/** The segment entry that starts a loop. */
export function triggerOf(loop: LoopNode): SegmentEntry {
  const first = loop.children[0]
  if (!first || first.kind !== 'segment') throw new TypeError(`loop ${loop.id} does not start with a segment`)
  return first
}

const cache = new Map<string, CompiledMap>()

function loadMap(file: string): CompiledMap {
  let map = cache.get(file)
  if (!map) {
    map = compileMap(JSON.parse(readFileSync(new URL(`./maps/${file}`, import.meta.url), 'utf8')))
    cache.set(file, map)
  }
  return map
}

/**
 * The compiled 834 005010X220A1 map (compiled on first use, then shared).
 *
 * @example
 * map834().known_ids.has('INS') // true
 */
export function map834(): CompiledMap { return loadMap('834_005010X220A1.json') }

/**
 * The compiled 999 005010X231A1 map (compiled on first use, then shared).
 *
 * @example
 * const v = createMapValidator(map999())
 */
export function map999(): CompiledMap { return loadMap('999_005010X231A1.json') }

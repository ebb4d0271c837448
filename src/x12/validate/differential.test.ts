import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { MemorySink } from '../writer.js'
import { tokenizeSync } from '../tokenizer.js'
import { write834 } from '../x834/write.js'
import { delimitersArb, headerArb, lineEndingArb, memberArb } from '../x834/test-arbitraries.js'
import { pokitdokToMembers } from '../x834/pokitdok.js'
import { parsePokitdokJson } from '../x834/pokitdok-json.js'
import { createValidator, parseAndValidate834, validate834 } from './validate-834.js'
import { read834 } from '../x834/parser.js'
import { read834 as oracleRead834 } from '../x834/oracle/parser.js'
import type { MemberRecord } from '../x834/machine.js'
import { validate999 } from './validate-999.js'
import { map834, map999 } from './map.js'
import { Rules834 as OracleRules834 } from './oracle/rules-834.js'
import { X12Error } from '../errors.js'
import type { Segment } from '../segment.js'
import { Rules999 } from './rules-999.js'
import { build999 } from '../ack/build.js'
import { validate834 as oracle834 } from './oracle/validate-834.js'
import { createMapValidator as oracleEngine } from './oracle/engine.js'
import type { RulePlugin as OracleRulePlugin } from './oracle/engine.js'
import { SAMPLES } from './test-helpers.js'
import { createValidationPool } from './validation-pool.js'

/*
 * The validator's byte path (SegmentScanner#feedRaw → ValidatorEngine#pushRaw) against the
 * segment-by-segment validator it replaced (kept in ./oracle/ for this test): the results —
 * every finding's code, severity, message, location and ack pointer, and the envelope
 * summaries — must be identical, on the public samples, on files our writer makes from random
 * members under random delimiters and line endings, and on those files broken at random
 * (segments moved, dropped, repeated or requalified; bytes replaced, inserted, deleted; the tail
 * cut), whole or streamed in random chunks.
 */

const TODAY = '2026-11-23'
const OPTIONS = { today: TODAY }
// The pooled path (members read here, validation on a worker thread) on every input, however small.
const pool = createValidationPool()
after(() => pool.close())
const samples = readdirSync(SAMPLES).filter((n) => !n.endsWith('.md')).sort().map((name) => ({ name, bytes: readFileSync(SAMPLES + name) }))

async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let prev = 0
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(prev, cut)
    prev = cut
  }
  yield bytes.subarray(prev)
}

/** What a member reader gave: its records, then the X12Error that ended it (code, message, position), if any. */
interface Read { records: MemberRecord[], error?: { code: string, message: string, segmentIndex?: number, offset?: number, line?: number, segmentId?: string } }

async function readAll(reader: AsyncIterable<MemberRecord>): Promise<Read> {
  const records: MemberRecord[] = []
  try {
    for await (const rec of reader) records.push(rec)
  } catch (err) {
    assert.ok(err instanceof X12Error, `only X12Errors, got ${String(err)}`)
    return { records, error: { code: err.code, message: err.message, segmentIndex: err.segmentIndex, offset: err.offset, line: err.line, segmentId: err.segmentId } }
  }
  return { records }
}

/**
 * The one-pass parse+validate (and read834 on byte cursors) against the oracles: the same member
 * records and the same error as the segment-by-segment read834 it replaced, and the same
 * validation result as the oracle validator, for `bytes` streamed in `cuts`; strict, lenient and lenient ISA only.
 */
async function assertFusedSame(bytes: Uint8Array, cuts: readonly number[], validation: unknown): Promise<void> {
  for (const mode of [{}, { lenient: true }, { lenientIsa: true }]) {
    const expected = await readAll(oracleRead834(chunked(bytes, cuts), mode))
    assert.deepEqual(await readAll(read834(chunked(bytes, cuts), mode)), expected, `read834 ${JSON.stringify(mode)}`)
    const run = parseAndValidate834(chunked(bytes, cuts), { ...OPTIONS, ...mode })
    assert.deepEqual(await readAll(run), expected, `parseAndValidate834 members ${JSON.stringify(mode)}`)
    assert.deepEqual(await run.result(), validation, `parseAndValidate834 result ${JSON.stringify(mode)}`)
    const pooled = parseAndValidate834(chunked(bytes, cuts), { ...OPTIONS, ...mode, pool, poolMinBytes: 0 })
    assert.deepEqual(await readAll(pooled), expected, `parseAndValidate834 with a pool: members ${JSON.stringify(mode)}`)
    assert.deepEqual(await pooled.result(), validation, `parseAndValidate834 with a pool: result ${JSON.stringify(mode)}`)
  }
  // result() alone reads the whole input, members unread.
  const whole = await oracle834(chunked(bytes, []), OPTIONS)
  assert.deepEqual(await parseAndValidate834(chunked(bytes, []), OPTIONS).result(), whole, 'result() without iterating')
  assert.deepEqual(await parseAndValidate834(chunked(bytes, []), { ...OPTIONS, pool, poolMinBytes: 0 }).result(), whole, 'result() without iterating, with a pool')
}

/** Old and new validator agree on `bytes` whole, as a string, streamed in `cuts`, and through `push`/`pushRaw` by hand. */
async function assertSame(bytes: Uint8Array, cuts: readonly number[] = []): Promise<void> {
  const expected = await oracle834(bytes, OPTIONS)
  assert.deepEqual(await validate834(bytes, OPTIONS), expected, 'bytes')
  assert.deepEqual(await validate834(Buffer.from(bytes).toString('latin1'), OPTIONS), await oracle834(Buffer.from(bytes).toString('latin1'), OPTIONS), 'latin1 string')
  const streamed = await oracle834(chunked(bytes, cuts), OPTIONS)
  assert.deepEqual(await validate834(chunked(bytes, cuts), OPTIONS), streamed, 'streamed')
  await assertFusedSame(bytes, cuts, streamed)
  // The segment path of the product engine (what read834's onSegment feeds) still gives the old results.
  let all: Segment[]
  try {
    all = [...tokenizeSync(bytes, { lenientIsa: true })]
  } catch (err) {
    if (err instanceof X12Error) return
    throw err
  }
  const v = createValidator(OPTIONS)
  const o = oracleEngine(map834(), { plugin: new OracleRules834(OPTIONS) })
  for (const seg of all) { v.push(seg); o.push(seg) }
  assert.deepEqual(v.end(), o.end(), 'push')
}

/** A file our writer makes from random members (random delimiters and line endings). */
const written = fc.record({
  members: fc.array(memberArb, { minLength: 1, maxLength: 5 }), header: headerArb, delimiters: delimitersArb, lineEnding: lineEndingArb,
  action: fc.option(fc.constantFrom('2', '4', 'RX'), { nil: undefined }),
}).map(({ members, header, delimiters, lineEnding, action }) => {
  const sink = new MemorySink()
  void write834(sink, {
    sender_id: 'SENDER', receiver_id: 'RECEIVER', interchange_control_number: 17, usage: 'T',
    delimiters, line_ending: lineEnding, header, members, bgn_action: action,
  })
  return sink.bytes()
})

type Edit =
  | { op: 'segment', kind: 'qualifier' | 'repeat' | 'drop' | 'move', at: number, to: number, value: string }
  | { op: 'byte', kind: 'set' | 'insert' | 'delete', at: number, value: number }
  | { op: 'cut', at: number }

const QUALIFIERS = ['IL', '74', '70', '31', '36', 'QD', 'P5', 'IN', '0F', '1L', '17', '38', '348', '349', '357', '303', '024', '021',
  '030', 'HLT', 'D8', 'RD8', 'DT', 'Y', 'N', '18', 'XX', '', 'LONGER', ' 0F', '0F ']
// Bytes a broken file plausibly has: digits, letters, spaces, control characters, likely delimiters, latin1.
const BYTES = [0x30, 0x31, 0x32, 0x39, 0x41, 0x4e, 0x59, 0x5a, 0x61, 0x20, 0x2d, 0x2e, 0x00, 0x09, 0x0a, 0x0d, 0x7f, 0x2a, 0x7e, 0x3a, 0x5e, 0x7c, 0xe9]

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('segment' as const), kind: fc.constantFrom('qualifier' as const, 'repeat' as const, 'drop' as const, 'move' as const), at: fc.nat(), to: fc.nat(), value: fc.constantFrom(...QUALIFIERS) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('byte' as const), kind: fc.constantFrom('set' as const, 'insert' as const, 'delete' as const), at: fc.nat(), value: fc.constantFrom(...BYTES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cut' as const), at: fc.nat() }) },
)

/** Applies edits; segment edits split on the file's own delimiters (read from the ISA) and keep the ISA. */
function mutate(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let text = Buffer.from(bytes).toString('latin1')
  for (const e of edits) {
    if (text.length === 0) break
    if (e.op === 'cut') { text = text.slice(0, e.at % text.length); continue }
    if (e.op === 'byte') {
      // Leave the ISA alone most of the time, so most inputs get past the tokenizer.
      const at = 106 + (e.at % Math.max(1, text.length - 106))
      const ch = String.fromCharCode(e.value)
      text = e.kind === 'set' ? text.slice(0, at) + ch + text.slice(at + 1) : e.kind === 'insert' ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + text.slice(at + 1)
      continue
    }
    if (text.length < 106 || !text.startsWith('ISA')) continue
    const sep = text.charAt(3)
    const term = text.charAt(105)
    const segments = text.slice(106).split(term)
    const tail = segments.pop() as string
    if (segments.length === 0) continue
    const at = e.at % segments.length
    const seg = segments[at] as string
    if (e.kind === 'qualifier') {
      const fields = seg.split(sep)
      if (fields.length > 1) fields[1] = e.value
      segments[at] = fields.join(sep)
    } else if (e.kind === 'repeat') segments.splice(e.to % (segments.length + 1), 0, seg)
    else if (e.kind === 'drop') segments.splice(at, 1)
    else { segments.splice(at, 1); segments.splice(e.to % (segments.length + 1), 0, seg) }
    text = text.slice(0, 106) + segments.join(term) + term + tail
  }
  return Buffer.from(text, 'latin1')
}

/** Element edits aimed at the 834 business rules: values each rule tells apart. */
interface ValueEdit { id: string, position: number, value: string, nth: number }
const RULE_VALUES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  INS: [[], ['Y', 'N', 'X', ''], ['18', '01', '19', ''], ['001', '021', '024', '025', '030', '026', ''], ['', '43', '25', 'XN'], ['A', 'T', 'C', '']],
  HD: [[], ['021', '024', '030', '001', '002', '026', '']],
  DTP: [[], ['348', '349', '357', '356', '336', '303', ''], ['D8', 'RD8', 'DT', ''], ['20260101', '20251231', '20270230', '20260101-20251231', '20250101-20260101', '202601011200', '2026', '']],
  DMG: [[], ['D8', 'RD8', ''], ['19800101', '20991231', '20261124', '20261123', '20260229', '1980', '']],
  REF: [[], ['0F', '1L', '17', '23', ''], ['123456789', '987654321', '000000000', '']],
  BGN: [[], [], [], [], [], [], [], [], ['2', '4', 'RX', '']],
  QTY: [[], ['ET', 'DT', 'TO'], ['0', '1', '2', '3', 'X', '']],
}
const valueEdit: fc.Arbitrary<ValueEdit> = fc.constantFrom(...Object.keys(RULE_VALUES)).chain((id) => {
  const table = RULE_VALUES[id] as readonly (readonly string[])[]
  const positions = table.flatMap((values, p) => (values.length > 0 ? [p] : []))
  return fc.constantFrom(...positions).chain((position) => fc.record({
    id: fc.constant(id), position: fc.constant(position), value: fc.constantFrom(...(table[position] as readonly string[])), nth: fc.nat(20),
  }))
})

/** Sets element `position` of the nth segment with that id (wrapping around), on the file's own delimiters. */
function editValues(bytes: Uint8Array, edits: readonly ValueEdit[]): Uint8Array {
  let text = Buffer.from(bytes).toString('latin1')
  const isa = text.indexOf('ISA')
  if (isa < 0 || text.length < isa + 106) return bytes
  const sep = text.charAt(isa + 3)
  const term = text.charAt(isa + 105)
  const segments = text.slice(isa + 106).split(term)
  for (const e of edits) {
    const matches = segments.flatMap((seg, i) => (seg.replace(/^\s+/, '').split(sep)[0] === e.id ? [i] : []))
    if (matches.length === 0) continue
    const at = matches[e.nth % matches.length] as number
    const lead = /^\s*/.exec(segments[at] as string)![0]
    const fields = (segments[at] as string).slice(lead.length).split(sep)
    while (fields.length <= e.position) fields.push('')
    fields[e.position] = e.value
    segments[at] = lead + fields.join(sep)
  }
  text = text.slice(0, isa + 106) + segments.join(term)
  return Buffer.from(text, 'latin1')
}

describe('validator byte path and one-pass parse+validate = the segment validator and parser they replaced', () => {
  for (const { name, bytes } of samples) {
    test(`sample ${name}`, async () => {
      await assertSame(bytes, [1, 3, 105, 106, 107, 500, 1000])
    })
  }

  test('the pokitdok fixtures, written as 834s', async () => {
    for (const name of readdirSync(new URL('../x834/fixtures/', import.meta.url)).filter((n) => n.startsWith('pokitdok-'))) {
      const { value } = parsePokitdokJson(readFileSync(new URL(`../x834/fixtures/${name}`, import.meta.url), 'utf8'))
      const { header, members } = pokitdokToMembers(value, { now: new Date('2026-11-23T12:00:00Z') })
      const sink = new MemorySink()
      await write834(sink, { sender_id: 'S', receiver_id: 'R', interchange_control_number: 3, header, members })
      await assertSame(sink.bytes(), [7, 200])
    }
  })

  test('edited samples, whole and in random chunks (fast-check)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...samples), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 }),
      async ({ bytes }, edits, cuts) => { await assertSame(mutate(bytes, edits), cuts) },
    ), { numRuns: 300, seed: 4834 })
  })

  test('files from random members, intact and broken (fast-check)', async () => {
    await fc.assert(fc.asyncProperty(
      written, fc.array(edit, { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 5 }),
      async (bytes, edits, cuts) => { await assertSame(mutate(bytes, edits), cuts) },
    ), { numRuns: 300, seed: 20834 })
  })

  // Over these 400 files the oracle reports every 834 business-rule code (birth-date-in-future,
  // termination-missing-dtp-357, hd-termination-missing-dtp-349, address-change-hint,
  // ins02-*, full-file-*, change-file-ins03-invalid, dependent-*, qty-total-mismatch, …) next to
  // structural and element findings; coverage-end-before-begin has its own test below.
  test('samples with the values the 834 rules look at edited (fast-check)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...samples), fc.array(valueEdit, { minLength: 1, maxLength: 8 }), fc.array(edit, { maxLength: 2 }), fc.array(fc.nat(), { maxLength: 3 }),
      async ({ bytes }, values, edits, cuts) => { await assertSame(mutate(editValues(bytes, values), edits), cuts) },
    ), { numRuns: 400, seed: 8341 })
  })

  test('coverage ending before it begins (DTP*349 before DTP*348, D8 and RD8), on every sample', async () => {
    let inserted = 0
    for (const { bytes } of samples) {
      const text = Buffer.from(bytes).toString('latin1')
      const isa = text.indexOf('ISA')
      const sep = text.charAt(isa + 3)
      const term = text.charAt(isa + 105)
      for (const end of [`DTP${sep}349${sep}D8${sep}19000101`, `DTP${sep}349${sep}RD8${sep}18990101-19000101`, `DTP${sep}349${sep}D8${sep}29991231`]) {
        const edited = text.split(`${term}`).flatMap((seg) => (/^\s*DTP/.test(seg) && seg.includes(`${sep}348${sep}`) ? [seg, (/^\s*/.exec(seg)?.[0] ?? '') + end] : [seg]))
        if (edited.length === text.split(term).length) continue
        inserted++
        await assertSame(Buffer.from(edited.join(term), 'latin1'), [333])
      }
    }
    assert.ok(inserted > 3)
  })

  test('random bytes after a valid ISA (fast-check)', async () => {
    const isa = samples.find((s) => s.name.startsWith('pyx12_834_deident_family'))!.bytes.subarray(0, 106)
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(...BYTES, 0x49, 0x53, 0x45, 0x47, 0x54), { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 3 }),
      async (tail, cuts) => { await assertSame(Buffer.concat([isa, Buffer.from(tail)]), cuts) },
    ), { numRuns: 200, seed: 999 })
  })

  test('999 acknowledgements: the same findings through the byte path', async () => {
    for (const { name, bytes } of samples) {
      const text = name.endsWith('.999.txt') ? bytes : build999(await validate834(bytes, OPTIONS), { now: new Date('2026-11-23T12:00:00Z') })
      const oracle = oracleEngine(map999(), { plugin: new Rules999() as unknown as OracleRulePlugin })
      for (const seg of tokenizeSync(text, { lenientIsa: true })) oracle.push(seg)
      assert.deepEqual(await validate999(text), oracle.end(), name)
    }
  })

})

import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { X12Error } from './errors.js'
import { SegmentScanner, slices, type TokenizeOptions } from './tokenizer.js'
import { LazySegment, type SegmentCursor } from './segment-cursor.js'
import type { Segment } from './segment.js'

/*
 * The scanner's raw mode (feedRaw/endRaw: byte cursors instead of strings) must see the very
 * segments the string mode sees, under any chunking, and — in atomic mode — drop on a tokenizer
 * error exactly the segments the string tokenizer's consumers never get (those of the chunk that
 * failed), because the validator's findings depend on it.
 */

const SAMPLES = fileURLToPath(new URL('../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout
const samples = readdirSync(SAMPLES).filter((n) => !n.endsWith('.md')).sort().map((n) => readFileSync(SAMPLES + n))
const OPTIONS: TokenizeOptions = { lenientIsa: true }

function pieces(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  let prev = 0
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    out.push(bytes.subarray(prev, cut))
    prev = cut
  }
  out.push(bytes.subarray(prev))
  return out
}

/** What a consumer of the string tokenizer gets: each chunk's segments only if the whole chunk scanned (as tokenize() hands them out). */
function viaStrings(chunks: readonly Uint8Array[]): { segments: Segment[], error: string | undefined } {
  const scanner = new SegmentScanner(OPTIONS)
  const segments: Segment[] = []
  try {
    for (const chunk of chunks) for (const piece of slices(chunk)) segments.push(...scanner.push(piece))
    segments.push(...scanner.end())
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    return { segments, error: err.code }
  }
  return { segments, error: undefined }
}

function viaCursors(chunks: readonly Uint8Array[], atomic: boolean): { segments: Segment[], error: string | undefined } {
  const scanner = new SegmentScanner(OPTIONS)
  const segments: Segment[] = []
  const onRaw = (c: SegmentCursor): void => { segments.push(c.toSegment()) }
  const onSegment = (seg: Segment): void => { segments.push(seg) }
  try {
    for (const chunk of chunks) for (const piece of slices(chunk)) scanner.feedRaw(piece, onRaw, onSegment, atomic)
    scanner.endRaw(onRaw, onSegment, atomic)
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    return { segments, error: err.code }
  }
  return { segments, error: undefined }
}

const BYTES = [0x30, 0x41, 0x20, 0x2a, 0x7e, 0x0a, 0x0d, 0x00, 0x49, 0x53, 0x45]

describe('SegmentScanner raw mode (byte cursors)', () => {
  test('sees the same segments as the string mode on every sample, in any chunking', () => {
    fc.assert(fc.property(fc.constantFrom(...samples), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
      const chunks = pieces(bytes, cuts)
      const expected = viaStrings(chunks)
      assert.deepEqual(viaCursors(chunks, true), expected)
      assert.deepEqual(viaCursors(chunks, false), expected)
    }), { numRuns: 200, seed: 17 })
  })

  test('atomic mode drops the failing chunk\'s segments, like the string tokenizer\'s consumers (fast-check)', () => {
    fc.assert(fc.property(
      fc.constantFrom(...samples), fc.array(fc.record({ at: fc.nat(), byte: fc.constantFrom(...BYTES) }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(),
      (bytes, edits, cuts, twice) => {
        // Broken copies: bytes replaced, sometimes a second interchange after the first.
        const copy = Buffer.from(twice ? Buffer.concat([bytes, bytes]) : bytes)
        for (const { at, byte } of edits) copy[at % copy.length] = byte
        const chunks = pieces(copy, cuts)
        assert.deepEqual(viaCursors(chunks, true), viaStrings(chunks))
      },
    ), { numRuns: 300, seed: 23 })
  })

  test('sees the same segments under other delimiters and line endings (LF as terminator, CR/LF after it, spaces)', () => {
    // The raw scan goes from one segment straight into the next unless the byte after a
    // terminator needs the segment-start checks (a line ending, a space, an 'I' that may begin
    // ISA, the chunk's end): each of those cases, under any chunking, against the string mode.
    const parsed = samples.map((bytes) => viaStrings([bytes])).filter((r) => r.error === undefined && r.segments[0]?.id === 'ISA')
    fc.assert(fc.property(
      fc.constantFrom(...parsed), fc.constantFrom('*', '|'), fc.constantFrom('~', '\n', "'"), fc.constantFrom('', '\n', '\r\n', ' '),
      fc.array(fc.nat(), { maxLength: 6 }),
      ({ segments }, sep, term, after, cuts) => {
        const values = segments.flatMap((seg) => seg.elements.slice(1))
        fc.pre(!values.some((v) => v.includes(sep) || v.includes(term)))
        const suffix = term === '\n' ? '' : after
        const text = segments.map((seg) => seg.elements.join(sep) + term + suffix).join('')
        const chunks = pieces(Buffer.from(text, 'latin1'), cuts)
        const expected = viaStrings(chunks)
        assert.equal(expected.error, undefined)
        assert.equal(expected.segments.length, segments.length)
        assert.deepEqual(viaCursors(chunks, true), expected)
        assert.deepEqual(viaCursors(chunks, false), expected)
      },
    ), { numRuns: 300, seed: 29 })
  })

  test('cursor offsets, lines and element bounds match the segment', () => {
    const scanner = new SegmentScanner()
    const seen: string[] = []
    const text = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~\nGS*BE*S*R*20260101*1200*1*X*005010X220A1~\nST*834*0001~'
    scanner.feedRaw(text, (c) => {
      const seg = c.toSegment()
      assert.equal(c.element(c.count + 1), undefined)
      for (let i = 0; i <= c.count; i++) assert.equal(c.element(i), seg.elements[i])
      seen.push(`${c.id()}@${c.offset}:${c.line}/${c.count}`)
    }, (isa) => { seen.push(`${isa.id}@${isa.offset}:${isa.line}`) })
    assert.deepEqual(seen, ['ISA@0:1', 'GS@107:2/8', 'ST@149:3/2'])
  })

  test('a LazySegment refuses to read its elements once the scanner moved on', () => {
    const scanner = new SegmentScanner()
    const views: LazySegment[] = []
    scanner.feedRaw(Buffer.from(samples[0]!), (c) => { views.push(new LazySegment(c).bind()) }, () => undefined)
    assert.ok(views.length > 2)
    assert.throws(() => views[0]!.element(1), /read after the scanner moved on/)
    assert.equal(typeof views[0]!.index, 'number')
  })
})

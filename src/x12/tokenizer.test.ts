import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { X12Error } from './errors.js'
import { SegmentScanner, tokenize, tokenizeSync } from './tokenizer.js'
import type { Segment } from './segment.js'

const SAMPLES = fileURLToPath(new URL('../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout
const sample = (name: string): Buffer => readFileSync(SAMPLES + name)

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~'
const SMALL = `${ISA}GS*BE*S*R*20260101*1200*1*X*005010X220A1~ST*834*0001*005010X220A1~SE*2*0001~GE*1*1~IEA*1*000000001~`

function ids(segs: Iterable<Segment>): string[] {
  return [...segs].map((s) => s.id)
}

function code(fn: () => unknown): string {
  try { fn() } catch (err) {
    assert.ok(err instanceof X12Error, `expected X12Error, got ${String(err)}`)
    return err.code
  }
  assert.fail('expected an X12Error')
}

describe('tokenizer', () => {
  test('reads delimiters from the ISA and splits elements 1-based', () => {
    const segs = [...tokenizeSync(SMALL)]
    assert.deepEqual(ids(segs), ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'])
    assert.equal(segs[0]!.elements.length, 17)
    assert.equal(segs[0]!.elements[16], ':')
    assert.equal(segs[2]!.elements[2], '0001')
    assert.deepEqual(segs.map((s) => s.index), [0, 1, 2, 3, 4, 5])
    assert.equal(segs[1]!.offset, 106)
  })

  test('unusual delimiters: | element, } segment, ! repetition, ^ component', () => {
    const text = SMALL.replaceAll('*', '|').replaceAll('~', '}').replace('|^|00501', '|!|00501').replace('|:}', '|^}')
    const scanner = new SegmentScanner()
    const segs = [...scanner.push(text), ...scanner.end()]
    assert.deepEqual(ids(segs), ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'])
    assert.deepEqual(scanner.delimiters, { element: '|', component: '^', repetition: '!', segment: '}' })
  })

  test('CRLF after terminators counts lines; offsets are byte offsets', () => {
    const text = SMALL.replaceAll('~', '~\r\n')
    const segs = [...tokenizeSync(text)]
    assert.deepEqual(segs.map((s) => s.line), [1, 2, 3, 4, 5, 6])
    assert.equal(segs[1]!.offset, 108)
    assert.equal(segs[5]!.elements[2], '000000001')
  })

  test('a newline as the segment terminator', () => {
    const text = SMALL.replaceAll('~', '\n')
    const segs = [...tokenizeSync(text)]
    assert.deepEqual(ids(segs), ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'])
    assert.deepEqual(segs.map((s) => s.line), [1, 2, 3, 4, 5, 6])
  })

  test('UTF-8 BOM is skipped (EdiFabric sample), offsets still count it', () => {
    const segs = [...tokenizeSync(sample('edifabric_BenefitEnrollment_bom.txt'))]
    assert.equal(segs[0]!.id, 'ISA')
    assert.equal(segs[0]!.offset, 3)
    assert.equal(segs.filter((s) => s.id === 'HD').length, 3)
  })

  test('two interchanges with different delimiters in one input', () => {
    const second = SMALL.replaceAll('*', '|').replaceAll('~', '\n')
    const segs = [...tokenizeSync(SMALL + '\r\n' + second)]
    assert.deepEqual(ids(segs), ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA', 'ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'])
    assert.equal(segs[7]!.elements[1], 'BE')
  })

  test('the pyx12 full-file sample: backslash component separator, "~ \\n" endings', () => {
    const segs = [...tokenizeSync(sample('pyx12_example834_5010_full_file.txt'))]
    assert.equal(segs[0]!.elements[16], '\\')
    assert.equal(segs[1]!.id, 'GS')
    assert.equal(segs.at(-1)!.id, 'IEA')
  })

  test('every chunking of a sample yields the same segments', async () => {
    const bytes = sample('pyx12_834_ls_le_ls.txt')
    const whole = [...tokenizeSync(bytes)]
    for (const size of [1, 2, 3, 7, 105, 106, 107, 4096]) {
      const chunks: Buffer[] = []
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size))
      const got: Segment[] = []
      for await (const seg of tokenize(Readable.from(chunks))) got.push(seg)
      assert.deepEqual(got, whole, `chunk size ${size}`)
    }
  })

  test('string chunks are accepted', async () => {
    async function* gen(): AsyncGenerator<string> { yield SMALL.slice(0, 50); yield SMALL.slice(50) }
    const got: string[] = []
    for await (const seg of tokenize(gen())) got.push(seg.id)
    assert.deepEqual(got, ['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA'])
  })

  test('breaking out of tokenize closes the source; errors reject with X12Error', async () => {
    let closed = false
    async function* source(text: string): AsyncGenerator<string> {
      try { for (let i = 0; i < text.length; i += 10) yield text.slice(i, i + 10) } finally { closed = true }
    }
    for await (const seg of tokenize(source(SMALL))) { assert.equal(seg.id, 'ISA'); break }
    assert.equal(closed, true)
    closed = false
    await assert.rejects(async () => { for await (const seg of tokenize(source('GS*BE~'))) void seg }, (err: unknown) => err instanceof X12Error && err.code === 'no-isa')
    assert.equal(closed, true)
  })

  test('input that does not start with ISA is refused', () => {
    assert.equal(code(() => [...tokenizeSync('GS*BE~')]), 'no-isa')
    assert.equal(code(() => [...tokenizeSync('')]), 'no-isa')
  })

  test("a VAN's $$ADD line before the ISA: refused, and the message says where the ISA begins", () => {
    const err = (() => { try { [...tokenizeSync(`$$ADD ID=ABC123 BID='834DATA'\n${SMALL}`)] } catch (e) { return e } })()
    assert.ok(err instanceof X12Error && err.code === 'no-isa')
    assert.equal(err.message, "Input does not start with an ISA header: it starts with '$$ADD ID=ABC123 BID='834DATA'', and an ISA begins on line 2 (remove the text before it)")
    const noIsa = (() => { try { [...tokenizeSync('GS*BE~ISAAC~')] } catch (e) { return e } })()
    assert.ok(noIsa instanceof X12Error && noIsa.message === 'Input does not start with an ISA header', 'ISAAC is no ISA')
  })

  test('a non-fixed-width ISA is refused unless lenientIsa (mpulse sample)', () => {
    const bytes = sample('mpulse_AnP-IHG-add-dep-to-sub-and-spouse.edi')
    assert.equal(code(() => [...tokenizeSync(bytes)]), 'isa-not-fixed-width')
    const segs = [...tokenizeSync(bytes, { lenientIsa: true })]
    assert.equal(segs[0]!.elements[8], 'IBX')
    assert.equal(segs.filter((s) => s.id === 'INS').length, 3)
  })

  test('truncation inside the ISA or a segment is an X12Error', () => {
    assert.equal(code(() => [...tokenizeSync(ISA.slice(0, 60))]), 'isa-truncated')
    assert.equal(code(() => [...tokenizeSync(SMALL.slice(0, 130))]), 'unterminated-segment')
  })

  test('data after IEA that is not an ISA is refused', () => {
    assert.equal(code(() => [...tokenizeSync(SMALL + 'GS*BE~')]), 'no-isa')
  })

  test('delimiters that collide are refused', () => {
    assert.equal(code(() => [...tokenizeSync(ISA.replace('*:~', '*~~'))]), 'invalid-delimiters')
  })

  test('a segment longer than maxSegmentLength is refused', () => {
    const text = ISA + 'GS*' + 'X'.repeat(500)
    const scanner = new SegmentScanner({ maxSegmentLength: 100 })
    assert.equal(code(() => scanner.push(text)), 'segment-too-long')
  })
})

describe('a failure hands out the segments before it first', () => {
  // A good interchange followed by a stray line: a segment-by-segment reader sees ISA … IEA, then the error.
  const text = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~IEA*0*000000001~X\n'
  test('tokenizeSync', () => {
    const ids: string[] = []
    assert.throws(() => { for (const seg of tokenizeSync(text)) ids.push(seg.id) }, (err) => err instanceof X12Error && err.code === 'no-isa')
    assert.deepEqual(ids, ['ISA', 'IEA'])
  })
  test('tokenize', async () => {
    const ids: string[] = []
    await assert.rejects(async () => { for await (const seg of tokenize(Readable.from([Buffer.from(text, 'latin1')]))) ids.push(seg.id) }, (err) => err instanceof X12Error && err.code === 'no-isa')
    assert.deepEqual(ids, ['ISA', 'IEA'])
  })
})

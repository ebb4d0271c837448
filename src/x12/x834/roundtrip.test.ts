import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { X12Error } from '../errors.js'
import { tokenizeSync } from '../tokenizer.js'
import { MemorySink } from '../writer.js'
import { parse834, read834 } from './parser.js'
import { write834 } from './write.js'
import { delimitersArb, headerArb, lineEndingArb, memberArb } from './test-arbitraries.js'
import type { Member } from './model.js'

const SAMPLES = fileURLToPath(new URL('../../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout
const samples = readdirSync(SAMPLES).filter((n) => !n.endsWith('.md')).map((n) => readFileSync(SAMPLES + n))

async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let prev = 0
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(prev, cut)
    prev = cut
  }
  yield bytes.subarray(prev)
}

/** Parses with every guard on; returns normally or throws X12Error — anything else fails the property. */
function onlyX12Errors(input: Uint8Array | string, lenient: boolean): void {
  try {
    parse834(input, { lenient })
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
  }
}

describe('834 round trip (fast-check)', () => {
  test('random members and headers: write then parse gives them back, under any delimiters, line endings and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(memberArb, { minLength: 1, maxLength: 4 }), headerArb, delimitersArb, lineEndingArb,
        fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('T', 'P'), fc.option(fc.constantFrom('2', '4', 'RX'), { nil: undefined }),
        async (members, header, delimiters, lineEnding, cuts, usage, action) => {
          const sink = new MemorySink()
          const result = await write834(sink, {
            sender_id: 'SENDER', receiver_id: 'RECEIVER', interchange_control_number: 17, usage,
            delimiters, line_ending: lineEnding, header, members, bgn_action: action,
          })
          assert.equal(result.members, members.length)
          const bytes = sink.bytes()
          const got: Member[] = []
          let context
          for await (const rec of read834(chunked(bytes, cuts))) { got.push(rec.member); context = rec.context }
          assert.deepEqual(got, members)
          const expectedHeader = { ...header, ST: { ST01: '834', ST02: '0001', ST03: '005010X220A1' }, BGN: action === undefined ? header.BGN : { ...header.BGN, BGN08: action } }
          assert.deepEqual(context?.header, expectedHeader)
          assert.equal(context?.interchange.ISA.ISA15, usage)
          assert.deepEqual(context?.interchange.delimiters, delimiters)
          // Control numbers and counts agree with what was written.
          const segs = [...tokenizeSync(bytes)]
          // Positions: each offset points at the segment id; line = 1 + LFs before it.
          let lfs = 0
          let from = 0
          for (const seg of segs) {
            for (let i = from; i < seg.offset; i++) if (bytes[i] === 0x0a) lfs++
            from = seg.offset
            assert.equal(bytes.toString('latin1', seg.offset, seg.offset + seg.id.length), seg.id)
            assert.equal(seg.line, lfs + 1)
          }
          const se = segs.find((s) => s.id === 'SE')!
          assert.equal(Number(se.elements[1]), segs.length - 4)
          assert.equal(segs.at(-1)!.elements[2], segs[0]!.elements[13])
        },
      ),
      { numRuns: 150 },
    )
  })

  test('any chunking of a sample parses to the same members', async () => {
    const bytes = readFileSync(SAMPLES + 'pyx12_834_ls_le_ls.txt')
    const whole = parse834(bytes)[0]!.groups[0]!.transactions[0]!.members
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 20 }), async (cuts) => {
        const got: Member[] = []
        for await (const rec of read834(chunked(bytes, cuts))) got.push(rec.member)
        assert.deepEqual(got, whole)
      }),
      { numRuns: 100 },
    )
  })
})

describe('834 parser robustness (fast-check)', () => {
  test('mutated samples never throw anything but X12Error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'delete', 'insert')), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (original, edits, lenient) => {
          const bytes = Array.from(original)
          for (const [pos, byte, kind] of edits) {
            const at = pos % (bytes.length + 1)
            if (kind === 'set') bytes[at] = byte
            else if (kind === 'delete') bytes.splice(at, 1 + (byte % 20))
            else bytes.splice(at, 0, byte)
          }
          onlyX12Errors(Uint8Array.from(bytes), lenient)
        },
      ),
      { numRuns: 300 },
    )
  })

  test('truncated samples never throw anything but X12Error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.boolean(), (original, cut, lenient) => {
        onlyX12Errors(original.subarray(0, cut % (original.length + 1)), lenient)
      }),
      { numRuns: 200 },
    )
  })

  test('arbitrary bytes, alone or after a valid ISA, never throw anything but X12Error', () => {
    const isa = samples[1]!.subarray(0, 107)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), fc.boolean(), (junk, afterIsa, lenient) => {
        onlyX12Errors(afterIsa ? Buffer.concat([isa, junk]) : junk, lenient)
      }),
      { numRuns: 300 },
    )
  })

  test('arbitrary segment soup with valid envelopes never throws anything but X12Error', () => {
    const ids = ['ISA', 'GS', 'ST', 'BGN', 'N1', 'INS', 'REF', 'DTP', 'NM1', 'N3', 'N4', 'DMG', 'HD', 'LX', 'COB', 'LS', 'LE', 'DSB', 'PER', 'SE', 'GE', 'IEA', 'ZZ']
    const quals = ['IL', '74', '70', '31', '36', 'M8', 'S3', 'QD', '45', 'P3', 'GW', 'P5', 'IN', 'BO', '75', '38', '0F', '']
    const head = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *260101*1200*^*00501*000000001*0*T*:~GS*BE*A*B*20260101*1200*1*X*005010X220A1~ST*834*0001*005010X220A1~BGN*00*1*20260101~N1*P5**FI*1~N1*IN**FI*2~'
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...quals)), { maxLength: 40 }), (segs) => {
        onlyX12Errors(head + segs.map(([id, q]) => `${id}*${q}*X~`).join('\n'), false)
      }),
      { numRuns: 300 },
    )
  })
})

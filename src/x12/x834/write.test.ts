import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { Writable } from 'node:stream'
import { X12Error } from '../errors.js'
import { tokenizeSync } from '../tokenizer.js'
import { MemorySink } from '../writer.js'
import { parse834 } from './parser.js'
import { X834Writer, envelope834, format834, write834, writeInterchanges834, type Header834Input } from './write.js'
import type { Member } from './model.js'

const SAMPLES = fileURLToPath(new URL('../../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout

const header: Header834Input = {
  BGN: { BGN01: '00', BGN02: 'REF1', BGN03: '20260101', BGN04: '1200', BGN08: '2' },
  sponsor: { N1: { N101: 'P5', N102: 'ACME', N103: 'FI', N104: '123456789' } },
  payer: { N1: { N101: 'IN', N102: 'CARRIER', N103: 'FI', N104: '987654321' } },
}

function member(last: string, extra: Partial<Member> = {}): Member {
  return {
    INS: { INS01: 'Y', INS02: '18', INS03: '021', INS04: '28', INS05: 'A', INS08: 'FT' },
    REF: [{ REF01: '0F', REF02: '123456789' }],
    member_name: { NM1: { NM101: 'IL', NM102: '1', NM103: last, NM104: 'JOHN', NM108: '34', NM109: '123456789' } },
    health_coverages: [{ HD: { HD01: '021', HD03: 'HLT', HD05: 'EMP' }, DTP: [{ DTP01: '348', DTP02: 'D8', DTP03: '20260101' }] }],
    ...extra,
  }
}

const partner = { sender_id: 'ACME', receiver_id: 'CARRIER', interchange_control_number: 42, date: new Date('2026-03-04T05:06:00Z') }

async function written(members: Member[], options: Partial<Parameters<typeof write834>[1]> = {}): Promise<string> {
  const sink = new MemorySink()
  await write834(sink, { ...partner, header, members, ...options })
  return sink.text()
}

function code(fn: () => unknown): string {
  try { fn() } catch (err) {
    assert.ok(err instanceof X12Error, `expected X12Error, got ${String(err)}`)
    return err.code
  }
  assert.fail('expected an X12Error')
}

async function asyncCode(fn: () => Promise<unknown>): Promise<string> {
  try { await fn() } catch (err) {
    assert.ok(err instanceof X12Error, `expected X12Error, got ${String(err)}`)
    return err.code
  }
  assert.fail('expected an X12Error')
}

describe('834 writer', () => {
  test('envelope: fixed-width ISA, matching control numbers, SE01 counts ST..SE, GE01 and IEA01', async () => {
    const text = await written([member('DOE'), member('ROE')], { usage: 'P', transaction_control_number: '0007' })
    const lines = text.split('\n')
    assert.equal(lines[0], 'ISA*00*          *00*          *ZZ*ACME           *ZZ*CARRIER        *260304*0506*^*00501*000000042*0*P*:~')
    assert.equal(lines[1], 'GS*BE*ACME*CARRIER*20260304*0506*42*X*005010X220A1~')
    assert.equal(lines[2], 'ST*834*0007*005010X220A1~')
    assert.equal(lines[6], 'INS*Y*18*021*28*A***FT~')
    const segs = [...tokenizeSync(text)]
    const stAt = segs.findIndex((s) => s.id === 'ST')
    const seAt = segs.findIndex((s) => s.id === 'SE')
    assert.deepEqual(segs[seAt]!.elements, ['SE', String(seAt - stAt + 1), '0007'])
    assert.deepEqual(segs.at(-2)!.elements, ['GE', '1', '42'])
    assert.deepEqual(segs.at(-1)!.elements, ['IEA', '1', '000000042'])
    assert.equal(text.endsWith('IEA*1*000000042~\n'), true)
  })

  test('several groups and transactions: GE01 counts STs, IEA01 counts GSs', () => {
    const sink = new MemorySink()
    const w = new X834Writer(sink, { line_ending: 'none' })
    const { ISA, GS } = envelope834(partner)
    w.beginInterchange(ISA)
    for (const gs06 of ['1', '2']) {
      w.beginGroup({ ...GS, GS06: gs06 })
      for (const st02 of ['0001', '0002', '0003']) {
        w.beginTransaction({ ...header, ST: { ST01: '834', ST02: st02, ST03: '005010X220A1' } })
        w.member(member('DOE'))
        w.endTransaction()
      }
      w.endGroup()
    }
    w.endInterchange()
    void w.flush()
    const segs = [...tokenizeSync(sink.text())]
    assert.deepEqual(segs.filter((s) => s.id === 'GE').map((s) => s.elements), [['GE', '3', '1'], ['GE', '3', '2']])
    assert.deepEqual(segs.at(-1)!.elements, ['IEA', '2', '000000042'])
    assert.deepEqual(segs.filter((s) => s.id === 'SE').map((s) => s.elements[2]), ['0001', '0002', '0003', '0001', '0002', '0003'])
    assert.equal(parse834(sink.text()).flatMap((i) => i.groups.flatMap((g) => g.transactions)).length, 6)
  })

  test('a TA1-only interchange round-trips with IEA01 = 0', () => {
    const { ISA } = envelope834(partner)
    const TA1 = { TA101: '000000041', TA102: '260304', TA103: '0506', TA104: 'A', TA105: '000' }
    const text = format834([{ ISA, delimiters: { element: '*', component: ':', repetition: '^', segment: '~' }, TA1: [TA1], groups: [] }])
    assert.ok(text.endsWith('TA1*000000041*260304*0506*A*000~\nIEA*0*000000042~\n'))
    const [ic] = parse834(text)
    assert.deepEqual(ic?.TA1, [TA1])
    assert.deepEqual(ic?.groups, [])
  })

  test('delimiters, line endings, usage and BGN purpose/action are per partner', async () => {
    const text = await written([member('DOE')], {
      delimiters: { element: '|', component: '>', repetition: '!', segment: '}' }, line_ending: 'crlf', usage: 'T', bgn_purpose: '15', bgn_action: '4',
    })
    assert.ok(text.startsWith('ISA|00|'))
    assert.ok(text.includes('|!|00501|000000042|0|T|>}\r\nGS|BE|'))
    assert.ok(text.includes('BGN|15|REF1|20260101|1200||||4}\r\n'))
    const none = await written([member('DOE')], { line_ending: 'none' })
    assert.ok(!none.includes('\n'))
  })

  test('trailing empty elements and components are trimmed', async () => {
    const text = await written([member('DOE', { INS: { INS01: 'Y', INS02: '18', INS03: '030', INS05: 'A', INS06: ['C', ''], INS08: '' } })])
    assert.ok(text.includes('\nINS*Y*18*030**A*C~\n'))
  })

  test('a value containing a delimiter is refused (X12 has no escaping)', async () => {
    assert.equal(await asyncCode(() => written([member('O*BRIEN')])), 'delimiter-in-data')
    assert.equal(await asyncCode(() => written([member('A:B')])), 'delimiter-in-data')
    assert.equal(await asyncCode(() => written([member('Ω')])), 'invalid-value')
    // X12's character sets are printable ASCII: a latin1 É (which carriers and pyx12 refuse) or a tab is not written.
    assert.equal(await asyncCode(() => written([member('DUPRÉ')])), 'invalid-value')
    assert.equal(await asyncCode(() => written([member('DU\tPRE')])), 'invalid-value')
    // With other delimiters the same name is fine.
    const text = await written([member('O*BRIEN')], { delimiters: { element: '|' } })
    assert.equal(parse834(text)[0]!.groups[0]!.transactions[0]!.members[0]!.member_name.NM1.NM103, 'O*BRIEN')
  })

  test('bad envelopes and delimiter choices are refused', async () => {
    assert.equal(await asyncCode(() => written([], { sender_id: 'A-SENDER-ID-LONGER-THAN-15' })), 'invalid-value')
    assert.equal(code(() => new X834Writer(new MemorySink(), { delimiters: { element: 'A' } })), 'invalid-delimiters')
    assert.equal(code(() => new X834Writer(new MemorySink(), { delimiters: { element: '~' } })), 'invalid-delimiters')
    assert.equal(code(() => new X834Writer(new MemorySink()).member(member('DOE'))), 'writer-state')
  })

  test('respects backpressure from a slow Writable and delivers every byte', async () => {
    const chunks: Buffer[] = []
    let writes = 0
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) { chunks.push(chunk); writes++; setImmediate(done) },
    })
    let drains = 0
    slow.on('drain', () => drains++)
    async function* members(): AsyncGenerator<Member> { for (let i = 0; i < 3000; i++) yield member(`NAME${i}`) }
    const result = await write834(slow, { ...partner, header, members: members() })
    assert.equal(result.members, 3000)
    assert.ok(writes > 1)
    assert.ok(drains > 0)
    const parsed = parse834(Buffer.concat(chunks))[0]!.groups[0]!.transactions[0]!.members
    assert.equal(parsed.length, 3000)
    assert.equal(parsed[2999]!.member_name.NM1.NM103, 'NAME2999')
  })

  test('every 834 sample written back gives the same segments (bar the wrong SE counts in two samples)', async () => {
    for (const name of readdirSync(SAMPLES).filter((n) => !n.endsWith('.md') && !n.includes('.999'))) {
      const lenient = name.startsWith('mpulse_AnP')
      const bytes = readFileSync(SAMPLES + name)
      const doc = parse834(bytes, { lenient })
      const sink = new MemorySink()
      await writeInterchanges834(sink, doc, { delimiters: doc[0]!.delimiters })
      const before = [...tokenizeSync(bytes, { lenientIsa: lenient })].map((s) => s.elements)
      const after = [...tokenizeSync(sink.bytes())].map((s) => s.elements)
      const differing = after.filter((els, i) => JSON.stringify(els) !== JSON.stringify(before[i])).map((els) => els[0])
      if (name === 'sarun_EDI834_dummy_input.txt') assert.deepEqual(differing, ['SE'], name)
      else if (lenient) assert.deepEqual(differing, ['ISA', 'SE', 'GE', 'IEA'], name) // padded ISA08, SE was 719, trailers added
      else assert.deepEqual(differing, [], name)
      assert.deepEqual(parse834(format834(doc, { delimiters: { element: '|', segment: '\n' } }), {})[0]!.groups, parse834(sink.bytes())[0]!.groups.map((g) => g), name)
    }
  })
})

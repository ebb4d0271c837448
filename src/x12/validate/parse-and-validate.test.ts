import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createReadStream, readFileSync } from 'node:fs'
import { parseAndValidate834, validate834 } from './validate-834.js'
import { X12Error } from '../errors.js'
import { SAMPLES } from './test-helpers.js'
import type { MemberRecord } from '../x834/machine.js'

/*
 * The one-pass parse+validate API: what iterating and result() give, and when. That its members,
 * errors and results equal read834's and validate834's on every input is differential.test.ts's job.
 */

const OPTIONS = { today: '2026-11-23' }

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> { yield bytes }

describe('parseAndValidate834', () => {
  test('members as read834 gives them, then the validation of the whole file', async () => {
    const run = parseAndValidate834(createReadStream(SAMPLES + 'pyx12_834_deident_family.txt', { highWaterMark: 100 }), OPTIONS)
    const names: string[] = []
    for await (const { member } of run) names.push(member.member_name.NM1.NM104 ?? '')
    assert.deepEqual(names, ['ROBERT', 'MARY', 'MICHAEL'])
    const result = await run.result()
    assert.deepEqual(result, await validate834(readFileSync(SAMPLES + 'pyx12_834_deident_family.txt'), OPTIONS))
    assert.equal(result.interchanges[0]?.groups[0]?.transaction_sets[0]?.members, 3)
  })

  test('a parser error ends the members (X12Error) but not the validation', async () => {
    // mpulse: ISA not fixed width — read834 refuses it unless lenient; the validator reports it and reads on.
    const bytes = readFileSync(SAMPLES + 'mpulse_AnP-IHG-add-dep-to-sub-and-spouse.edi')
    const run = parseAndValidate834(once(bytes), OPTIONS)
    const members: MemberRecord[] = []
    await assert.rejects(async () => { for await (const rec of run) members.push(rec) }, (err: unknown) => err instanceof X12Error && err.code === 'isa-not-fixed-width')
    assert.equal(members.length, 0)
    const result = await run.result()
    assert.ok(result.findings.some((f) => f.code === 'isa-not-fixed-width'))
    assert.ok(result.segment_count > 20)
    assert.deepEqual(result, await validate834(bytes, OPTIONS))
  })

  test('lenient: the same file gives its members and the same validation', async () => {
    const bytes = readFileSync(SAMPLES + 'mpulse_AnP-IHG-add-dep-to-sub-and-spouse.edi')
    const run = parseAndValidate834(once(bytes), { ...OPTIONS, lenient: true })
    const members: MemberRecord[] = []
    for await (const rec of run) members.push(rec)
    assert.deepEqual(members.map((r) => r.member.INS.INS03), ['001', '021', '001'])
    assert.deepEqual(await run.result(), await validate834(bytes, OPTIONS))
  })

  test('result() without iterating reads everything; after a break it rejects', async () => {
    const path = SAMPLES + 'sarun_EDI834_dummy_input.txt'
    const expected = await validate834(readFileSync(path), OPTIONS)
    assert.deepEqual(await parseAndValidate834(createReadStream(path), OPTIONS).result(), expected)
    const run = parseAndValidate834(createReadStream(path, { highWaterMark: 64 }), OPTIONS)
    for await (const _ of run) break
    await assert.rejects(run.result(), /not read to its end/)
  })

  test('a tokenizer failure is a finding; the members stop with that X12Error', async () => {
    const text = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')
    const cut = Buffer.from(text.slice(0, text.lastIndexOf('IEA') + 5), 'latin1') // no terminator after IEA
    const run = parseAndValidate834(once(cut), OPTIONS)
    const members: MemberRecord[] = []
    await assert.rejects(async () => { for await (const rec of run) members.push(rec) }, (err: unknown) => err instanceof X12Error && err.code === 'unterminated-segment')
    assert.equal(members.length, 3)
    const result = await run.result()
    assert.ok(result.findings.some((f) => f.code === 'tokenizer-error'))
    assert.deepEqual(result, await validate834(cut, OPTIONS))
  })
})

import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MemorySink } from '../writer.js'
import { parse834, read834 } from '../x834/parser.js'
import { write834 } from '../x834/write.js'
import type { MemberRecord } from '../x834/machine.js'
import { X12Error } from '../errors.js'
import { SAMPLES } from './test-helpers.js'
import { parseAndValidate834, validate834 } from './validate-834.js'
import { createValidationPool } from './validation-pool.js'

/*
 * parseAndValidate834 with a validation pool: members read on this thread, validation on the
 * pool's worker. That its members and results equal the one-thread pass on every input is
 * differential.test.ts's job; here: when the worker is used, and what stopping, failing and
 * closing do.
 */

const OPTIONS = { today: '2026-11-23' }
const pool = createValidationPool()
after(() => pool.close())

/** A ~3 MB 834: the family sample's members written 6,000 times over, one byte chunk per 64 KiB. */
const big = await (async () => {
  const [interchange] = parse834(readFileSync(SAMPLES + 'pyx12_834_deident_family.txt'))
  const tx = interchange!.groups[0]!.transactions[0]!
  const sink = new MemorySink()
  const members = Array.from({ length: 6000 }, () => tx.members).flat()
  await write834(sink, { sender_id: 'SPONSOR', receiver_id: 'CARRIER', interchange_control_number: 7, usage: 'T', date: new Date('2026-11-01T00:00:00Z'), header: tx.header, members })
  return sink.bytes()
})()

async function* chunks(bytes: Uint8Array, size = 1 << 16, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    if (failAt !== undefined && i >= failAt) throw new Error('disk gone')
    yield bytes.subarray(i, i + size)
  }
}

describe('parseAndValidate834 with a validation pool', () => {
  test('a big input is validated on the worker; members and result as on one thread', async () => {
    assert.ok(big.length > 2 << 20, `${big.length} bytes`)
    const before = pool.stats().started
    const run = parseAndValidate834(chunks(big), { ...OPTIONS, pool })
    const members: MemberRecord[] = []
    for await (const rec of run) members.push(rec)
    const result = await run.result()
    assert.equal(pool.stats().started, before + 1)
    assert.equal(members.length, 18_000)
    const alone: MemberRecord[] = []
    for await (const rec of read834(chunks(big))) alone.push(rec)
    assert.deepEqual(members, alone)
    assert.equal(result.valid, true)
    assert.deepEqual(result, await validate834(big, OPTIONS))
    assert.equal(pool.stats().running, 0)
  })

  test('an input below poolMinBytes stays on one thread', async () => {
    const before = pool.stats().started
    const bytes = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt')
    const run = parseAndValidate834(chunks(bytes, 100), { ...OPTIONS, pool })
    let n = 0
    for await (const _ of run) n++
    assert.equal(n, 3)
    assert.deepEqual(await run.result(), await validate834(bytes, OPTIONS))
    assert.equal(pool.stats().started, before)
  })

  test('a parser error ends the members; the worker still validates the rest', async () => {
    // A GE before the 2000th member: read834 stops there, the validator reads on.
    const text = big.toString('latin1')
    let at = -1
    for (let i = 0; i < 2000; i++) at = text.indexOf('INS*', at + 1)
    const broken = Buffer.from(text.slice(0, at) + 'GE*1*7~' + text.slice(at), 'latin1')
    const run = parseAndValidate834(chunks(broken), { ...OPTIONS, pool, poolMinBytes: 0 })
    let n = 0
    await assert.rejects(async () => { for await (const _ of run) n++ }, (err: unknown) => err instanceof X12Error)
    assert.ok(n > 0 && n < 2000, `members before the error: ${n}`)
    const result = await run.result()
    assert.equal(result.valid, false)
    assert.deepEqual(result, await validate834(broken, OPTIONS))
  })

  test('stopping early cancels the worker\'s validation; result() rejects', async () => {
    const run = parseAndValidate834(chunks(big), { ...OPTIONS, pool })
    for await (const _ of run) break
    await assert.rejects(run.result(), /not read to its end/)
    assert.equal(pool.stats().running, 0)
  })

  test('a failing source fails the members and the result, and frees the worker', async () => {
    const run = parseAndValidate834(chunks(big, 1 << 16, big.length >> 1), { ...OPTIONS, pool })
    await assert.rejects(async () => { for await (const _ of run) { /* read on */ } }, /disk gone/)
    await assert.rejects(run.result(), /disk gone/)
    assert.equal(pool.stats().running, 0)
    // The same on one thread.
    const alone = parseAndValidate834(chunks(big, 1 << 16, big.length >> 1), OPTIONS)
    await assert.rejects(async () => { for await (const _ of alone) { /* read on */ } }, /disk gone/)
    await assert.rejects(alone.result(), /disk gone/)
  })

  test('a worker lost mid-run fails the members and the result with its reason', async () => {
    const own = createValidationPool()
    const run = parseAndValidate834(chunks(big), { ...OPTIONS, pool: own })
    await run.next()
    await own.close() // ends the worker under the running validation
    await assert.rejects(async () => { for await (const _ of run) { /* read on */ } }, /validation pool is closed/)
    await assert.rejects(run.result(), /validation pool is closed/)
  })

  test('a closed pool fails a run that needs it with a clear error', async () => {
    const closed = createValidationPool()
    await closed.close()
    const run = parseAndValidate834(chunks(big), { ...OPTIONS, pool: closed })
    await assert.rejects(run.result(), /validation pool is closed/)
  })

  test('a pool left open does not keep the process alive', () => {
    const script = [
      "import { createReadStream } from 'node:fs'",
      `import { createValidationPool, parseAndValidate834 } from ${JSON.stringify(fileURLToPath(new URL('../index.ts', import.meta.url)))}`,
      'const pool = createValidationPool()',
      `const run = parseAndValidate834(createReadStream(${JSON.stringify(SAMPLES + 'pyx12_834_deident_family.txt')}), { pool, poolMinBytes: 0 })`,
      'let n = 0; for await (const _ of run) n++',
      'const r = await run.result(); console.log(n, r.valid, pool.stats().started)',
    ].join('\n')
    const file = join(mkdtempSync(join(tmpdir(), 'x12-pool-')), 'left-open.mjs')
    writeFileSync(file, script)
    const child = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(child.signal, null, 'the process ended by itself')
    assert.equal(child.status, 0, child.stderr)
    assert.equal(child.stdout.trim(), '3 true 1')
  })
})

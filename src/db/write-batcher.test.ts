import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { WriteBatcher } from './write-batcher.js'

/** A run function whose batches finish only when the test says so. */
function gate<O>(answer: (row: string) => O | Error) {
  const batches: string[][] = []
  const pending: (() => void)[] = []
  const run = (rows: readonly string[]): Promise<O[]> => {
    batches.push([...rows])
    return new Promise((resolve, reject) => {
      pending.push(() => {
        const results = rows.map(answer)
        const failed = results.find((r): r is Error => r instanceof Error)
        if (failed) reject(failed)
        else resolve(results as O[])
      })
    })
  }
  /** Finishes the oldest running batch and lets its continuations run. */
  const finishOne = async () => {
    pending.shift()?.()
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
  }
  return { run, batches, finishOne, pendingCount: () => pending.length }
}

describe('WriteBatcher', () => {
  test('a row on a quiet batcher goes out at once, alone (no added latency)', async () => {
    const g = gate((row) => `ok:${row}`)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 2, maxBatch: 10 })
    const a = batcher.submit('a')
    assert.deepEqual(g.batches, [['a']])
    await g.finishOne()
    assert.equal(await a, 'ok:a')
  })

  test('rows that arrive while every slot is busy go out together, in order, when one finishes', async () => {
    const g = gate((row) => row.toUpperCase())
    const batcher = new WriteBatcher(g.run, { maxInFlight: 1, maxBatch: 10 })
    const results = ['a', 'b', 'c', 'd'].map((r) => batcher.submit(r))
    assert.deepEqual(g.batches, [['a']])
    await g.finishOne()
    assert.deepEqual(g.batches, [['a'], ['b', 'c', 'd']])
    await g.finishOne()
    assert.deepEqual(await Promise.all(results), ['A', 'B', 'C', 'D'])
    assert.equal(batcher.inFlight, 0)
  })

  test('maxInFlight batches run at once; maxBatch caps a batch', async () => {
    const g = gate((row) => row)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 2, maxBatch: 2 })
    const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((r) => batcher.submit(r))
    assert.deepEqual(g.batches, [['a'], ['b']])
    assert.equal(batcher.inFlight, 2)
    await g.finishOne()
    assert.deepEqual(g.batches.slice(2), [['c', 'd']])
    await g.finishOne()
    assert.deepEqual(g.batches.slice(3), [['e', 'f']])
    while (g.pendingCount() > 0) await g.finishOne()
    assert.deepEqual(g.batches.slice(4), [['g']])
    assert.deepEqual(await Promise.all(all), ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
  })

  test('rows sharing a key never share a batch: the later one waits for the next', async () => {
    const g = gate((row) => row)
    // key: the letter before the digit ('k1' and 'k2' collide)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 1, maxBatch: 10, keys: (row) => [row[0]!] })
    const all = ['x0', 'k1', 'm1', 'k2', 'n1', 'k3'].map((r) => batcher.submit(r))
    await g.finishOne()
    assert.deepEqual(g.batches[1], ['k1', 'm1', 'n1'])
    await g.finishOne()
    assert.deepEqual(g.batches[2], ['k2'])
    await g.finishOne()
    assert.deepEqual(g.batches[3], ['k3'])
    await g.finishOne()
    assert.deepEqual(await Promise.all(all), ['x0', 'k1', 'm1', 'k2', 'n1', 'k3'])
  })

  test('a row whose key a running batch holds waits for it, even with a slot free', async () => {
    const g = gate((row) => row)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 2, maxBatch: 10, keys: (row) => [row[0]!] })
    const all = ['k1', 'k2', 'm1'].map((r) => batcher.submit(r))
    // k1 runs; k2 shares its key, so the free slot takes m1 and k2 waits
    assert.deepEqual(g.batches, [['k1'], ['m1']])
    await g.finishOne() // k1 done → k2 may go
    assert.deepEqual(g.batches, [['k1'], ['m1'], ['k2']])
    while (g.pendingCount() > 0) await g.finishOne()
    assert.deepEqual(await Promise.all(all), ['k1', 'k2', 'm1'])
  })

  test('a failed batch is run again row by row: each row gets its own result or its own error', async () => {
    // 'bad' makes any statement holding it fail, as a unique violation aborts a whole INSERT
    const g = gate((row) => row === 'bad' ? new Error('duplicate key value violates unique constraint') : `wrote ${row}`)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 1, maxBatch: 10 })
    const first = batcher.submit('first')
    const rest = ['a', 'bad', 'c'].map((r) => batcher.submit(r).then((v) => v, (e: Error) => `error: ${e.message}`))
    await g.finishOne() // 'first'
    await g.finishOne() // ['a', 'bad', 'c'] fails
    while (g.pendingCount() > 0) await g.finishOne() // then each alone
    assert.equal(await first, 'wrote first')
    assert.deepEqual(await Promise.all(rest), ['wrote a', 'error: duplicate key value violates unique constraint', 'wrote c'])
    assert.deepEqual(g.batches, [['first'], ['a', 'bad', 'c'], ['a'], ['bad'], ['c']])
  })

  test('a batch of one that fails rejects that row only; the batcher keeps going', async () => {
    const g = gate((row) => row === 'bad' ? new Error('boom') : row)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 1, maxBatch: 10 })
    const bad = assert.rejects(batcher.submit('bad'), /boom/)
    await g.finishOne()
    await bad
    const good = batcher.submit('good')
    await g.finishOne()
    assert.equal(await good, 'good')
  })

  test('a run that answers the wrong number of results is a failure, not a silent mismatch', async () => {
    let calls = 0
    const batcher = new WriteBatcher(async (rows: readonly number[]) => (++calls === 2 ? [1] : rows.map((r) => r * 10)), { maxInFlight: 1, maxBatch: 10 })
    const all = [1, 2, 3].map((r) => batcher.submit(r))
    // batch [1] → [10]; batch [2, 3] → one result only → retried alone: [20], [30]
    assert.deepEqual(await Promise.all(all), [10, 20, 30])
  })

  test('afterIo: rows submitted before the next turn of the event loop all go out in the first batch', async () => {
    const g = gate((row) => row)
    const batcher = new WriteBatcher(g.run, { maxInFlight: 1, maxBatch: 10, afterIo: true })
    const all = ['a', 'b', 'c'].map((r) => batcher.submit(r))
    assert.deepEqual(g.batches, [], 'nothing runs before setImmediate')
    await new Promise((r) => setImmediate(r))
    assert.deepEqual(g.batches, [['a', 'b', 'c']])
    await g.finishOne()
    assert.deepEqual(await Promise.all(all), ['a', 'b', 'c'])
  })

  test('refuses limits below one', () => {
    assert.throws(() => new WriteBatcher(async () => [], { maxInFlight: 0, maxBatch: 1 }), RangeError)
    assert.throws(() => new WriteBatcher(async () => [], { maxInFlight: 1, maxBatch: 0 }), RangeError)
  })
})

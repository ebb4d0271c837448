import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from './connect.js'
import { prepared } from './prepared.js'

describe('prepared', () => {
  test('runs the compiled SQL with each call\'s values in the placeholders\' positions, constants kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prepared-'))
    const database = await openDatabase({ dataDir: dir })
    try {
      const q = prepared(['b', 'a'], (db, p) => db.selectNoFrom([sql<string>`${p.a}::text`.as('a'), sql<string>`${'const'}::text`.as('c'), sql<string>`${p.b}::text`.as('b'), sql<string>`${p.a}::text || '!'`.as('a2')]))
      assert.deepEqual(await q(database.db, { a: 'x', b: 'y' }), [{ a: 'x', c: 'const', b: 'y', a2: 'x!' }])
      assert.deepEqual(await q(database.db, { a: '1', b: null }), [{ a: '1', c: 'const', b: null, a2: '1!' }])
    } finally {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a name the query does not use fails at definition', () => {
    assert.throws(() => prepared(['unused'], (db) => db.selectNoFrom(sql<number>`1`.as('one'))), /parameter unused is not used/)
  })
})

import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from './connect.js'
import { prepared, statementNames } from './prepared.js'
import { freshDatabase, testDatabases } from '../../test/support/databases.js'

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

for (const kind of testDatabases()) {
  describe(`prepared() texts run as named statements on ${kind}`, () => {
    test('the statement is parsed once per session and runs with each call\'s values; errors keep their constraint', async () => {
      const database = await freshDatabase(kind)
      try {
        const q = prepared(['n'], (db, p) => db.selectNoFrom(sql<number>`${p.n}::integer * 2`.as('twice')))
        const name = statementNames.get(q.sql)!
        assert.match(name, /^openenroll_\d+$/)
        // one connection, so the view below is that session's
        await database.db.connection().execute(async (conn) => {
          for (let n = 0; n < 7; n++) assert.deepEqual(await q(conn, { n }), [{ twice: n * 2 }])
          const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements where name = ${name}`.execute(conn)
          assert.deepEqual(rows, [{ name }])
        })
        // a constraint violation inside a named statement reports the constraint, as an unnamed one does
        const insert = prepared(['id'], (db, p) => db.insertInto('organizations').values({ id: p.id, name: 'Twice', type: 'employer' } as never))
        const id = '7c4e8b1a-1111-4111-8111-111111111111'
        await insert(database.db, { id })
        await assert.rejects(insert(database.db, { id }), (err: { constraint?: string }) => err.constraint === 'organizations_pkey')
        // and the session carries on
        assert.deepEqual(await q(database.db, { n: 21 }), [{ twice: 42 }])
      } finally {
        await database.close()
      }
    })
  })
}

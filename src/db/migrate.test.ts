import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { freshDatabase, testDatabases } from '../../test/support/databases.js'
import type { Database$ } from './connect.js'
import { loadMigrations, migrate, MigrationDriftError, pendingMigrations } from './migrate.js'
import { schemaSnapshot } from './schema-snapshot.js'

for (const kind of testDatabases()) {
  describe(`migrations on ${kind}`, () => {
    let database: Database$
    before(async () => { database = await freshDatabase(kind) })
    after(async () => database?.close())

    test('running the migrations again applies nothing (safe to run twice)', async () => {
      assert.deepEqual(await migrate(database), [])
      assert.deepEqual(await pendingMigrations(database), [])
    })

    test('two migrators at once: the advisory lock serialises them and neither fails', async () => {
      const results = await Promise.all([migrate(database), migrate(database)])
      assert.deepEqual(results, [[], []])
    })

    test('a migration edited after it was applied is refused (checksums)', async () => {
      const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m))
      await assert.rejects(migrate(database, edited), MigrationDriftError)
    })

    if (kind === 'pglite') {
      test('schema.snapshot.sql matches the migrated schema (run `npm run schema:snapshot` after adding a migration)', async () => {
        const session = await database.session()
        const actual = await schemaSnapshot(session)
        await session.release()
        assert.equal(actual, readFileSync(new URL('./schema.snapshot.sql', import.meta.url), 'utf8'))
      })
    }
  })
}

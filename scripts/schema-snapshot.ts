// Regenerates src/db/schema.snapshot.sql from a freshly migrated embedded database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/db/connect.js'
import { migrate } from '../src/db/migrate.js'
import { schemaSnapshot } from '../src/db/schema-snapshot.js'

const dir = mkdtempSync(join(tmpdir(), 'openenroll-snapshot-'))
const database = await openDatabase({ dataDir: dir })
try {
  await migrate(database)
  const session = await database.session()
  const text = await schemaSnapshot(session)
  await session.release()
  writeFileSync(new URL('../src/db/schema.snapshot.sql', import.meta.url), text)
  process.stdout.write('wrote src/db/schema.snapshot.sql\n')
} finally {
  await database.close()
  rmSync(dir, { recursive: true, force: true })
}

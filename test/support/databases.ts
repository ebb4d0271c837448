import { createHash, randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type Database$ } from '../../src/db/connect.js'
import { loadMigrations, migrate } from '../../src/db/migrate.js'

export type DatabaseKind = 'pglite' | 'postgres'

/**
 * The databases DB tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (`.ci/run` sets it to the local PostgreSQL 15). TEST_DATABASES=pglite|postgres narrows.
 */
export function testDatabases(): DatabaseKind[] {
  const wanted = (process.env.TEST_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim())
  const kinds: DatabaseKind[] = []
  if (wanted.includes('pglite')) kinds.push('pglite')
  if (wanted.includes('postgres') && process.env.TEST_DATABASE_URL) kinds.push('postgres')
  return kinds
}

const schemaKey = createHash('sha256').update(loadMigrations().map((m) => m.checksum).join()).digest('hex').slice(0, 12)

/** A migrated PGlite data dir, made once per schema version and copied for each test file. */
async function pgliteTemplate(): Promise<string> {
  const dir = join(tmpdir(), `openenroll-pglite-template-${schemaKey}`)
  if (existsSync(join(dir, 'ready'))) return dir
  const building = mkdtempSync(join(tmpdir(), 'openenroll-pglite-build-'))
  const database = await openDatabase({ dataDir: building })
  await migrate(database)
  await database.close()
  writeFileSync(join(building, 'ready'), schemaKey)
  try {
    renameSync(building, dir) // atomic; a parallel builder that lost the race just discards its copy
  } catch {
    rmSync(building, { recursive: true, force: true })
  }
  return dir
}

/** PostgreSQL: a template database migrated once per schema version, cloned per test file. */
async function postgresTemplate(admin: pg.Client): Promise<string> {
  const name = `openenroll_template_${schemaKey}`
  await admin.query('select pg_advisory_lock(834834)')
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`)
      const url = new URL(process.env.TEST_DATABASE_URL!)
      url.pathname = `/${name}`
      const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 })
      await migrate(database)
      await database.close()
    }
  } finally {
    await admin.query('select pg_advisory_unlock(834834)')
  }
  return name
}

/** A fresh, migrated database of `kind` for one test file; `close()` also deletes it. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database$> {
  if (kind === 'pglite') {
    const template = await pgliteTemplate()
    const dir = mkdtempSync(join(tmpdir(), 'openenroll-test-'))
    cpSync(join(template, 'pg'), join(dir, 'pg'), { recursive: true })
    const database = await openDatabase({ dataDir: dir })
    return { ...database, close: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }) } }
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await admin.connect()
  const template = await postgresTemplate(admin)
  const name = `openenroll_test_${randomBytes(6).toString('hex')}`
  // A backend of the migrating connection can linger for a moment after it disconnects.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`)
      break
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await admin.end()
  const url = new URL(process.env.TEST_DATABASE_URL!)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 20 })
  return {
    ...database,
    close: async () => {
      await database.close()
      const drop = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await drop.connect()
      await drop.query(`drop database if exists ${name} with (force)`)
      await drop.end()
    },
  }
}

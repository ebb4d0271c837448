import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Database$, RawSession } from './connect.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
// Any constant works; it only has to be the same in every OpenEnroll process.
const MIGRATION_LOCK = 834_005_010

export interface Migration {
  readonly name: string
  readonly sql: string
  readonly checksum: string
}

/** The plain SQL migrations shipped with this version, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(dir + name, 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

/** A migration that was applied with different contents than the file has now. */
export class MigrationDriftError extends Error {
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied (checksum differs); migrations are frozen — add a new one instead`)
    this.name = 'MigrationDriftError'
  }
}

/**
 * Applies pending migrations, each in its own transaction, recording name and checksum.
 * Safe to run twice, and from two processes at once: a session-level advisory lock makes the
 * second wait, and it then finds nothing left to do.
 */
export async function migrate(database: Database$, migrations = loadMigrations()): Promise<string[]> {
  const session = await database.session()
  try {
    await session.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      return await applyPending(session, migrations)
    } finally {
      await session.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
  } finally {
    await session.release()
  }
}

async function applyPending(session: RawSession, migrations: readonly Migration[]): Promise<string[]> {
  await session.exec(`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`)
  const applied = new Map(
    (await session.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).map((r) => [r.name, r.checksum]),
  )
  const done: string[] = []
  for (const m of migrations) {
    const checksum = applied.get(m.name)
    if (checksum !== undefined) {
      if (checksum !== m.checksum) throw new MigrationDriftError(m.name)
      continue
    }
    await session.exec('begin')
    try {
      await session.exec(m.sql)
      await session.query('insert into schema_migrations (name, checksum) values ($1, $2)', [m.name, m.checksum])
      await session.exec('commit')
    } catch (err) {
      await session.exec('rollback')
      throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err })
    }
    done.push(m.name)
  }
  return done
}

/** Names of migrations not yet applied (for /readyz). */
export async function pendingMigrations(database: Database$, migrations = loadMigrations()): Promise<string[]> {
  const rows = await database.db
    .selectFrom('schema_migrations')
    .select(['name'])
    .execute()
    .catch(() => [] as { name: string }[])
  const applied = new Set(rows.map((r) => r.name))
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name)
}

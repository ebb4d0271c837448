import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './types.js'
import { statementNames } from './prepared.js'
import { SerializedPGliteDialect } from './pglite-dialect.js'

export type Db = Kysely<Database>

/** A session that can run a multi-statement SQL script (migrations) and parameterised queries. */
export interface RawSession {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>
  exec(script: string): Promise<void>
  release(): Promise<void>
}

/** An open database: the Kysely handle plus what start-up, migrations and shutdown need. */
export interface Database$ {
  readonly kind: 'pglite' | 'postgres'
  readonly db: Db
  /** A dedicated session (PostgreSQL: its own pooled client) for scripts and advisory locks. */
  session(): Promise<RawSession>
  /** The embedded instance, when kind is 'pglite' (pg-boss can share it). */
  readonly pglite?: PGlite
  /** The pool, when kind is 'postgres'. */
  readonly pool?: pg.Pool
  close(): Promise<void>
}

// Type parsers, set once for both drivers: dates stay 'YYYY-MM-DD', int8 becomes a checked
// number, timestamps become ISO 8601 UTC strings.
const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, daterange: 3912 } as const

function parseInt8(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`)
  return n
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/
// What the sessions (TimeZone=UTC) print for every timestamptz in range: `2026-11-23 17:09:43.123456+00`.
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/

/** Parses PostgreSQL's text timestamp output into ISO 8601 UTC (`…Z`, milliseconds). */
export function parseTimestamp(value: string): string {
  // Fast path, without a Date: UTC output only needs its fraction cut or padded to milliseconds.
  const utc = UTC_TIMESTAMP.exec(value)
  if (utc) return `${utc[1]}T${utc[2]}.${((utc[3] ?? '') + '000').slice(0, 3)}Z`
  const m = TIMESTAMP.exec(value)
  if (!m) return value
  const offset = m[3] ? `${m[3]}:${m[4] ?? '00'}` : 'Z'
  return new Date(`${m[1]}T${m[2]}${offset}`).toISOString()
}

const identity = (value: string): string => value
const parsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: parseInt8,
  [OID.date]: identity,
  [OID.timestamp]: parseTimestamp,
  [OID.timestamptz]: parseTimestamp,
  [OID.daterange]: identity,
}

const serialized = new WeakSet<Db>()

/**
 * True when `db` runs one transaction at a time (embedded PGlite: `SerializedPGliteDialect`
 * hands the single session to one caller from acquire to release), so no two transactions on
 * it ever overlap and locks taken only against concurrent transactions can be skipped.
 */
export function runsSerialized(db: Db): boolean {
  return serialized.has(db)
}

const batchesInFlight = new WeakMap<Db, number>()

/**
 * How many batched one-statement writes (see WriteBatcher) may run at once on `db`: one on
 * embedded PGlite, which runs one statement at a time anyway; on PostgreSQL the
 * `writeBatchesInFlight` it was opened with (default 2), so a burst of writes shares statements
 * and commits while the pool's other connections stay free for reads.
 */
export function writeBatchesInFlight(db: Db): number {
  return serialized.has(db) ? 1 : batchesInFlight.get(db) ?? 2
}

/** Opens PostgreSQL when `databaseUrl` is set, otherwise embedded PGlite in `dataDir`. */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string; poolSize?: number; writeBatchesInFlight?: number }): Promise<Database$> {
  const database = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPglite(opts.dataDir)
  if (opts.writeBatchesInFlight !== undefined) batchesInFlight.set(database.db, Math.max(1, opts.writeBatchesInFlight))
  return database
}

async function openPostgres(url: string, max: number): Promise<Database$> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: '-c TimeZone=UTC',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser },
  })
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  pool.on('connect', nameStatements)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    kind: 'postgres', db, pool,
    async session() {
      const client = await pool.connect()
      return {
        query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
        // No parameters: pg uses the simple protocol, which runs a multi-statement script.
        exec: async (script: string) => { await client.query(script) },
        release: async () => { client.release() },
      }
    },
    async close() { await db.destroy() },
  }
}

/**
 * Makes `client` run the texts of prepared() queries as named prepared statements: pg parses
 * each on the connection's first use and then sends only Bind/Execute, and PostgreSQL skips
 * parsing and planning (after five runs it may keep a generic plan). Kysely's driver calls
 * `client.query(text, values)`; every other call passes through untouched.
 */
function nameStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((...args: unknown[]) => {
    const [config, values] = args
    const name = typeof config === 'string' && args.length === 2 && Array.isArray(values) ? statementNames.get(config) : undefined
    return name === undefined ? query(...args) : query({ name, text: config, values })
  }) as typeof client.query
}

/**
 * Holds `<dataDir>/openenroll.lock` for the life of the process, so a second process on the
 * same directory fails with a clear message instead of corrupting the database.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'openenroll.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(lockPath, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const pid = Number(readFileSync(lockPath, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid)
      }
      rmSync(lockPath, { force: true }) // left by a process that no longer runs
    }
  }
  throw new DataDirLockedError(dataDir, 0)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Another process holds the embedded data directory. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`the data directory ${dataDir} is in use by another OpenEnroll process${pid ? ` (pid ${pid})` : ''}; stop it first, or use --data-dir / OPENENROLL_DATA_DIR for another directory`)
    this.name = 'DataDirLockedError'
  }
}

async function openPglite(dataDir: string): Promise<Database$> {
  const unlock = lockDataDir(dataDir)
  let pglite: PGlite
  try {
    pglite = await PGlite.create({ dataDir: join(dataDir, 'pg'), extensions: { btree_gist }, parsers })
    await pglite.exec(`set timezone to 'UTC'`)
  } catch (err) {
    unlock()
    throw err
  }
  const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) })
  serialized.add(db)
  return {
    kind: 'pglite', db, pglite,
    async session() {
      return {
        query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
        exec: async (script: string) => { await pglite.exec(script) },
        release: async () => {},
      }
    },
    async close() {
      try {
        await db.destroy()
      } finally {
        unlock()
      }
    },
  }
}

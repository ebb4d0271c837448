import { parse, protocol, type PGlite } from '@electric-sql/pglite'
import { PGliteDialect, type CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type TransactionSettings } from 'kysely'
import { statementNames } from './prepared.js'

/**
 * Kysely's PGlite driver hands the one PGlite session to every caller at once: a query from
 * request B would run inside request A's open transaction. This driver makes callers take
 * turns — a connection is held from acquire to release (a whole transaction) — which is the
 * isolation a PostgreSQL pool gives for free.
 */
export class SerializedPGliteDialect extends PGliteDialect {
  readonly #statements: NamedStatements

  constructor(config: { pglite: PGlite }) {
    super(config)
    this.#statements = new NamedStatements(config.pglite)
  }

  override createDriver(): Driver {
    return new SerializedDriver(super.createDriver(), this.#statements)
  }
}

/**
 * Runs the texts of prepared() queries as named prepared statements, as connect.ts does on
 * PostgreSQL: PGlite's `query` sends Parse, Describe, Bind, Describe, Execute and Sync as six
 * calls into WASM and parses and plans the text every time; a named statement is parsed once,
 * and then each run is ONE call (Bind, Describe portal, Execute, Sync) that skips parsing and,
 * once PostgreSQL settles on a generic plan, planning. Parameters are serialised and rows
 * parsed with the instance's own serialisers and parsers, as `query` does.
 */
class NamedStatements {
  /** Statement name → its parameters' type OIDs, once parsed in this PGlite instance. */
  readonly #parsed = new Map<string, number[]>()

  constructor(private readonly pglite: PGlite) {}

  nameOf(sql: string): string | undefined {
    return statementNames.get(sql)
  }

  run<R>(name: string, query: CompiledQuery): Promise<QueryResult<R>> {
    const { pglite } = this
    return pglite.runExclusive(async () => {
      let types = this.#parsed.get(name)
      if (types === undefined) {
        const { messages } = await pglite.execProtocol(concat([protocol.serialize.parse({ name, text: query.sql }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]), { syncToFs: false })
        types = parse.parseDescribeStatementResults(messages)
        this.#parsed.set(name, types)
      }
      const values = query.parameters.map((value, i) => {
        if (value === null || value === undefined) return null
        const serialize = pglite.serializers[types![i]!]
        return serialize ? serialize(value) : String(value)
      })
      const { messages } = await pglite.execProtocol(concat([
        protocol.serialize.bind({ statement: name, values }), protocol.serialize.describe({ type: 'P' }), protocol.serialize.execute({}), protocol.serialize.sync(),
      ]))
      const [result] = parse.parseResults(messages, pglite.parsers, { rowMode: 'object' })
      return {
        rows: (result?.rows ?? []) as R[],
        ...(result?.affectedRows !== undefined && result.affectedRows !== null ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
      }
    })
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The PGlite driver's own connection (its transaction methods need it). */
const inner = (connection: DatabaseConnection): DatabaseConnection => connection instanceof NamingConnection ? connection.inner : connection

/** A connection whose prepared() texts run as named statements. */
class NamingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection, private readonly statements: NamedStatements) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const name = this.statements.nameOf(query.sql)
    return name === undefined ? this.inner.executeQuery<R>(query) : this.statements.run<R>(name, query)
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

class SerializedDriver implements Driver {
  #tail: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(private readonly inner: Driver, private readonly statements: NamedStatements) {}

  init(): Promise<void> {
    return this.inner.init()
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void
    const turn = new Promise<void>((r) => { release = r })
    const previous = this.#tail
    this.#tail = previous.then(() => turn)
    await previous
    this.#release = release
    return new NamingConnection(await this.inner.acquireConnection(), this.statements)
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(inner(connection))
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(inner(connection), settings)
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(inner(connection))
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(inner(connection))
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint?.(inner(connection), name, compile)
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint?.(inner(connection), name, compile)
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint?.(inner(connection), name, compile)
  }
  destroy(): Promise<void> {
    return this.inner.destroy()
  }
}

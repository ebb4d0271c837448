import type { Config } from './config.js'
import { loadPhiKey, PhiCipher } from './shared/phi.js'
import type { Database$ } from './db/connect.js'
import { buildApp, createLogger, type App } from './http/app.js'
import { sweepIdempotencyKeys } from './http/idempotency.js'
import { createClient, hasNoClients, TokenService, type NewClient } from './modules/organizations/index.js'
import { refreshIrsLimits } from './modules/plans/index.js'

export interface Server {
  readonly app: App
  readonly url: string
  /** Credentials of the demo client created at this start, if any (printed once by `serve`). */
  readonly demo: NewClient | undefined
  close(): Promise<void>
}

export const DEMO_ORGANIZATION = 'Demo Benefits Administrator'

/**
 * Starts the API on an open, migrated database. A demo organization and client are created on
 * the first start of an empty embedded database, or whenever `demo` is asked for.
 */
export async function startServer(config: Config, database: Database$, opts: { demo?: boolean; clock?: () => Date; logger?: boolean } = {}): Promise<Server> {
  const clock = opts.clock ?? (() => new Date())
  const tokens = new TokenService(database.db, { issuer: config.tokenIssuer, ttlSeconds: config.tokenTtlSeconds, clock })
  await tokens.init()
  const logger = opts.logger === false ? false : createLogger(config.logLevel)
  const phi = new PhiCipher(loadPhiKey({ configured: config.phiKey, dataDir: config.dataDir, embedded: database.kind === 'pglite' }))
  const app = await buildApp({ db: database.db, database, config, tokens, clock, phi }, { logger })
  const warn = (message: string) => app.log.warn(message)
  await refreshIrsLimits(database.db, warn)
  const url = await app.listen({ host: config.host, port: config.port })
  // Created only once the server is up, so a failed start cannot swallow the one printing of the secret.
  const wantDemo = opts.demo === true || (database.kind === 'pglite' && await hasNoClients(database.db))
  const demo = wantDemo ? await createClient(database.db, { organization: DEMO_ORGANIZATION, type: 'administrator', name: 'demo' }) : undefined
  const sweep = setInterval(() => {
    sweepIdempotencyKeys(database.db, clock()).catch((err: unknown) => app.log.warn({ err }, 'idempotency sweep failed'))
  }, 3_600_000)
  sweep.unref()
  // IRS limits the operator adds (`openenroll irs-limits set`) reach every process within a minute.
  const irsRefresh = setInterval(() => {
    refreshIrsLimits(database.db, warn).catch((err: unknown) => app.log.warn({ err }, 'IRS limits refresh failed'))
  }, 60_000)
  irsRefresh.unref()
  let closing: Promise<void> | undefined
  return {
    app, url, demo,
    close() {
      closing ??= (async () => {
        clearInterval(sweep)
        clearInterval(irsRefresh)
        await app.close() // stops accepting, lets in-flight requests finish
        await database.close()
      })()
      return closing
    },
  }
}

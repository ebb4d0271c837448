import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { PhiCipher } from '../../src/shared/phi.js'
import type { FastifyBaseLogger, InjectOptions, LightMyRequestResponse } from 'fastify'
import { loadConfig } from '../../src/config.js'
import type { Database$ } from '../../src/db/connect.js'
import { buildApp, type App } from '../../src/http/app.js'
import { ALL_SCOPES, createClient, TokenService, type OrganizationType } from '../../src/modules/organizations/index.js'
import { freshDatabase, type DatabaseKind } from './databases.js'

export interface Caller {
  readonly token: string
  readonly organization_id: string
  readonly client_id: string
  /** Sends a request as this caller; POSTs get a fresh Idempotency-Key unless one is given. */
  request(opts: { method: InjectOptions['method']; url: string; body?: unknown; headers?: Record<string, string>; idempotencyKey?: string | null }): Promise<LightMyRequestResponse>
  get(url: string): Promise<LightMyRequestResponse>
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>
  put(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>
}

export interface TestApi {
  readonly kind: DatabaseKind
  readonly app: App
  readonly database: Database$
  /** Today's date as the API sees it (the test clock). */
  readonly today: string
  /** A new organization with a client holding `scopes` (all by default). */
  caller(opts?: { type?: OrganizationType; scopes?: readonly string[]; organization?: string }): Promise<Caller>
  close(): Promise<void>
}

/** A fresh database + app (no listen) for one test file, with a fixed or real clock. */
export async function givenApi(kind: DatabaseKind, opts: { now?: string; clock?: () => Date; logger?: FastifyBaseLogger } = {}): Promise<TestApi> {
  const database = await freshDatabase(kind)
  const fixed = opts.now ? new Date(opts.now) : undefined
  // `clock` (a test that moves time on, e.g. records made at different moments) wins over `now`.
  const clock = opts.clock ?? (() => fixed ?? new Date())
  const config = loadConfig({}, { dataDir: '/nonexistent' })
  const tokens = new TokenService(database.db, { issuer: config.tokenIssuer, ttlSeconds: config.tokenTtlSeconds, clock })
  await tokens.init()
  const phi = new PhiCipher(randomBytes(32))
  const app = await buildApp({ db: database.db, database, config, tokens, clock, phi }, opts.logger ? { logger: opts.logger } : {})
  await app.ready()
  let n = 0
  return {
    kind, app, database,
    today: clock().toISOString().slice(0, 10),
    async caller({ type = 'administrator', scopes = ALL_SCOPES, organization } = {}) {
      const client = await createClient(database.db, { organization: organization ?? `Org ${++n} ${randomUUID().slice(0, 8)}`, type, scopes: scopes.join(' ') })
      const res = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret } })
      const token = (res.json() as { access_token: string }).access_token
      const request: Caller['request'] = ({ method, url, body, headers = {}, idempotencyKey }) => {
        const h: Record<string, string> = { authorization: `Bearer ${token}`, ...headers }
        if (method === 'POST' && idempotencyKey !== null) h['idempotency-key'] = idempotencyKey ?? randomUUID()
        return app.inject({ method, url, headers: h, ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}) })
      }
      return {
        token, organization_id: client.organization_id, client_id: client.client_id, request,
        get: (url) => request({ method: 'GET', url }),
        post: (url, body, headers) => request({ method: 'POST', url, body, ...(headers ? { headers } : {}) }),
        put: (url, body, headers) => request({ method: 'PUT', url, body, ...(headers ? { headers } : {}) }),
      }
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/** Reads a seed example request (`shared/examples/api/NN-*.json`) and fills `{{placeholders}}`. */
export async function example(file: string, values: Record<string, string> = {}): Promise<unknown> {
  const { readFile } = await import('node:fs/promises')
  const { fileURLToPath } = await import('node:url')
  const path = fileURLToPath(new URL(`../../../shared/examples/api/${file}`, import.meta.url))
  const text = (await readFile(path, 'utf8')).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const v = values[name]
    if (v === undefined) throw new Error(`example ${file} needs {{${name}}}`)
    return v
  })
  return JSON.parse(text)
}

/** Asserts a problem response: its status and `type` slug; returns its field errors. */
export function expectProblem(res: { statusCode: number; body: string; json(): unknown }, status: number, slug: string): { errors: { pointer: string; detail: string }[] } {
  assert.equal(res.statusCode, status, res.body)
  assert.equal((res.json() as { type: string }).type, `/problems/${slug}`, res.body)
  return res.json() as { errors: { pointer: string; detail: string }[] }
}

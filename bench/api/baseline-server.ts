// Child process: the floor OpenEnroll's plan endpoints are compared against. Bare Fastify 5 with
// one table of the same columns, `POST /plans` inserting the body as sent and `GET /plans/:id`
// selecting it: no validation, auth, idempotency, tenancy check, ETag or problem+json.
// BASELINE_DATABASE_URL selects PostgreSQL through `pg` (pool of OPENENROLL_POOL_SIZE, 10 like
// the server); otherwise BASELINE_DATA_DIR selects embedded PGlite.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import Fastify from 'fastify'
import pg from 'pg'
import { answerParent, exitWithParent, sendReady } from './children.js'

interface Store {
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

const DDL = `create table if not exists baseline_plans (
  id uuid primary key,
  plan_year_id uuid not null,
  name text not null,
  plan_type text not null,
  rules jsonb not null
)`

async function openStore(): Promise<Store> {
  const url = process.env.BASELINE_DATABASE_URL
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.OPENENROLL_POOL_SIZE || 10) })
    pool.on('error', () => {})
    await pool.query(DDL)
    return { query: async (text, params) => (await pool.query(text, params)).rows as Record<string, unknown>[], close: () => pool.end() }
  }
  const dir = process.env.BASELINE_DATA_DIR
  if (!dir) throw new Error('set BASELINE_DATABASE_URL or BASELINE_DATA_DIR')
  const pglite = await PGlite.create({ dataDir: join(dir, 'pg') })
  await pglite.exec(DDL)
  // PGlite runs one query at a time; single statements need no further serialising.
  return { query: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params)).rows, close: () => pglite.close() }
}

interface NewRow { plan_year_id: string; name: string; plan_type: string; rules?: unknown }

const store = await openStore()
const app = Fastify({ logger: false })
app.post<{ Body: NewRow }>('/plans', async (req, reply) => {
  const { plan_year_id, name, plan_type, rules } = req.body
  const rows = await store.query(
    'insert into baseline_plans (id, plan_year_id, name, plan_type, rules) values ($1, $2, $3, $4, $5) returning id, plan_year_id, name, plan_type, rules',
    [randomUUID(), plan_year_id, name, plan_type, JSON.stringify(rules ?? {})],
  )
  return reply.code(201).send(rows[0])
})
app.get<{ Params: { id: string } }>('/plans/:id', async (req, reply) => {
  const rows = await store.query('select id, plan_year_id, name, plan_type, rules from baseline_plans where id = $1', [req.params.id])
  return rows[0] ?? reply.code(404).send({ error: 'not found' })
})
const url = await app.listen({ host: '127.0.0.1', port: 0 })
exitWithParent(async () => { await app.close(); await store.close() })
answerParent()
sendReady({ type: 'ready', url })

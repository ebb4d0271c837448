import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Transaction } from 'kysely'
import type { Database } from '../db/types.js'
import type { Db } from '../db/connect.js'
import { ConflictError, InvalidError } from '../errors/app-error.js'
import { isUuidV4 } from '../shared/ids.js'

export type Tx = Transaction<Database>

/** How long a claim may stay in flight before a retry may take it over (the first attempt died). */
const STALE_CLAIM_MS = 60_000
/** Keys are kept at least this long (the sweep deletes older ones). */
export const KEY_RETENTION_HOURS = 24

/** Canonical JSON (sorted keys) so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function requestHash(req: FastifyRequest): string {
  return createHash('sha256').update(req.method).update('\0').update(req.url).update('\0').update(canonical(req.body)).digest('base64url')
}

function keyOf(req: FastifyRequest): string {
  const key = req.headers['idempotency-key']
  if (key === undefined || key === '') throw InvalidError.fields('idempotency-key-required', 'Every POST needs an Idempotency-Key header (a UUID v4) so retries cannot create duplicates', [{ pointer: '/Idempotency-Key', detail: 'is required' }])
  if (typeof key !== 'string' || !isUuidV4(key)) throw InvalidError.fields('idempotency-key-invalid', 'Idempotency-Key must be a UUID v4', [{ pointer: '/Idempotency-Key', detail: 'must be a UUID v4' }])
  return key.toLowerCase()
}

export interface Created<T> {
  readonly body: T
  /** Location of the created resource, sent as the `Location` header. */
  readonly location?: string
  readonly etag?: string
}

/**
 * Runs a POST exactly once per (client, Idempotency-Key).
 *
 * 1. Claim the key (insert; the primary key lets only one concurrent request win).
 * 2. Run the write and record the response in the SAME transaction, so a crash either loses
 *    both (the client's retry runs it again) or keeps both (the retry gets the stored reply).
 * 3. Later requests with the key: same body → the stored response with
 *    `Idempotent-Replayed: true`; different body → 409; still running → 409.
 * A request that fails releases its claim so the client can correct it and retry.
 */
export async function idempotent<T>(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: (tx: Tx) => Promise<Created<T>>,
): Promise<FastifyReply> {
  const key = keyOf(req)
  const clientId = req.auth.client_id
  const hash = requestHash(req)
  const claimed = await db.insertInto('idempotency_keys')
    .values({ client_id: clientId, key, method: req.method, path: req.url, request_hash: hash, state: 'in_flight', response_status: null, response_body: null, resource_location: null, completed_at: null })
    .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  if (!claimed) {
    const existing = await db.selectFrom('idempotency_keys').selectAll().where('client_id', '=', clientId).where('key', '=', key).executeTakeFirst()
    if (!existing) return idempotent(db, req, reply, status, run) // released between our insert and select: try again
    if (existing.request_hash !== hash) {
      throw new ConflictError('idempotency-key-reused', 'This Idempotency-Key was already used with a different request; use a new key for a new request')
    }
    if (existing.state === 'done') {
      reply.header('idempotent-replayed', 'true')
      if (existing.resource_location) reply.header('location', existing.resource_location)
      return reply.code(existing.response_status!).type('application/json; charset=utf-8').send(existing.response_body)
    }
    const age = Date.now() - Date.parse(existing.created_at)
    if (age < STALE_CLAIM_MS) {
      throw new ConflictError('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly', { headers: { 'retry-after': '1' } })
    }
    // The first attempt died mid-flight: take the claim over (only one retry can win the update).
    const taken = await db.updateTable('idempotency_keys').set({ created_at: new Date().toISOString() })
      .where('client_id', '=', clientId).where('key', '=', key).where('state', '=', 'in_flight').where('created_at', '=', existing.created_at)
      .returning('key').executeTakeFirst()
    if (!taken) throw new ConflictError('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly', { headers: { 'retry-after': '1' } })
  }

  let text: string
  try {
    text = await db.transaction().execute(async (tx) => {
      const created = await run(tx)
      reply.code(status)
      const serialized = reply.serialize(created.body) as string
      await tx.updateTable('idempotency_keys')
        .set({ state: 'done', response_status: status, response_body: serialized, resource_location: created.location ?? null, completed_at: new Date().toISOString() })
        .where('client_id', '=', clientId).where('key', '=', key)
        .execute()
      if (created.location) reply.header('location', created.location)
      if (created.etag) reply.header('etag', created.etag)
      return serialized
    })
  } catch (err) {
    await db.deleteFrom('idempotency_keys').where('client_id', '=', clientId).where('key', '=', key).where('state', '=', 'in_flight').execute()
      .catch((releaseErr: unknown) => req.log.warn({ err: releaseErr }, 'could not release idempotency claim'))
    throw err
  }
  return reply.code(status).type('application/json; charset=utf-8').send(text)
}

/** Deletes keys older than the retention period; returns how many. */
export async function sweepIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - KEY_RETENTION_HOURS * 3_600_000).toISOString()
  const res = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst()
  return Number(res.numDeletedRows)
}

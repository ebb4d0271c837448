import { hash as digest } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Transaction } from 'kysely'
import type { Database } from '../db/types.js'
import { runsSerialized, type Db } from '../db/connect.js'
import { lockAndProbeKey, probeKey, storeResponse, type KeyClaim, type KeyProbe } from '../db/idempotency-keys.js'
import { ConflictError, InvalidError } from '../errors/app-error.js'
import { onConstraint } from '../db/constraint-errors.js'
import { isUuidV4 } from '../shared/ids.js'

export type Tx = Transaction<Database>

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

/** SHA-256 (base64url) of method, URL and canonical body, NUL-separated; one-shot `crypto.hash` costs a third of a Hash object. */
function requestHash(req: FastifyRequest): string {
  return digest('sha256', `${req.method}\0${req.url}\0${canonical(req.body)}`, 'base64url')
}

function keyOf(req: FastifyRequest): string {
  const key = req.headers['idempotency-key']
  if (key === undefined || key === '') throw InvalidError.fields('idempotency-key-required', 'Every POST needs an Idempotency-Key header (a UUID v4) so retries cannot create duplicates', [{ pointer: '/Idempotency-Key', detail: 'is required' }])
  if (typeof key !== 'string' || !isUuidV4(key)) throw InvalidError.fields('idempotency-key-invalid', 'Idempotency-Key must be a UUID v4', [{ pointer: '/Idempotency-Key', detail: 'must be a UUID v4' }])
  return key.toLowerCase()
}

// Should a request that lost the race on the key's primary key (see afterLostRace) not find the
// stored response after all, answer it like any in-flight duplicate; its retry is replayed.
onConstraint('idempotency_keys_pkey', () => new ConflictError('idempotency-key-in-flight', 'A request with this Idempotency-Key was being processed at the same time; retry to get its response', { headers: { 'retry-after': '1' } }))

export interface Created<T> {
  readonly body: T
  /** Location of the created resource, sent as the `Location` header. */
  readonly location?: string
  readonly etag?: string
}

/**
 * A write that runs as ONE statement with the claim of its key (`claimKeyCte`): the common case
 * of a POST — a new key, its preconditions met — then costs one round trip and no transaction
 * block. Its response is built before it runs, because it is stored in that statement.
 */
export interface OneStatementWrite<T> {
  readonly created: Created<T>
  /**
   * Runs the write storing `claim` in the same statement. Resolves true if it wrote; false if it
   * did not (a precondition or the claim failed: the key was taken, in flight, or its lock busy),
   * and then the transaction path runs and gives the answer. Throws what the write's
   * constraints throw (nothing was stored).
   */
  readonly run: (claim: KeyClaim) => Promise<boolean>
}

/**
 * Runs a POST exactly once per (client, Idempotency-Key).
 *
 * `oneStatement` (optional) builds the write as one statement (see OneStatementWrite); returning
 * undefined, throwing, or a run that did not write all lead to the transaction path, so every
 * answer but a fresh success — replay, 409, 404, 400 — comes from there.
 *
 * The transaction path, in ONE transaction:
 * 1. `pg_try_advisory_xact_lock` on the key (not on embedded PGlite, whose transactions never
 *    overlap), and the stored response if any — one round trip.
 *    Lock not granted: another request with this key is in flight → 409. A stored response:
 *    same body → replay it with `Idempotent-Replayed: true`; different body → 409.
 * 2. Run the write, then record the response, and commit: the write and its stored response
 *    become visible together (the lock is held until then), so a crash loses both — the retry
 *    runs it again — or keeps both — the retry gets the stored reply. 50 concurrent identical
 *    requests create exactly one record; the primary key on the key row backs the lock up.
 * A request that fails rolls back, leaving nothing behind: the client can correct it and retry.
 */
export async function idempotent<T>(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: (tx: Tx) => Promise<Created<T>>,
  oneStatement?: () => OneStatementWrite<T> | undefined,
): Promise<FastifyReply> {
  const key = keyOf(req)
  const clientId = req.auth.client_id
  const hash = requestHash(req)
  if (oneStatement) {
    let write: OneStatementWrite<T> | undefined
    try {
      write = oneStatement()
    } catch {
      // Its errors are the transaction path's to report — after the key's stored response, if any.
      write = undefined
    }
    if (write) {
      reply.code(status)
      const text = reply.serialize(write.created.body) as string
      const wrote = await write.run({
        client_id: clientId, key, lock_key: `${clientId}:${key}`, method: req.method, path: req.url, request_hash: hash,
        response_status: status, response_body: text, resource_location: write.created.location ?? null, created_at: new Date().toISOString(),
      })
      if (wrote) return sendCreated(reply, status, write.created, text)
    }
  }
  const transact = () => db.transaction().execute(async (tx) => {
    const [probe] = runsSerialized(db) ? await probeKey(tx, { client_id: clientId, key }) : await lockAndProbeKey(tx, { lock_key: `${clientId}:${key}`, client_id: clientId, key })
    if (probe?.request_hash) {
      if (probe.request_hash !== hash) throw new ConflictError('idempotency-key-reused', 'This Idempotency-Key was already used with a different request; use a new key for a new request')
      return { replay: probe }
    }
    if (!probe?.locked) {
      throw new ConflictError('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly', { headers: { 'retry-after': '1' } })
    }
    const created = await run(tx)
    reply.code(status)
    const text = reply.serialize(created.body) as string
    const now = new Date().toISOString()
    await storeResponse(tx, {
      client_id: clientId, key, method: req.method, path: req.url, request_hash: hash,
      response_status: status, response_body: text, resource_location: created.location ?? null, created_at: now,
    })
    return { created, text }
  })
  let outcome: Awaited<ReturnType<typeof transact>>
  try {
    outcome = await transact()
  } catch (err) {
    outcome = await afterLostRace(db, clientId, key, hash, err)
  }
  if ('replay' in outcome) {
    const stored = outcome.replay!
    reply.header('idempotent-replayed', 'true')
    if (stored.resource_location) reply.header('location', stored.resource_location)
    return reply.code(stored.response_status!).type('application/json; charset=utf-8').send(stored.response_body)
  }
  return sendCreated(reply, status, outcome.created, outcome.text)
}

/**
 * A write that failed on an integrity constraint may have lost a race to a request with the same
 * key: the key's lock is taken inside the probe statement, whose snapshot can predate the commit
 * of the request that just released it, and then the write meets that request's row (a
 * duplicate name, say) before the key's. If the key now has a stored response, answer as the key
 * says (replay, or reused); otherwise the error stands.
 */
export async function afterLostRace(db: Db, clientId: string, key: string, hash: string, err: unknown): Promise<{ replay: KeyProbe }> {
  const code = (err as { code?: unknown })?.code
  if (typeof code !== 'string' || !code.startsWith('23')) throw err
  const [stored] = await probeKey(db, { client_id: clientId, key })
  if (!stored?.request_hash) throw err
  if (stored.request_hash !== hash) throw new ConflictError('idempotency-key-reused', 'This Idempotency-Key was already used with a different request; use a new key for a new request')
  return { replay: stored }
}

function sendCreated(reply: FastifyReply, status: number, created: Created<unknown>, text: string): FastifyReply {
  if (created.location) reply.header('location', created.location)
  if (created.etag) reply.header('etag', created.etag)
  return reply.code(status).type('application/json; charset=utf-8').send(text)
}

/** Deletes keys older than the retention period; returns how many. */
export async function sweepIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - KEY_RETENTION_HOURS * 3_600_000).toISOString()
  const res = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst()
  return Number(res.numDeletedRows)
}

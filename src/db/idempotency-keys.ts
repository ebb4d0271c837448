import { sql, type RawBuilder } from 'kysely'
import { prepared } from './prepared.js'

// The SQL of the idempotency_keys table (see 0001_foundation.sql); http/idempotency.ts decides
// when each runs.

/** A stored key as the probe sees it. `locked`: this transaction holds the key's advisory lock. */
export interface KeyProbe { locked: boolean; request_hash: string | null; response_status: number | null; response_body: string | null; resource_location: string | null }

/** The advisory lock of one key: `hashtextextended(lock_key, 834)`, held until the transaction ends. */
const tryLock = (lockKey: unknown): RawBuilder<boolean> => sql<boolean>`pg_try_advisory_xact_lock(hashtextextended(${lockKey}, 834))`

/** Takes the key's lock and reads its stored response, in one round trip. */
export const lockAndProbeKey = prepared(['lock_key', 'client_id', 'key'], (db, p) => ({
  compile: () => sql<KeyProbe>`
    select ${tryLock(p.lock_key)} as locked, k.request_hash, k.response_status, k.response_body, k.resource_location
      from (select 1) one left join idempotency_keys k on k.client_id = ${p.client_id} and k.key = ${p.key}::uuid`.compile(db),
}))

/**
 * Reads the key's stored response without the lock: for embedded PGlite, which runs one
 * transaction at a time, so no other request with the key can be in flight while this one holds
 * the database (the lock would always be granted, and costs more than the rest in WASM).
 */
export const probeKey = prepared(['client_id', 'key'], (db, p) => ({
  compile: () => sql<KeyProbe>`
    select true as locked, k.request_hash, k.response_status, k.response_body, k.resource_location
      from (select 1) one left join idempotency_keys k on k.client_id = ${p.client_id} and k.key = ${p.key}::uuid`.compile(db),
}))

/** The values a stored key carries: the request it answered and the response it got, and the name of its advisory lock. */
export const KEY_CLAIM_PARAMS = ['client_id', 'key', 'lock_key', 'method', 'path', 'request_hash', 'response_status', 'response_body', 'resource_location', 'created_at'] as const
export type KeyClaimParam = (typeof KEY_CLAIM_PARAMS)[number]
export type KeyClaim = Readonly<Record<KeyClaimParam, string | number | null>>
export const storeResponse = prepared(['client_id', 'key', 'method', 'path', 'request_hash', 'response_status', 'response_body', 'resource_location', 'created_at'], (db, p) => db.insertInto('idempotency_keys').values({
  client_id: p.client_id, key: p.key, method: p.method, path: p.path, request_hash: p.request_hash,
  response_status: sql<number>`${p.response_status}`, response_body: p.response_body, resource_location: p.resource_location, created_at: p.created_at,
}))

/**
 * `claim as (…)`: a CTE that stores, for each row of the CTE `source` (the rows whose write's
 * precondition holds; each carries its own request's claim: client_id, key, lock_key, method,
 * path, request_hash, response_status, response_body, resource_location, created_at), the row's key with
 * its response — when the key's advisory lock is granted (`lock`: false on embedded PGlite, see
 * probeKey) and no row for the key exists. It returns `client_id, key` of each key it stored, so a
 * write statement that joins `claim` writes a row exactly when its key was new and free, and
 * commits together with it. The keys of one statement's rows must differ (see WriteBatcher's keys).
 */
export function claimKeysCte(source: string, lock: boolean): RawBuilder<unknown> {
  const granted = lock ? tryLock(sql.ref(`${source}.lock_key`)) : sql`true`
  return sql`claim as (
    insert into idempotency_keys (client_id, key, method, path, request_hash, response_status, response_body, resource_location, created_at)
    select ${sql.ref(`${source}.client_id`)}, ${sql.ref(`${source}.key`)}, ${sql.ref(`${source}.method`)}, ${sql.ref(`${source}.path`)}, ${sql.ref(`${source}.request_hash`)},
           ${sql.ref(`${source}.response_status`)}, ${sql.ref(`${source}.response_body`)}, ${sql.ref(`${source}.resource_location`)}, ${sql.ref(`${source}.created_at`)}
      from ${sql.table(source)} where ${granted}
    on conflict (client_id, key) do nothing
    returning client_id, key
  )`
}

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { freshDatabase } from '../../../test/support/databases.js'
import type { Database$ } from '../../db/connect.js'
import { UnauthenticatedError } from '../../errors/app-error.js'
import { TokenService } from './tokens.js'

let database: Database$
before(async () => { database = await freshDatabase('pglite') })
after(async () => database?.close())

const ctx = { client_id: 'oe_test', organization_id: '3f2c7d0e-8a4b-4c1e-9d2f-5b6a7c8d9e0f', organization_type: 'broker' as const, scopes: new Set(['read:plans']) }

test('a token verified once (and cached) still expires on time', async () => {
  let now = new Date('2026-11-23T12:00:00Z')
  const tokens = new TokenService(database.db, { issuer: 'openenroll', ttlSeconds: 3600, clock: () => now })
  await tokens.init()
  const { access_token } = await tokens.issue(ctx)
  assert.deepEqual([...(await tokens.verify(access_token)).scopes], ['read:plans'])
  assert.equal((await tokens.verify(access_token)).client_id, 'oe_test') // from the cache
  now = new Date('2026-11-23T13:00:01Z')
  await assert.rejects(tokens.verify(access_token), (err: unknown) => err instanceof UnauthenticatedError && err.slug === 'invalid-token')
})

test('another process verifies tokens signed with the shared key (rotation by kid)', async () => {
  const clock = () => new Date('2026-11-23T12:00:00Z')
  const a = new TokenService(database.db, { issuer: 'openenroll', ttlSeconds: 3600, clock })
  await a.init()
  const b = new TokenService(database.db, { issuer: 'openenroll', ttlSeconds: 3600, clock })
  await b.init()
  const { access_token } = await a.issue(ctx)
  assert.equal((await b.verify(access_token)).organization_id, ctx.organization_id)
  // Flip the first character of the signature (the last base64url characters carry padding bits,
  // so changing those can leave the decoded signature as it was).
  const [header, payload, signature] = access_token.split('.') as [string, string, string]
  const tampered = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
  await assert.rejects(b.verify(tampered), UnauthenticatedError)
})

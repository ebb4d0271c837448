import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/connect.js'
import { newId } from '../../shared/ids.js'
import { InvalidError } from '../../errors/app-error.js'
import { generateSecret, hashSecret, verifySecret } from './secrets.js'
import { ALL_SCOPES, parseScopes, type Scope } from './scopes.js'
import type { AuthContext } from './tokens.js'

export type OrganizationType = 'employer' | 'broker' | 'administrator'

export interface NewClient {
  readonly client_id: string
  readonly client_secret: string
  readonly organization_id: string
  readonly organization_type: OrganizationType
  readonly scopes: Scope[]
}

/**
 * Creates an API client for an organization, creating the organization (by name) if missing.
 * The secret is returned once and stored only as a scrypt hash.
 */
export async function createClient(db: Db, input: { organization: string; type?: OrganizationType; scopes?: string; name?: string }): Promise<NewClient> {
  const { scopes, unknown } = input.scopes === undefined ? { scopes: ALL_SCOPES, unknown: [] } : parseScopes(input.scopes)
  if (unknown.length > 0) throw new InvalidError('validation', `unknown scope(s): ${unknown.join(', ')}; known: ${ALL_SCOPES.join(' ')}`)
  if (scopes.length === 0) throw new InvalidError('validation', 'a client needs at least one scope')
  const type = input.type ?? 'administrator'
  const clientId = `oe_${randomBytes(12).toString('base64url')}`
  const secret = generateSecret()
  const secretHash = await hashSecret(secret)
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('organizations').values({ id: newId(), name: input.organization, type })
      .onConflict((oc) => oc.column('name').doNothing()).execute()
    const org = await tx.selectFrom('organizations').select(['id', 'type']).where('name', '=', input.organization).executeTakeFirstOrThrow()
    if (input.type && org.type !== input.type) {
      throw new InvalidError('organization-exists', `organization '${input.organization}' exists with type ${org.type}, not ${input.type}`)
    }
    await tx.insertInto('api_clients').values({
      client_id: clientId, organization_id: org.id, name: input.name ?? '', secret_hash: secretHash, scopes, revoked_at: null,
    }).execute()
    return { client_id: clientId, client_secret: secret, organization_id: org.id, organization_type: org.type, scopes }
  })
}

/** Checks client credentials; resolves the auth context (with scopes narrowed to `requested`) or undefined. */
export async function authenticateClient(db: Db, clientId: string, secret: string): Promise<AuthContext | undefined> {
  const row = await db.selectFrom('api_clients')
    .innerJoin('organizations', 'organizations.id', 'api_clients.organization_id')
    .select(['api_clients.client_id', 'api_clients.secret_hash', 'api_clients.scopes', 'api_clients.revoked_at', 'organizations.id as organization_id', 'organizations.type'])
    .where('api_clients.client_id', '=', clientId)
    .executeTakeFirst()
  // Verify against a dummy hash for unknown clients too, so timing does not reveal which ids exist.
  const ok = await verifySecret(secret, row?.secret_hash ?? DUMMY_HASH)
  if (!row || !ok || row.revoked_at !== null) return undefined
  return { client_id: row.client_id, organization_id: row.organization_id, organization_type: row.type, scopes: new Set(row.scopes) }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

/** True when no API client exists yet (a first start). */
export async function hasNoClients(db: Db): Promise<boolean> {
  const row = await db.selectFrom('api_clients').select('client_id').limit(1).executeTakeFirst()
  return row === undefined
}

import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload, errors as joseErrors } from 'jose'
import type { Db } from '../../db/connect.js'
import { newId } from '../../shared/ids.js'
import { UnauthenticatedError } from '../../errors/app-error.js'
import type { Scope } from './scopes.js'

const ALG = 'EdDSA'
const AUDIENCE = 'openenroll-api'
const VERIFIED_CACHE_SIZE = 10_000

/** Who is calling: the client, the organization it acts for, and what it may do. */
export interface AuthContext {
  readonly client_id: string
  readonly organization_id: string
  readonly organization_type: 'employer' | 'broker' | 'administrator'
  readonly scopes: ReadonlySet<string>
}

interface VerifyKey { kid: string; key: CryptoKey | Uint8Array }

/**
 * Signing keys live in the database (so every API process verifies every other's tokens) and
 * carry a `kid`: the newest unretired key signs; any known key verifies, so keys rotate by
 * adding a new one and retiring the old after the token lifetime.
 */
export class TokenService {
  #signing: { kid: string; key: CryptoKey | Uint8Array } | undefined
  #verify = new Map<string, VerifyKey>()
  #loading: Promise<void> | undefined
  #verified = new Map<string, { ctx: AuthContext; exp: number }>()

  constructor(
    private readonly db: Db,
    private readonly opts: { issuer: string; ttlSeconds: number; clock: () => Date },
  ) {}

  /** Loads (or on first use creates) the keys. */
  async init(): Promise<void> {
    await this.#load()
    if (!this.#signing) {
      const { privateKey, publicKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true })
      const kid = newId()
      await this.db.insertInto('signing_keys').values({
        kid, algorithm: ALG,
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
        public_jwk: JSON.stringify(await exportJWK(publicKey)),
      }).execute()
      await this.#load()
    }
  }

  async #load(): Promise<void> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'asc').execute()
    for (const row of rows) {
      if (!this.#verify.has(row.kid)) {
        this.#verify.set(row.kid, { kid: row.kid, key: await importJWK(row.public_jwk as JWK, row.algorithm) })
      }
    }
    const signer = rows.filter((r) => r.retired_at === null).at(-1)
    if (signer && this.#signing?.kid !== signer.kid) {
      this.#signing = { kid: signer.kid, key: await importJWK(signer.private_jwk as JWK, signer.algorithm) }
    }
  }

  /** Signs an access token for a client. */
  async issue(ctx: AuthContext): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number; scope: string }> {
    if (!this.#signing) await this.init()
    const signing = this.#signing!
    const now = Math.floor(this.opts.clock().getTime() / 1000)
    const scope = [...ctx.scopes].join(' ')
    const token = await new SignJWT({ scope, org: ctx.organization_id, org_type: ctx.organization_type })
      .setProtectedHeader({ alg: ALG, kid: signing.kid, typ: 'at+jwt' })
      .setIssuer(this.opts.issuer)
      .setAudience(AUDIENCE)
      .setSubject(ctx.client_id)
      .setIssuedAt(now)
      .setExpirationTime(now + this.opts.ttlSeconds)
      .setJti(newId())
      .sign(signing.key)
    return { access_token: token, token_type: 'Bearer', expires_in: this.opts.ttlSeconds, scope }
  }

  /** Verifies a bearer token; throws `invalid-token` (401) when it is bad, expired or unknown. */
  async verify(token: string): Promise<AuthContext> {
    // A token verified once is the same token until it expires: skip the signature check on
    // repeat calls (the cache is keyed by the whole token string, bounded, and honours exp).
    const cached = this.#verified.get(token)
    if (cached && cached.exp * 1000 > this.opts.clock().getTime()) return cached.ctx
    const verified = await this.#verifySignature(token)
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) this.#verified.delete(this.#verified.keys().next().value!)
    this.#verified.set(token, verified)
    return verified.ctx
  }

  async #verifySignature(token: string): Promise<{ ctx: AuthContext; exp: number }> {
    let payload: JWTPayload
    try {
      ({ payload } = await jwtVerify(token, (header) => this.#keyFor(header.kid), {
        issuer: this.opts.issuer, audience: AUDIENCE, algorithms: [ALG],
        currentDate: this.opts.clock(), typ: 'at+jwt',
      }))
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired
      throw new UnauthenticatedError('invalid-token', expired ? 'The access token has expired' : 'The access token is invalid', {
        headers: { 'www-authenticate': `Bearer realm="openenroll", error="invalid_token", error_description="${expired ? 'token expired' : 'token invalid'}"` },
      })
    }
    const orgType = payload.org_type
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string' || typeof payload.scope !== 'string'
      || (orgType !== 'employer' && orgType !== 'broker' && orgType !== 'administrator')) {
      throw new UnauthenticatedError('invalid-token', 'The access token is missing claims', {
        headers: { 'www-authenticate': 'Bearer realm="openenroll", error="invalid_token"' },
      })
    }
    return {
      ctx: { client_id: payload.sub, organization_id: payload.org, organization_type: orgType, scopes: new Set(payload.scope.split(' ').filter(Boolean)) },
      exp: payload.exp ?? 0,
    }
  }

  async #keyFor(kid: string | undefined): Promise<CryptoKey | Uint8Array> {
    if (!kid) throw new Error('token has no kid')
    let found = this.#verify.get(kid)
    if (!found) {
      // A key created by another process since we loaded: reload once (coalesced).
      this.#loading ??= this.#load().finally(() => { this.#loading = undefined })
      await this.#loading
      found = this.#verify.get(kid)
    }
    if (!found) throw new Error('unknown kid')
    return found.key
  }
}

export type { Scope }

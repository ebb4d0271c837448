import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { Deps } from '../../http/deps.js'
import { InvalidError } from '../../errors/app-error.js'
import { parseScopes } from './scopes.js'
import { authenticateClient } from './service.js'

const TokenRequest = Type.Object({
  grant_type: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
}, { additionalProperties: true })

const TokenResponse = Type.Object({
  access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), scope: Type.String(),
})
const OAuthError = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) })

/** RFC 6749 §5.2 error response (not problem+json: OAuth clients expect this shape). */
function oauthError(reply: FastifyReply, status: number, error: string, description: string, basic = false) {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
  if (status === 401) reply.header('www-authenticate', basic ? 'Basic realm="openenroll"' : 'Basic realm="openenroll"')
  return reply.code(status).send({ error, error_description: description })
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!m?.[1]) return undefined
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
  return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) }
}

/** POST /oauth/token: OAuth 2.0 client credentials grant. */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post('/oauth/token', {
    schema: {
      tags: ['auth'], summary: 'Exchange client credentials for an access token',
      description: 'grant_type=client_credentials; credentials by HTTP Basic or client_id/client_secret in the form body; optional scope narrows the token.',
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      body: TokenRequest,
      response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError },
    },
    // RFC 6749 §5.2: a malformed token request (no body, a wrong type, JSON that does not parse)
    // is an OAuth error too, not a problem document. A 415 (another media type) stays a problem.
    attachValidation: true,
    errorHandler: (err, _req, reply) => {
      const status = err instanceof InvalidError ? 400 : (err as { statusCode?: number }).statusCode ?? 500
      if (status === 400) return oauthError(reply, 400, 'invalid_request', err.message)
      throw err
    },
  }, async (req, reply) => {
    if (req.validationError) return oauthError(reply, 400, 'invalid_request', req.validationError.message)
    const body = req.body ?? {}
    if (body.grant_type === undefined) return oauthError(reply, 400, 'invalid_request', 'grant_type is required')
    if (body.grant_type !== 'client_credentials') return oauthError(reply, 400, 'unsupported_grant_type', 'only client_credentials is supported')
    const basic = basicCredentials(req.headers.authorization)
    if (basic && body.client_secret !== undefined) return oauthError(reply, 400, 'invalid_request', 'send client credentials either by HTTP Basic or in the body, not both')
    const id = basic?.id ?? body.client_id
    const secret = basic?.secret ?? body.client_secret
    if (!id || !secret) return oauthError(reply, 401, 'invalid_client', 'client authentication required', true)
    const auth = await authenticateClient(deps.db, id, secret)
    if (!auth) return oauthError(reply, 401, 'invalid_client', 'unknown client or wrong secret', Boolean(basic))
    let scopes = auth.scopes
    if (body.scope !== undefined) {
      const { scopes: requested, unknown } = parseScopes(body.scope)
      const notGranted = requested.filter((s) => !auth.scopes.has(s))
      if (unknown.length > 0 || notGranted.length > 0) return oauthError(reply, 400, 'invalid_scope', `not allowed for this client: ${[...unknown, ...notGranted].join(' ')}`)
      scopes = new Set(requested)
    }
    const token = await deps.tokens.issue({ ...auth, scopes })
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    return token
  })
}

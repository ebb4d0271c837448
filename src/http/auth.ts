import type { FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthenticatedError } from '../errors/app-error.js'
import type { AuthContext, Scope, TokenService } from '../modules/organizations/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate`; routes under /v1 always have it. */
    auth: AuthContext
  }
}

const CHALLENGE = 'Bearer realm="openenroll"'

/** onRequest hook for /v1: verifies the bearer token and sets `req.auth`, or answers 401. */
export function authenticate(tokens: TokenService) {
  return async (req: FastifyRequest): Promise<void> => {
    const header = req.headers.authorization
    if (!header) throw new UnauthenticatedError('unauthenticated', 'Send an access token: Authorization: Bearer <token> (get one at POST /oauth/token)', { headers: { 'www-authenticate': CHALLENGE } })
    const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header)
    if (!m?.[1]) throw new UnauthenticatedError('invalid-token', 'The Authorization header must be: Bearer <token>', { headers: { 'www-authenticate': `${CHALLENGE}, error="invalid_request"` } })
    req.auth = await tokens.verify(m[1])
  }
}

/** Route onRequest hook: the token must carry `scope`, else 403 naming it. */
export function requireScope(scope: Scope) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!req.auth?.scopes.has(scope)) {
      throw new ForbiddenError('insufficient-scope', `This request needs the scope '${scope}'`, {
        required_scope: scope,
        headers: { 'www-authenticate': `${CHALLENGE}, error="insufficient_scope", scope="${scope}"` },
      })
    }
  }
}

import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import pino, { type DestinationStream } from 'pino'
import { InvalidError, MethodNotAllowedError, NotFoundError } from '../errors/app-error.js'
import { authenticate } from './auth.js'
import type { Deps } from './deps.js'
import { registerOpenApi } from './openapi.js'
import { sendProblem, toProblem } from './problem.js'
import { validatorCompiler } from './validation.js'
import { locateJsonError } from '../shared/json-error.js'
import { mayHoldUnstorableText, unstorableStrings } from '../shared/storable-text.js'
import { healthRoutes } from './health.js'
import { redactUrl } from '../shared/redact-url.js'
import { apiRoutes } from './routes.js'
import { tokenRoutes } from '../modules/organizations/index.js'
import { PlanRulesDoc } from '../modules/plans/index.js'

export type App = FastifyInstance

/** pino redaction: credentials and PHI never reach the log. */
export const REDACT = [
  'req.headers.authorization', 'req.headers.cookie', '*.ssn', '*.social_security_number', '*.client_secret',
  '*.password', '*.private_key', '*.passphrase',
]

/**
 * The request as logged (Fastify's fields), its URL with PHI query values redacted: a lookup by
 * SSN (`GET /v1/subscribers?ssn=…`) never writes the SSN to the log.
 */
export function requestForLog(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
}

/**
 * The server's logger: credentials and PHI redacted (see {@link REDACT} and {@link requestForLog}).
 *
 * @example
 * const logger = createLogger('info')              // to stdout
 * const logger = createLogger('info', someStream)  // anywhere
 */
export function createLogger(level: string, destination?: DestinationStream): FastifyBaseLogger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, serializers: { req: requestForLog } }
  return destination === undefined ? pino(options) : pino(options, destination)
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** A body's strings must be storable as sent (see shared/storable-text.ts): else 400 with pointers. */
function unstorable(text: string, value: unknown): InvalidError | null {
  if (!mayHoldUnstorableText(text)) return null
  const errors = unstorableStrings(value)
  return errors.length > 0 ? unstorableError(errors) : null
}

const unstorableError = (errors: { pointer: string; detail: string }[]): InvalidError =>
  InvalidError.fields('unstorable-text', 'Text may not contain U+0000 or unpaired surrogates: it could not be stored as sent', errors)

/** Builds the HTTP application (no listen): tests inject, `serve` listens. */
export async function buildApp(deps: Deps, opts: { logger?: FastifyBaseLogger | false } = {}): Promise<App> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id)
    return payload
  })

  // JSON bodies: a syntax error says where it is.
  // Only JSON (and the token endpoint's form body) is accepted; anything else is a 415.
  app.removeAllContentTypeParsers()
  const parseJson = (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void => {
    const text = body.toString()
    if (text.trim() === '') return done(null, undefined)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      const at = locateJsonError(text)
      const where = at ? ` at line ${at.line}, column ${at.column}: expected ${at.expected}` : `: ${(err as Error).message}`
      return done(new InvalidError('malformed-json', `The body is not valid JSON${where}`, at ? { line: at.line, column: at.column, position: at.position } : {}), undefined)
    }
    done(unstorable(text, value), value)
  }
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson)
  app.addContentTypeParser(/^application\/[a-z0-9.+-]*\+json$/, { parseAs: 'string' }, parseJson)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const value = Object.fromEntries(new URLSearchParams(body as string))
    const errors = unstorableStrings(value)
    done(errors.length > 0 ? unstorableError(errors) : null, value)
  })

  app.setErrorHandler((err, req, reply) => {
    const { problem, headers } = toProblem(err, req)
    return sendProblem(reply, problem, headers)
  })
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url
    const allowed = METHODS.filter((method) => method !== req.method && app.findRoute({ method, url: path }) !== null)
    const err = allowed.length > 0
      ? new MethodNotAllowedError('method-not-allowed', `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } })
      : new NotFoundError('route-not-found', `No route ${req.method} ${path}; see /openapi.json`)
    const { problem, headers } = toProblem(err, req)
    return sendProblem(reply, problem, headers)
  })

  await registerOpenApi(app, [PlanRulesDoc])
  await app.register(healthRoutes, { deps })
  await app.register(tokenRoutes, { deps })
  await app.register(async (v1) => {
    v1.addHook('onRequest', authenticate(deps.tokens))
    await v1.register(apiRoutes, { deps })
  }, { prefix: '/v1' })
  return app
}

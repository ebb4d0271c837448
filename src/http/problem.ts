import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { AppError, type ErrorKind, type FieldError } from '../errors/app-error.js'
import { titleOf } from '../errors/catalogue.js'
import { translateDatabaseError } from '../db/constraint-errors.js'
import { maskSsns, redactUrl } from '../shared/redact-url.js'

/** RFC 9457 problem details, as every error response carries them. */
export const Problem = Type.Object({
  type: Type.String({ description: 'URI reference naming the problem; `/problems/<slug>`' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  request_id: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({
    pointer: Type.String({ description: 'JSON pointer (RFC 6901) of the offending field' }),
    detail: Type.String(),
    in: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')])),
  }, { additionalProperties: true }))),
}, { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' })
export type Problem = Static<typeof Problem>

const statusOf: Record<ErrorKind, number> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, 'method-not-allowed': 405,
  conflict: 409, precondition: 412, 'too-large': 413, 'unsupported-media-type': 415,
  'unprocessable': 422, 'precondition-required': 428, unavailable: 503,
}

export const PROBLEM_BASE = '/problems/'

function problemOf(status: number, slug: string, detail: string | undefined, instance: string, extra: Record<string, unknown> = {}): Problem {
  const p: Problem = { type: PROBLEM_BASE + slug, title: titleOf(slug), status, instance }
  // A detail may name what was asked for (`Subscriber 123-45-6789 not found`): never an SSN.
  if (detail !== undefined) p.detail = maskSsns(detail)
  for (const [k, v] of Object.entries(extra)) if (!(k in p)) (p as Record<string, unknown>)[k] = v
  // A pointer names what was sent: an unknown query parameter `ssn%3D123456789` must not echo the SSN.
  if (Array.isArray(p.errors)) p.errors = p.errors.map((e) => ({ ...e, pointer: maskSsns(e.pointer) }))
  return p
}

interface AjvLikeError {
  instancePath?: string
  schemaPath?: string
  keyword?: string
  message?: string
  params?: Record<string, unknown>
}

/**
 * A failed `anyOf` (a body accepted in two shapes, a union of literals) makes the validator report
 * every branch's errors and "must match a schema in anyOf": one bad date in seed 003's wrapped QLE
 * body gave six errors. Keeps only the branch that fits best (fewest errors; a branch that does
 * not recognise the object's own fields fits worst), and a union of constants becomes one
 * "must be one of" error.
 */
function pruneAnyOf(errors: readonly AjvLikeError[]): AjvLikeError[] {
  let out = [...errors]
  for (const failed of errors.filter((e) => e.keyword === 'anyOf' && e.schemaPath !== undefined)) {
    const base = `${failed.schemaPath as string}/`
    const at = failed.instancePath ?? ''
    // A branch's errors: under this anyOf in the schema, and at or inside this value (not another array item's).
    const inside = (e: AjvLikeError): boolean => { const p = e.instancePath ?? ''; return p === at || p.startsWith(`${at}/`) }
    const branchOf = (e: AjvLikeError): number => (e.schemaPath?.startsWith(base) && inside(e) ? Number(e.schemaPath.slice(base.length).split('/')[0]) : -1)
    const branches = new Map<number, AjvLikeError[]>()
    for (const e of out) { const b = branchOf(e); if (b >= 0) branches.set(b, [...(branches.get(b) ?? []), e]) }
    if (branches.size === 0) continue
    const all = [...branches.values()]
    if (all.every((es) => es.length === 1 && es[0]?.keyword === 'const' && es[0].instancePath === failed.instancePath)) {
      const allowed = all.map((es) => String(es[0]?.params?.allowedValue))
      out = out.filter((e) => e !== failed && branchOf(e) < 0)
      out.push({ instancePath: failed.instancePath, keyword: 'enum', params: { allowedValues: allowed } })
      continue
    }
    // Worst fit: a branch of another type altogether (`null` for a sent object), then one that does
    // not recognise the value's own fields; then the fewest errors.
    const score = (es: AjvLikeError[]): number => es.length
      + 100 * es.filter((e) => e.keyword === 'type' && (e.instancePath ?? '') === at).length
      + 10 * es.filter((e) => e.keyword === 'additionalProperties' && (e.instancePath ?? '') === at).length
    const best = [...branches].reduce((a, b) => (score(b[1]) < score(a[1]) ? b : a))[0]
    out = out.filter((e) => e !== failed && (branchOf(e) < 0 || branchOf(e) === best))
  }
  return out
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** Turns schema-validator errors into `{ pointer, detail }` (the pointer names the missing/extra property itself). */
export function fieldErrorsOf(errors: readonly AjvLikeError[], where: string): (FieldError & { in: string })[] {
  const seen = new Set<string>()
  const out: (FieldError & { in: string })[] = []
  for (const e of pruneAnyOf(errors)) {
    let pointer = e.instancePath ?? ''
    const missing = e.params?.missingProperty ?? (Array.isArray(e.params?.requiredProperties) ? undefined : undefined)
    if (e.keyword === 'required' && typeof missing === 'string') pointer += '/' + escapePointer(missing)
    const extra = e.params?.additionalProperty
    if (e.keyword === 'additionalProperties' && typeof extra === 'string') pointer += '/' + escapePointer(extra)
    let detail = e.message ?? 'is invalid'
    if (e.keyword === 'required') detail = 'is required'
    else if (e.keyword === 'additionalProperties') detail = 'is not a recognised field'
    else if (e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)) detail = `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`
    else if (e.keyword === 'format') detail = `must be a valid ${String(e.params?.format ?? 'value')}${e.params?.format === 'date' ? ' (YYYY-MM-DD)' : ''}`
    const key = `${pointer}\u0000${detail}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ pointer: pointer || '', detail, in: where })
  }
  return out
}

const partOf: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

/**
 * The one door every error leaves through: domain errors, schema validation, Fastify's own
 * errors (bad JSON, size, media type) and database constraint violations become RFC 9457
 * problems; anything else is logged with the request id and answered without internals.
 */
export function toProblem(err: unknown, req: FastifyRequest): { problem: Problem; headers?: Record<string, string> } {
  // The URL as a problem's instance: a lookup by SSN (?ssn=) is not echoed to the client's logs.
  const instance = redactUrl(req.url)
  const translated = translateDatabaseError(err)
  if (translated) err = translated
  if (err instanceof AppError) {
    const headers = (err.extra.headers ?? undefined) as Record<string, string> | undefined
    const { headers: _omit, ...extra } = err.extra as Record<string, unknown>
    return { problem: problemOf(statusOf[err.kind], err.slug, err.message, instance, extra), ...(headers ? { headers } : {}) }
  }
  const fe = err as Partial<FastifyError> & { validation?: AjvLikeError[]; validationContext?: string }
  if (fe.validation) {
    const where = partOf[fe.validationContext ?? 'body'] ?? 'body'
    const errors = fieldErrorsOf(fe.validation, where)
    return { problem: problemOf(400, 'validation', `The ${where === 'query' ? 'query string' : where} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`, instance, { errors }) }
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { problem: problemOf(413, 'body-too-large', fe.message, instance) }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { problem: problemOf(415, 'unsupported-media-type', `Content-Type ${req.headers['content-type'] ?? '(none)'} is not supported; send application/json`, instance) }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { problem: problemOf(400, 'malformed-json', 'The body is empty but Content-Type is application/json', instance) }
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { problem: problemOf(fe.statusCode, fe.statusCode === 404 ? 'not-found' : 'validation', fe.message, instance) }
  }
  req.log.error({ err }, 'unhandled error')
  return { problem: problemOf(500, 'internal', 'An unexpected error occurred; quote the request id when reporting it', instance, { request_id: req.id }) }
}

/** Sends a problem document with the right media type. */
export function sendProblem(reply: FastifyReply, problem: Problem, headers?: Record<string, string>): FastifyReply {
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v)
  return reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem))
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidError, PreconditionRequiredError } from '../errors/app-error.js'
import { MAX_VERSION } from '../shared/schema.js'

/** The strong ETag of a resource version. @example etagOf(3) // '"3"' */
export function etagOf(version: number): string {
  return `"${version}"`
}

/** Sets the ETag of a versioned resource on the reply and returns the resource. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  reply.header('etag', etagOf(resource.version))
  return resource
}

/**
 * The version a PUT expects: from `If-Match` (`"3"`, also `W/"3"`) or, failing that, `version`
 * in the body. Neither → 428; both but different → 400.
 */
export function expectedVersion(req: FastifyRequest, bodyVersion: number | undefined): number {
  const header = req.headers['if-match']
  let fromHeader: number | undefined
  if (typeof header === 'string' && header.trim() !== '') {
    const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header)
    if (!m) throw InvalidError.fields('validation', 'If-Match must be the ETag of the resource, e.g. "3"', [{ pointer: '/If-Match', detail: 'must be an ETag such as "3"' }])
    fromHeader = Number(m[1])
    if (fromHeader > MAX_VERSION) throw InvalidError.fields('validation', 'If-Match names a version no resource can have', [{ pointer: '/If-Match', detail: `must be an ETag this API gave out (versions go up to ${MAX_VERSION})` }])
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw InvalidError.fields('validation', 'If-Match and body version disagree', [{ pointer: '/version', detail: `is ${bodyVersion} but If-Match says ${fromHeader}` }])
  }
  const version = fromHeader ?? bodyVersion
  if (version === undefined) throw new PreconditionRequiredError('precondition-required', 'Send If-Match with the ETag you read (or version in the body) so concurrent changes are not lost')
  return version
}

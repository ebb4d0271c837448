/**
 * Every problem `type` the API can answer, with its fixed title. The problem `type` is
 * `/problems/<slug>`; the slugs are stable and documented in the README. A test checks that
 * every slug thrown in `src/` is listed here.
 */
export const catalogue = {
  // request shape
  'validation': 'Request validation failed',
  'malformed-json': 'Malformed JSON body',
  'body-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'not-found': 'Resource not found',
  'route-not-found': 'No such route',
  'method-not-allowed': 'Method not allowed',
  'invalid-cursor': 'Invalid pagination cursor',
  'invalid-date-range': 'Invalid date range',
  // auth
  'unauthenticated': 'Authentication required',
  'invalid-token': 'Invalid or expired access token',
  'insufficient-scope': 'Insufficient scope',
  'forbidden': 'Forbidden',
  // integrity
  'idempotency-key-required': 'Idempotency-Key header required',
  'idempotency-key-invalid': 'Idempotency-Key must be a UUID v4',
  'idempotency-key-reused': 'Idempotency-Key reused with a different request',
  'idempotency-key-in-flight': 'A request with this Idempotency-Key is still being processed',
  'precondition-required': 'If-Match or version required',
  'version-mismatch': 'Resource was modified (stale version)',
  'conflict': 'Conflict',
  'duplicate': 'Duplicate resource',
  'referenced': 'Resource is still referenced',
  // domain: organizations and employers
  'organization-exists': 'Organization already exists',
  'employer-already-linked': 'Employer organization already has an employer',
  // domain: plan years and plans
  'plan-year-overlap': 'Plan years of one employer cannot overlap',
  'plan-year-closed': 'Plan year is closed',
  'plan-rules-invalid': 'Plan rules are invalid',
  'irs-limit-exceeded': 'Above the IRS limit for the plan year',
  // domain: carriers and members
  'coverage-period-invalid': 'Coverage period is invalid',
  'coverage-period-overlap': 'Coverage periods of one employer and carrier cannot overlap',
  'member-invalid': 'Member is invalid',
  'unavailable': 'Service unavailable',
  'internal': 'Internal error',
} as const satisfies Record<string, string>

export type Slug = keyof typeof catalogue

/** The fixed title of a slug (slugs thrown but not catalogued fall back to a generic title). */
export function titleOf(slug: string): string {
  return (catalogue as Record<string, string>)[slug] ?? 'Request failed'
}

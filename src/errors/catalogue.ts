/**
 * Every problem `type` the API can answer, with its fixed title. The problem `type` is
 * `/problems/<slug>`; the slugs are stable and documented in the README. A test checks that
 * every slug thrown in `src/` is listed here.
 */
export const catalogue = {
  // request shape
  'validation': 'Request validation failed',
  'malformed-json': 'Malformed JSON body',
  'unstorable-text': 'Text cannot be stored as sent',
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
  'transaction-conflict': 'Rolled back by a concurrent request; retry',
  // domain: organizations and employers
  'organization-exists': 'Organization already exists',
  'employer-already-linked': 'Employer organization already has an employer',
  // domain: plan years and plans
  'plan-year-overlap': 'Plan years of one employer cannot overlap',
  'plan-year-closed': 'Plan year is closed',
  'plan-rules-invalid': 'Plan rules are invalid',
  'plan-carrier-invalid': 'Plan carrier is not yours',
  'irs-limit-exceeded': 'Above the IRS limit for the plan year',
  // domain: carriers and members
  'coverage-period-invalid': 'Coverage period is invalid',
  'coverage-period-overlap': 'Coverage periods of one employer and carrier cannot overlap',
  'member-invalid': 'Member is invalid',
  // domain: elections and enrollments
  'qle-reporting-window-closed': 'Qualifying life event reported too late',
  'qle-event-in-future': 'Event dated in the future',
  'qle-start-date-mismatch': 'Coverage start date does not follow the event',
  'qle-change-not-allowed': 'Change not consistent with the event',
  'dependent-not-eligible': 'Dependent not eligible for the plan',
  'member-not-in-family': 'Member is not in the subscriber\'s family',
  'coverage-tier-mismatch': 'Coverage tier does not match who is covered',
  'coverage-tier-not-offered': 'Coverage tier not offered by the plan',
  'coverage-period-mismatch': 'Coverage period does not cover the plan or date',
  'coverage-overlap': 'Overlapping coverage of the same plan type',
  'effective-date-outside-plan-year': 'Effective date outside the plan year',
  'effective-date-mismatch': 'Effective date does not follow the rules',
  'outside-enrollment-window': 'Outside the enrollment window',
  'enrollment-prerequisite-missing': 'Required enrollment missing',
  'contribution-below-plan-minimum': 'Below the plan minimum',
  'contribution-above-plan-maximum': 'Above the plan maximum',
  'irs-limits-unknown': 'IRS limits for the year not known',
  'plan-not-offered': 'Plan not offered to the subscriber',
  'product-line-mismatch': 'Plan does not match the product line',
  'enrollment-superseded': 'Enrollment record was superseded',
  'enrollment-cancelled': 'Enrollment is cancelled',
  'enrollment-in-force': 'Enrollment has taken effect',
  'termination-after-coverage-end': 'Termination after the coverage end',
  // carrier files
  'carrier-file-empty': 'No coverage to send to the carrier',
  'carrier-file-invalid': 'The carrier file would not validate',
  'payer-id-too-long': 'Payer id unusable as an interchange id',
  'plan-carrier-locked': 'The plan has coverage with its carrier',
  'unavailable': 'Service unavailable',
  'internal': 'Internal error',
} as const satisfies Record<string, string>

export type Slug = keyof typeof catalogue

/** The fixed title of a slug (slugs thrown but not catalogued fall back to a generic title). */
export function titleOf(slug: string): string {
  return (catalogue as Record<string, string>)[slug] ?? 'Request failed'
}

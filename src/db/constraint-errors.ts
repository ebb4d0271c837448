import { AppError, ConflictError, InvalidError, NotFoundError, UnavailableError, UnprocessableError } from '../errors/app-error.js'

type Factory = (detail: string) => AppError

/**
 * The database is where invariants live; this maps its constraint names to domain errors so a
 * lost race answers 409/422 instead of 500. Modules register their constraints at import.
 */
const byConstraint = new Map<string, Factory>()

/** Registers what a violation of `constraint` means to an API user. */
export function onConstraint(constraint: string, factory: Factory): void {
  byConstraint.set(constraint, factory)
}

interface PgLikeError {
  code?: string
  constraint?: string
  detail?: string
  message?: string
  table?: string
}

function isPgError(err: unknown): err is PgLikeError {
  return typeof err === 'object' && err !== null && typeof (err as PgLikeError).code === 'string' && /^[0-9A-Z]{5}$/.test((err as PgLikeError).code!)
}

/** PostgreSQL's constraint name, wherever the driver put it (pg sets `constraint`; PGlite too). */
function constraintOf(err: PgLikeError): string | undefined {
  if (err.constraint) return err.constraint
  const m = /constraint "([^"]+)"/.exec(err.message ?? '')
  return m?.[1]
}

/** Translates a database error into an AppError, or returns undefined when it is not a data error. */
export function translateDatabaseError(err: unknown): AppError | undefined {
  const cause = (err as { cause?: unknown })?.cause
  const pgErr = isPgError(err) ? err : isPgError(cause) ? cause : undefined
  if (!pgErr) return undefined
  const constraint = constraintOf(pgErr)
  const known = constraint ? byConstraint.get(constraint) : undefined
  if (known) return known(pgErr.detail ?? pgErr.message ?? '')
  switch (pgErr.code) {
    case '23505': return new ConflictError('duplicate', `A resource with the same unique values already exists${constraint ? ` (${constraint})` : ''}`)
    case '23P01': return new ConflictError('conflict', `Conflicts with an existing resource${constraint ? ` (${constraint})` : ''}`)
    case '23503': return pgErr.message?.includes('still referenced') || pgErr.detail?.includes('still referenced')
      ? new ConflictError('referenced', 'The resource is still referenced by others')
      : new NotFoundError('not-found', 'A referenced resource does not exist')
    case '23514': return new UnprocessableError('validation', `The request violates a data rule${constraint ? ` (${constraint})` : ''}`)
    case '22P02': case '22007': case '22008': case '22003': case '22001':
      return new InvalidError('validation', 'A value has the wrong format or is out of range')
    // U+0000 in text (the JSON and form parsers refuse it first; this covers query strings)
    case '22021': case '22P05':
      return new InvalidError('unstorable-text', 'Text may not contain U+0000: it could not be stored as sent')
    // The database gave up on the transaction (a deadlock or a serialization failure): nothing
    // was written, and the same request (same Idempotency-Key) can simply be sent again.
    case '40001': case '40P01':
      return new UnavailableError('transaction-conflict', 'The request collided with a concurrent one and was rolled back; retry it', { headers: { 'retry-after': '1' } })
  }
  return undefined
}

/** What kind of failure an error is; only `http/problem.ts` turns a kind into a status. */
export type ErrorKind =
  | 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'method-not-allowed' | 'conflict'
  | 'precondition' | 'precondition-required' | 'too-large' | 'unsupported-media-type' | 'unprocessable' | 'unavailable'

/** One offending field: a JSON pointer into the request (RFC 6901) and what is wrong with it. */
export interface FieldError {
  readonly pointer: string
  readonly detail: string
}

/**
 * The one error hierarchy. `slug` is stable and documented (see `catalogue.ts`); `extra` is
 * merged into the problem document (e.g. `errors` for field errors).
 */
export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind
  constructor(
    readonly slug: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

export class InvalidError extends AppError {
  readonly kind = 'invalid'
  /** A 400 listing each offending field. */
  static fields(slug: string, message: string, errors: readonly FieldError[]): InvalidError {
    return new InvalidError(slug, message, { errors })
  }
}
export class UnauthenticatedError extends AppError { readonly kind = 'unauthenticated' }
export class ForbiddenError extends AppError { readonly kind = 'forbidden' }
export class NotFoundError extends AppError { readonly kind = 'not-found' }
export class MethodNotAllowedError extends AppError { readonly kind = 'method-not-allowed' }
export class ConflictError extends AppError { readonly kind = 'conflict' }
export class PreconditionError extends AppError { readonly kind = 'precondition' }
export class PreconditionRequiredError extends AppError { readonly kind = 'precondition-required' }
export class TooLargeError extends AppError { readonly kind = 'too-large' }
export class UnsupportedMediaTypeError extends AppError { readonly kind = 'unsupported-media-type' }
export class UnavailableError extends AppError { readonly kind = 'unavailable' }
export class UnprocessableError extends AppError {
  readonly kind = 'unprocessable'
  /** A 422 listing each offending field. */
  static fields(slug: string, message: string, errors: readonly FieldError[]): UnprocessableError {
    return new UnprocessableError(slug, message, { errors })
  }
}

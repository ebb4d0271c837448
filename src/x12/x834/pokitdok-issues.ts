import { X12Error } from '../errors.js'

/**
 * What kind of problem a PokitDok request has. Stable: callers (the API's 400/422 answers, the CLI)
 * switch on it, never on the message.
 *
 * Errors: `invalid-json`, `unknown-field`, `wrong-type`, `required`, `unknown-label`,
 * `not-allowed-here` (a valid label the 834 does not allow in this place, e.g. an HD-only
 * maintenance type on the member), `invalid-date`, `invalid-format`, `too-long`, `too-short`,
 * `too-many`, `conflict`.
 * Warnings: `trailing-comma`, `trimmed` (leading/trailing whitespace removed), `not-carried`
 * (a value the 834 has no place for; it is dropped).
 */
export type PokitdokIssueCode =
  | 'invalid-json'
  | 'unknown-field'
  | 'wrong-type'
  | 'required'
  | 'unknown-label'
  | 'not-allowed-here'
  | 'invalid-date'
  | 'invalid-format'
  | 'too-long'
  | 'too-short'
  | 'too-many'
  | 'conflict'
  | 'trailing-comma'
  | 'trimmed'
  | 'transliterated'
  | 'not-carried'
  | 'renamed-field'

/**
 * One problem in a PokitDok request, located by an RFC 6901 JSON pointer into the request as sent.
 *
 * @example
 * const issue: PokitdokIssue = { pointer: '/subscriber/benefits/0/maintenance_type', code: 'unknown-label',
 *   message: "unknown maintenance_type 'Add'", allowed: ['Change', 'Delete', 'Addition'] }
 */
export interface PokitdokIssue {
  readonly pointer: string
  readonly code: PokitdokIssueCode
  readonly message: string
  /** For `unknown-label` / `not-allowed-here` / `unknown-field`: the values that would be accepted. */
  readonly allowed?: readonly string[]
  /** For `invalid-json` / `trailing-comma`: where in the text (1-based). */
  readonly line?: number
  readonly column?: number
}

/**
 * A PokitDok request the 834 mapping refuses: every error found (not just the first), each with its
 * JSON pointer. It is an {@link X12Error} (`code` `invalid-value`) so nothing but `X12Error` leaves the
 * x12 engine.
 *
 * @example
 * try { pokitdokToMembers(body) }
 * catch (err) { if (err instanceof PokitdokError) reply.code(422).send({ errors: err.issues }) }
 */
export class PokitdokError extends X12Error {
  constructor(readonly issues: readonly PokitdokIssue[]) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super('invalid-value', first ? `${first.pointer || '/'}: ${first.message}${more}` : 'invalid PokitDok request')
    this.name = 'PokitdokError'
  }
}

/**
 * Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
 *
 * @example
 * pointerTo('/subscriber', 'benefits', 0) // '/subscriber/benefits/0'
 */
export function pointerTo(base: string, ...tokens: readonly (string | number)[]): string {
  let out = base
  for (const token of tokens) {
    const t = String(token)
    out += '/' + (t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t)
  }
  return out
}

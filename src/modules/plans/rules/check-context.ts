import type { FieldError } from '../../../errors/app-error.js'
import { formatCents, type Cents } from '../../../shared/money.js'
import { findIrsLimits, irsLimitYears, type IrsLimits } from './irs-limits.js'
import type { PlanType } from './plan-types.js'

/** What a business check needs: the plan type, the IRS year and a place to report problems. */
export class CheckContext {
  readonly errors: FieldError[] = []
  private readonly limits: IrsLimits | undefined

  constructor(readonly planType: PlanType, readonly year: number) {
    this.limits = findIrsLimits(year)
  }

  /** Reports a problem at `/rules/<path…>`. */
  fail(path: readonly (string | number)[], detail: string): void {
    this.errors.push({ pointer: pointerOf(path), detail })
  }

  /**
   * The IRS limits for the plan year, or undefined after reporting at `path` that the year is
   * unknown — only when a check actually needs a figure, so plans without limits still pass.
   */
  irs(path: readonly (string | number)[]): IrsLimits | undefined {
    if (!this.limits) this.fail(path, `cannot be checked: IRS limits for ${this.year} are not known (known years: ${irsLimitYears().join(', ')})`)
    return this.limits
  }

  /** Fails at `path` when `value` exceeds `limit`, quoting the limit. Returns whether it passed. */
  atMost(path: readonly (string | number)[], value: Cents | null | undefined, limit: Cents, what: string): boolean {
    if (value === null || value === undefined || value <= limit) return true
    this.fail(path, `${formatCents(value)} exceeds ${what} of ${formatCents(limit)} (${limit} cents)`)
    return false
  }
}

/** JSON pointer (RFC 6901) under `/rules`. */
export function pointerOf(path: readonly (string | number)[]): string {
  return ['/rules', ...path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/')
}

/** `$4,400.00` style, re-exported for check messages. */
export { formatCents }

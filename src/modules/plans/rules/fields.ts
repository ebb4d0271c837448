import { Type, type TSchema, type TUnsafe } from 'typebox'
import { COVERAGE_TIERS } from './plan-types.js'

// Field builders shared by every plan type's schema, so a cents field, a rate in basis points or a
// per-tier map is described the same way everywhere. Every builder requires a description.

/** Upper bound for any money field: $1 billion, far above any benefit, well inside 2^53. */
const MAX_CENTS = 100_000_000_000

/** Integer cents ≥ 0. */
export function cents(description: string, options: { default?: number; minimum?: number; maximum?: number } = {}) {
  return Type.Integer({ minimum: 0, maximum: MAX_CENTS, ...options, description })
}

/** Integer cents ≥ 0, or null (meaning given in the description; usually "the IRS limit" or "unknown"). */
export function nullableCents(description: string, options: { minimum?: number } = {}): TUnsafe<number | null> {
  // A type array rather than anyOf so that a bad value gets one clear error.
  return Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: options.minimum ?? 0, maximum: MAX_CENTS, default: null, description })
}

/** A rate in basis points, 0–10000 (10000 = 100%) unless a maximum says otherwise. */
export function bps(description: string, options: { default?: number; maximum?: number; minimum?: number } = {}) {
  return Type.Integer({ minimum: 0, maximum: 10_000, ...options, description })
}

/** A whole number of days, months, weeks, years or hours. */
export function count(description: string, options: { default?: number; minimum?: number; maximum: number }) {
  return Type.Integer({ minimum: 0, ...options, description })
}

/** A boolean with its documented default. */
export function flag(description: string, defaultValue: boolean) {
  return Type.Boolean({ default: defaultValue, description })
}

/** A string from a fixed list (`enum`, so a wrong value gets one error naming the choices). */
export function stringEnum<const T extends readonly string[]>(values: T, description: string, defaultValue?: T[number]): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description, ...(defaultValue === undefined ? {} : { default: defaultValue }) })
}

/** A list of distinct values from a fixed list. */
export function enumSet<const T extends readonly string[]>(values: T, description: string, defaultValue: readonly T[number][], options: { minItems?: number } = {}) {
  return Type.Array(stringEnum(values, `One of: ${values.join(', ')}`), { uniqueItems: true, ...options, default: [...defaultValue], description })
}

/** An object with one optional entry per coverage tier, defaulting to `{}` (no tier set). */
export function perTier<T extends TSchema>(value: () => T, description: string) {
  return Type.Object({
    individual: Type.Optional(value()),
    individual_spouse: Type.Optional(value()),
    individual_children: Type.Optional(value()),
    family: Type.Optional(value()),
  }, { additionalProperties: false, default: {}, description: `${description} Keys are coverage tiers (${COVERAGE_TIERS.join(', ')}); a tier left out has none.` })
}

/** A rate in basis points, or null ("not set"). */
export function nullableBps(description: string): TUnsafe<number | null> {
  return Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum: 10_000, default: null, description })
}

/** The coverage tiers a plan offers (at least one), defaulting to all four. */
export function coverageTiersField(description = 'Coverage tiers the plan offers; employer contributions, premiums and allowances may only name these.') {
  return Type.Optional(enumSet(COVERAGE_TIERS, description, COVERAGE_TIERS, { minItems: 1 }))
}

/** Reimbursable expense categories of account plans and debit cards. */
export const EXPENSE_CATEGORIES = ['medical', 'dental', 'vision', 'pharmacy', 'otc', 'dependent_care', 'transit', 'parking', 'premiums'] as const

/** How claims are substantiated (IRS Prop. Reg. 1.125-6): automatically (card/IIAS/copay match) or with receipts. */
export const CLAIMS_SUBSTANTIATION = ['auto', 'manual'] as const

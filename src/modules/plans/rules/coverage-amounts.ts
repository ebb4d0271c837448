import { Type, type Static } from 'typebox'
import { bps, cents, count, flag } from './fields.js'

/**
 * An amount of life or AD&D coverage, discriminated by `basis`: a flat amount, a multiple of
 * annual salary (×1 to ×10, in halves) capped at `max_volume_cents`, or an amount the employee
 * elects in increments.
 */
const VOLUME_BRANCHES = [
  Type.Object({
    basis: Type.Literal('flat', { description: 'Everyone has the same amount.' }),
    flat_amount_cents: cents('The amount of coverage.', { minimum: 1 }),
  }, { additionalProperties: false, description: 'Flat amount.' }),
  Type.Object({
    basis: Type.Literal('salary_multiple', { description: 'A multiple of annual base salary.' }),
    salary_multiple: Type.Number({ minimum: 1, maximum: 10, multipleOf: 0.5, description: 'Multiple of annual salary, 1 to 10 in steps of 0.5.' }),
    max_volume_cents: cents('Cap on the amount of coverage.', { minimum: 1 }),
    rounding_increment_cents: Type.Optional(cents('The amount is rounded up to a multiple of this (commonly $1,000); omitted = no rounding.', { minimum: 1 })),
  }, { additionalProperties: false, description: 'Salary multiple.' }),
  Type.Object({
    basis: Type.Literal('elected', { description: 'The employee elects an amount.' }),
    min_volume_cents: cents('Smallest electable amount.', { minimum: 1 }),
    max_volume_cents: cents('Largest electable amount.', { minimum: 1 }),
    increments_cents: cents('Amounts are elected in multiples of this.', { minimum: 1 }),
    max_salary_multiple: Type.Optional(Type.Number({ minimum: 1, maximum: 10, multipleOf: 0.5, description: 'Elected amount may not exceed this multiple of salary; omitted = no salary cap.' })),
  }, { additionalProperties: false, description: 'Elected amount.' }),
] as const

/** A {@link Volume} field with its own description and default. */
export function volumeField(description: string, defaultValue: Static<typeof Volume>) {
  return Type.Union([...VOLUME_BRANCHES], { description: `${description} Discriminated by basis.`, default: defaultValue })
}
export const Volume = Type.Union([...VOLUME_BRANCHES], { description: 'Amount of coverage (discriminated by basis).' })
export type Volume = Static<typeof Volume>

/** One age band of a rate table: ages min_age..max_age inclusive. */
export const AgeBand = Type.Object({
  min_age: count('Youngest age in the band (inclusive).', { maximum: 120 }),
  max_age: count('Oldest age in the band (inclusive).', { maximum: 120 }),
  monthly_rate_cents_per_unit: cents('Monthly premium in cents per unit of coverage (see rate_unit_cents).'),
}, { additionalProperties: false, description: 'An age band; bands must not overlap.' })

/** An age-banded rate table and the unit its rates are quoted per. */
export function ageBandedRateFields(description: string) {
  return {
    age_banded_rates: Type.Optional(Type.Array(AgeBand, { default: [], description: `${description} Empty = not age-rated.` })),
    rate_unit_cents: Type.Optional(cents('The coverage unit the age-banded rates are quoted per ($1,000 = 100000); pick one that keeps rates in whole cents.', { default: 100_000, minimum: 1 })),
  }
}

/** Spouse and child coverage of a life or AD&D plan, capped in cents and as a share of the employee's amount. */
export function dependentVolumeFields(defaults: { readonly available: boolean; readonly spouseMaxCents: number; readonly spouseBps: number; readonly childMaxCents: number; readonly childBps: number }) {
  return {
    spouse_coverage_available: Type.Optional(flag('Spouses (and eligible domestic partners) may be covered.', defaults.available)),
    spouse_max_volume_cents: Type.Optional(cents('Most coverage on a spouse.', { default: defaults.spouseMaxCents })),
    spouse_max_bps_of_employee: Type.Optional(bps('Spouse coverage may not exceed this share of the employee\'s amount (5000 = 50%).', { default: defaults.spouseBps })),
    child_coverage_available: Type.Optional(flag('Children may be covered.', defaults.available)),
    child_max_volume_cents: Type.Optional(cents('Most coverage per child.', { default: defaults.childMaxCents })),
    child_max_bps_of_employee: Type.Optional(bps('Child coverage may not exceed this share of the employee\'s amount.', { default: defaults.childBps })),
  }
}

/** Age reductions (ADEA-permitted): from `age`, coverage falls to `reduce_to_bps` of the original amount. */
export const AgeReduction = Type.Object({
  age: count('Age at which the reduction applies.', { minimum: 1, maximum: 120 }),
  reduce_to_bps: bps('Coverage becomes this share of the original amount (6500 = 65%).'),
}, { additionalProperties: false, description: 'An age reduction step.' })

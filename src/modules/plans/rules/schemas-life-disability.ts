import { Type } from 'typebox'
import { ageBandedRateFields, AgeReduction, dependentVolumeFields, volumeField } from './coverage-amounts.js'
import { eligibilityFields, prerequisitesField } from './eligibility.js'
import { bps, cents, count, flag, nullableCents, stringEnum } from './fields.js'

function employerShare(defaultBps: number) {
  return {
    employer_contribution_bps: Type.Optional(bps('Share of the premium the employer pays, in basis points (10000 = employer-paid).', { default: defaultBps })),
    employee_contributions_pre_tax: Type.Optional(flag('Employee premiums are deducted pre-tax (benefits then become taxable for disability).', false)),
  }
}

function ageReductions() {
  return {
    age_reductions: Type.Optional(Type.Array(AgeReduction, { default: [], description: 'Coverage reductions by age, ascending; empty = none.' })),
  }
}

/** Employer-paid group term life; $50,000 is the IRC §79 amount without imputed income. */
export const BasicLifeRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  requires_enrollment_in: prerequisitesField([]),
  volume: Type.Optional(volumeField('Amount of employee coverage.', { basis: 'flat', flat_amount_cents: 5_000_000 })),
  guaranteed_issue_cents: Type.Optional(nullableCents('Coverage issued without evidence of insurability; null = all of it.')),
  add_included: Type.Optional(flag('The plan includes matching AD&D coverage (Basic Life and AD&D).', true)),
  ...dependentVolumeFields({ available: false, spouseMaxCents: 1_000_000, spouseBps: 5_000, childMaxCents: 500_000, childBps: 5_000 }),
  ...ageReductions(),
  ...employerShare(10_000),
}, { additionalProperties: false, title: 'BasicLifeRules', description: 'Rules of basic group term life (plan_type basic_life).' })

/** Employee-paid supplemental life, elected in increments, usually age-rated. */
export const VoluntaryLifeRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  requires_enrollment_in: prerequisitesField([]),
  volume: Type.Optional(volumeField('Amount of employee coverage.', { basis: 'elected', min_volume_cents: 1_000_000, max_volume_cents: 50_000_000, increments_cents: 1_000_000 })),
  guaranteed_issue_cents: Type.Optional(nullableCents('Coverage issued without evidence of insurability; null = all of it.', { minimum: 0 })),
  add_included: Type.Optional(flag('The plan includes matching AD&D coverage.', true)),
  ...dependentVolumeFields({ available: true, spouseMaxCents: 25_000_000, spouseBps: 5_000, childMaxCents: 1_000_000, childBps: 10_000 }),
  ...ageBandedRateFields('Monthly rates per unit of coverage by the employee\'s age.'),
  ...ageReductions(),
  ...employerShare(0),
}, { additionalProperties: false, title: 'VoluntaryLifeRules', description: 'Rules of voluntary (supplemental) life (plan_type voluntary_life).' })

/** Accidental death and dismemberment. */
export const AddRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  requires_enrollment_in: prerequisitesField([]),
  principal_sum: Type.Optional(volumeField('The principal sum (full benefit for loss of life).', { basis: 'flat', flat_amount_cents: 5_000_000 })),
  ...dependentVolumeFields({ available: false, spouseMaxCents: 25_000_000, spouseBps: 5_000, childMaxCents: 1_000_000, childBps: 1_000 }),
  ...ageReductions(),
  ...employerShare(10_000),
}, { additionalProperties: false, title: 'AddRules', description: 'Rules of accidental death and dismemberment (plan_type add).' })

/** Short-term disability: a share of weekly salary after an elimination period. */
export const StdRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  requires_enrollment_in: prerequisitesField([]),
  benefit_bps: Type.Optional(bps('Weekly benefit as a share of weekly base salary (6000 = 60%).', { default: 6_000, minimum: 1 })),
  max_weekly_benefit_cents: Type.Optional(cents('Most paid per week.', { default: 1_500_00, minimum: 1 })),
  min_weekly_benefit_cents: Type.Optional(cents('Least paid per week.', { default: 25_00 })),
  elimination_days: Type.Optional(count('Days of disability before benefits start.', { default: 7, maximum: 180 })),
  benefit_duration_weeks: Type.Optional(count('Most weeks benefits are paid.', { default: 12, minimum: 1, maximum: 52 })),
  pre_existing_condition_exclusion: Type.Optional(flag('Disabilities from pre-existing conditions are excluded in the first year.', false)),
  state_plan_offset: Type.Optional(flag('Benefits are reduced by state disability benefits (CA, NJ, NY, RI, HI…).', true)),
  ...employerShare(10_000),
}, { additionalProperties: false, title: 'StdRules', description: 'Rules of short-term disability (plan_type std).' })

/** How long LTD benefits last. */
export const LTD_BENEFIT_DURATIONS = ['to_age_65', 'ssnra', 'years'] as const

/** Long-term disability: a share of monthly salary after a long elimination period. */
export const LtdRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  requires_enrollment_in: prerequisitesField([]),
  benefit_bps: Type.Optional(bps('Monthly benefit as a share of monthly base salary (6000 = 60%).', { default: 6_000, minimum: 1 })),
  max_monthly_benefit_cents: Type.Optional(cents('Most paid per month.', { default: 10_000_00, minimum: 1 })),
  min_monthly_benefit_cents: Type.Optional(cents('Least paid per month.', { default: 100_00 })),
  elimination_days: Type.Optional(count('Days of disability before benefits start.', { default: 90, maximum: 730 })),
  benefit_duration: Type.Optional(stringEnum(LTD_BENEFIT_DURATIONS,
    'to_age_65; ssnra: to Social Security normal retirement age; years: benefit_duration_years.', 'ssnra')),
  benefit_duration_years: Type.Optional(Type.Unsafe<number | null>({
    type: ['integer', 'null'], minimum: 1, maximum: 40, default: null,
    description: 'Years benefits are paid when benefit_duration is years (required then, null otherwise).',
  })),
  own_occupation_months: Type.Optional(count('Months during which disability means unable to do one\'s own occupation.', { default: 24, maximum: 600 })),
  pre_existing_lookback_months: Type.Optional(count('Look-back for pre-existing conditions; 0 = no exclusion.', { default: 3, maximum: 24 })),
  pre_existing_exclusion_months: Type.Optional(count('Months of coverage after which pre-existing conditions are covered.', { default: 12, maximum: 24 })),
  ...employerShare(10_000),
}, { additionalProperties: false, title: 'LtdRules', description: 'Rules of long-term disability (plan_type ltd).' })

import { Type } from 'typebox'
import { premiumFields } from './contributions.js'
import { ageBandedRateFields } from './coverage-amounts.js'
import { dependentFields, eligibilityFields, prerequisitesField } from './eligibility.js'
import { bps, cents, count, coverageTiersField, flag, perTier } from './fields.js'

function supplementalFields(benefitDescription: string) {
  return {
    ...eligibilityFields({ min_hours_per_week: 20 }),
    ...dependentFields(),
    requires_enrollment_in: prerequisitesField([]),
    coverage_tiers: coverageTiersField(),
    benefit_amounts_cents: Type.Optional(perTier(() => cents(benefitDescription), 'Benefit amounts by coverage tier.')),
    ...ageBandedRateFields('Monthly rates per unit of benefit by the employee\'s age (instead of or besides tier premiums).'),
    ...premiumFields(),
    employee_contributions_pre_tax: Type.Optional(flag('Employee premiums are deducted pre-tax (section 125); post-tax keeps benefits tax-free.', false)),
  }
}

/** Group accident insurance. */
export const AccidentRules = Type.Object({
  ...supplementalFields('Benefit schedule amount (e.g. the accidental injury lump sum) for the tier.'),
  off_job_only: Type.Optional(flag('Only off-the-job accidents are covered (workers\' compensation covers the rest).', false)),
  wellness_benefit_cents: Type.Optional(cents('Annual health screening benefit per covered person; 0 = none.', { default: 0 })),
}, { additionalProperties: false, title: 'AccidentRules', description: 'Rules of group accident insurance (plan_type accident).' })

/** Group critical illness insurance: lump sums on diagnosis. */
export const CriticalIllnessRules = Type.Object({
  ...supplementalFields('Lump-sum benefit on a covered diagnosis for the employee in this tier.'),
  spouse_benefit_bps: Type.Optional(bps('Spouse benefit as a share of the employee benefit.', { default: 5_000 })),
  child_benefit_bps: Type.Optional(bps('Child benefit as a share of the employee benefit.', { default: 2_500 })),
  recurrence_benefit: Type.Optional(flag('A recurrence of a covered condition pays again.', true)),
  wellness_benefit_cents: Type.Optional(cents('Annual health screening benefit per covered person; 0 = none.', { default: 0 })),
  pre_existing_exclusion_months: Type.Optional(count('Months of coverage before pre-existing conditions are covered; 0 = none.', { default: 12, maximum: 24 })),
}, { additionalProperties: false, title: 'CriticalIllnessRules', description: 'Rules of critical illness insurance (plan_type critical_illness).' })

/** Hospital indemnity: fixed amounts per admission and per day. */
export const HospitalIndemnityRules = Type.Object({
  ...supplementalFields('Benefit paid per hospital admission for the tier.'),
  daily_benefit_cents: Type.Optional(cents('Benefit per day of confinement; 0 = none.', { default: 0 })),
  max_days_per_year: Type.Optional(count('Most confinement days paid per plan year.', { default: 30, minimum: 1, maximum: 365 })),
  max_admissions_per_year: Type.Optional(count('Most admissions paid per plan year.', { default: 1, minimum: 1, maximum: 12 })),
}, { additionalProperties: false, title: 'HospitalIndemnityRules', description: 'Rules of hospital indemnity insurance (plan_type hospital_indemnity).' })

import { Type } from 'typebox'
import { accountContributionFields, tieredEmployerContributionFields } from './contributions.js'
import { eligibilityFields, prerequisitesField } from './eligibility.js'
import { cents, count, coverageTiersField, flag, nullableCents } from './fields.js'
import { debitCardFields } from './merchant-networks.js'
import { reimbursementFields } from './schemas-accounts.js'

/** Grace period and carryover: a health FSA may offer one or the other, not both (IRS Notice 2013-71). */
function unusedFundsFields() {
  return {
    grace_period_days: Type.Optional(count('Days after the plan year during which new expenses may use leftover funds; at most 75 (2½ months, Treas. Reg. 1.125-1(e)). 0 = none. Not with a carryover.', { default: 0, maximum: 75 })),
    carryover_max_cents: Type.Optional(cents('Unused funds carried into the next plan year, at most the IRS carryover limit. 0 = none. Not with a grace period.', { default: 0 })),
  }
}

const HEALTH_CATEGORIES = ['medical', 'dental', 'vision', 'pharmacy', 'otc'] as const

/** General-purpose health flexible spending account. */
export const HealthFsaRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 0 }),
  requires_enrollment_in: prerequisitesField([]),
  coverage_tiers: coverageTiersField(),
  ...accountContributionFields(),
  ...tieredEmployerContributionFields(),
  ...unusedFundsFields(),
  ...reimbursementFields(HEALTH_CATEGORIES, HEALTH_CATEGORIES, 'auto'),
  ...debitCardFields(true, ['pharmacy', 'medical', 'dental', 'vision']),
}, { additionalProperties: false, title: 'HealthFsaRules', description: 'Rules of a health FSA (plan_type health_fsa).' })

/**
 * Limited-purpose FSA: dental and vision only, so it keeps HSA eligibility; with `post_deductible`
 * it also pays medical expenses once the HDHP minimum deductible is met.
 */
export const LimitedPurposeFsaRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 0 }),
  requires_enrollment_in: prerequisitesField([]),
  coverage_tiers: coverageTiersField(),
  ...accountContributionFields(),
  ...tieredEmployerContributionFields(),
  ...unusedFundsFields(),
  post_deductible: Type.Optional(flag('After the HDHP minimum deductible is met the FSA also reimburses medical, pharmacy and OTC expenses (Rev. Rul. 2004-45).', false)),
  ...reimbursementFields(HEALTH_CATEGORIES, ['dental', 'vision'], 'auto'),
  ...debitCardFields(true, ['dental', 'vision']),
}, { additionalProperties: false, title: 'LimitedPurposeFsaRules', description: 'Rules of a limited-purpose FSA (plan_type limited_purpose_fsa): dental and vision, or medical post-deductible.' })

/** Dependent care FSA (IRC §129): a household limit, no carryover. */
export const DependentCareFsaRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 0 }),
  requires_enrollment_in: prerequisitesField([]),
  ...accountContributionFields(),
  annual_contribution_max_cents: Type.Optional(nullableCents('Most an employee may elect for the plan year; null means the IRS household limit ($7,500 from 2026; half if married filing separately) less the employer contribution. Employer contribution plus this must not exceed the IRS limit.')),
  employer_annual_contribution_cents: Type.Optional(cents('Employer contribution for the plan year; counts toward the IRS limit.', { default: 0 })),
  grace_period_days: Type.Optional(count('Days after the plan year during which new expenses may use leftover funds; at most 75. 0 = none. (Carryover is not allowed for dependent care.)', { default: 0, maximum: 75 })),
  qualifying_child_max_age: Type.Optional(count('Children qualify until this age (under 13, IRC §21(b)(1)(A)); disabled dependents of any age qualify.', { default: 12, maximum: 12 })),
  ...reimbursementFields(['dependent_care'] as const, ['dependent_care'], 'manual'),
  ...debitCardFields(false, ['childcare']),
}, { additionalProperties: false, title: 'DependentCareFsaRules', description: 'Rules of a dependent care FSA (plan_type dependent_care_fsa).' })

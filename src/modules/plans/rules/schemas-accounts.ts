import { Type, type Static } from 'typebox'
import { accountContributionFields, tieredEmployerContributionFields } from './contributions.js'
import { eligibilityFields, EnrollmentPrerequisite, prerequisitesField } from './eligibility.js'
import {
  CLAIMS_SUBSTANTIATION, count, coverageTiersField, cents, enumSet, EXPENSE_CATEGORIES, flag, nullableCents, perTier, stringEnum,
} from './fields.js'
import { debitCardFields } from './merchant-networks.js'
import type { HraType } from './irs-limits.js'

/** Fields every reimbursement account (FSA, HRA, commuter) has: run-out, substantiation, categories. */
export function reimbursementFields<const C extends readonly (typeof EXPENSE_CATEGORIES)[number][]>(
  categories: C, defaultCategories: readonly C[number][], substantiation: (typeof CLAIMS_SUBSTANTIATION)[number],
) {
  return {
    eligible_expense_categories: Type.Optional(enumSet(categories, 'Expense categories the plan reimburses.', defaultCategories, { minItems: 1 })),
    claims_substantiation: Type.Optional(stringEnum(CLAIMS_SUBSTANTIATION,
      'auto: card swipes matched by IIAS, copay or recurring-expense rules need no receipt; manual: every claim needs documentation.', substantiation)),
    runout_days: Type.Optional(count('Days after the plan year (or termination) to submit claims incurred during it.', { default: 90, maximum: 365 })),
  }
}

const HEALTH_CATEGORIES = ['medical', 'dental', 'vision', 'pharmacy', 'otc'] as const

/**
 * Health savings account. The employee cap may be given seed-style as `annual_contribution_max_cents`,
 * which is the cap for self-only coverage (checked against the IRS self-only limit); the family
 * cap is `hsa_family_max_cents` (checked against the family limit). Null caps mean the IRS limits.
 */
export const HsaRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 0 }),
  requires_enrollment_in: prerequisitesField([{ plan_type: 'medical', hdhp: true }]),
  coverage_tiers: coverageTiersField('HDHP coverage tiers the HSA is offered with: individual is self-only, any other tier is family for the IRS limit.'),
  ...accountContributionFields(),
  ...tieredEmployerContributionFields(),
  annual_contribution_max_cents: Type.Optional(nullableCents('Most an employee with self-only coverage may contribute for the plan year (alias of hsa_self_only_max_cents, as in the seed examples); null means the IRS self-only limit. Checked against that limit.')),
  hsa_self_only_max_cents: Type.Optional(nullableCents('Cap on employee contributions with self-only coverage; null means annual_contribution_max_cents or else the IRS self-only limit. Checked against the IRS self-only limit.')),
  hsa_family_max_cents: Type.Optional(nullableCents('Cap on employee contributions with family coverage; null means the IRS family limit. Checked against that limit.')),
  catch_up_contributions_allowed: Type.Optional(flag('Employees 55 or older may add the IRS catch-up contribution ($1,000) above the caps.', true)),
  allow_mid_year_changes: Type.Optional(flag('Employees may change their HSA election prospectively at any time (Treas. Reg. 1.125-4 does not bind HSA elections).', true)),
  eligible_expense_categories: Type.Optional(enumSet(HEALTH_CATEGORIES, 'Expense categories the HSA debit card is set up for.', HEALTH_CATEGORIES, { minItems: 1 })),
  ...debitCardFields(true, ['pharmacy', 'medical', 'dental', 'vision']),
}, { additionalProperties: false, title: 'HsaRules', description: 'Rules of a health savings account (plan_type hsa).' })

/** HRA types. */
export const HRA_TYPES = ['integrated', 'ichra', 'qsehra', 'excepted_benefit'] as const satisfies readonly HraType[]

/** Health reimbursement arrangement: employer-funded allowances per tier, with optional rollover. */
export const HraRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 0 }),
  requires_enrollment_in: Type.Optional(Type.Unsafe<Static<typeof EnrollmentPrerequisite>[] | null>({
    type: ['array', 'null'], items: EnrollmentPrerequisite, default: null,
    description: 'Plans the employee must be enrolled in; null means the HRA type\'s rule (integrated: the employer\'s medical plan; ichra, qsehra, excepted_benefit: none).',
  })),
  hra_type: Type.Optional(stringEnum(HRA_TYPES,
    'integrated: with the employer\'s group medical plan; ichra: individual coverage HRA; qsehra: small-employer HRA (IRC §9831(d), annual limits); excepted_benefit: up to the excepted-benefit limit.', 'integrated')),
  coverage_tiers: coverageTiersField(),
  allowed_amount_cents: Type.Optional(perTier(() => cents('Annual amount made available for the tier.'), 'Annual HRA allowances by coverage tier; QSEHRA and excepted-benefit HRAs are checked against the IRS limits.')),
  employer_contribution_frequency: Type.Optional(stringEnum(['per_pay_period', 'annual_lump_sum', 'quarterly', 'monthly'] as const,
    'How the allowance becomes available: per_pay_period, annual_lump_sum, quarterly or monthly accrual.', 'annual_lump_sum')),
  prorate_limits_mid_year: Type.Optional(flag('Prorate the allowance for employees who join after the plan year starts.', true)),
  rollover: Type.Optional(Type.Object({
    enabled: Type.Optional(flag('Unused allowance rolls over to the next plan year.', false)),
    max_cents: Type.Optional(nullableCents('Most that rolls over; null means all of it.')),
  }, { additionalProperties: false, default: {}, description: 'Rollover of unused allowance.' })),
  ...reimbursementFields(['medical', 'dental', 'vision', 'pharmacy', 'otc', 'premiums'] as const, HEALTH_CATEGORIES, 'auto'),
  ...debitCardFields(true, ['pharmacy', 'medical', 'dental', 'vision']),
}, { additionalProperties: false, title: 'HraRules', description: 'Rules of a health reimbursement arrangement (plan_type hra).' })

function commuterRules(kind: 'transit' | 'parking') {
  return Type.Object({
    ...eligibilityFields({ min_hours_per_week: 0 }),
    requires_enrollment_in: prerequisitesField([]),
    monthly_contribution_min_cents: Type.Optional(cents('Smallest monthly election (0 = any amount).', { default: 0 })),
    monthly_contribution_max_cents: Type.Optional(nullableCents(`Most an employee may elect per month for ${kind}, pre-tax; null means the IRS monthly limit less any employer subsidy. Employer subsidy plus this must not exceed the IRS monthly limit.`)),
    employer_monthly_subsidy_cents: Type.Optional(cents('Employer-paid amount per month; counts toward the IRS monthly limit.', { default: 0 })),
    election_cutoff_day: Type.Optional(count('Day of the month by which a change takes effect for the next month.', { default: 10, minimum: 1, maximum: 28 })),
    unused_funds_roll_forward: Type.Optional(flag('Unused monthly funds stay available in later months while employed.', true)),
    ...reimbursementFields([kind], [kind], 'auto'),
    ...debitCardFields(true, [kind]),
  }, {
    additionalProperties: false, title: kind === 'transit' ? 'CommuterTransitRules' : 'CommuterParkingRules',
    description: `Rules of a qualified ${kind} benefit under IRC §132(f) (plan_type commuter_${kind}).`,
  })
}

/** Commuter transit (transit passes, vanpool): monthly limits. */
export const CommuterTransitRules = commuterRules('transit')
/** Commuter parking: monthly limits. */
export const CommuterParkingRules = commuterRules('parking')

import { Type } from 'typebox'
import { bps, cents, nullableCents, perTier, stringEnum } from './fields.js'

/** How the employer's account contribution is paid in. */
export const EMPLOYER_CONTRIBUTION_FREQUENCIES = ['per_pay_period', 'annual_lump_sum', 'quarterly'] as const

/**
 * The employer's contribution to an account (HSA, FSA, HRA) for one tier, discriminated by `type`:
 * a fixed annual amount, a percentage of the employee's annual election, or a match.
 */
export const AccountEmployerContribution = Type.Union([
  Type.Object({
    type: Type.Literal('fixed', { description: 'A fixed annual amount.' }),
    annual_amount_cents: cents('Employer contribution for the plan year, paid in at employer_contribution_frequency.'),
  }, { additionalProperties: false, description: 'Fixed employer contribution.' }),
  Type.Object({
    type: Type.Literal('percent', { description: 'A percentage of the employee\'s annual election.' }),
    percent_bps: bps('Share of the employee\'s annual election the employer adds, in basis points (10000 = 100%).'),
  }, { additionalProperties: false, description: 'Employer contribution as a percentage of the election.' }),
  Type.Object({
    type: Type.Literal('match', { description: 'Matches employee contributions up to a cap.' }),
    match_bps: bps('Employer cents added per employee cent, in basis points (5000 = 50 cents per dollar).'),
    match_cap_cents: cents('Most the employer match adds in the plan year.'),
  }, { additionalProperties: false, description: 'Employer match.' }),
], { description: 'Employer contribution for one coverage tier (discriminated by type).' })

/** The employer's share of an insured plan's monthly premium for one tier: fixed cents or a percentage. */
export const PremiumEmployerContribution = Type.Union([
  Type.Object({
    type: Type.Literal('fixed', { description: 'A fixed monthly amount toward the premium.' }),
    monthly_amount_cents: cents('Employer pays this much of the monthly premium; must not exceed the tier\'s premium.'),
  }, { additionalProperties: false, description: 'Fixed employer premium contribution.' }),
  Type.Object({
    type: Type.Literal('percent', { description: 'A percentage of the monthly premium.' }),
    percent_bps: bps('Share of the tier\'s monthly premium the employer pays, in basis points (10000 = 100%).'),
  }, { additionalProperties: false, description: 'Employer premium contribution as a percentage.' }),
], { description: 'Employer premium contribution for one coverage tier (discriminated by type).' })

/** The employer's account contributions by coverage tier. */
export function tieredEmployerContributionFields() {
  return {
    employer_contributions: Type.Optional(perTier(() => AccountEmployerContribution, 'Employer contributions by coverage tier.')),
  }
}

/**
 * Employee salary-reduction limits and how the employer's contribution is paid in.
 * `annual_contribution_max_cents: null` means "up to the IRS limit for the plan year".
 */
export function accountContributionFields() {
  return {
    annual_contribution_min_cents: Type.Optional(cents('Smallest annual amount an employee may elect (0 = any amount).', { default: 0 })),
    annual_contribution_max_cents: Type.Optional(nullableCents('Most an employee may elect for the plan year; null means the IRS limit for the plan year. Checked against that limit.')),
    per_pay_period_min_cents: Type.Optional(cents('Smallest per-pay-period deduction (0 = none).', { default: 0 })),
    prorate_limits_mid_year: Type.Optional(Type.Boolean({ default: true, description: 'Prorate the annual limits for employees who join after the plan year starts.' })),
    employer_contribution_frequency: Type.Optional(stringEnum(EMPLOYER_CONTRIBUTION_FREQUENCIES,
      'How the employer contribution is paid in: per_pay_period, annual_lump_sum (at plan year start or enrollment) or quarterly.', 'per_pay_period')),
  }
}

/** Monthly premiums and the employer's share, by tier, for insured plans. */
export function premiumFields() {
  return {
    premiums_monthly_cents: Type.Optional(perTier(() => cents('Total monthly premium for the tier.'), 'Monthly premiums by coverage tier.')),
    employer_contributions: Type.Optional(perTier(() => PremiumEmployerContribution, 'Employer premium contributions by coverage tier.')),
    employee_contributions_pre_tax: Type.Optional(Type.Boolean({ default: true, description: 'Employee premiums are deducted pre-tax under a section 125 cafeteria plan.' })),
  }
}

import { UnprocessableError } from '../../errors/app-error.js'
import { formatCents, percentOf, type Cents } from '../../shared/money.js'
import type { PlainDate } from '../../shared/dates.js'
import type { CoverageTier } from '../../db/types.js'
import { dependentCareLimitCents, findIrsLimits, hsaLimitCents, irsLimits, irsTierOf, limitYearOf, monthlyProratedLimit, irsLimitYears } from '../plans/index.js'
import { coveredMonths } from './deductions.js'
import { isAgeReachedBy } from './rules.js'

/** Plan types funded by salary reduction (an annual election amount); the rest are insured (premiums). */
export const ACCOUNT_PLAN_TYPES = ['hsa', 'health_fsa', 'limited_purpose_fsa', 'dependent_care_fsa', 'hra', 'commuter_transit', 'commuter_parking'] as const

export function isAccountPlan(planType: string): boolean {
  return (ACCOUNT_PLAN_TYPES as readonly string[]).includes(planType)
}

export interface ElectionMoneyInput {
  readonly plan_type: string
  readonly rules: Readonly<Record<string, unknown>>
  readonly tier: CoverageTier | null
  /** The employee's requested annual amount (accounts), or a given premium amount (insured plans without premiums). */
  readonly requested_cents: Cents
  readonly effective_date: PlainDate
  readonly plan_year_start: PlainDate
  readonly plan_year_end: PlainDate
  readonly subscriber_birth_date: PlainDate
  /** JSON pointer of the amount in the request, for errors. */
  readonly pointer: string
}

export interface ElectionMoney {
  readonly annual_amount_cents: Cents
  readonly employer_contribution_cents: Cents
  /** The IRS limit that applied (employee + employer where the law counts both), or null. */
  readonly irs_limit_cents: Cents | null
}

type Obj = Readonly<Record<string, unknown>>
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v as Obj : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

/** The employer's account contribution for a tier (fixed annual prorated by months when the plan prorates, percent, or match). */
export function accountEmployerContribution(rules: Obj, tier: CoverageTier | null, employeeCents: Cents, months: number): Cents {
  const c = obj(obj(rules.employer_contributions)?.[tier ?? 'individual'])
  if (!c) return 0
  if (c.type === 'fixed') {
    const annual = num(c.annual_amount_cents) ?? 0
    return rules.prorate_limits_mid_year === false ? annual : monthlyProratedLimit(annual, months)
  }
  if (c.type === 'percent') return percentOf(employeeCents, num(c.percent_bps) ?? 0)
  if (c.type === 'match') return Math.min(percentOf(employeeCents, num(c.match_bps) ?? 0), num(c.match_cap_cents) ?? 0)
  return 0
}

/** Monthly premium split for an insured plan tier: premiums_monthly_cents and the employer's share. */
export function premiumSplit(rules: Obj, tier: CoverageTier | null): { employee: Cents; employer: Cents } | null {
  const premium = num(obj(rules.premiums_monthly_cents)?.[tier ?? 'individual'])
  if (premium === undefined) return null
  const c = obj(obj(rules.employer_contributions)?.[tier ?? 'individual'])
  let employer = 0
  if (c?.type === 'fixed') employer = Math.min(premium, num(c.monthly_amount_cents) ?? 0)
  else if (c?.type === 'percent') employer = percentOf(premium, num(c.percent_bps) ?? 0)
  else if (num(rules.employer_contribution_bps) !== undefined) employer = percentOf(premium, num(rules.employer_contribution_bps) ?? 0)
  return { employee: premium - employer, employer }
}

function refuse(slug: string, message: string, pointer: string, detail: string): UnprocessableError {
  return UnprocessableError.fields(slug, message, [{ pointer, detail }])
}

/** The plan's own cap for the tier (HSA: self-only or family cap) plus the HSA catch-up where allowed. */
function planMaxCents(input: ElectionMoneyInput, age55: boolean): Cents | null {
  const r = input.rules
  let max: number | undefined
  if (input.plan_type === 'hsa') {
    const family = input.tier !== null && input.tier !== 'individual'
    max = family ? num(r.hsa_family_max_cents) : num(r.annual_contribution_max_cents) ?? num(r.hsa_self_only_max_cents)
    if (max !== undefined && age55 && r.catch_up_contributions_allowed !== false) max += irsLimits(limitYearOf(input.plan_year_start)).hsa_catch_up_cents
  } else {
    max = num(r.annual_contribution_max_cents)
  }
  return max ?? null
}

/**
 * Annual amount and employer contribution of an election, checked against the plan's caps
 * (`contribution-below-plan-minimum`, `contribution-above-plan-maximum`) and the IRS limits of the
 * plan year (`irs-limit-exceeded`): HSA employee + employer within the tier's limit (+$1,000 at 55
 * by Dec 31), prorated by months of eligibility when the plan prorates; health FSA employee limit;
 * dependent care employee + employer household limit; commuter monthly limit × months covered.
 */
export function electionMoney(input: ElectionMoneyInput): ElectionMoney {
  const months = coveredMonths(input.effective_date, input.plan_year_end)
  if (!isAccountPlan(input.plan_type)) {
    const split = premiumSplit(input.rules, input.tier)
    if (!split) return { annual_amount_cents: input.requested_cents, employer_contribution_cents: 0, irs_limit_cents: null }
    return { annual_amount_cents: split.employee * months, employer_contribution_cents: split.employer * months, irs_limit_cents: null }
  }
  const year = limitYearOf(input.plan_year_start)
  if (!findIrsLimits(year)) {
    throw refuse('irs-limits-unknown', `IRS limits for ${year} are not known yet`, input.pointer, `known years: ${irsLimitYears().join(', ')}`)
  }
  const limits = irsLimits(year)
  const employee = input.requested_cents
  const age55 = isAgeReachedBy(input.subscriber_birth_date, 55, `${year}-12-31`)
  const min = num(input.rules.annual_contribution_min_cents) ?? 0
  if (employee > 0 && employee < min) throw refuse('contribution-below-plan-minimum', 'Below the plan minimum', input.pointer, `the plan's minimum annual election is ${formatCents(min)}`)
  const max = planMaxCents(input, age55)
  if (max !== null && employee > max) throw refuse('contribution-above-plan-maximum', 'Above the plan maximum', input.pointer, `the plan's maximum annual election is ${formatCents(max)}`)

  let employer = accountEmployerContribution(input.rules, input.tier, employee, months)
  let limit: Cents | null = null
  let counted = employee
  const prorate = input.rules.prorate_limits_mid_year !== false
  switch (input.plan_type) {
    case 'hsa': {
      const annual = hsaLimitCents(year, irsTierOf(input.tier ?? 'individual'), age55)
      limit = prorate ? monthlyProratedLimit(annual, months) : annual
      counted = employee + employer
      break
    }
    case 'health_fsa': case 'limited_purpose_fsa': limit = limits.health_fsa_cents; break
    case 'dependent_care_fsa': limit = dependentCareLimitCents(year, false); counted = employee + employer; break
    case 'commuter_transit': case 'commuter_parking': {
      const monthly = input.plan_type === 'commuter_transit' ? limits.commuter_transit_monthly_cents : limits.commuter_parking_monthly_cents
      employer = (num(input.rules.employer_monthly_subsidy_cents) ?? 0) * months
      limit = monthly * months
      counted = employee + employer
      break
    }
    case 'hra': {
      employer = num(obj(input.rules.allowed_amount_cents)?.[input.tier ?? 'individual']) ?? 0
      if (prorate) employer = monthlyProratedLimit(employer, months)
      if (employee > 0) throw refuse('contribution-above-plan-maximum', 'An HRA is employer-funded', input.pointer, 'employees cannot contribute to an HRA: send 0')
      break
    }
  }
  if (limit !== null && counted > limit) {
    const who = counted === employee ? 'the election' : `the election plus the employer's ${formatCents(employer)}`
    throw refuse('irs-limit-exceeded', 'Above the IRS limit for the plan year', input.pointer, `${who} (${formatCents(counted)}) exceeds the ${year} limit of ${formatCents(limit)}${months < 12 && prorate ? ` for ${months} months of eligibility` : ''}`)
  }
  return { annual_amount_cents: employee, employer_contribution_cents: employer, irs_limit_cents: limit }
}

import type { FieldError } from '../../../errors/app-error.js'
import { isPlainDate } from '../../../shared/dates.js'
import { checkCommuter, checkDependentCareFsa, checkHealthFsa, checkHra, checkHsa, checkLimitedPurposeFsa } from './check-accounts.js'
import { checkMerchantNetworks, checkPrerequisites, checkWaitingPeriod } from './check-common.js'
import { CheckContext } from './check-context.js'
import { checkAdd, checkDentalOrVision, checkLife, checkLtd, checkMedical, checkStd, checkSupplemental } from './check-insured.js'
import { limitYearOf } from './irs-limits.js'
import type { MerchantCategoryNetwork } from './merchant-networks.js'
import type { PlanType } from './plan-types.js'
import type { AnyPlanRules, RulesOf } from './schemas.js'
import { validateRulesShape } from './validate-shape.js'

/** The plan year a plan belongs to; its start date picks the IRS year. */
export interface PlanYearContext {
  readonly plan_year_start: string
  readonly plan_year_end: string
}

/** Either complete rules (defaults filled) or every problem found, with JSON pointers under `/rules`. */
export type NormalizeResult =
  | { ok: true; rules: Record<string, unknown> }
  | { ok: false; errors: FieldError[] }

const TYPE_CHECKS: { readonly [T in PlanType]: (ctx: CheckContext, rules: RulesOf<T>) => void } = {
  hsa: checkHsa,
  health_fsa: checkHealthFsa,
  limited_purpose_fsa: checkLimitedPurposeFsa,
  dependent_care_fsa: checkDependentCareFsa,
  hra: checkHra,
  commuter_transit: (ctx, rules) => checkCommuter(ctx, rules, 'transit'),
  commuter_parking: (ctx, rules) => checkCommuter(ctx, rules, 'parking'),
  medical: checkMedical,
  dental: checkDentalOrVision,
  vision: checkDentalOrVision,
  basic_life: checkLife,
  voluntary_life: checkLife,
  add: checkAdd,
  std: checkStd,
  ltd: checkLtd,
  accident: checkSupplemental,
  critical_illness: checkSupplemental,
  hospital_indemnity: checkSupplemental,
}

/**
 * Validates a plan's `rules` for its `plan_type`, fills every default and applies the business
 * checks (IRS limits of the plan year, min ≤ max, grace period xor carryover, HDHP figures, ACA
 * waiting period, tiers offered, age bands, MCC ranges…). The IRS year is the calendar year of
 * `ctx.plan_year_start`. Shape errors are returned alone (business checks need a valid shape).
 * Normalising already-normalised rules returns them unchanged.
 *
 * @example
 * normalizePlanRules('hsa', { annual_contribution_max_cents: 440001 }, { plan_year_start: '2026-01-01', plan_year_end: '2026-12-31' })
 * // { ok: false, errors: [{ pointer: '/rules/annual_contribution_max_cents', detail: '$4,400.01 exceeds the 2026 IRS HSA self-only limit of $4,400.00 (440000 cents)' }] }
 */
export function normalizePlanRules(planType: PlanType, rules: unknown, ctx: PlanYearContext): NormalizeResult {
  if (!isPlainDate(ctx.plan_year_start) || !isPlainDate(ctx.plan_year_end)) {
    throw new TypeError(`plan year dates must be YYYY-MM-DD, got ${ctx.plan_year_start}..${ctx.plan_year_end}`)
  }
  const shaped = validateRulesShape(planType, rules)
  if (!shaped.ok) return shaped
  const errors = checkPlanRules(planType, shaped.rules as AnyPlanRules, limitYearOf(ctx.plan_year_start))
  return errors.length > 0 ? { ok: false, errors } : shaped
}

/** Business checks on rules that already passed the schema (defaults filled). */
export function checkPlanRules(planType: PlanType, rules: AnyPlanRules, year: number): FieldError[] {
  const ctx = new CheckContext(planType, year)
  checkWaitingPeriod(ctx, rules)
  checkPrerequisites(ctx, rules.requires_enrollment_in)
  if ('merchant_category_networks' in rules) checkMerchantNetworks(ctx, rules.merchant_category_networks as MerchantCategoryNetwork[])
  ;(TYPE_CHECKS[planType] as (ctx: CheckContext, rules: AnyPlanRules) => void)(ctx, rules)
  return ctx.errors
}

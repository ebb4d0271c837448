import type { FieldError } from '../../../errors/app-error.js'
import { normalizePlanRules } from './normalize.js'
import type { PlanType } from './plan-types.js'

/** A calendar plan year. */
export function planYear(year: number) {
  return { plan_year_start: `${year}-01-01`, plan_year_end: `${year}-12-31` }
}

/** The errors normalising `rules` yields for a calendar plan year (empty when accepted). */
export function errorsOf(planType: PlanType, rules: unknown, year = 2026): FieldError[] {
  const result = normalizePlanRules(planType, rules, planYear(year))
  return result.ok ? [] : result.errors
}

/** Just the pointers of {@link errorsOf}. */
export function pointersOf(planType: PlanType, rules: unknown, year = 2026): string[] {
  return errorsOf(planType, rules, year).map((e) => e.pointer)
}

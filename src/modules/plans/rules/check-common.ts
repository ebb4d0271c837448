import type { Static } from 'typebox'
import type { CheckContext } from './check-context.js'
import type { AgeBand, AgeReduction } from './coverage-amounts.js'
import type { EnrollmentPrerequisite } from './eligibility.js'
import type { MerchantCategoryNetwork } from './merchant-networks.js'
import { COVERAGE_TIERS, GROUP_HEALTH_PLAN_TYPES, type CoverageTier } from './plan-types.js'

/** The ACA maximum waiting period for group health plans (29 CFR 2590.715-2708(b)). */
export const ACA_MAX_WAITING_PERIOD_DAYS = 90

/** Waiting period: ACA 90-day cap for group health plans; date_of_hire means no waiting days. */
export function checkWaitingPeriod(ctx: CheckContext, rules: { waiting_period_days: number; waiting_period_rule: string }): void {
  if (GROUP_HEALTH_PLAN_TYPES.includes(ctx.planType) && rules.waiting_period_days > ACA_MAX_WAITING_PERIOD_DAYS) {
    ctx.fail(['waiting_period_days'], `${rules.waiting_period_days} days exceeds the ACA limit of ${ACA_MAX_WAITING_PERIOD_DAYS} days for a group health plan (29 CFR 2590.715-2708)`)
  }
  if (rules.waiting_period_rule === 'date_of_hire' && rules.waiting_period_days > 0) {
    ctx.fail(['waiting_period_days'], 'must be 0 when waiting_period_rule is date_of_hire')
  }
}

type Prerequisite = Static<typeof EnrollmentPrerequisite>

/** Prerequisites: no self-reference, no repeats, `hdhp` only on medical. */
export function checkPrerequisites(ctx: CheckContext, prerequisites: readonly Prerequisite[] | null): void {
  if (!prerequisites) return
  const seen = new Map<string, number>()
  prerequisites.forEach((p, i) => {
    if (p.plan_type === ctx.planType) ctx.fail(['requires_enrollment_in', i, 'plan_type'], `a ${ctx.planType} plan cannot require enrollment in a ${ctx.planType} plan`)
    if (p.hdhp !== undefined && p.plan_type !== 'medical') ctx.fail(['requires_enrollment_in', i, 'hdhp'], 'applies only to a medical prerequisite')
    const first = seen.get(p.plan_type)
    if (first !== undefined) ctx.fail(['requires_enrollment_in', i], `repeats the ${p.plan_type} prerequisite at index ${first}`)
    else seen.set(p.plan_type, i)
  })
}

/** Per-tier maps (contributions, premiums, allowances) may only name tiers the plan offers. */
export function checkTierKeys(ctx: CheckContext, field: string, byTier: Partial<Record<CoverageTier, unknown>>, offered: readonly CoverageTier[]): void {
  for (const tier of COVERAGE_TIERS) {
    if (byTier[tier] !== undefined && !offered.includes(tier)) {
      ctx.fail([field, tier], `the plan does not offer the ${tier} tier (coverage_tiers: ${offered.join(', ')})`)
    }
  }
}

/** Merchant networks: each has codes or ranges, ranges run forward, names are unique. */
export function checkMerchantNetworks(ctx: CheckContext, networks: readonly MerchantCategoryNetwork[]): void {
  const names = new Map<string, number>()
  networks.forEach((n, i) => {
    if (n.mcc_codes.length === 0 && n.mcc_ranges.length === 0) ctx.fail(['merchant_category_networks', i], 'needs at least one MCC code or range')
    n.mcc_ranges.forEach((r, j) => {
      if (r.from > r.to) ctx.fail(['merchant_category_networks', i, 'mcc_ranges', j, 'from'], `MCC range from ${r.from} is after to ${r.to}`)
    })
    const first = names.get(n.name)
    if (first !== undefined) ctx.fail(['merchant_category_networks', i, 'name'], `network ${n.name} is already defined at index ${first}`)
    else names.set(n.name, i)
  })
}

/** Age bands: min_age ≤ max_age and no age in two bands. */
export function checkAgeBands(ctx: CheckContext, bands: readonly Static<typeof AgeBand>[]): void {
  bands.forEach((b, i) => {
    if (b.min_age > b.max_age) ctx.fail(['age_banded_rates', i, 'max_age'], `max_age ${b.max_age} is below min_age ${b.min_age}`)
  })
  const order = bands.map((b, i) => ({ ...b, i })).filter((b) => b.min_age <= b.max_age).sort((a, b) => a.min_age - b.min_age || a.i - b.i)
  let reach = order[0]
  for (const band of order.slice(1)) {
    const prev = reach!
    if (band.max_age > prev.max_age) reach = band
    if (band.min_age <= prev.max_age) {
      const [earlier, later] = prev.i < band.i ? [prev, band] : [band, prev]
      ctx.fail(['age_banded_rates', later.i], `ages ${later.min_age}–${later.max_age} overlap band ${earlier.i} (${earlier.min_age}–${earlier.max_age})`)
    }
  }
}

/** Age reductions are listed by strictly increasing age and only ever reduce. */
export function checkAgeReductions(ctx: CheckContext, steps: readonly Static<typeof AgeReduction>[]): void {
  steps.forEach((s, i) => {
    const prev = steps[i - 1]
    if (!prev) return
    if (s.age <= prev.age) ctx.fail(['age_reductions', i, 'age'], `must be after the previous step's age ${prev.age}`)
    else if (s.reduce_to_bps > prev.reduce_to_bps) ctx.fail(['age_reductions', i, 'reduce_to_bps'], `must not exceed the previous step's ${prev.reduce_to_bps}`)
  })
}

/** A minimum above its maximum, reported at the minimum. */
export function checkMinMax(ctx: CheckContext, minField: string, min: number, maxField: string, max: number | null): void {
  if (max !== null && min > max) ctx.fail([minField], `${min} is above ${maxField} (${max})`)
}

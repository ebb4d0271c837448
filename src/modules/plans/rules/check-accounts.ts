import type { Static } from 'typebox'
import { formatCents, type CheckContext } from './check-context.js'
import { checkMinMax, checkTierKeys } from './check-common.js'
import type { AccountEmployerContribution } from './contributions.js'
import type { IrsLimits } from './irs-limits.js'
import { COVERAGE_TIERS, irsTierOf, type CoverageTier } from './plan-types.js'
import type { RulesOf } from './schemas.js'

type Tiered = Partial<Record<CoverageTier, Static<typeof AccountEmployerContribution>>>

/** The IRS limit covers employer and employee money together (IRC §129, §132(f)). */
function checkCombined(ctx: CheckContext, path: readonly string[], employee: number, employer: number, employerName: string, limit: number, what: string): void {
  if (employee + employer <= limit) return
  ctx.fail(path, `with the ${employerName} of ${formatCents(employer)} the total ${formatCents(employee + employer)} exceeds ${what} of ${formatCents(limit)} (${limit} cents)`)
}

/** Employee min/max and per-pay-period minimum against the effective maximum. */
function checkEmployeeRange(ctx: CheckContext, rules: { annual_contribution_min_cents: number; per_pay_period_min_cents: number }, effectiveMax: number | null): void {
  checkMinMax(ctx, 'annual_contribution_min_cents', rules.annual_contribution_min_cents, 'the annual maximum', effectiveMax)
  checkMinMax(ctx, 'per_pay_period_min_cents', rules.per_pay_period_min_cents, 'the annual maximum', effectiveMax)
}

function hasEmployeeMinimum(rules: { annual_contribution_min_cents: number; per_pay_period_min_cents: number }): boolean {
  return rules.annual_contribution_min_cents > 0 || rules.per_pay_period_min_cents > 0
}

/** A fixed employer amount or match cap above `limitOf(tier)` cannot be contributed. */
function checkEmployerAmounts(ctx: CheckContext, byTier: Tiered, limitOf: (tier: CoverageTier) => { cents: number; what: string } | undefined): void {
  for (const tier of COVERAGE_TIERS) {
    const c = byTier[tier]
    if (!c || c.type === 'percent') continue
    const limit = limitOf(tier)
    if (!limit) continue
    if (c.type === 'fixed') ctx.atMost(['employer_contributions', tier, 'annual_amount_cents'], c.annual_amount_cents, limit.cents, limit.what)
    else ctx.atMost(['employer_contributions', tier, 'match_cap_cents'], c.match_cap_cents, limit.cents, limit.what)
  }
}

/**
 * HSA: `annual_contribution_max_cents` (seed style) and `hsa_self_only_max_cents` are self-only
 * caps and are checked against the self-only limit; `hsa_family_max_cents` against the family
 * limit, and only if the plan offers a family tier. Catch-up is on top and not part of the caps.
 */
export function checkHsa(ctx: CheckContext, rules: RulesOf<'hsa'>): void {
  const hasFamilyTier = rules.coverage_tiers.some((t) => irsTierOf(t) === 'family')
  const needsLimits = rules.annual_contribution_max_cents !== null || rules.hsa_self_only_max_cents !== null || rules.hsa_family_max_cents !== null
    || Object.keys(rules.employer_contributions).length > 0 || hasEmployeeMinimum(rules)
  const firstField = rules.annual_contribution_max_cents !== null ? 'annual_contribution_max_cents' : rules.hsa_self_only_max_cents !== null ? 'hsa_self_only_max_cents'
    : rules.hsa_family_max_cents !== null ? 'hsa_family_max_cents' : hasEmployeeMinimum(rules) ? 'annual_contribution_min_cents' : 'employer_contributions'
  const irs = needsLimits ? ctx.irs([firstField]) : undefined
  if (irs) {
    const self = `the ${ctx.year} IRS HSA self-only limit`, family = `the ${ctx.year} IRS HSA family limit`
    ctx.atMost(['annual_contribution_max_cents'], rules.annual_contribution_max_cents, irs.hsa_self_only_cents, self)
    ctx.atMost(['hsa_self_only_max_cents'], rules.hsa_self_only_max_cents, irs.hsa_self_only_cents, self)
    ctx.atMost(['hsa_family_max_cents'], rules.hsa_family_max_cents, irs.hsa_family_cents, family)
    checkEmployerAmounts(ctx, rules.employer_contributions, (tier) => irsTierOf(tier) === 'self_only'
      ? { cents: irs.hsa_self_only_cents, what: self } : { cents: irs.hsa_family_cents, what: family })
  }
  if (rules.annual_contribution_max_cents !== null && rules.hsa_self_only_max_cents !== null && rules.annual_contribution_max_cents !== rules.hsa_self_only_max_cents) {
    ctx.fail(['hsa_self_only_max_cents'], `differs from annual_contribution_max_cents (${rules.annual_contribution_max_cents}), which is the same self-only cap; give one`)
  }
  if (rules.hsa_family_max_cents !== null && !hasFamilyTier) {
    ctx.fail(['hsa_family_max_cents'], `the plan offers no family tier (coverage_tiers: ${rules.coverage_tiers.join(', ')})`)
  }
  const selfMax = rules.hsa_self_only_max_cents ?? rules.annual_contribution_max_cents ?? irs?.hsa_self_only_cents ?? null
  const familyMax = hasFamilyTier ? rules.hsa_family_max_cents ?? irs?.hsa_family_cents ?? null : null
  const effectiveMax = selfMax === null ? null : Math.max(selfMax, familyMax ?? 0)
  checkEmployeeRange(ctx, rules, effectiveMax)
  checkTierKeys(ctx, 'employer_contributions', rules.employer_contributions, rules.coverage_tiers)
  rules.requires_enrollment_in.forEach((p, i) => {
    if (p.plan_type === 'medical' && p.hdhp === false) ctx.fail(['requires_enrollment_in', i, 'hdhp'], 'an HSA can only be paired with HDHP coverage (IRC §223(c)(1))')
  })
}

/** Health FSA and limited-purpose FSA share the salary reduction limit, carryover and grace rules. */
function checkFsaCommon(ctx: CheckContext, rules: RulesOf<'health_fsa'> | RulesOf<'limited_purpose_fsa'>): void {
  const needsLimits = rules.annual_contribution_max_cents !== null || rules.carryover_max_cents > 0 || hasEmployeeMinimum(rules)
  const irs = needsLimits ? ctx.irs([rules.annual_contribution_max_cents !== null ? 'annual_contribution_max_cents' : rules.carryover_max_cents > 0 ? 'carryover_max_cents' : 'annual_contribution_min_cents']) : undefined
  if (irs) {
    ctx.atMost(['annual_contribution_max_cents'], rules.annual_contribution_max_cents, irs.health_fsa_cents, `the ${ctx.year} IRS health FSA limit`)
    ctx.atMost(['carryover_max_cents'], rules.carryover_max_cents, irs.health_fsa_carryover_cents, `the ${ctx.year} IRS health FSA carryover limit`)
  }
  if (rules.grace_period_days > 0 && rules.carryover_max_cents > 0) {
    ctx.fail(['carryover_max_cents'], `cannot be combined with a grace period (grace_period_days ${rules.grace_period_days}): a health FSA may offer a carryover or a grace period, not both (IRS Notice 2013-71)`)
  }
  checkEmployeeRange(ctx, rules, rules.annual_contribution_max_cents ?? irs?.health_fsa_cents ?? null)
  checkTierKeys(ctx, 'employer_contributions', rules.employer_contributions, rules.coverage_tiers)
}

/** Health FSA. */
export function checkHealthFsa(ctx: CheckContext, rules: RulesOf<'health_fsa'>): void {
  checkFsaCommon(ctx, rules)
}

/** Limited-purpose FSA: dental and vision only, unless post-deductible. */
export function checkLimitedPurposeFsa(ctx: CheckContext, rules: RulesOf<'limited_purpose_fsa'>): void {
  checkFsaCommon(ctx, rules)
  if (!rules.post_deductible) {
    rules.eligible_expense_categories.forEach((c, i) => {
      if (c !== 'dental' && c !== 'vision') ctx.fail(['eligible_expense_categories', i], `a limited-purpose FSA covers only dental and vision (${c} needs post_deductible: true) so it keeps HSA eligibility`)
    })
  }
}

/** Dependent care FSA: household limit covers employer plus employee amounts. */
export function checkDependentCareFsa(ctx: CheckContext, rules: RulesOf<'dependent_care_fsa'>): void {
  const needsLimits = rules.annual_contribution_max_cents !== null || rules.employer_annual_contribution_cents > 0 || hasEmployeeMinimum(rules)
  const irs = needsLimits ? ctx.irs([rules.annual_contribution_max_cents !== null ? 'annual_contribution_max_cents'
    : rules.employer_annual_contribution_cents > 0 ? 'employer_annual_contribution_cents' : 'annual_contribution_min_cents']) : undefined
  if (irs) {
    const what = `the ${ctx.year} IRS dependent care limit`
    const ok = ctx.atMost(['annual_contribution_max_cents'], rules.annual_contribution_max_cents, irs.dependent_care_cents, what)
      && ctx.atMost(['employer_annual_contribution_cents'], rules.employer_annual_contribution_cents, irs.dependent_care_cents, what)
    if (ok && rules.annual_contribution_max_cents !== null) {
      checkCombined(ctx, ['annual_contribution_max_cents'], rules.annual_contribution_max_cents, rules.employer_annual_contribution_cents, 'employer contribution', irs.dependent_care_cents, what)
    }
  }
  const effectiveMax = rules.annual_contribution_max_cents ?? (irs ? Math.max(0, irs.dependent_care_cents - rules.employer_annual_contribution_cents) : null)
  checkEmployeeRange(ctx, rules, effectiveMax)
}

/** HRA: QSEHRA and excepted-benefit allowances within their limits; type-specific pairing rules. */
export function checkHra(ctx: CheckContext, rules: RulesOf<'hra'>): void {
  checkTierKeys(ctx, 'allowed_amount_cents', rules.allowed_amount_cents, rules.coverage_tiers)
  const limitOf = hraLimit(rules.hra_type, ctx.year)
  if (limitOf && Object.keys(rules.allowed_amount_cents).length > 0) {
    const irs = ctx.irs(['allowed_amount_cents'])
    if (irs) {
      for (const tier of COVERAGE_TIERS) {
        const limit = limitOf(irs, tier)
        ctx.atMost(['allowed_amount_cents', tier], rules.allowed_amount_cents[tier], limit.cents, limit.what)
      }
    }
  }
  if (rules.hra_type === 'qsehra' || rules.hra_type === 'ichra') {
    rules.requires_enrollment_in?.forEach((p, i) => {
      if (p.plan_type === 'medical') ctx.fail(['requires_enrollment_in', i, 'plan_type'], `a ${rules.hra_type} cannot require the employer's group medical plan (it reimburses individual coverage)`)
    })
  }
  if (rules.hra_type === 'integrated' || rules.hra_type === 'excepted_benefit') {
    const i = rules.eligible_expense_categories.indexOf('premiums')
    if (i >= 0) ctx.fail(['eligible_expense_categories', i], `an ${rules.hra_type.replace('_', '-')} HRA cannot reimburse individual health insurance premiums`)
  }
}

function hraLimit(type: RulesOf<'hra'>['hra_type'], year: number): ((irs: IrsLimits, tier: CoverageTier) => { cents: number; what: string }) | undefined {
  if (type === 'qsehra') {
    return (irs, tier) => irsTierOf(tier) === 'self_only'
      ? { cents: irs.qsehra_self_only_cents, what: `the ${year} QSEHRA self-only limit` }
      : { cents: irs.qsehra_family_cents, what: `the ${year} QSEHRA family limit` }
  }
  if (type === 'excepted_benefit') return (irs) => ({ cents: irs.excepted_benefit_hra_cents, what: `the ${year} excepted-benefit HRA limit` })
  return undefined
}

/** Commuter: employer subsidy plus employee election within the IRC §132(f) monthly limit. */
export function checkCommuter(ctx: CheckContext, rules: RulesOf<'commuter_transit'> | RulesOf<'commuter_parking'>, kind: 'transit' | 'parking'): void {
  const needsLimits = rules.monthly_contribution_max_cents !== null || rules.employer_monthly_subsidy_cents > 0 || rules.monthly_contribution_min_cents > 0
  const irs = needsLimits ? ctx.irs([rules.monthly_contribution_max_cents !== null ? 'monthly_contribution_max_cents'
    : rules.employer_monthly_subsidy_cents > 0 ? 'employer_monthly_subsidy_cents' : 'monthly_contribution_min_cents']) : undefined
  const limit = irs ? (kind === 'transit' ? irs.commuter_transit_monthly_cents : irs.commuter_parking_monthly_cents) : undefined
  if (limit !== undefined) {
    const what = `the ${ctx.year} IRS monthly ${kind} limit`
    const ok = ctx.atMost(['monthly_contribution_max_cents'], rules.monthly_contribution_max_cents, limit, what)
      && ctx.atMost(['employer_monthly_subsidy_cents'], rules.employer_monthly_subsidy_cents, limit, what)
    if (ok && rules.monthly_contribution_max_cents !== null) {
      checkCombined(ctx, ['monthly_contribution_max_cents'], rules.monthly_contribution_max_cents, rules.employer_monthly_subsidy_cents, 'employer subsidy', limit, what)
    }
  }
  const effectiveMax = rules.monthly_contribution_max_cents ?? (limit === undefined ? null : Math.max(0, limit - rules.employer_monthly_subsidy_cents))
  checkMinMax(ctx, 'monthly_contribution_min_cents', rules.monthly_contribution_min_cents, 'the monthly maximum', effectiveMax)
}

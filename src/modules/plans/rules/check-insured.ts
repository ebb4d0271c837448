import type { Static } from 'typebox'
import { formatCents, type CheckContext } from './check-context.js'
import { checkAgeBands, checkAgeReductions, checkMinMax, checkTierKeys } from './check-common.js'
import type { PremiumEmployerContribution } from './contributions.js'
import type { Volume } from './coverage-amounts.js'
import { COVERAGE_TIERS, type CoverageTier } from './plan-types.js'
import type { RulesOf } from './schemas.js'

type Premiums = {
  coverage_tiers: CoverageTier[]
  premiums_monthly_cents: Partial<Record<CoverageTier, number>>
  employer_contributions: Partial<Record<CoverageTier, Static<typeof PremiumEmployerContribution>>>
}

/** Premiums and employer shares only for offered tiers; a fixed share cannot exceed the premium. */
export function checkPremiums(ctx: CheckContext, rules: Premiums): void {
  checkTierKeys(ctx, 'premiums_monthly_cents', rules.premiums_monthly_cents, rules.coverage_tiers)
  checkTierKeys(ctx, 'employer_contributions', rules.employer_contributions, rules.coverage_tiers)
  for (const tier of COVERAGE_TIERS) {
    const share = rules.employer_contributions[tier], premium = rules.premiums_monthly_cents[tier]
    if (share?.type === 'fixed' && premium !== undefined && share.monthly_amount_cents > premium) {
      ctx.fail(['employer_contributions', tier, 'monthly_amount_cents'], `${formatCents(share.monthly_amount_cents)} exceeds the ${tier} monthly premium of ${formatCents(premium)}`)
    }
  }
}

/**
 * Medical. A plan flagged `hdhp` must meet the IRS HDHP figures for the plan year: deductibles
 * at least the minimum, out-of-pocket maxima at most the maximum (IRC §223(c)(2)).
 */
export function checkMedical(ctx: CheckContext, rules: RulesOf<'medical'>): void {
  checkPremiums(ctx, rules)
  if (rules.network_type === 'hdhp' && !rules.hdhp) ctx.fail(['hdhp'], 'must be true when network_type is hdhp')
  for (const size of ['individual', 'family'] as const) {
    const deductible = rules[`deductible_${size}_cents`], oop = rules[`out_of_pocket_max_${size}_cents`]
    if (deductible !== null && oop !== null && deductible > oop) {
      ctx.fail([`deductible_${size}_cents`], `${formatCents(deductible)} is above the ${size} out-of-pocket maximum of ${formatCents(oop)}`)
    }
  }
  if (!rules.hdhp) return
  const irs = ctx.irs(['hdhp'])
  if (!irs) return
  const figures = [
    ['deductible_individual_cents', irs.hdhp_min_deductible_self_only_cents, 'minimum self-only deductible'],
    ['deductible_family_cents', irs.hdhp_min_deductible_family_cents, 'minimum family deductible'],
    ['out_of_pocket_max_individual_cents', irs.hdhp_max_out_of_pocket_self_only_cents, 'maximum self-only out-of-pocket'],
    ['out_of_pocket_max_family_cents', irs.hdhp_max_out_of_pocket_family_cents, 'maximum family out-of-pocket'],
  ] as const
  for (const [field, limit, what] of figures) {
    const value = rules[field]
    const quoted = `the ${ctx.year} IRS HDHP ${what} of ${formatCents(limit)} (${limit} cents)`
    if (value === null) ctx.fail([field], `is required for an HDHP (checked against ${quoted})`)
    else if (field.startsWith('deductible') ? value < limit : value > limit) {
      ctx.fail([field], `${formatCents(value)} is ${field.startsWith('deductible') ? 'below' : 'above'} ${quoted}`)
    }
  }
}

/** Dental and vision: premiums and tiers. */
export function checkDentalOrVision(ctx: CheckContext, rules: RulesOf<'dental'> | RulesOf<'vision'>): void {
  checkPremiums(ctx, rules)
}

/** A volume's internal consistency: elected min ≤ max, both on the increment grid. */
function checkVolume(ctx: CheckContext, field: string, volume: Volume): void {
  if (volume.basis !== 'elected') return
  if (volume.min_volume_cents > volume.max_volume_cents) {
    ctx.fail([field, 'min_volume_cents'], `${formatCents(volume.min_volume_cents)} is above max_volume_cents (${formatCents(volume.max_volume_cents)})`)
  }
  for (const key of ['min_volume_cents', 'max_volume_cents'] as const) {
    if (volume[key] % volume.increments_cents !== 0) ctx.fail([field, key], `must be a multiple of increments_cents (${formatCents(volume.increments_cents)})`)
  }
}

function maxVolumeOf(volume: Volume): number {
  return volume.basis === 'flat' ? volume.flat_amount_cents : volume.max_volume_cents
}

/** Basic and voluntary life: volume, guaranteed issue within the maximum, age tables. */
export function checkLife(ctx: CheckContext, rules: RulesOf<'basic_life'> | RulesOf<'voluntary_life'>): void {
  checkVolume(ctx, 'volume', rules.volume)
  const max = maxVolumeOf(rules.volume)
  if (rules.guaranteed_issue_cents !== null && rules.guaranteed_issue_cents > max) {
    ctx.fail(['guaranteed_issue_cents'], `${formatCents(rules.guaranteed_issue_cents)} is above the most coverage the plan issues (${formatCents(max)})`)
  }
  if ('age_banded_rates' in rules) checkAgeBands(ctx, rules.age_banded_rates)
  checkAgeReductions(ctx, rules.age_reductions)
}

/** AD&D: principal sum and age reductions. */
export function checkAdd(ctx: CheckContext, rules: RulesOf<'add'>): void {
  checkVolume(ctx, 'principal_sum', rules.principal_sum)
  checkAgeReductions(ctx, rules.age_reductions)
}

/** STD: weekly minimum within the maximum. */
export function checkStd(ctx: CheckContext, rules: RulesOf<'std'>): void {
  checkMinMax(ctx, 'min_weekly_benefit_cents', rules.min_weekly_benefit_cents, 'max_weekly_benefit_cents', rules.max_weekly_benefit_cents)
}

/** LTD: monthly minimum within the maximum; a duration in years needs the number of years. */
export function checkLtd(ctx: CheckContext, rules: RulesOf<'ltd'>): void {
  checkMinMax(ctx, 'min_monthly_benefit_cents', rules.min_monthly_benefit_cents, 'max_monthly_benefit_cents', rules.max_monthly_benefit_cents)
  if (rules.benefit_duration === 'years' && rules.benefit_duration_years === null) ctx.fail(['benefit_duration_years'], 'is required when benefit_duration is years')
  if (rules.benefit_duration !== 'years' && rules.benefit_duration_years !== null) ctx.fail(['benefit_duration_years'], `must be null when benefit_duration is ${rules.benefit_duration}`)
}

/** Accident, critical illness, hospital indemnity: tiers and age bands. */
export function checkSupplemental(ctx: CheckContext, rules: RulesOf<'accident'> | RulesOf<'critical_illness'> | RulesOf<'hospital_indemnity'>): void {
  checkPremiums(ctx, rules)
  checkTierKeys(ctx, 'benefit_amounts_cents', rules.benefit_amounts_cents, rules.coverage_tiers)
  checkAgeBands(ctx, rules.age_banded_rates)
}

/**
 * Plan rules: the typed, per-plan-type `rules` object of a plan (contribution caps, employer
 * contributions by tier, reimbursement and card rules, prerequisites, eligibility, insured
 * coverage amounts), its IRS limits and its validation. Pure: no database, no HTTP.
 *
 * @example
 * import { normalizePlanRules } from './rules/index.js'
 * const result = normalizePlanRules('hsa', { annual_contribution_max_cents: 440000 },
 *   { plan_year_start: '2026-01-01', plan_year_end: '2026-12-31' })
 * if (!result.ok) throw InvalidError.fields('plan-rules-invalid', 'Plan rules are invalid', result.errors)
 * result.rules.hsa_family_max_cents // null: the IRS family limit applies
 */

export { PLAN_TYPES, isPlanType, COVERAGE_TIERS, GROUP_HEALTH_PLAN_TYPES, irsTierOf } from './plan-types.js'
export type { PlanType, CoverageTier } from './plan-types.js'

export {
  irsLimits, findIrsLimits, irsLimitFor, hsaLimitCents, dependentCareLimitCents, monthlyProratedLimit, limitYearOf,
  irsLimitYears, UnknownIrsYearError, useOperatorIrsLimits, parseIrsLimits, isBuiltInIrsYear, IRS_LIMIT_FIELDS,
} from './irs-limits.js'
export type { IrsLimits, IrsLimit, HraType } from './irs-limits.js'

export { PLAN_RULES_SCHEMAS, PlanRules } from './schemas.js'
export type { PlanRulesInput, RulesOf, AnyPlanRules } from './schemas.js'
export { HsaRules, HraRules, CommuterTransitRules, CommuterParkingRules, HRA_TYPES } from './schemas-accounts.js'
export { HealthFsaRules, LimitedPurposeFsaRules, DependentCareFsaRules } from './schemas-fsa.js'
export { MedicalRules, DentalRules, VisionRules, MEDICAL_NETWORK_TYPES, DENTAL_NETWORK_TYPES } from './schemas-health.js'
export { BasicLifeRules, VoluntaryLifeRules, AddRules, StdRules, LtdRules, LTD_BENEFIT_DURATIONS } from './schemas-life-disability.js'
export { AccidentRules, CriticalIllnessRules, HospitalIndemnityRules } from './schemas-supplemental.js'
export { AccountEmployerContribution, PremiumEmployerContribution, EMPLOYER_CONTRIBUTION_FREQUENCIES } from './contributions.js'
export { Volume, AgeBand, AgeReduction } from './coverage-amounts.js'
export { EnrollmentPrerequisite, WAITING_PERIOD_RULES } from './eligibility.js'
export { EXPENSE_CATEGORIES, CLAIMS_SUBSTANTIATION } from './fields.js'
export {
  MerchantCategoryNetwork, Mcc, MccRange, STANDARD_MERCHANT_NETWORKS, STANDARD_NETWORK_NAMES, isMccInNetwork,
} from './merchant-networks.js'

export { normalizePlanRules, checkPlanRules } from './normalize.js'
export type { NormalizeResult, PlanYearContext } from './normalize.js'
export { validateRulesShape } from './validate-shape.js'
export { ACA_MAX_WAITING_PERIOD_DAYS } from './check-common.js'

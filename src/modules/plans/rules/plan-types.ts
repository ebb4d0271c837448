/**
 * The plan types OpenEnroll knows. Each has its own rules schema (see `schemas.ts`).
 * Order is documentation order: tax-advantaged accounts, group health, life and disability,
 * then supplemental (voluntary) health.
 */
export const PLAN_TYPES = [
  'hsa', 'health_fsa', 'limited_purpose_fsa', 'dependent_care_fsa', 'hra', 'commuter_transit', 'commuter_parking',
  'medical', 'dental', 'vision',
  'basic_life', 'voluntary_life', 'add', 'std', 'ltd',
  'accident', 'critical_illness', 'hospital_indemnity',
] as const

/** One of {@link PLAN_TYPES}. */
export type PlanType = (typeof PLAN_TYPES)[number]

/** True when `value` is one of {@link PLAN_TYPES}. @example isPlanType('hsa') // true */
export function isPlanType(value: unknown): value is PlanType {
  return typeof value === 'string' && (PLAN_TYPES as readonly string[]).includes(value)
}

/**
 * Group health plans under PHSA §2708 / ERISA §715, where the ACA caps a waiting period at 90
 * days (29 CFR 2590.715-2708). Life, disability, commuter and HSA are not group health plans.
 */
export const GROUP_HEALTH_PLAN_TYPES: readonly PlanType[] = [
  'medical', 'dental', 'vision', 'health_fsa', 'limited_purpose_fsa', 'hra',
]

/** Coverage tiers a plan may offer; employer contributions and premiums are set per tier. */
export const COVERAGE_TIERS = ['individual', 'individual_spouse', 'individual_children', 'family'] as const

/** One of {@link COVERAGE_TIERS}. */
export type CoverageTier = (typeof COVERAGE_TIERS)[number]

/** The IRS limit tier a coverage tier falls in: anything beyond the employee alone is family. */
export function irsTierOf(tier: CoverageTier): 'self_only' | 'family' {
  return tier === 'individual' ? 'self_only' : 'family'
}

import { Type, type Static, type TSchema } from 'typebox'
import type { PlanType } from './plan-types.js'
import { CommuterParkingRules, CommuterTransitRules, HraRules, HsaRules } from './schemas-accounts.js'
import { DependentCareFsaRules, HealthFsaRules, LimitedPurposeFsaRules } from './schemas-fsa.js'
import { DentalRules, MedicalRules, VisionRules } from './schemas-health.js'
import { AddRules, BasicLifeRules, LtdRules, StdRules, VoluntaryLifeRules } from './schemas-life-disability.js'
import { AccidentRules, CriticalIllnessRules, HospitalIndemnityRules } from './schemas-supplemental.js'

/** The rules schema of each plan type. Every field is optional with a documented default. */
export const PLAN_RULES_SCHEMAS = {
  hsa: HsaRules,
  health_fsa: HealthFsaRules,
  limited_purpose_fsa: LimitedPurposeFsaRules,
  dependent_care_fsa: DependentCareFsaRules,
  hra: HraRules,
  commuter_transit: CommuterTransitRules,
  commuter_parking: CommuterParkingRules,
  medical: MedicalRules,
  dental: DentalRules,
  vision: VisionRules,
  basic_life: BasicLifeRules,
  voluntary_life: VoluntaryLifeRules,
  add: AddRules,
  std: StdRules,
  ltd: LtdRules,
  accident: AccidentRules,
  critical_illness: CriticalIllnessRules,
  hospital_indemnity: HospitalIndemnityRules,
} as const satisfies Record<PlanType, TSchema>

/** The rules a client may send for `T`: every field optional. */
export type PlanRulesInput<T extends PlanType> = Static<(typeof PLAN_RULES_SCHEMAS)[T]>

/** The rules of plan type `T` after normalisation: every top-level field present (defaults filled). */
export type RulesOf<T extends PlanType> = { [K in keyof PlanRulesInput<T>]-?: PlanRulesInput<T>[K] }

/** Normalised rules of any plan type. */
export type AnyPlanRules = { [T in PlanType]: RulesOf<T> }[PlanType]

/**
 * Documentation schema for a plan's `rules`: one of the per-type objects, chosen by the plan's
 * `plan_type`. Valid JSON Schema 2020-12 (OpenAPI 3.1). Validation of real requests goes through
 * `normalizePlanRules`, which picks the schema by plan_type and fills defaults.
 */
export const PlanRules = Type.Union(Object.values(PLAN_RULES_SCHEMAS), {
  title: 'PlanRules',
  description: 'Plan rules; the shape depends on plan_type (hsa → HsaRules, medical → MedicalRules, …). Every field is optional: omitted fields take their documented defaults, so rules may be {} or left out.',
})

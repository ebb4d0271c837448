import { Type, type Static } from 'typebox'
import { Nullable, Page, PageQuery, Timestamp, Uuid, Version } from '../../shared/schema.js'
import { PLAN_TYPES, PlanRules } from './rules/index.js'

/** The union of every plan type's rules, for the OpenAPI document. */
export const PlanRulesDoc = { ...PlanRules, $id: 'PlanRules' }

export const PlanType = Type.Union(PLAN_TYPES.map((t) => Type.Literal(t)), { description: 'Kind of benefit; decides the schema of `rules`' })

// Requests and responses carry `rules` as an open object: the schema that applies depends on
// plan_type, and normalizePlanRules validates it (with pointers) and fills the defaults. The full
// union is published in the OpenAPI document as components.schemas.PlanRules.
const RulesIn = Type.Object({}, {
  additionalProperties: true,
  description: 'Rule parameters; the schema depends on plan_type (see components.schemas.PlanRules). Omitted fields take their documented defaults.',
})

export const Plan = Type.Object({
  id: Uuid,
  plan_year_id: Uuid,
  employer_id: Uuid,
  name: Type.String(),
  plan_type: PlanType,
  carrier_id: Nullable(Uuid),
  rules: RulesIn,
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'Plan', additionalProperties: false })
export type Plan = Static<typeof Plan>

export const NewPlan = Type.Object({
  plan_year_id: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  plan_type: PlanType,
  carrier_id: Type.Optional(Nullable(Uuid)),
  rules: Type.Optional(RulesIn),
}, { $id: 'NewPlan', additionalProperties: false })
export type NewPlan = Static<typeof NewPlan>

export const PlanUpdate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  plan_year_id: Type.Optional(Uuid),
  plan_type: Type.Optional(PlanType),
  carrier_id: Type.Optional(Nullable(Uuid)),
  rules: Type.Optional(RulesIn),
  version: Type.Optional(Version),
}, { $id: 'PlanUpdate', additionalProperties: false, description: 'Full replacement of name, carrier and rules; plan_year_id and plan_type cannot change' })
export type PlanUpdate = Static<typeof PlanUpdate>

export const PlanPage = Page(Plan, 'Plan')
export const PlanQuery = Type.Object({
  ...PageQuery,
  plan_year_id: Type.Optional(Uuid),
  employer_id: Type.Optional(Uuid),
  consumer_id: Type.Optional(Type.String({ format: 'uuid', description: 'A member id: the plans of that member\'s employer' })),
  plan_type: Type.Optional(PlanType),
}, { additionalProperties: false })
export type PlanQuery = Static<typeof PlanQuery>

export const PlanParams = Type.Object({ plan_id: Uuid })

const Cents = Type.Integer({ minimum: 0, description: 'integer cents' })
/** One calendar year's IRS figures, as the rules apply them. */
export const IrsLimitsYear = Type.Object({
  year: Type.Integer(),
  source: Type.String({ description: 'the built-in table, or the source the operator cited when adding the year' }),
  built_in: Type.Boolean(),
  limits: Type.Object({
    hsa_self_only_cents: Cents, hsa_family_cents: Cents, hsa_catch_up_cents: Cents,
    hdhp_min_deductible_self_only_cents: Cents, hdhp_min_deductible_family_cents: Cents,
    hdhp_max_out_of_pocket_self_only_cents: Cents, hdhp_max_out_of_pocket_family_cents: Cents,
    health_fsa_cents: Cents, health_fsa_carryover_cents: Cents, dependent_care_cents: Cents, dependent_care_married_separately_cents: Cents,
    commuter_transit_monthly_cents: Cents, commuter_parking_monthly_cents: Cents, qsehra_self_only_cents: Cents, qsehra_family_cents: Cents,
    excepted_benefit_hra_cents: Cents,
  }),
}, { $id: 'IrsLimitsYear', additionalProperties: false })
export const IrsLimitsList = Type.Object({ data: Type.Array(IrsLimitsYear) }, { $id: 'IrsLimitsList' })

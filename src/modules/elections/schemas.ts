import { Type, type Static } from 'typebox'
import { Cents, Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid } from '../../shared/schema.js'

export const COVERAGE_TIER_VALUES = ['individual', 'individual_spouse', 'individual_children', 'family'] as const
export type CoverageTier = (typeof COVERAGE_TIER_VALUES)[number]
export const CoverageTier = Type.Unsafe<CoverageTier>({ type: 'string', enum: [...COVERAGE_TIER_VALUES], description: 'Derived from who is covered: spouse-like = spouse, life_partner, registered_domestic_partner' })

export const PAY_FREQUENCIES = ['weekly', 'biweekly', 'semimonthly', 'monthly'] as const
export const PayFrequency = Type.Unsafe<(typeof PAY_FREQUENCIES)[number]>({ type: 'string', enum: [...PAY_FREQUENCIES] })

export const QLE_EVENT_VALUES = [
  'new_hire', 'open_enrollment', 'marriage', 'birth', 'adoption', 'divorce', 'legal_separation', 'death',
  'loss_of_other_coverage', 'gain_of_other_coverage', 'change_in_employment_status', 'termination', 'relocation', 'medicaid_chip',
] as const

const ElectionType = Type.Union([Type.Literal('election'), Type.Literal('waiver')])

export const QleCoverage = Type.Object({
  member_id: Uuid,
  status: Type.Optional(Type.String({ maxLength: 60, description: 'e.g. employer_sponsored (recorded, not interpreted)' })),
  start_date: Type.Optional(Type.String({ format: 'date', description: 'Must equal the date the event\'s rule gives (checked, 422 qle-start-date-mismatch)' })),
  volume: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Coverage amount in cents (life, AD&D, disability)' })),
}, { additionalProperties: false })

export const QlePlanElection = Type.Object({
  plan_id: Uuid,
  type: ElectionType,
  coverage_tier: Type.Optional(CoverageTier),
  annual_amount_cents: Type.Optional(Cents),
  coverages: Type.Optional(Type.Array(QleCoverage, { maxItems: 30 })),
}, { additionalProperties: false })

export const QleFields = Type.Object({
  event: Type.Unsafe<(typeof QLE_EVENT_VALUES)[number]>({ type: 'string', enum: [...QLE_EVENT_VALUES] }),
  date: Type.String({ format: 'date', description: 'The date of the event (birth, marriage, hire…)' }),
  eligibility_start_date: Type.Optional(Type.String({ format: 'date' })),
  coverage_period_id: Type.Optional(Uuid),
  plan_elections: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,80}$' }), QlePlanElection, { description: 'Keyed by product line (medical, dental, short_term_disability, voluntary_life_accidental_death_dismemberment, …)' }),
}, { additionalProperties: false })
export type QleFields = Static<typeof QleFields>

export const NewQle = Type.Union([
  Type.Object({ qualifying_life_event: QleFields }, { additionalProperties: false }),
  QleFields,
], { $id: 'NewQualifyingLifeEvent', description: 'Seed 003\'s body (wrapped in qualifying_life_event) or the same fields unwrapped' })
export type NewQle = Static<typeof NewQle>

export const Deduction = Type.Object({ pay_date: PlainDate, amount_cents: Cents })

export const Election = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  subscriber_id: Uuid,
  plan_id: Uuid,
  plan_type: Type.String(),
  plan_year_id: Uuid,
  qualifying_life_event_id: Nullable(Uuid),
  type: ElectionType,
  coverage_tier: Nullable(CoverageTier),
  effective_date: PlainDate,
  end_date: Type.String({ format: 'date', description: 'Last day (inclusive): the plan year end unless ended earlier' }),
  status: Type.Union([Type.Literal('Active'), Type.Literal('Pending'), Type.Literal('Historical')], { description: 'Derived: Pending before effective_date, Historical once superseded or past end_date, else Active' }),
  annual_amount_cents: Cents,
  employer_contribution_cents: Cents,
  pay_frequency: PayFrequency,
  pay_periods: Type.Integer(),
  per_pay_period_cents: Cents,
  deductions: Type.Array(Deduction, { description: 'Employee deductions by pay date; they sum exactly to annual_amount_cents (spare cents on the earliest pay dates)' }),
  volume_cents: Nullable(Cents),
  covered_member_ids: Type.Array(Uuid),
  superseded_at: Nullable(Timestamp),
  superseded_by: Nullable(Uuid),
  created_at: Timestamp,
}, { $id: 'Election', additionalProperties: false })
export type Election = Static<typeof Election>

export const NewElection = Type.Object({
  subscriber_id: Uuid,
  plan_id: Uuid,
  type: ElectionType,
  coverage_tier: Type.Optional(CoverageTier),
  annual_amount_cents: Type.Optional(Cents),
  covered_member_ids: Type.Optional(Type.Array(Uuid, { maxItems: 30, uniqueItems: true, description: 'Who is covered; the subscriber is always covered by an election' })),
  effective_date: Type.Optional(Type.String({ format: 'date', description: 'Must equal the date the rules give (plan year start in open enrollment, the waiting period for a new hire)' })),
  volume_cents: Type.Optional(Cents),
}, { $id: 'NewElection', additionalProperties: false })
export type NewElection = Static<typeof NewElection>

export const ElectionPage = Page(Election, 'Election')
export const ElectionQuery = Type.Object({
  ...PageQuery,
  enrollment_id: Type.Optional(Uuid),
  plan_id: Type.Optional(Uuid),
  plan_year_id: Type.Optional(Uuid),
  consumer_id: Type.Optional(Uuid),
}, { additionalProperties: false })
export type ElectionQuery = Static<typeof ElectionQuery>
export const ElectionParams = Type.Object({ election_id: Uuid })
export const ElectionGetQuery = Type.Object({ enrollment_id: Type.Optional(Uuid) }, { additionalProperties: false })

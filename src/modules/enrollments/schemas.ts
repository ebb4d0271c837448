import { Type, type Static } from 'typebox'
import { Cents, Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid } from '../../shared/schema.js'
import { PlanType } from '../plans/index.js'

const Tier = Type.Union([Type.Literal('individual'), Type.Literal('individual_spouse'), Type.Literal('individual_children'), Type.Literal('family')])

export const Enrollment = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  subscriber_id: Uuid,
  member_id: Uuid,
  plan_id: Uuid,
  plan_type: Type.String(),
  plan_year_id: Uuid,
  election_id: Nullable(Uuid),
  coverage_tier: Nullable(Tier),
  status: Type.Union([Type.Literal('active'), Type.Literal('terminated'), Type.Literal('cancelled')], { description: 'cancelled: the coverage never took effect' }),
  start_date: PlainDate,
  end_date: Nullable(Type.String({ format: 'date', description: 'Last day of coverage, INCLUSIVE; null = open-ended' })),
  volume_cents: Nullable(Cents),
  recorded_at: Timestamp,
  superseded_at: Nullable(Type.String({ format: 'date-time', description: 'When this record was replaced by a later one (null = current knowledge)' })),
  supersedes_id: Nullable(Uuid),
}, { $id: 'Enrollment', additionalProperties: false })
export type Enrollment = Static<typeof Enrollment>

export const EnrollmentPage = Page(Enrollment, 'Enrollment')

export const CONSUMER_IDENTIFIER_TYPES = ['person_id', 'employee_number', 'employer_external_id'] as const
export type ConsumerIdentifierType = (typeof CONSUMER_IDENTIFIER_TYPES)[number]

export const EnrollmentQuery = Type.Object({
  ...PageQuery,
  consumer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'A member id (person_id), employee number or employer external id' })),
  consumer_identifier_type: Type.Optional(Type.Union(CONSUMER_IDENTIFIER_TYPES.map((t) => Type.Literal(t)), { default: 'person_id' })),
  employer_id: Type.Optional(Uuid),
  plan_year_id: Type.Optional(Uuid),
  plan_id: Type.Optional(Uuid),
  plan_type: Type.Optional(PlanType),
  as_of: Type.Optional(Type.String({ format: 'date', description: 'Only coverage in force on this date (cancelled records excluded)' })),
  known_at: Type.Optional(Type.String({ format: 'date-time', description: 'What was recorded at this instant (bitemporal); default: now' })),
}, { additionalProperties: false })
export type EnrollmentQuery = Static<typeof EnrollmentQuery>

export const EnrollmentParams = Type.Object({ enrollment_id: Uuid })

export const Termination = Type.Object({
  end_date: Type.String({ format: 'date', description: 'Last covered day (inclusive); before start_date cancels the coverage' }),
  reason: Type.String({ minLength: 1, maxLength: 200 }),
}, { $id: 'EnrollmentTermination', additionalProperties: false })
export type Termination = Static<typeof Termination>

export const Cancellation = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type Cancellation = Static<typeof Cancellation>

export const EligibilityQuery = Type.Object({
  member_id: Type.Optional(Uuid),
  employee_number: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  employer_id: Type.Optional(Uuid),
  plan_type: PlanType,
  date: Type.String({ format: 'date' }),
}, { additionalProperties: false })
export type EligibilityQuery = Static<typeof EligibilityQuery>

export const Eligibility = Type.Object({
  eligible: Type.Boolean(),
  member_id: Uuid,
  plan_type: Type.String(),
  date: PlainDate,
  coverage: Nullable(Enrollment),
  reason: Type.String({ description: 'covered, or why not: no-coverage-on-date' }),
}, { $id: 'Eligibility', additionalProperties: false })
export type Eligibility = Static<typeof Eligibility>

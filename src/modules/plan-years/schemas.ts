import { Type, type Static } from 'typebox'
import { Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid, Version } from '../../shared/schema.js'

export const PlanYearStatus = Type.Union([Type.Literal('Upcoming'), Type.Literal('Active'), Type.Literal('Closed')], {
  description: 'Derived from the dates and an explicit close: Upcoming before start_date; Active from start_date until the later of end_date, runout_end_date and grace_period_end_date; Closed after that or once closed explicitly.',
})
export type PlanYearStatus = Static<typeof PlanYearStatus>

export const DateWindow = Type.Object({ start_date: PlainDate, end_date: PlainDate }, { additionalProperties: false, description: 'Inclusive on both ends' })
export type DateWindow = Static<typeof DateWindow>

export const PlanYear = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  name: Type.String(),
  start_date: PlainDate,
  end_date: Type.String({ format: 'date', description: 'Last day of coverage (inclusive)' }),
  enrollment_window: Nullable(DateWindow),
  runout_end_date: Nullable(PlainDate),
  grace_period_end_date: Nullable(PlainDate),
  status: PlanYearStatus,
  closed_at: Nullable(Timestamp),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'PlanYear', additionalProperties: false })
export type PlanYear = Static<typeof PlanYear>

const planYearFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  start_date: Type.String({ format: 'date', description: 'First day of the active coverage period' }),
  end_date: Type.String({ format: 'date', description: 'Last day of the active coverage period (inclusive)' }),
  enrollment_window: Type.Optional(Nullable(DateWindow)),
  runout_end_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Last day to submit claims incurred in the plan year' }))),
  grace_period_end_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Last day expenses may be incurred against the prior year balance' }))),
}

export const NewPlanYear = Type.Object({ employer_id: Uuid, ...planYearFields }, { $id: 'NewPlanYear', additionalProperties: false })
export type NewPlanYear = Static<typeof NewPlanYear>

export const PlanYearUpdate = Type.Object({
  ...planYearFields,
  employer_id: Type.Optional(Uuid),
  version: Type.Optional(Version),
}, { $id: 'PlanYearUpdate', additionalProperties: false, description: 'Full replacement; employer_id, if sent, must be unchanged' })
export type PlanYearUpdate = Static<typeof PlanYearUpdate>

export const PlanYearPage = Page(PlanYear, 'PlanYear')

export const PlanYearQuery = Type.Object({
  ...PageQuery,
  employer_id: Type.Optional(Uuid),
  consumer_id: Type.Optional(Type.String({ format: 'uuid', description: 'A member id: the plan years of that member\'s employer' })),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999, description: 'Plan years whose coverage overlaps this calendar year' })),
  status: Type.Optional(Type.String({ maxLength: 20, description: 'Upcoming, Active or Closed (case-insensitive)', examples: ['Active'] })),
  relevance: Type.Optional(Type.String({ maxLength: 20, description: 'ACTIONABLE: needs attention now — enrollment window open, run-out or grace period in progress, or starting within 30 days; ALL (default): no filter', examples: ['ACTIONABLE'] })),
}, { additionalProperties: false })
export type PlanYearQuery = Static<typeof PlanYearQuery>

export const PlanYearParams = Type.Object({ plan_year_id: Uuid })

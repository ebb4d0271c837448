import { Type } from 'typebox'
import { Uuid } from '../../../shared/schema.js'
import { count, flag, stringEnum } from './fields.js'
import { PLAN_TYPES } from './plan-types.js'

/** When coverage starts relative to the waiting period. */
export const WAITING_PERIOD_RULES = ['first_of_month_after', 'date_of_hire', 'after_days'] as const

/** Who is eligible and when: present on every plan type. */
export function eligibilityFields(defaults: { readonly min_hours_per_week: number }) {
  return {
    eligibility_classes: Type.Optional(Type.Array(Uuid, {
      uniqueItems: true, default: [],
      description: 'Ids of the employment classifications eligible for the plan; empty means every employee.',
    })),
    waiting_period_days: Type.Optional(count(
      'Days of employment before coverage may start. Group health plans may not exceed 90 (ACA, 29 CFR 2590.715-2708); other plans up to 365.',
      { default: 0, maximum: 365 })),
    waiting_period_rule: Type.Optional(stringEnum(WAITING_PERIOD_RULES,
      'first_of_month_after: the first of the month after the waiting period; date_of_hire: on the hire date (waiting_period_days must be 0); after_days: the day after the waiting period.',
      'first_of_month_after')),
    min_hours_per_week: Type.Optional(count('Minimum regularly scheduled hours per week to be eligible (30 is the ACA full-time threshold).',
      { default: defaults.min_hours_per_week, maximum: 80 })),
  }
}

/** Which dependents the plan covers: plans that enroll dependents (health, supplemental). */
export function dependentFields() {
  return {
    spouse_eligible: Type.Optional(flag('Whether a spouse may be covered.', true)),
    domestic_partners_eligible: Type.Optional(flag('Whether a domestic partner may be covered.', false)),
    children_eligible: Type.Optional(flag('Whether children may be covered.', true)),
    dependent_max_age: Type.Optional(count('Children are covered until this age (26 under the ACA for medical; plans may keep it for dental and vision).',
      { default: 26, maximum: 30 })),
  }
}

/** Another plan the employee must be enrolled in to elect this one. */
export const EnrollmentPrerequisite = Type.Object({
  plan_type: stringEnum(PLAN_TYPES, 'The plan type the employee must also be enrolled in (in the same plan year).'),
  hdhp: Type.Optional(Type.Boolean({ description: 'For plan_type medical only: true requires a high-deductible health plan (HSA eligibility), false a non-HDHP; omitted accepts either.' })),
}, { additionalProperties: false, description: 'An enrollment prerequisite.' })

/** The list of prerequisites, with a per-plan-type default. */
export function prerequisitesField(defaultValue: readonly { plan_type: string; hdhp?: boolean }[]) {
  return Type.Optional(Type.Array(EnrollmentPrerequisite, {
    default: defaultValue.map((p) => ({ ...p })),
    description: 'Plans the employee must be enrolled in to elect this plan (e.g. an HSA requires an HDHP medical plan). Empty means none.',
  }))
}

import { Type } from 'typebox'
import { premiumFields } from './contributions.js'
import { dependentFields, eligibilityFields, prerequisitesField } from './eligibility.js'
import { count, coverageTiersField, flag, nullableBps, nullableCents, stringEnum } from './fields.js'

/** Medical network types; `hdhp` here is a network label, the IRS test is the `hdhp` flag. */
export const MEDICAL_NETWORK_TYPES = ['hmo', 'ppo', 'epo', 'pos', 'hdhp'] as const

/**
 * Group medical plan. With `hdhp: true` the plan must meet the IRS HDHP figures for the plan
 * year (minimum deductibles, maximum out-of-pocket), so its enrollees may contribute to an HSA.
 */
export const MedicalRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  ...dependentFields(),
  requires_enrollment_in: prerequisitesField([]),
  network_type: Type.Optional(stringEnum(MEDICAL_NETWORK_TYPES, 'Network design: hmo, ppo, epo, pos or hdhp.', 'ppo')),
  hdhp: Type.Optional(flag('The plan is a high-deductible health plan under IRC §223(c)(2); deductibles and out-of-pocket maxima are then required and checked against the IRS figures.', false)),
  coverage_tiers: coverageTiersField(),
  deductible_individual_cents: Type.Optional(nullableCents('Annual deductible for self-only coverage; null = not recorded (required when hdhp is true).')),
  deductible_family_cents: Type.Optional(nullableCents('Annual deductible for family coverage; null = not recorded (required when hdhp is true).')),
  out_of_pocket_max_individual_cents: Type.Optional(nullableCents('Annual out-of-pocket maximum, self-only; null = not recorded (required when hdhp is true).')),
  out_of_pocket_max_family_cents: Type.Optional(nullableCents('Annual out-of-pocket maximum, family; null = not recorded (required when hdhp is true).')),
  embedded_deductible: Type.Optional(flag('Each family member has their own deductible inside the family deductible.', true)),
  coinsurance_bps: Type.Optional(nullableBps('Member coinsurance after the deductible, in basis points (2000 = 20%); null = not recorded.')),
  prescription_drug_coverage: Type.Optional(flag('Prescription drugs are covered by this plan (not carved out).', true)),
  ...premiumFields(),
}, { additionalProperties: false, title: 'MedicalRules', description: 'Rules of a group medical plan (plan_type medical).' })

/** Dental network types. */
export const DENTAL_NETWORK_TYPES = ['dhmo', 'ppo', 'indemnity'] as const

/** Group dental plan. */
export const DentalRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  ...dependentFields(),
  requires_enrollment_in: prerequisitesField([]),
  network_type: Type.Optional(stringEnum(DENTAL_NETWORK_TYPES, 'Network design: dhmo, ppo or indemnity.', 'ppo')),
  coverage_tiers: coverageTiersField(),
  deductible_individual_cents: Type.Optional(nullableCents('Annual deductible per person; null = not recorded.')),
  annual_benefit_max_cents: Type.Optional(nullableCents('Most the plan pays per person per plan year; null = no annual maximum.')),
  orthodontia_covered: Type.Optional(flag('Orthodontia is covered.', false)),
  orthodontia_lifetime_max_cents: Type.Optional(nullableCents('Lifetime orthodontia maximum per person; null = none or not covered.')),
  orthodontia_max_age: Type.Optional(count('Orthodontia is covered until this age (children only is typically 19).', { default: 19, maximum: 120 })),
  ...premiumFields(),
}, { additionalProperties: false, title: 'DentalRules', description: 'Rules of a group dental plan (plan_type dental).' })

/** Group vision plan. */
export const VisionRules = Type.Object({
  ...eligibilityFields({ min_hours_per_week: 30 }),
  ...dependentFields(),
  requires_enrollment_in: prerequisitesField([]),
  coverage_tiers: coverageTiersField(),
  exam_frequency_months: Type.Optional(count('Months between covered eye exams.', { default: 12, minimum: 1, maximum: 48 })),
  lenses_frequency_months: Type.Optional(count('Months between covered lenses.', { default: 12, minimum: 1, maximum: 48 })),
  frames_frequency_months: Type.Optional(count('Months between covered frames.', { default: 24, minimum: 1, maximum: 48 })),
  exam_copay_cents: Type.Optional(nullableCents('Member copay for an exam; null = not recorded.')),
  frames_allowance_cents: Type.Optional(nullableCents('Frames allowance; null = not recorded.')),
  contacts_allowance_cents: Type.Optional(nullableCents('Contact lens allowance (instead of glasses); null = not recorded.')),
  ...premiumFields(),
}, { additionalProperties: false, title: 'VisionRules', description: 'Rules of a group vision plan (plan_type vision).' })

import { Type, type Static } from 'typebox'
import { Cents, Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid, Version } from '../../shared/schema.js'
import { RELATIONSHIPS } from './relationships.js'

const Name = Type.String({ minLength: 1, maxLength: 100 })
const Identifier = Type.String({ minLength: 1, maxLength: 80 })

export const Address = Type.Object({
  address_line_1: Type.String({ minLength: 1, maxLength: 200 }),
  address_line_2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  state: Type.String({ pattern: '^[A-Z]{2}$', description: 'USPS state code' }),
  zip: Type.String({ pattern: '^[0-9]{5}(-?[0-9]{4})?$' }),
  county: Type.Optional(Type.String({ maxLength: 100 })),
  country_code: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
}, { additionalProperties: false })
export type Address = Static<typeof Address>

export const Contact = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. work, home, mobile, fax' }),
  contact: Type.String({ minLength: 1, maxLength: 320 }),
}, { additionalProperties: false })
export type Contact = Static<typeof Contact>

const GENDER_PATTERN = '^([Mm][Aa][Ll][Ee]|[Ff][Ee][Mm][Aa][Ll][Ee]|[Uu][Nn][Kk][Nn][Oo][Ww][Nn])$'
export const Gender = Type.String({ pattern: GENDER_PATTERN, description: 'male, female or unknown (any case)' })
export const RelationshipCode = Type.Enum([...RELATIONSHIPS], { description: "Seed 000's 39 relationship codes plus registered_domestic_partner; 'self' is the subscriber" })
export const WageFrequency = Type.Enum(['weekly', 'biweekly', 'semimonthly', 'monthly'])
export const Compensation = Type.Enum(['salary', 'hourly', 'commission', 'other'])
const Ssn = Type.String({ maxLength: 20, description: '9 digits, dashes allowed; stored encrypted, answered masked (***-**-6789)' })
const Status = Type.String({ pattern: '^[a-z_]{1,40}$', description: 'e.g. full_time, part_time, leave_of_absence, terminated' })
const Hours = Type.Number({ minimum: 0, maximum: 168 })

const contactFields = {
  residential_address: Type.Optional(Address),
  mailing_address: Type.Optional(Address),
  phone_numbers: Type.Optional(Type.Array(Contact, { maxItems: 10 })),
  emails: Type.Optional(Type.Array(Contact, { maxItems: 10 })),
}

export const EmploymentDetailsInput = Type.Object({
  start_date: PlainDate,
  status: Status,
  annual_earnings: Type.Optional(Cents),
  earnings_effective_date: Type.Optional(PlainDate),
  wage_frequency: WageFrequency,
  compensation: Type.Optional(Compensation),
  hours_per_week: Type.Optional(Hours),
}, { additionalProperties: false, description: 'annual_earnings in integer cents (10000000 = $100,000.00)' })
export type EmploymentDetailsInput = Static<typeof EmploymentDetailsInput>

export const ClassificationRef = Type.Object({
  employment_classification_id: Uuid,
  effective_date: PlainDate,
}, { additionalProperties: false })
export type ClassificationRef = Static<typeof ClassificationRef>

export const NewDependent = Type.Object({
  external_identifier: Type.Optional(Identifier),
  first_name: Name,
  middle_name: Type.Optional(Name),
  last_name: Name,
  suffix: Type.Optional(Type.String({ maxLength: 20 })),
  birth_date: PlainDate,
  gender: Gender,
  subscriber_relationship: RelationshipCode,
  social_security_number: Type.Optional(Nullable(Ssn)),
  ...contactFields,
}, { additionalProperties: false })
export type NewDependent = Static<typeof NewDependent>

/** Seed 003's subscriber, plus employer_id (when the location does not say), employee_number, middle_name, suffix. */
export const NewSubscriber = Type.Object({
  employer_id: Type.Optional(Uuid),
  external_identifier: Type.Optional(Identifier),
  employee_number: Type.Optional(Identifier),
  location_id: Type.Optional(Uuid),
  first_name: Name,
  middle_name: Type.Optional(Name),
  last_name: Name,
  suffix: Type.Optional(Type.String({ maxLength: 20 })),
  birth_date: PlainDate,
  gender: Gender,
  social_security_number: Type.Optional(Nullable(Ssn)),
  employment_details: EmploymentDetailsInput,
  class: Type.Optional(ClassificationRef),
  subgroup: Type.Optional(ClassificationRef),
  dependents: Type.Optional(Type.Array(NewDependent, { maxItems: 30 })),
  ...contactFields,
}, { additionalProperties: false })
export type NewSubscriber = Static<typeof NewSubscriber>

/** An effective-dated change; only the fields sent change, from effective_date on. */
export const MemberChange = Type.Object({
  effective_date: PlainDate,
  first_name: Type.Optional(Name),
  middle_name: Type.Optional(Nullable(Name)),
  last_name: Type.Optional(Name),
  suffix: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  residential_address: Type.Optional(Nullable(Address)),
  mailing_address: Type.Optional(Nullable(Address)),
  phone_numbers: Type.Optional(Type.Array(Contact, { maxItems: 10 })),
  emails: Type.Optional(Type.Array(Contact, { maxItems: 10 })),
  location_id: Type.Optional(Uuid),
  employment_details: Type.Optional(Type.Object({
    status: Type.Optional(Status),
    annual_earnings: Type.Optional(Cents),
    earnings_effective_date: Type.Optional(PlainDate),
    wage_frequency: Type.Optional(WageFrequency),
    compensation: Type.Optional(Compensation),
    hours_per_week: Type.Optional(Hours),
    termination_date: Type.Optional(Nullable(PlainDate)),
  }, { additionalProperties: false, minProperties: 1 })),
  class: Type.Optional(Type.Object({ employment_classification_id: Uuid }, { additionalProperties: false })),
  subgroup: Type.Optional(Type.Object({ employment_classification_id: Uuid }, { additionalProperties: false })),
  external_identifier: Type.Optional(Identifier),
  employee_number: Type.Optional(Identifier),
  subscriber_relationship: Type.Optional(RelationshipCode),
  /** Corrections, not effective-dated: the SSN (null removes it) and gender were always these. */
  social_security_number: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'a correction of a mistyped SSN (not effective-dated; null removes it): 9 digits, dashes allowed' }))),
  gender: Type.Optional(Type.String({ pattern: GENDER_PATTERN, description: 'a correction (not effective-dated): male, female or unknown (any case)' })),
  version: Type.Optional(Version),
}, { $id: 'MemberChange', additionalProperties: false })
export type MemberChange = Static<typeof MemberChange>

export const EmploymentDetails = Type.Object({
  effective_date: PlainDate,
  start_date: PlainDate,
  termination_date: Nullable(PlainDate),
  status: Type.String(),
  annual_earnings: Nullable(Type.Integer()),
  earnings_effective_date: Nullable(PlainDate),
  wage_frequency: WageFrequency,
  compensation: Nullable(Type.String()),
  hours_per_week: Nullable(Type.Number()),
  location_id: Nullable(Uuid),
}, { additionalProperties: false })
export type EmploymentDetails = Static<typeof EmploymentDetails>

export const ClassificationAssignment = Type.Object({
  employment_classification_id: Uuid,
  effective_date: PlainDate,
  end_date: Nullable(PlainDate),
}, { additionalProperties: false })
export type ClassificationAssignment = Static<typeof ClassificationAssignment>

const memberFields = {
  id: Uuid,
  employer_id: Uuid,
  subscriber_id: Nullable(Uuid),
  subscriber_relationship: Type.String(),
  external_identifier: Nullable(Type.String()),
  employee_number: Nullable(Type.String()),
  first_name: Type.String(),
  middle_name: Nullable(Type.String()),
  last_name: Type.String(),
  suffix: Nullable(Type.String()),
  birth_date: PlainDate,
  gender: Type.String(),
  social_security_number: Nullable(Type.String({ description: 'masked: ***-**-6789' })),
  residential_address: Nullable(Address),
  mailing_address: Nullable(Address),
  phone_numbers: Type.Array(Contact),
  emails: Type.Array(Contact),
  demographics_effective_date: PlainDate,
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}

export const Dependent = Type.Object(memberFields, { additionalProperties: false })
export type Dependent = Static<typeof Dependent>

/** A member as of `as_of`; subscribers also carry employment, class, subgroup and dependents. */
export const Member = Type.Object({
  ...memberFields,
  as_of: PlainDate,
  location_id: Type.Optional(Nullable(Uuid)),
  employment_details: Type.Optional(Nullable(EmploymentDetails)),
  class: Type.Optional(Nullable(ClassificationAssignment)),
  subgroup: Type.Optional(Nullable(ClassificationAssignment)),
  dependents: Type.Optional(Type.Array(Dependent)),
}, { $id: 'Member', additionalProperties: false })
export type Member = Static<typeof Member>

export const MemberPage = Page(Member, 'Member')
export const SubscriberQuery = Type.Object({
  ...PageQuery,
  employer_id: Type.Optional(Uuid),
  external_identifier: Type.Optional(Identifier),
  employee_number: Type.Optional(Identifier),
  ssn: Type.Optional(Type.String({ maxLength: 20 })),
  as_of: Type.Optional(PlainDate),
}, { additionalProperties: false })
export type SubscriberQuery = Static<typeof SubscriberQuery>
export const AsOfQuery = Type.Object({ as_of: Type.Optional(PlainDate) }, { additionalProperties: false })
export const SubscriberParams = Type.Object({ subscriber_id: Uuid })
export const MemberParams = Type.Object({ member_id: Uuid })

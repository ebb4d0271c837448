import { Type, type Static } from 'typebox'
import { Cents, PlainDate, Uuid } from '../../shared/schema.js'
import { CoverageTier } from '../elections/index.js'
import { NewSubscriber } from '../members/index.js'

/** Most employees one census request may carry (one transaction each). */
export const MAX_CENSUS_EMPLOYEES = 1000

export const CensusElection = Type.Object({
  plan_id: Uuid,
  type: Type.Union([Type.Literal('election'), Type.Literal('waiver')]),
  coverage_tier: Type.Optional(CoverageTier),
  annual_amount_cents: Type.Optional(Cents),
  covered_member_refs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), {
    maxItems: 31, uniqueItems: true,
    description: "Who is covered: 'self' (always covered by an election) and dependents by their external_identifier",
  })),
  volume_cents: Type.Optional(Cents),
}, { additionalProperties: false })
export type CensusElection = Static<typeof CensusElection>

export const CensusEmployee = Type.Object({
  subscriber: NewSubscriber,
  elections: Type.Optional(Type.Array(CensusElection, { maxItems: 30 })),
}, { additionalProperties: false })
export type CensusEmployee = Static<typeof CensusEmployee>

export const Census = Type.Object({
  plan_year_id: Uuid,
  effective_date: Type.Optional(Type.String({ format: 'date', description: 'When sent, every election must take effect on it (422 effective-date-mismatch otherwise)' })),
  employees: Type.Array(CensusEmployee, { minItems: 1, maxItems: MAX_CENSUS_EMPLOYEES }),
}, { $id: 'Census', additionalProperties: false })
export type Census = Static<typeof Census>

const Count = Type.Integer({ minimum: 0 })

export const CensusEmployeeIds = Type.Object({
  subscriber_id: Uuid,
  dependents: Type.Record(Type.String(), Uuid, { description: "Dependent ids by external_identifier (or '#<index>' when it has none)" }),
  elections: Type.Array(Uuid, { description: 'Election ids in the order sent' }),
}, { additionalProperties: false })

export const CensusResult = Type.Object({
  employer_id: Uuid,
  plan_year_id: Uuid,
  counts: Type.Object({
    employees: Count, members: Count, elections: Count, waivers: Count, enrollments: Count, events: Count,
  }, { additionalProperties: false }),
  ids: Type.Record(Type.String(), CensusEmployeeIds, { description: "By the subscriber's external_identifier (else employee_number, else '#<index>')" }),
}, { $id: 'CensusResult', additionalProperties: false })
export type CensusResult = Static<typeof CensusResult>

export const CensusParams = Type.Object({ employer_id: Uuid })

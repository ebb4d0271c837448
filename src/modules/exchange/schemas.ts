import { Type, type Static } from 'typebox'
import { PlainDate, Uuid } from '../../shared/schema.js'

export const CarrierFileParams = Type.Object({ employer_id: Uuid, carrier_id: Uuid })

export const CarrierFileQuery = Type.Object({
  as_of: Type.Optional(PlainDate),
  usage: Type.Optional(Type.Union([Type.Literal('T'), Type.Literal('P')], { description: 'ISA15: T test (default) or P production' })),
  control_number: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'ISA13/GS06 (default 1): unique per trading partner, kept by the sender' })),
}, { additionalProperties: false })
export type CarrierFileQuery = Static<typeof CarrierFileQuery>

export const CarrierChangesQuery = Type.Object({
  since: Type.String({ format: 'date-time', description: 'Changes recorded after this moment (the until of the previous file), ISO 8601' }),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Changes recorded up to this moment (default now), ISO 8601' })),
  usage: Type.Optional(Type.Union([Type.Literal('T'), Type.Literal('P')], { description: 'ISA15: T test (default) or P production' })),
  control_number: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'ISA13/GS06 (default 1): unique per trading partner, kept by the sender' })),
}, { additionalProperties: false })
export type CarrierChangesQuery = Static<typeof CarrierChangesQuery>

const Omitted = Type.Object({
  plan_id: Uuid,
  plan_type: Type.String(),
  coverages: Type.Integer(),
  reason: Type.String(),
}, { additionalProperties: false })

const FileFinding = Type.Object({
  code: Type.String(),
  severity: Type.String(),
  segment_id: Type.String(),
  segment_index: Type.Integer(),
  element: Type.Optional(Type.String()),
  loop: Type.String(),
}, { additionalProperties: false, description: 'Where the file breaks the guide (messages are left out: they may quote member data)' })

export const CarrierFile = Type.Object({
  employer_id: Uuid,
  carrier_id: Uuid,
  as_of: PlainDate,
  interchange_control_number: Type.Integer(),
  subscribers: Type.Integer({ description: '2000 loops with INS01 Y' }),
  dependents: Type.Integer(),
  coverages: Type.Integer({ description: '2300 loops' }),
  omitted: Type.Array(Omitted, { description: 'Coverage in force that an 834 cannot carry (no insurance line code for its plan type)' }),
  validation: Type.Object({ valid: Type.Boolean(), error_count: Type.Integer(), warning_count: Type.Integer(), findings: Type.Array(FileFinding) }, { additionalProperties: false }),
  x12: Type.String({ description: 'The 834 (005010X220A1) full file: BGN08 4, INS03/HD01 030' }),
}, { $id: 'CarrierFile', additionalProperties: false })
export type CarrierFile = Static<typeof CarrierFile>

import { Type, type Static } from 'typebox'
import { Page, PageQuery, PlainDate, Timestamp, Uuid, Version } from '../../shared/schema.js'

export const Carrier = Type.Object({
  id: Uuid,
  organization_id: Uuid,
  name: Type.String(),
  payer_id: Type.String(),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'Carrier', additionalProperties: false })
export type Carrier = Static<typeof Carrier>

const carrierFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  payer_id: Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$', description: 'The carrier\'s payer id (as on its companion guide), e.g. GUARD' }),
}
export const NewCarrier = Type.Object(carrierFields, { $id: 'NewCarrier', additionalProperties: false })
export type NewCarrier = Static<typeof NewCarrier>
export const CarrierUpdate = Type.Object({ ...carrierFields, version: Type.Optional(Version) }, { $id: 'CarrierUpdate', additionalProperties: false, description: 'Full replacement' })
export type CarrierUpdate = Static<typeof CarrierUpdate>
export const CarrierPage = Page(Carrier, 'Carrier')
export const CarrierQuery = Type.Object({ ...PageQuery, payer_id: Type.Optional(Type.String({ maxLength: 80 })) }, { additionalProperties: false })
export type CarrierQuery = Static<typeof CarrierQuery>
export const CarrierParams = Type.Object({ carrier_id: Uuid })

/** Which carrier insures which plans of an employer over a period (dates inclusive). */
export const CoveragePeriod = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  carrier_id: Uuid,
  start_date: PlainDate,
  end_date: PlainDate,
  plan_ids: Type.Array(Uuid),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'CoveragePeriod', additionalProperties: false })
export type CoveragePeriod = Static<typeof CoveragePeriod>

export const NewCoveragePeriod = Type.Object({
  employer_id: Uuid,
  carrier_id: Uuid,
  start_date: PlainDate,
  end_date: PlainDate,
  plan_ids: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }),
}, { $id: 'NewCoveragePeriod', additionalProperties: false })
export type NewCoveragePeriod = Static<typeof NewCoveragePeriod>

export const CoveragePeriodPage = Page(CoveragePeriod, 'CoveragePeriod')
export const CoveragePeriodQuery = Type.Object({ ...PageQuery, employer_id: Type.Optional(Uuid), carrier_id: Type.Optional(Uuid) }, { additionalProperties: false })
export type CoveragePeriodQuery = Static<typeof CoveragePeriodQuery>
export const CoveragePeriodParams = Type.Object({ coverage_period_id: Uuid })

import { Type, type Static } from 'typebox'
import { Nullable, Page, PageQuery, Timestamp, Uuid, Version } from '../../shared/schema.js'

const TaxId = Type.String({ pattern: '^[0-9]{2}-?[0-9]{7}$', description: 'Employer Identification Number (EIN), e.g. 12-3456789' })

export const Employer = Type.Object({
  id: Uuid,
  name: Type.String(),
  tax_id: Nullable(Type.String()),
  organization_id: Nullable(Uuid),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'Employer', additionalProperties: false })
export type Employer = Static<typeof Employer>

export const NewEmployer = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  tax_id: Type.Optional(TaxId),
}, { $id: 'NewEmployer', additionalProperties: false })
export type NewEmployer = Static<typeof NewEmployer>

export const EmployerUpdate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  tax_id: Type.Optional(Nullable(TaxId)),
  version: Type.Optional(Version),
}, { $id: 'EmployerUpdate', additionalProperties: false })
export type EmployerUpdate = Static<typeof EmployerUpdate>

export const EmployerPage = Page(Employer, 'Employer')
export const EmployerQuery = Type.Object({ ...PageQuery, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })
export type EmployerQuery = Static<typeof EmployerQuery>

export const AccessGrant = Type.Object({
  employer_id: Uuid,
  organization_id: Uuid,
  role: Type.Union([Type.Literal('owner'), Type.Literal('creator'), Type.Literal('grantee')]),
  created_at: Timestamp,
}, { $id: 'AccessGrant', additionalProperties: false })
export type AccessGrant = Static<typeof AccessGrant>

export const NewAccessGrant = Type.Object({ organization_id: Uuid }, { $id: 'NewAccessGrant', additionalProperties: false })
export type NewAccessGrant = Static<typeof NewAccessGrant>

export const EmployerParams = Type.Object({ employer_id: Uuid })

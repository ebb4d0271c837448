import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, NotFoundError, PreconditionError } from '../../errors/app-error.js'
import { newId } from '../../shared/ids.js'
import { Nullable, Page, PageQuery, Timestamp, Uuid, Version } from '../../shared/schema.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'
import { getEmployer } from './service.js'

type Executor = Kysely<Database>

onConstraint('employer_locations_name_unique', () => new ConflictError('duplicate', 'The employer already has a location with this name'))

const State = Type.String({ pattern: '^[A-Z]{2}$', description: 'USPS state code, e.g. VA' })
const Zip = Type.String({ pattern: '^[0-9]{5}(-?[0-9]{4})?$', description: 'ZIP or ZIP+4' })

export const Location = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  name: Type.String(),
  address_line_1: Type.String(),
  address_line_2: Nullable(Type.String()),
  city: Type.String(),
  state: Type.String(),
  zip: Type.String(),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'Location', additionalProperties: false })
export type Location = Static<typeof Location>

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  address_line_1: Type.String({ minLength: 1, maxLength: 200 }),
  address_line_2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  state: State,
  zip: Zip,
}
export const NewLocation = Type.Object(fields, { $id: 'NewLocation', additionalProperties: false })
export type NewLocation = Static<typeof NewLocation>
export const LocationUpdate = Type.Object({ ...fields, version: Type.Optional(Version) }, { $id: 'LocationUpdate', additionalProperties: false, description: 'Full replacement' })
export type LocationUpdate = Static<typeof LocationUpdate>
export const LocationPage = Page(Location, 'Location')
export const LocationQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })
export const LocationParams = Type.Object({ employer_id: Uuid, location_id: Uuid })

const COLUMNS = ['id', 'employer_id', 'name', 'address_line_1', 'address_line_2', 'city', 'state', 'zip', 'version', 'created_at', 'updated_at'] as const
const QUALIFIED = COLUMNS.map((c) => `employer_locations.${c}` as const)

/** A location of a visible employer, or undefined (another tenant's location is invisible). */
export function findLocation(db: Executor, auth: AuthContext, id: string): Promise<Location | undefined> {
  return db.selectFrom('employer_locations').select(QUALIFIED).where('employer_locations.id', '=', id)
    .where(canSeeEmployer(auth, 'employer_locations.employer_id')).executeTakeFirst()
}

export async function createLocation(tx: Executor, auth: AuthContext, employerId: string, input: NewLocation, now: string): Promise<Location> {
  await getEmployer(tx, auth, employerId)
  return tx.insertInto('employer_locations')
    .values({ id: newId(), employer_id: employerId, name: input.name, address_line_1: input.address_line_1, address_line_2: input.address_line_2 ?? null, city: input.city, state: input.state, zip: input.zip, created_at: now, updated_at: now })
    .returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function getLocation(db: Executor, auth: AuthContext, employerId: string, id: string): Promise<Location> {
  const row = await findLocation(db, auth, id)
  if (!row || row.employer_id !== employerId) throw new NotFoundError('not-found', `Location ${id} not found`)
  return row
}

export async function listLocations(db: Executor, auth: AuthContext, employerId: string, q: { limit: number; cursor?: Cursor | undefined }): Promise<Location[]> {
  await getEmployer(db, auth, employerId)
  let query = db.selectFrom('employer_locations').select(QUALIFIED).where('employer_locations.employer_id', '=', employerId)
  if (q.cursor) query = query.where(after('employer_locations', q.cursor))
  return query.orderBy('employer_locations.created_at').orderBy('employer_locations.id').limit(q.limit + 1).execute()
}

export async function updateLocation(db: Executor, auth: AuthContext, employerId: string, id: string, input: LocationUpdate, version: number, now: string): Promise<Location> {
  await getLocation(db, auth, employerId, id)
  const row = await db.updateTable('employer_locations')
    .set({ name: input.name, address_line_1: input.address_line_1, address_line_2: input.address_line_2 ?? null, city: input.city, state: input.state, zip: input.zip, updated_at: now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(COLUMNS).executeTakeFirst()
  if (!row) throw new PreconditionError('version-mismatch', `Location ${id} was changed since version ${version}; GET it again and reapply your change`)
  return row
}

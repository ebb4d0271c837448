import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'
import type { Employer } from './schemas.js'

type Executor = Kysely<Database>

const COLUMNS = ['employers.id', 'employers.name', 'employers.tax_id', 'employers.organization_id', 'employers.version', 'employers.created_at', 'employers.updated_at'] as const

export function findEmployer(db: Executor, auth: AuthContext, id: string): Promise<Employer | undefined> {
  return db.selectFrom('employers').select(COLUMNS).where('employers.id', '=', id).where(canSeeEmployer(auth, 'employers.id')).executeTakeFirst()
}

export function listEmployers(db: Executor, auth: AuthContext, q: { limit: number; cursor?: Cursor; name?: string }): Promise<Employer[]> {
  let query = db.selectFrom('employers').select(COLUMNS).where(canSeeEmployer(auth, 'employers.id'))
  if (q.name) query = query.where('employers.name', 'ilike', `%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (q.cursor) query = query.where(after('employers', q.cursor))
  return query.orderBy('employers.created_at').orderBy('employers.id').limit(q.limit + 1).execute()
}

export async function insertEmployer(db: Executor, row: { id: string; name: string; tax_id: string | null; organization_id: string | null; now: string }): Promise<Employer> {
  return db.insertInto('employers')
    .values({ id: row.id, name: row.name, tax_id: row.tax_id, organization_id: row.organization_id, created_at: row.now, updated_at: row.now })
    .returning(['id', 'name', 'tax_id', 'organization_id', 'version', 'created_at', 'updated_at'])
    .executeTakeFirstOrThrow()
}

export async function grantAccess(db: Executor, employerId: string, organizationId: string, role: 'owner' | 'creator' | 'grantee', now: string) {
  return db.insertInto('employer_access').values({ employer_id: employerId, organization_id: organizationId, role, created_at: now })
    .onConflict((oc) => oc.columns(['employer_id', 'organization_id']).doNothing())
    .returningAll().executeTakeFirst()
}

export async function updateEmployer(db: Executor, id: string, version: number, set: { name: string; tax_id?: string | null; now: string }): Promise<Employer | undefined> {
  return db.updateTable('employers')
    .set({ name: set.name, ...(set.tax_id !== undefined ? { tax_id: set.tax_id } : {}), updated_at: set.now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(['id', 'name', 'tax_id', 'organization_id', 'version', 'created_at', 'updated_at'])
    .executeTakeFirst()
}

export function listGrants(db: Executor, employerId: string) {
  return db.selectFrom('employer_access').selectAll().where('employer_id', '=', employerId).orderBy('created_at').orderBy('organization_id').execute()
}

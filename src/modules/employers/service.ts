import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { ConflictError, ForbiddenError, NotFoundError, PreconditionError } from '../../errors/app-error.js'
import { newId } from '../../shared/ids.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'
import type { AccessGrant, Employer, EmployerUpdate, NewEmployer } from './schemas.js'

type Executor = Kysely<Database>

/**
 * Creates an employer. An employer organization creates (at most) its own employer and owns it;
 * a broker or administrator that creates one gets access to it as its creator.
 */
export async function createEmployer(tx: Executor, auth: AuthContext, input: NewEmployer, now: string): Promise<Employer> {
  const isOwn = auth.organization_type === 'employer'
  if (isOwn) {
    const existing = await tx.selectFrom('employers').select('id').where('organization_id', '=', auth.organization_id).executeTakeFirst()
    if (existing) throw new ConflictError('employer-already-linked', 'This employer organization already has its employer', { employer_id: existing.id })
  }
  const employer = await q.insertEmployer(tx, { id: newId(), name: input.name, tax_id: input.tax_id ?? null, organization_id: isOwn ? auth.organization_id : null, now })
  await q.grantAccess(tx, employer.id, auth.organization_id, isOwn ? 'owner' : 'creator', now)
  return employer
}

/** The employer, or 404 when it does not exist or is not visible to the caller (indistinguishable by design). */
export async function getEmployer(db: Executor, auth: AuthContext, id: string): Promise<Employer> {
  const employer = await q.findEmployer(db, auth, id)
  if (!employer) throw new NotFoundError('not-found', `Employer ${id} not found`)
  return employer
}

export async function updateEmployer(db: Executor, auth: AuthContext, id: string, input: EmployerUpdate, version: number, now: string): Promise<Employer> {
  await getEmployer(db, auth, id)
  const updated = await q.updateEmployer(db, id, version, { name: input.name, ...(input.tax_id !== undefined ? { tax_id: input.tax_id } : {}), now })
  if (!updated) throw new PreconditionError('version-mismatch', `Employer ${id} was changed since version ${version}; GET it again and reapply your change`)
  return updated
}

/**
 * Grants another organization access to an employer. Only the employer's own organization, or
 * the organization that created it, may grant.
 */
export async function grantEmployerAccess(tx: Executor, auth: AuthContext, employerId: string, organizationId: string, now: string): Promise<AccessGrant> {
  await getEmployer(tx, auth, employerId)
  const mine = await tx.selectFrom('employer_access').select('role').where('employer_id', '=', employerId).where('organization_id', '=', auth.organization_id).executeTakeFirst()
  if (mine?.role === 'grantee') throw new ForbiddenError('forbidden', 'Only the employer or the organization that created it can grant access')
  const org = await tx.selectFrom('organizations').select('id').where('id', '=', organizationId).executeTakeFirst()
  if (!org) throw new NotFoundError('not-found', `Organization ${organizationId} not found`)
  const grant = await q.grantAccess(tx, employerId, organizationId, 'grantee', now)
  if (!grant) throw new ConflictError('duplicate', 'That organization already has access to this employer')
  return grant
}

export async function listEmployerAccess(db: Executor, auth: AuthContext, employerId: string): Promise<AccessGrant[]> {
  await getEmployer(db, auth, employerId)
  return q.listGrants(db, employerId)
}

export async function revokeEmployerAccess(db: Executor, auth: AuthContext, employerId: string, organizationId: string): Promise<void> {
  await getEmployer(db, auth, employerId)
  const mine = await db.selectFrom('employer_access').select('role').where('employer_id', '=', employerId).where('organization_id', '=', auth.organization_id).executeTakeFirst()
  if (mine?.role === 'grantee') throw new ForbiddenError('forbidden', 'Only the employer or the organization that created it can revoke access')
  const res = await db.deleteFrom('employer_access').where('employer_id', '=', employerId).where('organization_id', '=', organizationId).where('role', '=', 'grantee').executeTakeFirst()
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError('not-found', 'No such access grant')
}

export { listEmployers } from './queries.js'

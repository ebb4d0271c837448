import { sql, type Expression, type SqlBool } from 'kysely'
import type { AuthContext } from './tokens.js'

/**
 * The tenant filter: `employer_id` is visible when the caller's organization has an access
 * row for it. Every query on employer-owned data adds this; anything else answers 404.
 *
 * @example db.selectFrom('plans').where(canSeeEmployer(auth, 'plans.employer_id'))
 */
export function canSeeEmployer(auth: Pick<AuthContext, 'organization_id'>, column: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from employer_access ea where ea.employer_id = ${sql.ref(column)} and ea.organization_id = ${auth.organization_id})`
}

/**
 * canSeeEmployer for a statement over rows of many requests: the caller's organization is a
 * column of each row (`organizationColumn`) rather than a parameter.
 */
export function organizationCanSeeEmployer(organizationColumn: string, employerColumn: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from employer_access ea where ea.employer_id = ${sql.ref(employerColumn)} and ea.organization_id = ${sql.ref(organizationColumn)})`
}

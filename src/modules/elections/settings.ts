import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { Database } from '../../db/types.js'
import { requireScope } from '../../http/auth.js'
import type { Deps } from '../../http/deps.js'
import { Problem } from '../../http/problem.js'
import { Nullable, Uuid } from '../../shared/schema.js'
import { appendEvents, type Actor } from '../audit/index.js'
import { getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import { employerSettings } from './queries.js'
import { settingsOf, type EnrollmentSettings } from './rules.js'

type Executor = Kysely<Database>

const Days = (description: string, maximum: number) => Type.Optional(Type.Integer({ minimum: 0, maximum, description }))

/** An employer's overrides of the enrollment rules; a key left out takes the default. */
export const EnrollmentRulesOverrides = Type.Object({
  reporting_window_days: Days('Days after an event a QLE may be reported (default 30)', 366),
  medicaid_chip_reporting_window_days: Days('Days for Medicaid/CHIP events (default 60)', 366),
  new_hire_max_days: Days('Latest coverage start after hire (default and ACA maximum 90)', 90),
  new_hire_election_window_days: Days('Days after hire a new hire may elect without a QLE (default 30)', 366),
  domestic_partners_eligible: Type.Optional(Nullable(Type.Boolean({ description: 'Overrides every plan\'s domestic partner rule; null = the plan decides (default)' }))),
}, { $id: 'EnrollmentRulesOverrides', additionalProperties: false })
export type EnrollmentRulesOverrides = Static<typeof EnrollmentRulesOverrides>

export const EnrollmentRules = Type.Object({
  employer_id: Uuid,
  overrides: EnrollmentRulesOverrides,
  effective: Type.Object({
    reporting_window_days: Type.Integer(), medicaid_chip_reporting_window_days: Type.Integer(), new_hire_max_days: Type.Integer(),
    new_hire_election_window_days: Type.Integer(), domestic_partners_eligible: Nullable(Type.Boolean()),
  }, { description: 'The rules in force: defaults overlaid with the overrides' }),
}, { $id: 'EmployerEnrollmentRules', additionalProperties: false })
export type EnrollmentRules = { employer_id: string; overrides: EnrollmentRulesOverrides; effective: EnrollmentSettings }

export async function getEnrollmentRules(db: Executor, auth: AuthContext, employerId: string): Promise<EnrollmentRules> {
  await getEmployer(db, auth, employerId)
  const overrides = (await employerSettings(db, employerId) ?? {}) as EnrollmentRulesOverrides
  return { employer_id: employerId, overrides, effective: settingsOf(overrides) }
}

/** Replaces an employer's overrides (an empty object restores every default). */
export async function putEnrollmentRules(tx: Executor, auth: AuthContext, actor: Actor, employerId: string, overrides: EnrollmentRulesOverrides, now: string): Promise<EnrollmentRules> {
  const before = await getEnrollmentRules(tx, auth, employerId)
  await tx.insertInto('employer_enrollment_rules').values({ employer_id: employerId, settings: JSON.stringify(overrides), updated_at: now })
    .onConflict((oc) => oc.column('employer_id').doUpdateSet({ settings: JSON.stringify(overrides), updated_at: now })).execute()
  const after = { employer_id: employerId, overrides, effective: settingsOf(overrides) }
  await appendEvents(tx, actor, [{ employer_id: employerId, aggregate_type: 'employer', aggregate_id: employerId, type: 'employer.enrollment_rules_changed', before: before.overrides, after: overrides }], now)
  return after
}

export const enrollmentRulesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const params = Type.Object({ employer_id: Uuid })
  app.get('/employers/:employer_id/enrollment-rules', {
    schema: { tags: ['elections'], summary: 'An employer\'s enrollment rules (QLE windows, new-hire limits, domestic partners)', params, response: { 200: EnrollmentRules, 401: Problem, 403: Problem, 404: Problem } },
    onRequest: requireScope('read:employers'),
  }, async (req) => getEnrollmentRules(deps.db, req.auth, req.params.employer_id))

  app.put('/employers/:employer_id/enrollment-rules', {
    schema: { tags: ['elections'], summary: 'Replace an employer\'s enrollment rule overrides', params, body: EnrollmentRulesOverrides, response: { 200: EnrollmentRules, 400: Problem, 401: Problem, 403: Problem, 404: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req) => deps.db.transaction().execute((tx) => putEnrollmentRules(tx, req.auth, { client_id: req.auth.client_id, request_id: req.id }, req.params.employer_id, req.body, deps.clock().toISOString())))
}

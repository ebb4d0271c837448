import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { idempotent } from '../../http/idempotency.js'
import { Problem } from '../../http/problem.js'
import { todayOf } from '../../shared/dates.js'
import { Census, CensusParams, CensusResult, MAX_CENSUS_EMPLOYEES } from './schemas.js'
import { enrollCensus } from './service.js'

/** A census of 1,000 employees with addresses and elections is ~2 MB; leave room for richer ones. */
export const CENSUS_BODY_LIMIT = 32 * 1024 * 1024

export const censusRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post('/employers/:employer_id/census', {
    schema: {
      tags: ['members', 'elections'], summary: 'Enroll a census: subscribers, dependents, elections and enrollments in one request',
      description: `Open enrollment or a new client's onboarding: up to ${MAX_CENSUS_EMPLOYEES} employees, each a subscriber as POST /v1/subscribers takes it with elections as POST /v1/elections takes them (covered members named 'self' or by the dependent's external_identifier). All or nothing: every employee is checked by the single endpoints' rules and a problem answers 422 with pointers such as /employees/417/subscriber/birth_date. Needs write:members and write:elections.`,
      params: CensusParams, body: Census,
      response: { 201: CensusResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem },
    },
    bodyLimit: CENSUS_BODY_LIMIT,
    onRequest: [requireScope('write:members'), requireScope('write:elections')],
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const ctx = { auth: req.auth, actor: { client_id: req.auth.client_id, request_id: req.id }, phi: deps.phi, now: deps.clock().toISOString(), today: todayOf(deps.clock) }
    const result = await enrollCensus(tx, ctx, req.params.employer_id, req.body)
    return { body: result }
  }))
}

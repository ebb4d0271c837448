import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { retierAfterDependentEnds } from '../elections/index.js'
import type { Actor } from '../audit/index.js'
import type { AuthContext } from '../organizations/index.js'
import * as service from './service.js'
import { Cancellation, Eligibility, EligibilityQuery, Enrollment, EnrollmentPage, EnrollmentParams, EnrollmentQuery, Termination } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const enrollmentRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()
  // A dependent's coverage ending may change the family's tier: the elections module re-makes the election then.
  const retier = (auth: AuthContext, actor: Actor): service.Retier => (tx, row, end, reason) => retierAfterDependentEnds(tx, auth, actor, row, end, reason, now())

  app.get('/enrollments', {
    schema: {
      tags: ['enrollments'], summary: 'List enrollments (current knowledge, or as known at known_at)',
      description: 'By consumer_id + consumer_identifier_type (person_id | employee_number | employer_external_id; the last two need employer_id), employer, plan year, plan, as_of date (coverage in force) and known_at timestamp (bitemporal). end_date is inclusive; null = open-ended.',
      querystring: EnrollmentQuery, response: { 200: EnrollmentPage, ...problems },
    },
    onRequest: requireScope('read:enrollments'),
  }, async (req) => {
    const { rows, limit } = await service.listEnrollments(deps.db, req.auth, { ...req.query, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined })
    return pageOf(req, rows, limit)
  })

  app.get('/enrollments/:enrollment_id', {
    schema: { tags: ['enrollments'], summary: 'Get an enrollment record', params: EnrollmentParams, response: { 200: Enrollment, ...problems } },
    onRequest: requireScope('read:enrollments'),
  }, async (req) => service.getEnrollment(deps.db, req.auth, req.params.enrollment_id))

  app.post('/enrollments/:enrollment_id/terminate', {
    schema: { tags: ['enrollments'], summary: 'Terminate coverage (end_date inclusive; before start_date cancels)', params: EnrollmentParams, body: Termination, response: { 200: Enrollment, ...problems, 409: Problem, 422: Problem } },
    onRequest: requireScope('write:enrollments'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 200, async (tx) => {
    const actor = { client_id: req.auth.client_id, request_id: req.id }
    const e = await service.terminateEnrollment(tx, req.auth, actor, req.params.enrollment_id, req.body, now(), retier(req.auth, actor))
    return { body: e, location: `/v1/enrollments/${e.id}` }
  }))

  app.post('/enrollments/:enrollment_id/cancel', {
    schema: { tags: ['enrollments'], summary: 'Cancel coverage that never took effect', params: EnrollmentParams, body: Cancellation, response: { 200: Enrollment, ...problems, 409: Problem } },
    onRequest: requireScope('write:enrollments'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 200, async (tx) => {
    const actor = { client_id: req.auth.client_id, request_id: req.id }
    const e = await service.cancelEnrollment(tx, req.auth, actor, req.params.enrollment_id, req.body, now(), retier(req.auth, actor))
    return { body: e, location: `/v1/enrollments/${e.id}` }
  }))

  app.get('/eligibility', {
    schema: { tags: ['enrollments'], summary: 'Is a member covered for a plan type on a date?', querystring: EligibilityQuery, response: { 200: Eligibility, ...problems } },
    onRequest: requireScope('read:enrollments'),
  }, async (req) => service.checkEligibility(deps.db, req.auth, req.query))
}

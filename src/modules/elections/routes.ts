import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { todayOf } from '../../shared/dates.js'
import { Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid } from '../../shared/schema.js'
import { Enrollment } from '../enrollments/index.js'
import * as qles from './qle-service.js'
import * as service from './service.js'
import { enrollmentRulesRoutes } from './settings.js'
import { Election, ElectionGetQuery, ElectionPage, ElectionParams, ElectionQuery, NewElection, NewQle } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

const QualifyingLifeEvent = Type.Object({
  id: Uuid, employer_id: Uuid, subscriber_id: Uuid, event: Type.String(), date: PlainDate, reported_date: PlainDate,
  eligibility_start_date: Nullable(PlainDate), coverage_period_id: Nullable(Uuid),
  effective_date: Type.String({ format: 'date', description: 'The earliest effective date of the changes (each election has its own)' }),
  created_at: Timestamp,
  elections: Type.Optional(Type.Array(Election)),
  enrollments: Type.Optional(Type.Array(Enrollment, { description: 'Coverage records created (POST only)' })),
}, { $id: 'QualifyingLifeEvent', additionalProperties: false })
const QlePage = Page(QualifyingLifeEvent, 'QualifyingLifeEvent')
const ElectionCreated = Type.Object({ ...Election.properties, enrollments: Type.Array(Enrollment) }, { $id: 'ElectionCreated', additionalProperties: false })

export const electionRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()
  const today = () => todayOf(deps.clock)
  const actor = (req: { auth: { client_id: string }; id: string }) => ({ client_id: req.auth.client_id, request_id: req.id })
  await app.register(enrollmentRulesRoutes, { deps })

  for (const path of ['/subscribers/:subscriber_id/qualifying-life-events', '/subscribers/:subscriber_id/qualifying_life_events']) {
    app.post(path, {
      schema: {
        tags: ['elections'], summary: 'Report a qualifying life event with its elections (seed 003)',
        description: 'Each rule violation is a 422 naming the rule: qle-reporting-window-closed, qle-start-date-mismatch, qle-change-not-allowed, dependent-not-eligible, coverage-tier-mismatch, coverage-period-mismatch, effective-date-outside-plan-year, enrollment-prerequisite-missing, irs-limit-exceeded, coverage-overlap, outside-enrollment-window.',
        params: Type.Object({ subscriber_id: Uuid }), body: NewQle, response: { 201: QualifyingLifeEvent, ...problems, 409: Problem, 422: Problem },
      },
      onRequest: requireScope('write:elections'),
    }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
      const qle = await qles.recordQle(tx, req.auth, actor(req), req.params.subscriber_id, req.body, now(), today())
      return { body: qle, location: `/v1/qualifying-life-events/${qle.id}` }
    }))
  }

  app.get('/subscribers/:subscriber_id/qualifying-life-events', {
    schema: { tags: ['elections'], summary: 'List a subscriber\'s qualifying life events', params: Type.Object({ subscriber_id: Uuid }), querystring: Type.Object({ ...PageQuery }), response: { 200: QlePage, ...problems } },
    onRequest: requireScope('read:elections'),
  }, async (req) => {
    const { rows, limit } = await qles.listQles(deps.db, req.auth, req.params.subscriber_id, req.query.limit ?? 50, req.query.cursor ? decodeCursor(req.query.cursor) : undefined)
    return pageOf(req, rows, limit)
  })

  app.get('/qualifying-life-events/:qle_id', {
    schema: { tags: ['elections'], summary: 'Get a qualifying life event with its elections', params: Type.Object({ qle_id: Uuid }), response: { 200: QualifyingLifeEvent, ...problems } },
    onRequest: requireScope('read:elections'),
  }, async (req) => qles.getQle(deps.db, req.auth, req.params.qle_id, today()))

  app.post('/elections', {
    schema: {
      tags: ['elections'], summary: 'Elect or waive a plan in open enrollment or as a new hire',
      description: 'Outside the enrollment window and the new-hire window: 422 outside-enrollment-window (report a qualifying life event). Deductions split the annual amount over the remaining pay dates; spare cents go to the earliest.',
      body: NewElection, response: { 201: ElectionCreated, ...problems, 409: Problem, 422: Problem },
    },
    onRequest: requireScope('write:elections'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const e = await service.createElection(tx, req.auth, actor(req), req.body, now(), today())
    return { body: e, location: `/v1/elections/${e.id}` }
  }))

  app.get('/elections', {
    schema: { tags: ['elections'], summary: 'List elections', querystring: ElectionQuery, response: { 200: ElectionPage, ...problems } },
    onRequest: requireScope('read:elections'),
  }, async (req) => {
    const { rows, limit } = await service.listElections(deps.db, req.auth, { ...req.query, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined }, today())
    return pageOf(req, rows, limit)
  })

  app.get('/elections/:election_id', {
    schema: { tags: ['elections'], summary: 'Get an election (404 when enrollment_id is given and it is not that enrollment\'s)', params: ElectionParams, querystring: ElectionGetQuery, response: { 200: Election, ...problems } },
    onRequest: requireScope('read:elections'),
  }, async (req) => service.getElection(deps.db, req.auth, req.params.election_id, req.query.enrollment_id, today()))
}

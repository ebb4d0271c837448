import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { todayOf } from '../../shared/dates.js'
import * as service from './service.js'
import { NewPlanYear, PlanYear, PlanYearPage, PlanYearParams, PlanYearQuery, PlanYearUpdate } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const planYearRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()
  const today = () => todayOf(deps.clock)

  app.post('/plan-years', {
    schema: { tags: ['plan-years'], summary: 'Create a plan year', description: 'Overlapping plan years of one employer answer 409 (enforced by an exclusion constraint).', body: NewPlanYear, response: { 201: PlanYear, ...problems, 409: Problem } },
    onRequest: requireScope('write:planyears'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const py = await service.createPlanYear(tx, req.auth, req.body, now(), today())
    return { body: py, location: `/v1/plan-years/${py.id}`, etag: etagOf(py.version) }
  }))

  app.get('/plan-years', {
    schema: { tags: ['plan-years'], summary: 'List plan years', querystring: PlanYearQuery, response: { 200: PlanYearPage, ...problems } },
    onRequest: requireScope('read:planyears'),
  }, async (req) => {
    const { rows, limit } = await service.listPlanYears(deps.db, req.auth, { ...req.query, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined }, today())
    return pageOf(req, rows, limit)
  })

  app.get('/plan-years/:plan_year_id', {
    schema: { tags: ['plan-years'], summary: 'Get a plan year', params: PlanYearParams, response: { 200: PlanYear, ...problems } },
    onRequest: requireScope('read:planyears'),
  }, async (req, reply) => withEtag(reply, await service.getPlanYear(deps.db, req.auth, req.params.plan_year_id, today())))

  app.put('/plan-years/:plan_year_id', {
    schema: { tags: ['plan-years'], summary: 'Replace a plan year (If-Match required)', params: PlanYearParams, body: PlanYearUpdate, response: { 200: PlanYear, ...problems, 409: Problem, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:planyears'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await service.updatePlanYear(deps.db, req.auth, req.params.plan_year_id, req.body, version, now(), today()))
  })

  app.post('/plan-years/:plan_year_id/close', {
    schema: { tags: ['plan-years'], summary: 'Close a plan year now (status becomes Closed)', params: PlanYearParams, response: { 200: PlanYear, ...problems } },
    onRequest: requireScope('write:planyears'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 200, async (tx) => {
    const py = await service.closePlanYear(tx, req.auth, req.params.plan_year_id, now(), today())
    return { body: py, etag: etagOf(py.version) }
  }))
}

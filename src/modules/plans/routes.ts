import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { todayOf } from '../../shared/dates.js'
import * as service from './service.js'
import { IrsLimitsList, NewPlan, Plan, PlanPage, PlanParams, PlanQuery, PlanUpdate } from './schemas.js'
import { knownIrsLimits } from './irs-limits.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

const created = (plan: Plan) => ({ body: plan, location: `/v1/plans/${plan.id}`, etag: etagOf(plan.version) })

export const planRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()
  const today = () => todayOf(deps.clock)

  app.post('/plans', {
    schema: { tags: ['plans'], summary: 'Create a plan in a plan year', description: 'rules are validated against the schema of plan_type and the IRS limits of the plan year (400 with pointers).', body: NewPlan, response: { 201: Plan, ...problems, 409: Problem, 422: Problem } },
    onRequest: requireScope('write:plans'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => created(await service.createPlan(tx, req.auth, req.body, now(), today())), () => {
    const once = service.createPlanInOneStatement(deps.db, req.auth, req.body, now())
    return once && { created: created(once.plan), run: once.write }
  }))

  app.get('/plans', {
    schema: { tags: ['plans'], summary: 'List plans', querystring: PlanQuery, response: { 200: PlanPage, ...problems } },
    onRequest: requireScope('read:plans'),
  }, async (req) => {
    const { rows, limit } = await service.listPlans(deps.db, req.auth, { ...req.query, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined })
    return pageOf(req, rows, limit)
  })

  app.get('/plans/:plan_id', {
    schema: { tags: ['plans'], summary: 'Get a plan', params: PlanParams, response: { 200: Plan, ...problems } },
    onRequest: requireScope('read:plans'),
  }, async (req, reply) => withEtag(reply, await service.getPlan(deps.db, req.auth, req.params.plan_id)))

  app.put('/plans/:plan_id', {
    schema: { tags: ['plans'], summary: 'Replace a plan (If-Match required)', params: PlanParams, body: PlanUpdate, response: { 200: Plan, ...problems, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:plans'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await service.updatePlan(deps.db, req.auth, req.params.plan_id, req.body, version, now(), today()))
  })

  app.get('/irs-limits', {
    schema: {
      tags: ['plans'], summary: 'IRS limits by year',
      description: 'The figures plan caps and elections are checked against: built in for the years OpenEnroll ships with, plus years the operator added with `openenroll irs-limits set` (the IRS publishes next year\'s limits during this year\'s open enrollment). A plan year uses the figures of the calendar year it starts in.',
      response: { 200: IrsLimitsList, ...problems },
    },
    onRequest: requireScope('read:plans'),
  }, async () => ({ data: knownIrsLimits() }))
}

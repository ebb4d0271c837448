import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import * as service from './service.js'
import { Carrier, CarrierPage, CarrierParams, CarrierQuery, CarrierUpdate, CoveragePeriod, CoveragePeriodPage, CoveragePeriodParams, CoveragePeriodQuery, NewCarrier, NewCoveragePeriod } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const carrierRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()

  app.post('/carriers', {
    schema: { tags: ['carriers'], summary: 'Add a carrier (visible only to your organization)', body: NewCarrier, response: { 201: Carrier, ...problems, 409: Problem } },
    onRequest: requireScope('write:carriers'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const carrier = await service.createCarrier(tx, req.auth, req.body, now())
    return { body: carrier, location: `/v1/carriers/${carrier.id}`, etag: etagOf(carrier.version) }
  }))

  app.get('/carriers', {
    schema: { tags: ['carriers'], summary: 'List your carriers', querystring: CarrierQuery, response: { 200: CarrierPage, ...problems } },
    onRequest: requireScope('read:carriers'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const rows = await service.listCarriers(deps.db, req.auth, { limit, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined, payer_id: req.query.payer_id })
    return pageOf(req, rows, limit)
  })

  app.get('/carriers/:carrier_id', {
    schema: { tags: ['carriers'], summary: 'Get a carrier', params: CarrierParams, response: { 200: Carrier, ...problems } },
    onRequest: requireScope('read:carriers'),
  }, async (req, reply) => withEtag(reply, await service.getCarrier(deps.db, req.auth, req.params.carrier_id)))

  app.put('/carriers/:carrier_id', {
    schema: { tags: ['carriers'], summary: 'Replace a carrier (If-Match required)', params: CarrierParams, body: CarrierUpdate, response: { 200: Carrier, ...problems, 409: Problem, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:carriers'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await service.updateCarrier(deps.db, req.auth, req.params.carrier_id, req.body, version, now()))
  })

  app.post('/coverage-periods', {
    schema: { tags: ['carriers'], summary: 'Record which carrier insures which plans of an employer over a period', body: NewCoveragePeriod, response: { 201: CoveragePeriod, ...problems, 409: Problem, 422: Problem } },
    onRequest: requireScope('write:carriers'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const period = await service.createCoveragePeriod(tx, req.auth, { client_id: req.auth.client_id, request_id: req.id }, req.body, now())
    return { body: period, location: `/v1/coverage-periods/${period.id}`, etag: etagOf(period.version) }
  }))

  app.get('/coverage-periods', {
    schema: { tags: ['carriers'], summary: 'List coverage periods', querystring: CoveragePeriodQuery, response: { 200: CoveragePeriodPage, ...problems } },
    onRequest: requireScope('read:carriers'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const rows = await service.listCoveragePeriods(deps.db, req.auth, { limit, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined, employer_id: req.query.employer_id, carrier_id: req.query.carrier_id })
    return pageOf(req, rows, limit)
  })

  app.get('/coverage-periods/:coverage_period_id', {
    schema: { tags: ['carriers'], summary: 'Get a coverage period with its plans', params: CoveragePeriodParams, response: { 200: CoveragePeriod, ...problems } },
    onRequest: requireScope('read:carriers'),
  }, async (req, reply) => withEtag(reply, await service.getCoveragePeriod(deps.db, req.auth, req.params.coverage_period_id)))
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import * as locations from './locations.js'
import * as classifications from './classifications.js'
import { EmployerParams } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

/** Employer reference data members point at: locations and employment classifications. */
export const employerReferenceRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()

  app.post('/employers/:employer_id/locations', {
    schema: { tags: ['employers'], summary: 'Add a work location', params: EmployerParams, body: locations.NewLocation, response: { 201: locations.Location, ...problems, 409: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const row = await locations.createLocation(tx, req.auth, req.params.employer_id, req.body, now())
    return { body: row, location: `/v1/employers/${row.employer_id}/locations/${row.id}`, etag: etagOf(row.version) }
  }))

  app.get('/employers/:employer_id/locations', {
    schema: { tags: ['employers'], summary: 'List work locations', params: EmployerParams, querystring: locations.LocationQuery, response: { 200: locations.LocationPage, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const rows = await locations.listLocations(deps.db, req.auth, req.params.employer_id, { limit, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined })
    return pageOf(req, rows, limit)
  })

  app.get('/employers/:employer_id/locations/:location_id', {
    schema: { tags: ['employers'], summary: 'Get a work location', params: locations.LocationParams, response: { 200: locations.Location, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req, reply) => withEtag(reply, await locations.getLocation(deps.db, req.auth, req.params.employer_id, req.params.location_id)))

  app.put('/employers/:employer_id/locations/:location_id', {
    schema: { tags: ['employers'], summary: 'Replace a work location (If-Match required)', params: locations.LocationParams, body: locations.LocationUpdate, response: { 200: locations.Location, ...problems, 409: Problem, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await locations.updateLocation(deps.db, req.auth, req.params.employer_id, req.params.location_id, req.body, version, now()))
  })

  app.post('/employers/:employer_id/employment-classifications', {
    schema: { tags: ['employers'], summary: 'Add an employment classification (class or subgroup)', params: EmployerParams, body: classifications.NewClassification, response: { 201: classifications.Classification, ...problems, 409: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const row = await classifications.createClassification(tx, req.auth, req.params.employer_id, req.body, now())
    return { body: row, location: `/v1/employers/${row.employer_id}/employment-classifications/${row.id}`, etag: etagOf(row.version) }
  }))

  app.get('/employers/:employer_id/employment-classifications', {
    schema: { tags: ['employers'], summary: 'List employment classifications', params: EmployerParams, querystring: classifications.ClassificationQuery, response: { 200: classifications.ClassificationPage, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const rows = await classifications.listClassifications(deps.db, req.auth, req.params.employer_id, { limit, cursor: req.query.cursor ? decodeCursor(req.query.cursor) : undefined, kind: req.query.kind })
    return pageOf(req, rows, limit)
  })

  app.get('/employers/:employer_id/employment-classifications/:classification_id', {
    schema: { tags: ['employers'], summary: 'Get an employment classification', params: classifications.ClassificationParams, response: { 200: classifications.Classification, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req, reply) => withEtag(reply, await classifications.getClassification(deps.db, req.auth, req.params.employer_id, req.params.classification_id)))

  app.put('/employers/:employer_id/employment-classifications/:classification_id', {
    schema: { tags: ['employers'], summary: 'Replace an employment classification (If-Match required)', params: classifications.ClassificationParams, body: classifications.ClassificationUpdate, response: { 200: classifications.Classification, ...problems, 409: Problem, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await classifications.updateClassification(deps.db, req.auth, req.params.employer_id, req.params.classification_id, req.body, version, now()))
  })
}

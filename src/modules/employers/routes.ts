import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { Uuid } from '../../shared/schema.js'
import * as service from './service.js'
import { AccessGrant, Employer, EmployerPage, EmployerParams, EmployerQuery, EmployerUpdate, NewAccessGrant, NewEmployer } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const employerRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const now = () => deps.clock().toISOString()

  app.post('/employers', {
    schema: { tags: ['employers'], summary: 'Create an employer', body: NewEmployer, response: { 201: Employer, ...problems, 409: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const employer = await service.createEmployer(tx, req.auth, req.body, now())
    return { body: employer, location: `/v1/employers/${employer.id}`, etag: etagOf(employer.version) }
  }))

  app.get('/employers', {
    schema: { tags: ['employers'], summary: 'List the employers the caller can see', querystring: EmployerQuery, response: { 200: EmployerPage, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const rows = await service.listEmployers(deps.db, req.auth, { limit, ...(req.query.cursor ? { cursor: decodeCursor(req.query.cursor) } : {}), ...(req.query.name ? { name: req.query.name } : {}) })
    return pageOf(req, rows, limit)
  })

  app.get('/employers/:employer_id', {
    schema: { tags: ['employers'], summary: 'Get an employer', params: EmployerParams, response: { 200: Employer, ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req, reply) => withEtag(reply, await service.getEmployer(deps.db, req.auth, req.params.employer_id)))

  app.put('/employers/:employer_id', {
    schema: { tags: ['employers'], summary: 'Update an employer (If-Match required)', params: EmployerParams, body: EmployerUpdate, response: { 200: Employer, ...problems, 412: Problem, 428: Problem } },
    onRequest: requireScope('write:employers'),
  }, async (req, reply) => {
    const version = expectedVersion(req, req.body.version)
    return withEtag(reply, await service.updateEmployer(deps.db, req.auth, req.params.employer_id, req.body, version, now()))
  })

  app.post('/employers/:employer_id/access-grants', {
    schema: { tags: ['employers'], summary: 'Grant another organization (broker, administrator) access to this employer', params: EmployerParams, body: NewAccessGrant, response: { 201: AccessGrant, ...problems, 409: Problem } },
    onRequest: requireScope('admin'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => ({
    body: await service.grantEmployerAccess(tx, req.auth, req.params.employer_id, req.body.organization_id, now()),
  })))

  app.get('/employers/:employer_id/access-grants', {
    schema: { tags: ['employers'], summary: 'Organizations with access to this employer', params: EmployerParams, response: { 200: Type.Object({ data: Type.Array(AccessGrant) }), ...problems } },
    onRequest: requireScope('read:employers'),
  }, async (req) => ({ data: await service.listEmployerAccess(deps.db, req.auth, req.params.employer_id) }))

  app.delete('/employers/:employer_id/access-grants/:organization_id', {
    schema: { tags: ['employers'], summary: 'Revoke a grant', params: Type.Object({ employer_id: Uuid, organization_id: Uuid }), response: { 204: Type.Null(), ...problems } },
    onRequest: requireScope('admin'),
  }, async (req, reply) => {
    await service.revokeEmployerAccess(deps.db, req.auth, req.params.employer_id, req.params.organization_id)
    return reply.code(204).send(null)
  })
}

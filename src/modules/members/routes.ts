import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { etagOf, expectedVersion, withEtag } from '../../http/etag.js'
import { idempotent } from '../../http/idempotency.js'
import { decodeCursor, pageOf } from '../../http/pagination.js'
import { Problem } from '../../http/problem.js'
import { todayOf } from '../../shared/dates.js'
import { changeMember } from './change.js'
import { parseNewSubscriber } from './parse.js'
import * as service from './service.js'
import { AsOfQuery, Member, MemberChange, MemberPage, MemberParams, NewDependent, NewSubscriber, SubscriberParams, SubscriberQuery } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const writes = { ...problems, 409: Problem, 422: Problem }

export const memberRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const ctx = (req: FastifyRequest): service.MemberContext => ({
    auth: req.auth, actor: { client_id: req.auth.client_id, request_id: req.id }, phi: deps.phi, now: deps.clock().toISOString(), today: todayOf(deps.clock),
  })

  app.post('/subscribers', {
    schema: {
      tags: ['members'], summary: 'Create a subscriber with dependents (seed 003)',
      description: 'Accepts seed 003\'s `{ "subscriber": {…} }` as written, or the subscriber object itself. Semantic problems (future birth date, duplicate SSN, a child older than the subscriber, …) are 422 `member-invalid` with pointers.',
      body: Type.Union([Type.Object({ subscriber: NewSubscriber }, { additionalProperties: false }), NewSubscriber]),
      response: { 201: Member, ...writes },
    },
    onRequest: requireScope('write:members'),
    // The body is checked by parseNewSubscriber so pointers follow the shape that was sent.
    validatorCompiler: () => () => true,
  }, async (req, reply) => {
    const { subscriber, at } = parseNewSubscriber(req.body)
    return idempotent(deps.db, req, reply, 201, async (tx) => {
      const member = await service.createSubscriber(tx, ctx(req), subscriber, at)
      return { body: member, location: `/v1/subscribers/${member.id}`, etag: etagOf(member.version) }
    })
  })

  app.get('/subscribers', {
    schema: { tags: ['members'], summary: 'Find subscribers (by employer, external identifier, employee number or SSN)', querystring: SubscriberQuery, response: { 200: MemberPage, ...problems } },
    onRequest: requireScope('read:members'),
  }, async (req) => {
    const limit = req.query.limit ?? 50
    const { cursor, ...filters } = req.query
    const rows = await service.listSubscribers(deps.db, req.auth, deps.phi, { ...filters, limit, cursor: cursor ? decodeCursor(cursor) : undefined }, todayOf(deps.clock))
    return pageOf(req, rows, limit)
  })

  app.get('/subscribers/:subscriber_id', {
    schema: { tags: ['members'], summary: 'Get a subscriber with dependents, as of today or ?as_of=', params: SubscriberParams, querystring: AsOfQuery, response: { 200: Member, ...problems } },
    onRequest: requireScope('read:members'),
  }, async (req, reply) => withEtag(reply, await service.getMember(deps.db, req.auth, req.params.subscriber_id, req.query.as_of, todayOf(deps.clock), true)))

  app.post('/subscribers/:subscriber_id/dependents', {
    schema: { tags: ['members'], summary: 'Add a dependent (a birth, a marriage, an adoption)', params: SubscriberParams, body: NewDependent, response: { 201: Member, ...writes } },
    onRequest: requireScope('write:members'),
  }, async (req, reply) => idempotent(deps.db, req, reply, 201, async (tx) => {
    const member = await service.addDependent(tx, ctx(req), req.params.subscriber_id, req.body)
    return { body: member, location: `/v1/members/${member.id}`, etag: etagOf(member.version) }
  }))

  app.get('/members/:member_id', {
    schema: { tags: ['members'], summary: 'Get any member (subscriber or dependent), as of today or ?as_of=', params: MemberParams, querystring: AsOfQuery, response: { 200: Member, ...problems } },
    onRequest: requireScope('read:members'),
  }, async (req, reply) => withEtag(reply, await service.getMember(deps.db, req.auth, req.params.member_id, req.query.as_of, todayOf(deps.clock))))

  for (const [path, onlySubscriber] of [['/subscribers/:subscriber_id', true], ['/members/:member_id', false]] as const) {
    app.put(path, {
      schema: {
        tags: ['members'], summary: 'Change demographics or employment from an effective date (If-Match required)',
        description: 'Effective-dated: adds history from effective_date, never overwrites; only the fields sent change.',
        params: onlySubscriber ? SubscriberParams : MemberParams, body: MemberChange, response: { 200: Member, ...writes, 412: Problem, 428: Problem },
      },
      onRequest: requireScope('write:members'),
    }, async (req, reply) => {
      const params = req.params as { subscriber_id?: string; member_id?: string }
      const id = params.subscriber_id ?? params.member_id!
      const version = expectedVersion(req, req.body.version)
      const member = await deps.db.transaction().execute((tx) => changeMember(tx, ctx(req), id, req.body, version, onlySubscriber))
      return withEtag(reply, member)
    })
  }
}

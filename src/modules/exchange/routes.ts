import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { Deps } from '../../http/deps.js'
import { requireScope } from '../../http/auth.js'
import { Problem } from '../../http/problem.js'
import { UnprocessableError } from '../../errors/app-error.js'
import { todayOf } from '../../shared/dates.js'
import * as service from './service.js'
import { CarrierChangesQuery, CarrierFile, CarrierFileParams, CarrierFileQuery } from './schemas.js'

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem }
const EDI = 'application/edi-x12'

/**
 * Whether Accept asks for the file itself: application/edi-x12 named, at a higher quality than
 * JSON (a browser's wildcard and a JSON-first list get JSON).
 */
export function prefersEdi(accept: string | undefined): boolean {
  const q = (type: string): number => {
    for (const part of (accept ?? '').toLowerCase().split(',')) {
      const [name, ...params] = part.split(';').map((x) => x.trim())
      if (name !== type) continue
      const quality = params.find((p) => p.startsWith('q='))
      return quality === undefined ? 1 : Number(quality.slice(2)) || 0
    }
    return -1
  }
  const edi = q(EDI)
  return edi > 0 && edi > q('application/json')
}

/** JSON, or the file itself when Accept prefers it (422 when it would not validate). */
function answer(accept: string | undefined, file: CarrierFile, reply: FastifyReply): CarrierFile | FastifyReply {
  if (!prefersEdi(accept)) return file
  if (!file.validation.valid) {
    throw UnprocessableError.fields('carrier-file-invalid', 'The file would not pass 834 validation; ask for JSON to see where', file.validation.findings.slice(0, 20).map((f) => ({ pointer: '', detail: `${f.code} at ${f.segment_id}${f.element === undefined ? '' : ` ${f.element}`} (segment ${f.segment_index + 1})` })))
  }
  return reply.type(EDI).send(file.x12)
}

export const exchangeRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/employers/:employer_id/carriers/:carrier_id/834', {
    schema: {
      tags: ['exchange'], summary: "A carrier's 834 full file (audit/compare) of the employer's coverage in force on as_of",
      description: 'Every member with coverage in force on `as_of` (default today) under a plan the carrier insures then (the plan names the carrier, or a coverage period does), as an 834 005010X220A1 full file (BGN08 4, INS03/HD01 030) checked by our validator. JSON by default (the file in `x12`, counts, omitted coverage, the validation); `Accept: application/edi-x12` answers the file itself (422 if it would not validate). No SSN is ever answered: REF*0F is the employee number (else the member id) and NM108/NM109 are left out.',
      params: CarrierFileParams, querystring: CarrierFileQuery,
      response: { 200: CarrierFile, ...problems },
      produces: ['application/json', EDI],
    },
    onRequest: [requireScope('read:enrollments'), requireScope('read:members')],
  }, async (req, reply) => {
    const now = deps.clock()
    const today = todayOf(deps.clock)
    const file = await service.carrierFullFile(deps.db, req.auth, {
      employer_id: req.params.employer_id, carrier_id: req.params.carrier_id, as_of: req.query.as_of ?? today,
      usage: req.query.usage ?? 'T', control_number: req.query.control_number ?? 1,
    }, now, today)
    return answer(req.headers.accept, file, reply)
  })

  app.get('/employers/:employer_id/carriers/:carrier_id/834/changes', {
    schema: {
      tags: ['exchange'], summary: "A carrier's 834 change file: what changed in the employer's coverage between since and until",
      description: 'Coverage under plans the carrier insures, as known at `until` (default a minute ago; at most a minute ago, so a change still being written is never skipped) against as known at `since` (recorded times): added (INS03/HD01 021), ended or cancelled (024, DTP*349; DTP*357 when all of a member\'s coverage ends), reinstated (025), otherwise changed (001); BGN08 2. Coverage recorded and cancelled within the window is left out. Pass the previous file\'s `until` as the next `since`. Answers as the full file does (JSON, or the file with `Accept: application/edi-x12`); nothing to send → 422 `carrier-file-empty`.',
      params: CarrierFileParams, querystring: CarrierChangesQuery,
      response: { 200: CarrierFile, ...problems },
      produces: ['application/json', EDI],
    },
    onRequest: [requireScope('read:enrollments'), requireScope('read:members')],
  }, async (req, reply) => {
    const now = deps.clock()
    const file = await service.carrierChangeFile(deps.db, req.auth, {
      employer_id: req.params.employer_id, carrier_id: req.params.carrier_id, since: new Date(req.query.since).toISOString(),
      until: new Date(req.query.until ?? now.getTime() - service.CHANGES_SETTLE_MS).toISOString(), usage: req.query.usage ?? 'T', control_number: req.query.control_number ?? 1,
    }, now, todayOf(deps.clock))
    return answer(req.headers.accept, file, reply)
  })
}

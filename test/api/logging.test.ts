import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { createLogger } from '../../src/http/app.js'
import { givenApi, type Caller, type TestApi } from '../support/api.js'

// A lookup by SSN is a documented filter (GET /v1/subscribers?ssn=…): the server logged the
// request URL, so every lookup — other tenants' failed probes included — wrote the SSN in clear
// to the log, and problem documents echoed it as their instance.
describe('PHI in the request log and in problem documents', () => {
  const lines: string[] = []
  let api: TestApi
  let admin: Caller
  before(async () => {
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(...chunk.toString().split('\n').filter(Boolean)); done() } })
    api = await givenApi('pglite', { now: '2026-11-23T12:00:00Z', logger: createLogger('info', sink) })
    admin = await api.caller()
  })
  after(async () => api?.close())

  test('an SSN in the query string never reaches the log; the rest of the URL does', async () => {
    const ok = await admin.get('/v1/subscribers?ssn=123456789')
    assert.equal(ok.statusCode, 200, ok.body)
    const bad = await admin.get('/v1/subscribers?ssn=123-45-6789&limit=0')
    assert.equal(bad.statusCode, 400, bad.body)
    await api.app.inject({ method: 'GET', url: '/v1/subscribers?social_security_number=987654321' }) // no token: 401
    // An encoded '=' makes the whole pair the parameter's name; an SSN sent as a path id.
    const encoded = await admin.get('/v1/subscribers?ssn%3D234567891')
    assert.ok(!encoded.body.includes('234567891'), encoded.body)
    await admin.get('/v1/subscribers/345-67-8901')
    const log = lines.join('\n')
    assert.ok(log.includes('"url":"/v1/subscribers?ssn=[redacted]"'), log.slice(0, 500))
    assert.ok(log.includes('"url":"/v1/subscribers?ssn=[redacted]&limit=0"'))
    for (const ssn of ['123456789', '123-45-6789', '987654321', '234567891', '345-67-8901']) assert.ok(!log.includes(ssn), `${ssn} in the log`)
    assert.equal((bad.json() as { instance: string }).instance, '/v1/subscribers?ssn=[redacted]&limit=0')
  })
})

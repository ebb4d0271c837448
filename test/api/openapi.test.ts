import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import SwaggerParser from '@apidevtools/swagger-parser'
import { givenApi, type TestApi } from '../support/api.js'

// The OpenAPI document is generated from the route schemas; an independent parser checks it
// against the OpenAPI 3.1 schema, so a client generator will accept it.
let api: TestApi
let doc: Record<string, unknown>
before(async () => {
  api = await givenApi('pglite')
  doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json()
})
after(async () => api?.close())

test('/openapi.json is a valid OpenAPI 3.1 document', async () => {
  assert.equal(doc.openapi, '3.1.0')
  await SwaggerParser.validate(structuredClone(doc) as never)
})

test('the validator does refuse a broken document (so the check above means something)', async () => {
  const broken = structuredClone(doc) as { paths: Record<string, Record<string, { responses?: unknown }>> }
  const first = Object.values(broken.paths)[0]!
  Object.values(first)[0]!.responses = 'not an object'
  await assert.rejects(SwaggerParser.validate(broken as never))
})

test('every /v1 operation declares its scope and its problem responses', () => {
  const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>
  for (const [path, ops] of Object.entries(paths).filter(([p]) => p.startsWith('/v1/'))) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.responses['401'] ?? op.responses['400'], `${method.toUpperCase()} ${path} lists its errors`)
    }
  }
})

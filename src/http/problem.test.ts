import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type } from 'typebox'
import { Nullable } from '../shared/schema.js'
import { fieldErrorsOf } from './problem.js'
import { compileBodySchema } from './validation.js'

function errorsFor(schema: object, value: unknown): { pointer: string; detail: string }[] {
  const validate = compileBodySchema(schema)
  assert.equal(validate(value), false)
  return fieldErrorsOf(validate.errors ?? [], 'body').map(({ pointer, detail }) => ({ pointer, detail }))
}

const Address = Type.Object({ state: Type.String({ pattern: '^[A-Z]{2}$' }), zip: Type.String({ pattern: '^\\d{5}$' }) }, { additionalProperties: false })

test('a nullable object sent with two bad fields reports those fields, not "must be null"', () => {
  // A first version of the anyOf pruning kept the null branch (one error) over the object's two.
  const schema = Type.Object({ address: Nullable(Address) })
  assert.deepEqual(errorsFor(schema, { address: { state: 'ny', zip: '1234' } }).map((e) => e.pointer), ['/address/state', '/address/zip'])
})

test('a union of constants is one "must be one of" error; each array item keeps its own errors', () => {
  const schema = Type.Object({ kinds: Type.Array(Type.Union([Type.Literal('medical'), Type.Literal('dental')])) })
  assert.deepEqual(errorsFor(schema, { kinds: ['medial', 'dental', 'vison'] }), [
    { pointer: '/kinds/0', detail: 'must be one of: medical, dental' },
    { pointer: '/kinds/2', detail: 'must be one of: medical, dental' },
  ])
})

test('two accepted shapes: the one that fits is judged (wrapped or bare)', () => {
  const Fields = Type.Object({ date: Type.String({ format: 'date' }), event: Type.String() }, { additionalProperties: false })
  const schema = Type.Union([Type.Object({ wrapped: Fields }, { additionalProperties: false }), Fields])
  assert.deepEqual(errorsFor(schema, { wrapped: { date: '2026-02-30', event: 'birth' } }).map((e) => e.pointer), ['/wrapped/date'])
  assert.deepEqual(errorsFor(schema, { event: 'birth' }).map((e) => [e.pointer, e.detail]), [['/date', 'is required']])
})

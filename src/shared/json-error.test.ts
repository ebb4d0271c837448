import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { locateJsonError } from './json-error.js'

test('a missing value is located at the brace that replaced it', () => {
  assert.deepEqual(locateJsonError('{"name": "Acme",\n "tax_id": }'), { position: 28, line: 2, column: 12, expected: 'a value' })
})

test("seed 000's trailing comma is located at the closing brace", () => {
  const at = locateJsonError('{\n  "a": 1,\n}')
  assert.equal(at?.line, 3)
  assert.equal(at?.expected, 'a property name in double quotes')
})

test('agrees with JSON.parse on what is valid (any JSON value, and arbitrary text)', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => locateJsonError(JSON.stringify(v)) === undefined))
  fc.assert(fc.property(fc.string(), (s) => {
    let ok = true
    try { JSON.parse(s) } catch { ok = false }
    return ok === (locateJsonError(s) === undefined)
  }))
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { PokitdokError } from './pokitdok-issues.js'
import { parsePokitdokJson, positionAt, stripTrailingCommas } from './pokitdok-json.js'

function jsonError(text: string): { line?: number; column?: number; code: string } {
  try {
    parsePokitdokJson(text)
  } catch (err) {
    assert.ok(err instanceof PokitdokError)
    const issue = err.issues[0]
    assert.ok(issue)
    return issue
  }
  assert.fail('expected a PokitdokError')
}

describe('trailing commas', () => {
  test('a comma before } or ] is accepted with a warning at its line and column', () => {
    const { value, warnings } = parsePokitdokJson('{\n  "a": [1, 2,],\n  "b": "x",\n}')
    assert.deepEqual(value, { a: [1, 2], b: 'x' })
    assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column]), [['trailing-comma', 2, 13], ['trailing-comma', 3, 11]])
  })

  test('commas inside strings, and escaped quotes, are left alone', () => {
    const text = '{"a": "x,}", "b": "q\\",]", "c": "\\\\",}'
    assert.deepEqual(parsePokitdokJson(text).value, { a: 'x,}', b: 'q",]', c: '\\' })
    assert.equal(stripTrailingCommas('["a,]"]').commas.length, 0)
  })

  test('a doubled or leading comma stays a syntax error', () => {
    assert.equal(jsonError('[1,,2]').code, 'invalid-json')
    assert.equal(jsonError('{,}').code, 'invalid-json')
    assert.equal(jsonError('[1,,]').code, 'invalid-json')
    assert.equal(jsonError('[,]').code, 'invalid-json')
  })

  test('stripping keeps offsets, so JSON.parse agrees with the stripped text wherever the input was valid JSON5-ish', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v, null, 1)
      const stripped = stripTrailingCommas(text)
      assert.equal(stripped.text, text, 'valid JSON is untouched')
      assert.deepEqual(parsePokitdokJson(text).value, JSON.parse(text))
    }))
  })

  test('adding trailing commas to any JSON object or array parses to the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v, null, 1)
      const withCommas = text.replace(/([^\s[{,])(\n\s*[\]}])/g, '$1,$2')
      const parsed = parsePokitdokJson(withCommas)
      assert.deepEqual(parsed.value, JSON.parse(text))
    }))
  })
})

describe('syntax errors', () => {
  test('are reported with line and column', () => {
    const e = jsonError('{\n  "a": tru\n}')
    assert.equal(e.code, 'invalid-json')
    assert.deepEqual([e.line, e.column], [2, 8])
    assert.deepEqual(positionAt('ab\ncd', 4), { line: 2, column: 2 })
  })

  test('an unterminated document points at its end', () => {
    const e = jsonError('{"a": [1, 2')
    assert.deepEqual([e.line, e.column], [1, 12])
  })

  test('NDJSON line offsets shift the reported line', () => {
    try {
      parsePokitdokJson('{"a": }', 41)
      assert.fail('expected an error')
    } catch (err) {
      assert.ok(err instanceof PokitdokError)
      assert.equal(err.issues[0]?.line, 41)
    }
  })

  test('a byte-order mark is ignored', () => {
    assert.deepEqual(parsePokitdokJson('\ufeff{"a": 1}').value, { a: 1 })
  })
})

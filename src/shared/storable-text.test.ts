import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mayHoldUnstorableText, unstorableStrings } from './storable-text.js'

test('finds U+0000 and unpaired surrogates in values and member names, with their pointers', () => {
  const body = JSON.parse('{"name":"Den\\u0000tal","rules":{"a/b":["ok","x\\ud800y"],"k\\u0000":1},"emoji":"\\ud83d\\ude00"}')
  assert.deepEqual(unstorableStrings(body), [
    { pointer: '/name', detail: 'must not contain U+0000' },
    { pointer: '/rules/a~1b/1', detail: 'must not contain an unpaired surrogate (\\uD800–\\uDFFF without its pair)' },
    { pointer: '/rules/k\u0000', detail: 'member name must not contain U+0000' },
  ])
})

test('the raw-text pre-check lets ordinary bodies skip the walk, and catches every escape form', () => {
  assert.equal(mayHoldUnstorableText('{"name":"Dental","n":1}'), false)
  assert.equal(mayHoldUnstorableText('{"name":"a\\u0000"}'), true)
  assert.equal(mayHoldUnstorableText('{"name":"a\\uDBFF"}'), true)
  assert.equal(mayHoldUnstorableText('{"name":"a\\udc00"}'), true)
  assert.equal(mayHoldUnstorableText('{"name":"\\u00e9"}'), false)
})

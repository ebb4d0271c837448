import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseTimestamp } from './connect.js'

/** The general path the fast one must agree with. */
function viaDate(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::?(\d{2}))?)?$/.exec(value)!
  return new Date(`${m[1]}T${m[2]}${m[3] ? `${m[3]}:${m[4] ?? '00'}` : 'Z'}`).toISOString()
}

test('parseTimestamp: UTC output with 0–6 fraction digits → ISO 8601 with milliseconds, as a Date would give', () => {
  for (const value of ['2026-11-23 17:09:43+00', '2026-11-23 17:09:43.1+00', '2026-11-23 17:09:43.12+00', '2026-11-23 17:09:43.123+00',
    '2026-11-23 17:09:43.123456+00', '2026-11-23 17:09:43.999999+00', '1970-01-01 00:00:00+00', '2024-02-29 23:59:59.5+00']) {
    assert.equal(parseTimestamp(value), viaDate(value), value)
  }
  assert.equal(parseTimestamp('2026-11-23 17:09:43.123456+00'), '2026-11-23T17:09:43.123Z')
})

test('parseTimestamp: other offsets and timestamp without time zone go through Date', () => {
  assert.equal(parseTimestamp('2026-11-23 17:09:43.5+02'), '2026-11-23T15:09:43.500Z')
  assert.equal(parseTimestamp('2026-11-23 17:09:43-05:30'), '2026-11-23T22:39:43.000Z')
  assert.equal(parseTimestamp('2026-11-23 17:09:43.25'), '2026-11-23T17:09:43.250Z')
  assert.equal(parseTimestamp('1969-12-31 23:59:59.999+00'), '1969-12-31T23:59:59.999Z')
  assert.equal(parseTimestamp('infinity'), 'infinity')
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { generateBatch, ssnOf } from './census.js'

const PLANS = { medical: 'm', dental: 'd', vision: 'v' }
type Employee = { subscriber: { social_security_number: string; birth_date: string; dependents: { birth_date: string; subscriber_relationship: string; social_security_number?: string }[] }; elections: { type: string }[] }

describe('open-enrollment census generator', () => {
  test('the same seed gives the same census, and any batch can be generated alone', () => {
    const whole = generateBatch(7, 0, 40, PLANS).employees
    assert.deepEqual(generateBatch(7, 20, 20, PLANS).employees, whole.slice(20))
    assert.notDeepEqual(generateBatch(8, 0, 40, PLANS).employees, whole)
  })

  test('SSNs are unique and issuable (area 100–599, group and serial never zero)', () => {
    const seen = new Set<string>()
    for (let c = 0; c < 250_000; c += 7) {
      const ssn = ssnOf(c)
      assert.match(ssn, /^[1-5][0-9]{2}-(0[1-9]|[1-9][0-9])-(?!0000)[0-9]{4}$/)
      assert.ok(!seen.has(ssn), ssn)
      seen.add(ssn)
    }
  })

  test('about 1.2 dependents and 3 elections per employee; children younger than the employee', () => {
    const { employees, counts } = generateBatch(2027, 0, 5000, PLANS)
    const dependents = counts.members / counts.employees - 1
    assert.ok(dependents > 1.1 && dependents < 1.35, `${dependents} dependents per employee`)
    assert.equal(counts.elections + counts.waivers, 3 * counts.employees)
    for (const e of employees as Employee[]) {
      assert.equal(e.elections.length, 3)
      for (const d of e.subscriber.dependents) if (d.subscriber_relationship === 'child') assert.ok(d.birth_date > e.subscriber.birth_date)
    }
  })
})

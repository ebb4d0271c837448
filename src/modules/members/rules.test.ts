import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkClassification, checkEmployment, checkFamily, checkPerson, normalizeGender, ssnDigits, ssnProblem } from './rules.js'
import { RELATIONSHIPS } from './relationships.js'

const TODAY = '2026-11-23'

describe('SSNs', () => {
  test('dashes and spaces are ignored; anything but 9 digits is not an SSN', () => {
    assert.equal(ssnDigits('123-45-6789'), '123456789')
    assert.equal(ssnDigits('123 45 6789'), '123456789')
    assert.equal(ssnDigits('12345678'), undefined)
    assert.equal(ssnDigits('1234567890'), undefined)
    assert.equal(ssnDigits('12345678a'), undefined)
  })

  test('numbers SSA never issues are refused: area 000, 666, 900–999; group 00; serial 0000', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000']) assert.ok(ssnProblem(bad), bad)
    for (const ok of ['001-01-0001', '665-99-9999', '899-12-3456', '123-45-6789']) assert.equal(ssnProblem(ok), undefined, ok)
  })
})

describe('a person', () => {
  test('born today is fine; born tomorrow is refused', () => {
    assert.deepEqual(checkPerson({ birth_date: TODAY }, '', TODAY), [])
    assert.deepEqual(checkPerson({ birth_date: '2026-11-24' }, '/dependents/0', TODAY).map((e) => e.pointer), ['/dependents/0/birth_date'])
  })

  test('born before 1900 (1500-01-01, a keying error no carrier 834 can carry) is refused; 1900-01-01 is fine', () => {
    assert.deepEqual(checkPerson({ birth_date: '1500-01-01' }, '/subscriber', TODAY).map((e) => [e.pointer, e.detail]), [['/subscriber/birth_date', 'is before 1900-01-01: not a plausible birth date']])
    assert.deepEqual(checkPerson({ birth_date: '1900-01-01' }, '', TODAY), [])
  })

  test('born on Feb 29 (2000-02-29) is an ordinary birth date', () => {
    assert.deepEqual(checkPerson({ birth_date: '2000-02-29', social_security_number: '123-45-6789' }, '', TODAY), [])
  })

  test('gender in any case becomes male, female or unknown', () => {
    assert.equal(normalizeGender('MALE'), 'male')
    assert.equal(normalizeGender('Female'), 'female')
    assert.equal(normalizeGender('unknown'), 'unknown')
  })
})

describe('a family', () => {
  const subscriber = { birth_date: '1990-05-30', ssn: '123456789' }

  test('a child born before the subscriber is refused (a son born in 1985 to a father born in 1990)', () => {
    for (const rel of ['child', 'adopted_child', 'foster_child', 'step_son', 'step_daughter']) {
      assert.deepEqual(checkFamily(subscriber, [], [{ subscriber_relationship: rel, birth_date: '1985-01-01', at: '/dependents/0' }]).map((e) => e.pointer), ['/dependents/0/birth_date'], rel)
    }
    assert.deepEqual(checkFamily(subscriber, [], [{ subscriber_relationship: 'mother', birth_date: '1960-01-01' }]), [])
    assert.deepEqual(checkFamily(subscriber, [], [{ subscriber_relationship: 'child', birth_date: '1990-05-30' }]), [], 'born the same day (twins of a teen parent do not exist, but the rule is "not older")')
  })

  test('a second partner is refused whether sent together or added later; an ex-spouse does not count', () => {
    const added = [{ subscriber_relationship: 'spouse', birth_date: '1991-01-01', at: '/d/0' }, { subscriber_relationship: 'registered_domestic_partner', birth_date: '1991-01-01', at: '/d/1' }]
    assert.deepEqual(checkFamily(subscriber, [], added).map((e) => e.pointer), ['/d/1/subscriber_relationship'])
    assert.equal(checkFamily(subscriber, [{ subscriber_relationship: 'life_partner', birth_date: '1991-01-01' }], [{ subscriber_relationship: 'spouse', birth_date: '1991-01-01' }]).length, 1)
    assert.deepEqual(checkFamily(subscriber, [{ subscriber_relationship: 'ex_spouse', birth_date: '1991-01-01' }], [{ subscriber_relationship: 'spouse', birth_date: '1991-01-01' }]), [])
  })

  test("'self' is the subscriber only", () => {
    assert.deepEqual(checkFamily(subscriber, [], [{ subscriber_relationship: 'self', birth_date: '1991-01-01', at: '/d/0' }]).map((e) => e.pointer), ['/d/0/subscriber_relationship'])
  })

  test("a dependent with the subscriber's SSN, or two dependents with one SSN, is refused", () => {
    assert.equal(checkFamily(subscriber, [], [{ subscriber_relationship: 'child', birth_date: '2015-01-01', ssn: '123456789', at: '/d/0' }]).length, 1)
    const twins = [{ subscriber_relationship: 'child', birth_date: '2015-01-01', ssn: '223456789', at: '/d/0' }, { subscriber_relationship: 'child', birth_date: '2015-01-01', ssn: '223456789', at: '/d/1' }]
    assert.deepEqual(checkFamily(subscriber, [], twins).map((e) => e.pointer), ['/d/1/social_security_number'])
  })

  test('the 39 codes of seed 000 plus registered_domestic_partner, each once', () => {
    assert.equal(RELATIONSHIPS.length, 40)
    assert.equal(new Set(RELATIONSHIPS).size, 40)
  })
})

describe('employment and classifications', () => {
  test('earnings effective before the start date are refused; on the start date they are fine', () => {
    assert.deepEqual(checkEmployment({ start_date: '2026-11-01', earnings_effective_date: '2026-10-31' }, '/e').map((e) => e.pointer), ['/e/earnings_effective_date'])
    assert.deepEqual(checkEmployment({ start_date: '2026-11-01', earnings_effective_date: '2026-11-01' }, '/e'), [])
  })

  const cls = { employer_id: 'E1', kind: 'class' as const, effective_date: '2026-11-01', end_date: '2026-12-31' }
  test('a class of another employer, of the wrong kind, or not in force on the date is refused', () => {
    assert.equal(checkClassification(undefined, { kind: 'class', employer_id: 'E1', date: '2026-11-01' }, '/class').length, 1)
    assert.match(checkClassification({ ...cls, employer_id: 'E2' }, { kind: 'class', employer_id: 'E1', date: '2026-11-01' }, '/class')[0]!.detail, /employer/)
    assert.match(checkClassification(cls, { kind: 'subgroup', employer_id: 'E1', date: '2026-11-01' }, '/subgroup')[0]!.detail, /is a class/)
    assert.equal(checkClassification(cls, { kind: 'class', employer_id: 'E1', date: '2027-01-01' }, '/class').length, 1)
    assert.deepEqual(checkClassification(cls, { kind: 'class', employer_id: 'E1', date: '2026-12-31' }, '/class'), [])
  })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PokitdokError, type PokitdokIssue } from './pokitdok-issues.js'
import { normalizePokitdok } from './pokitdok-normalize.js'
import { pokitdokRequestSchema } from './pokitdok-schema.js'

/** A minimal valid request; override what a test is about. */
function givenRequest(overrides: Record<string, unknown> = {}, subscriber: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: 'Change',
    purpose: 'Original',
    sponsor: { tax_id: '999888777' },
    payer: { tax_id: '654456654' },
    subscriber: {
      first_name: 'JOHN', last_name: 'DOE', subscriber_number: '123456789', maintenance_type: 'Addition',
      benefit_status: 'Active', ...subscriber,
    },
    dependents: [],
    ...overrides,
  }
}

function errorsOf(value: unknown): PokitdokIssue[] {
  try {
    normalizePokitdok(value)
  } catch (err) {
    assert.ok(err instanceof PokitdokError, String(err))
    return [...err.issues]
  }
  assert.fail('expected a PokitdokError')
}

function codesAt(issues: readonly PokitdokIssue[]): string[] {
  return issues.map((i) => `${i.pointer} ${i.code}`)
}

describe('shape', () => {
  test('unknown fields are reported with a pointer and a suggestion', () => {
    const issues = errorsOf(givenRequest({}, { benefits: [{ benefit_type: 'Health', maintenance_type: 'Addition',
      begin_date: '2026-01-01', maintenance_reasn: 'Birth' }] }))
    assert.deepEqual(codesAt(issues), ['/subscriber/benefits/0/maintenance_reasn unknown-field'])
    assert.match(issues[0]?.message ?? '', /did you mean 'maintenance_reason'/)
  })

  test("'maintenance_resason', as PokitDok's parameter table spells it (seed 000), is read as maintenance_reason, with a warning", () => {
    const result = normalizePokitdok(givenRequest({}, { benefits: [{ benefit_type: 'Health', maintenance_type: 'Addition',
      begin_date: '2026-01-01', maintenance_resason: 'Birth' }] }))
    assert.deepEqual(result.warnings.map((w) => `${w.pointer} ${w.code}`), ['/subscriber/benefits/0/maintenance_resason renamed-field',
      // A benefit's reason has no place in 005010X220A1 (HD02 is not used), as with the usual spelling.
      '/subscriber/benefits/0/maintenance_reason not-carried'])
  })

  test('wrong types are reported, every one of them', () => {
    const issues = errorsOf(givenRequest({ dependents: {} }, { ssn: 123456789, handicapped: 'no' }))
    assert.deepEqual(codesAt(issues).sort(),
      ['/dependents wrong-type', '/subscriber/handicapped wrong-type', '/subscriber/ssn wrong-type'])
  })

  test('an unknown label lists the allowed values', () => {
    const issues = errorsOf(givenRequest({}, { benefits: [{ benefit_type: 'Life', maintenance_type: 'Add',
      begin_date: '2026-01-01' }] }))
    assert.deepEqual(codesAt(issues), ['/subscriber/benefits/0/benefit_type unknown-label',
      '/subscriber/benefits/0/maintenance_type unknown-label'])
    assert.ok(issues[1]?.allowed?.includes('Addition'))
  })

  test('an HD-only maintenance type on the member is refused: INS03 allows 001/021/024/025/030', () => {
    const issues = errorsOf(givenRequest({}, { maintenance_type: 'Correction' }))
    assert.deepEqual(codesAt(issues), ['/subscriber/maintenance_type not-allowed-here'])
    assert.deepEqual(issues[0]?.allowed, ['Change', 'Addition', 'Cancellation or Termination', 'Reinstatement', 'Audit or Compare'])
  })

  test('a date with a leading space is trimmed with a warning; any other non-date is an error', () => {
    const { request, warnings } = normalizePokitdok(givenRequest({}, { eligibility_begin_date: ' 2015-01-01' }))
    assert.equal(request.subscriber.eligibility_begin_date, '2015-01-01')
    assert.deepEqual(codesAt(warnings), ['/subscriber/eligibility_begin_date trimmed'])
    for (const bad of ['01/01/2015', '2015-02-30', '2015-1-1', '20150101', '']) {
      const issues = errorsOf(givenRequest({}, { eligibility_begin_date: bad }))
      assert.deepEqual(codesAt(issues), ['/subscriber/eligibility_begin_date invalid-date'], bad)
    }
  })

  test('labels come back in the seed\'s spelling', () => {
    const { request } = normalizePokitdok(givenRequest({ action: 'change' },
      { employment_status: 'full_time', maintenance_type: 'ADDITION' }))
    assert.equal(request.action, 'Change')
    assert.equal(request.subscriber.employment_status, 'Full-time')
    assert.equal(request.subscriber.maintenance_type, 'Addition')
  })

  test('lengths and formats follow the X12 elements', () => {
    const issues = errorsOf(givenRequest({}, { first_name: 'X'.repeat(36), ssn: '12345678', address: {
      line: '1 MAIN ST', city: 'X', state: 'pa' } }))
    assert.deepEqual(codesAt(issues).sort(), ['/subscriber/address/city too-short',
      '/subscriber/address/state invalid-format', '/subscriber/first_name too-long', '/subscriber/ssn too-short'])
  })

  test('a character X12 cannot carry is refused', () => {
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { last_name: 'D\u0001OE', first_name: '李' }))),
      ['/subscriber/first_name invalid-format', '/subscriber/last_name invalid-format'])
  })

  test('an identifier is never respelt: an accent in member_id is an error, not another member id', () => {
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { member_id: '12345678É' }))), ['/subscriber/member_id invalid-format'])
    assert.deepEqual(codesAt(errorsOf(givenRequest({ trading_partner_id: 'MOCKPAYÉR' }, {}))), ['/trading_partner_id invalid-format'])
  })

  test('accents are dropped with a warning, since X12 carries printable ASCII only (carriers and pyx12 refuse a latin1 É)', () => {
    const result = normalizePokitdok(givenRequest({}, { last_name: 'DUPRÉ', first_name: 'Zoë', middle_name: 'Strauß' }))
    assert.deepEqual([result.request.subscriber.last_name, result.request.subscriber.first_name, result.request.subscriber.middle_name], ['DUPRE', 'Zoe', 'Strauss'])
    assert.equal(normalizePokitdok(givenRequest({}, { last_name: 'STRAßE' })).request.subscriber.last_name, 'STRASSE')
    assert.deepEqual(result.warnings.filter((w) => w.code === 'transliterated').map((w) => w.pointer).sort(),
      ['/subscriber/first_name', '/subscriber/last_name', '/subscriber/middle_name'])
  })

  test('the JSON Schema lists every member field with its labels', () => {
    const props = pokitdokRequestSchema.properties as Record<string, { properties?: Record<string, { enum?: string[] }> }>
    assert.ok(props.subscriber?.properties?.relationship?.enum?.includes('dependent_of_minor_dependent'))
    assert.deepEqual(props.subscriber?.properties?.gender?.enum, ['Female', 'Male', 'Unknown'])
  })
})

describe('834 rules', () => {
  test('the subscriber is self; a dependent needs a relationship other than self', () => {
    const issues = errorsOf(givenRequest({ dependents: [
      { last_name: 'DOE', maintenance_type: 'Addition', benefit_status: 'Active', relationship: 'self' },
      { last_name: 'DOE', maintenance_type: 'Addition', benefit_status: 'Active' },
    ] }, { relationship: 'spouse' }))
    assert.deepEqual(codesAt(issues), ['/subscriber/relationship not-allowed-here',
      '/dependents/0/relationship not-allowed-here', '/dependents/1/relationship required'])
  })

  test('members sent need INS03, INS05, NM103 and a subscriber number', () => {
    const issues = errorsOf(givenRequest({ dependents: [{ relationship: 'child', maintenance_type: 'Addition' }] },
      { subscriber_number: undefined, benefit_status: undefined, last_name: undefined }))
    assert.deepEqual(codesAt(issues), ['/subscriber/benefit_status required', '/subscriber/last_name required',
      '/subscriber/subscriber_number required', '/dependents/0/benefit_status required', '/dependents/0/last_name required',
      '/dependents/0/subscriber_number required'])
  })

  test('a dependent inherits the subscriber number and must not contradict it', () => {
    const dep = { relationship: 'spouse', last_name: 'DOE', maintenance_type: 'Addition', benefit_status: 'Active' }
    const { request } = normalizePokitdok(givenRequest({ dependents: [dep] }))
    assert.equal(request.dependents?.[0]?.subscriber_number, '123456789')
    const issues = errorsOf(givenRequest({ dependents: [{ ...dep, subscriber_number: '1' }] }))
    assert.deepEqual(codesAt(issues), ['/dependents/0/subscriber_number conflict'])
  })

  test('gender and birth date travel together (DMG02/DMG03)', () => {
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { gender: 'Male' }))), ['/subscriber/birth_date required'])
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { birth_date: '1980-01-01' }))), ['/subscriber/gender required'])
  })

  test('a birth date after today is refused (the validator rejects DMG02 after the file date); today itself is fine', () => {
    const at = (birth: string): string[] => {
      try {
        normalizePokitdok(givenRequest({ dependents: [{ first_name: 'ANN', last_name: 'DOE', relationship: 'Child', maintenance_type: 'Addition',
          benefit_status: 'Active', gender: 'Female', birth_date: birth }] }), '', '2026-12-06')
        return []
      } catch (err) {
        assert.ok(err instanceof PokitdokError, String(err))
        return codesAt([...err.issues])
      }
    }
    assert.deepEqual(at('2029-06-21'), ['/dependents/0/birth_date conflict'])
    assert.deepEqual(at('2026-12-06'), [])
    assert.doesNotThrow(() => normalizePokitdok(givenRequest({}, { gender: 'Male', birth_date: '2999-01-01' })), 'without a today the rule is not applied')
  })

  test('a coverage needs a begin or end date, and ends after it begins', () => {
    const issues = errorsOf(givenRequest({}, { benefits: [
      { benefit_type: 'Health', maintenance_type: 'Addition' },
      { benefit_type: 'Dental', maintenance_type: 'Addition', begin_date: '2026-02-01', end_date: '2026-01-31' },
    ] }))
    assert.deepEqual(codesAt(issues), ['/subscriber/benefits/0/begin_date required', '/subscriber/benefits/1/end_date conflict'])
  })

  test('member-level communication fields become contacts[0], but not alongside contacts', () => {
    const { request } = normalizePokitdok(givenRequest({}, { primary_communication_type: 'Email',
      primary_communication_number: 'a@b.c' }))
    assert.deepEqual(request.subscriber.contacts, [{ primary_communication_type: 'Electronic Mail',
      primary_communication_number: 'a@b.c' }])
    assert.equal(request.subscriber.primary_communication_type, undefined)
    const issues = errorsOf(givenRequest({}, { primary_communication_type: 'Telephone', primary_communication_number: '1',
      contacts: [{ primary_communication_type: 'Telephone', primary_communication_number: '2' }] }))
    assert.deepEqual(codesAt(issues), ['/subscriber/contacts conflict'])
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { contacts: [{}, {}] }))),
      ['/subscriber/contacts/1 too-many', '/subscriber/contacts/0/primary_communication_number required'])
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { contacts: [{ communication_type2: 'Telephone' }] }))),
      ['/subscriber/contacts/0/communication_number2 required', '/subscriber/contacts/0/primary_communication_number required'])
  })

  test('member late_enrollment becomes each benefit\'s HD09; benefit maintenance_reason is dropped with a warning', () => {
    const { request, warnings } = normalizePokitdok(givenRequest({}, { late_enrollment: true, benefits: [
      { benefit_type: 'Health', maintenance_type: 'Addition', begin_date: '2026-01-01', maintenance_reason: 'Birth' },
      { benefit_type: 'Dental', maintenance_type: 'Addition', begin_date: '2026-01-01', late_enrollment: false },
    ] }))
    assert.deepEqual(request.subscriber.benefits?.map((b) => b.late_enrollment), [true, false])
    assert.equal(request.subscriber.late_enrollment, undefined)
    assert.equal(request.subscriber.benefits?.[0]?.maintenance_reason, undefined)
    assert.deepEqual(codesAt(warnings), ['/subscriber/benefits/0/maintenance_reason not-carried'])
  })

  test('a subscriber without maintenance_type is a reference: only its number is kept, the rest is warned about', () => {
    const dep = { relationship: 'child', last_name: 'DOE', maintenance_type: 'Addition', benefit_status: 'Active',
      subscriber_number: '42' }
    const { request, warnings } = normalizePokitdok({ ...givenRequest({ dependents: [dep] }),
      subscriber: { member_id: '7', handicapped: false, contacts: [] } })
    assert.deepEqual(request.subscriber, { subscriber_number: '42' })
    assert.deepEqual(codesAt(warnings), ['/subscriber not-carried'])
    assert.match(warnings[0]?.message ?? '', /dropped: member_id$/)
    assert.deepEqual(codesAt(errorsOf({ ...givenRequest(), subscriber: { member_id: '7' } })), ['/subscriber/maintenance_type required'])
  })

  test('one tobacco/substance flag implies the other is false (one HLH01 code)', () => {
    const { request } = normalizePokitdok(givenRequest({}, { tobacco_use: true }))
    assert.equal(request.subscriber.substance_abuse, false)
  })

  test('shape errors and 834 rules are reported together, without repeating a pointer', () => {
    const issues = errorsOf(givenRequest({}, { maintenance_type: 'Add', gender: 'Male', benefit_status: 7 }))
    assert.deepEqual(codesAt(issues), ['/subscriber/maintenance_type unknown-label', '/subscriber/benefit_status wrong-type',
      '/subscriber/birth_date required'])
  })

  test('a change file sends INS03 001/021/024/025; a full file (Verify) 030 on members and coverages', () => {
    assert.deepEqual(codesAt(errorsOf(givenRequest({}, { maintenance_type: 'Audit or Compare' }))),
      ['/subscriber/maintenance_type not-allowed-here'])
    const issues = errorsOf(givenRequest({ action: 'Verify' }, { benefits: [
      { benefit_type: 'Health', maintenance_type: 'Addition', begin_date: '2026-01-01' }] }))
    assert.deepEqual(codesAt(issues), ['/subscriber/maintenance_type not-allowed-here',
      '/subscriber/benefits/0/maintenance_type not-allowed-here'])
    const ok = normalizePokitdok(givenRequest({ action: 'Verify' }, { maintenance_type: 'Audit or Compare', benefits: [
      { benefit_type: 'Health', maintenance_type: 'Audit or Compare', begin_date: '2026-01-01' }] }))
    assert.equal(ok.request.subscriber.maintenance_type, 'Audit or Compare')
    const dep = { relationship: 'child', last_name: 'DOE', maintenance_type: 'Audit or Compare', benefit_status: 'Active' }
    assert.deepEqual(codesAt(errorsOf({ ...givenRequest({ action: 'Verify', dependents: [dep] }), subscriber: { subscriber_number: '1' } })),
      ['/subscriber/maintenance_type required'])
  })

  test('pointers are prefixed for requests inside an array', () => {
    try {
      normalizePokitdok(givenRequest({ purpose: 'Cancellation' }), '/3')
      assert.fail('expected an error')
    } catch (err) {
      assert.ok(err instanceof PokitdokError)
      assert.deepEqual(codesAt(err.issues), ['/3/purpose unknown-label'])
    }
  })
})

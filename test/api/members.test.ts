import assert from 'node:assert/strict'
import { randomInt, randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { example, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

const NOW = '2026-11-23T12:00:00Z'
const TODAY = '2026-11-23'
const FIRST_OF_MONTH = '2026-11-01'

/** A 9-digit SSN that could have been issued (area 001–665, group 01–99, serial 0001–9999). */
function randomSsn(): string {
  const area = String(randomInt(1, 666)).padStart(3, '0')
  return `${area}${String(randomInt(1, 100)).padStart(2, '0')}${String(randomInt(1, 10000)).padStart(4, '0')}`
}

interface Refs { employerId: string; locationId: string; classId: string; subgroupId: string }
type Body = Record<string, unknown> & { subscriber: Record<string, unknown> & { dependents: Record<string, unknown>[] } }

for (const kind of testDatabases()) {
  describe(`subscribers and dependents on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    let refs: Refs
    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      refs = await givenEmployer(admin)
    })
    after(async () => api?.close())

    async function givenEmployer(caller: Caller): Promise<Refs> {
      const employer = await caller.post('/v1/employers', await example('01-employer.json'))
      assert.equal(employer.statusCode, 201, employer.body)
      const employerId = employer.json().id as string
      const location = await caller.post(`/v1/employers/${employerId}/locations`, await example('05-location.json'))
      assert.equal(location.statusCode, 201, location.body)
      const cls = await caller.post(`/v1/employers/${employerId}/employment-classifications`, await example('06-class.json', { first_of_current_month: FIRST_OF_MONTH }))
      const sub = await caller.post(`/v1/employers/${employerId}/employment-classifications`, await example('07-subgroup.json', { first_of_current_month: FIRST_OF_MONTH }))
      assert.equal(cls.statusCode, 201, cls.body)
      assert.equal(sub.statusCode, 201, sub.body)
      return { employerId, locationId: location.json().id, classId: cls.json().id, subgroupId: sub.json().id }
    }

    async function subscriberBody(r: Refs = refs, ssn = randomSsn()): Promise<Body> {
      const body = await example('11-subscriber.json', { primary_location_id: r.locationId, class_1_id: r.classId, subgroup_1_id: r.subgroupId, first_of_current_month: FIRST_OF_MONTH, ssn }) as Body
      body.subscriber.external_identifier = `Subscriber-${randomUUID().slice(0, 8)}`
      body.subscriber.dependents[0]!.external_identifier = `partner-${randomUUID().slice(0, 8)}`
      return body
    }

    async function givenSubscriber(change: (b: Body) => void = () => {}): Promise<Record<string, any>> {
      const body = await subscriberBody()
      change(body)
      const res = await admin.post('/v1/subscribers', body)
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    }

    async function refused(body: unknown, pointer: string, caller = admin, url = '/v1/subscribers') {
      const res = await caller.post(url, body)
      assert.equal(res.statusCode, 422, res.body)
      assert.equal(res.json().type, '/problems/member-invalid')
      assert.ok(res.json().errors.some((e: { pointer: string }) => e.pointer === pointer), `expected ${pointer} in ${res.body}`)
    }

    test('example 11 (seed 003) creates the subscriber and the domestic partner, with ids and masked SSNs', async () => {
      const ssn = randomSsn()
      const res = await admin.post('/v1/subscribers', await example('11-subscriber.json', { primary_location_id: refs.locationId, class_1_id: refs.classId, subgroup_1_id: refs.subgroupId, first_of_current_month: FIRST_OF_MONTH, ssn }))
      assert.equal(res.statusCode, 201, res.body)
      const s = res.json()
      assert.equal(res.headers.location, `/v1/subscribers/${s.id}`)
      assert.equal(s.employer_id, refs.employerId)
      assert.equal(s.subscriber_relationship, 'self')
      assert.equal(s.external_identifier, 'Subscriber1')
      assert.equal(s.social_security_number, `***-**-${ssn.slice(5)}`)
      assert.equal(s.first_name, 'Jason')
      assert.equal(s.employment_details.annual_earnings, 10_000_000)
      assert.equal(s.employment_details.wage_frequency, 'weekly')
      assert.equal(s.employment_details.hours_per_week, 40)
      assert.equal(s.employment_details.start_date, FIRST_OF_MONTH)
      assert.equal(s.location_id, refs.locationId)
      assert.equal(s.class.employment_classification_id, refs.classId)
      assert.equal(s.subgroup.employment_classification_id, refs.subgroupId)
      assert.equal(s.residential_address.zip, '22603')
      assert.equal(s.phone_numbers.length, 3)
      assert.equal(s.dependents.length, 1)
      const partner = s.dependents[0]
      assert.equal(partner.subscriber_relationship, 'registered_domestic_partner')
      assert.equal(partner.external_identifier, 'partner_sub_1')
      assert.equal(partner.subscriber_id, s.id)
      assert.equal(partner.social_security_number, null)
      assert.ok(!res.body.includes(ssn), 'the SSN never appears in a response')
      const got = await admin.get(`/v1/members/${partner.id}`)
      assert.equal(got.statusCode, 200)
      assert.equal(got.json().first_name, 'Brian')
      const stored = await api.database.db.selectFrom('members').select(['ssn_ciphertext', 'ssn_last4']).where('id', '=', s.id).executeTakeFirstOrThrow()
      assert.ok(stored.ssn_ciphertext && !stored.ssn_ciphertext.includes(ssn), 'stored encrypted')
    })
  })
}

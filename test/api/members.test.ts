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

    test('the same subscriber object without the "subscriber" wrapper is accepted too', async () => {
      const body = await subscriberBody()
      const res = await admin.post('/v1/subscribers', { ...body.subscriber, employee_number: 'E-1001', middle_name: 'K' })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json().employee_number, 'E-1001')
      assert.equal(res.json().middle_name, 'K')
    })

    test('shape errors stay 400 with pointers into the body as sent (an unknown field, a string for cents)', async () => {
      const body = await subscriberBody()
      body.subscriber.favourite_color = 'blue'
      ;(body.subscriber.employment_details as Record<string, unknown>).annual_earnings = '100000'
      const res = await admin.post('/v1/subscribers', body)
      assert.equal(res.statusCode, 400)
      const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
      assert.ok(pointers.includes('/subscriber/favourite_color'), res.body)
      assert.ok(pointers.includes('/subscriber/employment_details/annual_earnings'), res.body)
    })

    test('gender is accepted in any case (MALE, Female) and stored lowercase', async () => {
      const s = await givenSubscriber((b) => { b.subscriber.gender = 'MALE'; b.subscriber.dependents[0]!.gender = 'Female' })
      assert.equal(s.gender, 'male')
      assert.equal(s.dependents[0].gender, 'female')
    })

    test('a Feb 29 birthday (2000-02-29) is a real date and accepted; Feb 30 is a shape error', async () => {
      const s = await givenSubscriber((b) => { b.subscriber.birth_date = '2000-02-29' })
      assert.equal(s.birth_date, '2000-02-29')
      const body = await subscriberBody()
      body.subscriber.birth_date = '2001-02-29'
      assert.equal((await admin.post('/v1/subscribers', body)).statusCode, 400)
    })

    test('every one of the 40 relationship codes is accepted for a dependent except self', async () => {
      const { RELATIONSHIPS } = await import('../../src/modules/members/index.js')
      assert.equal(RELATIONSHIPS.length, 40)
      const s = await givenSubscriber((b) => { b.subscriber.dependents = [] })
      for (const rel of RELATIONSHIPS.filter((r) => r !== 'self' && r !== 'spouse' && r !== 'life_partner' && r !== 'registered_domestic_partner')) {
        const res = await admin.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'Dep', last_name: rel, birth_date: '2010-01-01', gender: 'unknown', subscriber_relationship: rel })
        assert.equal(res.statusCode, 201, `${rel}: ${res.body}`)
      }
      await refused({ first_name: 'Me', last_name: 'Again', birth_date: '2010-01-01', gender: 'male', subscriber_relationship: 'self' }, '/subscriber_relationship', admin, `/v1/subscribers/${s.id}/dependents`)
      assert.equal((await admin.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'X', last_name: 'Y', birth_date: '2010-01-01', gender: 'male', subscriber_relationship: 'roommate' })).statusCode, 400)
    })

    test('a birth date in the future is refused (422 with the pointer)', async () => {
      const body = await subscriberBody()
      body.subscriber.dependents[0]!.birth_date = '2026-12-25'
      await refused(body, '/subscriber/dependents/0/birth_date')
    })

    test('a child dependent older than the subscriber is refused (a son born in 1985 to a father born in 1990)', async () => {
      const body = await subscriberBody()
      body.subscriber.dependents.push({ first_name: 'Junior', last_name: 'Ideonu', birth_date: '1985-03-01', gender: 'male', subscriber_relationship: 'child' })
      await refused(body, '/subscriber/dependents/1/birth_date')
      body.subscriber.dependents[1]!.subscriber_relationship = 'step_son'
      await refused(body, '/subscriber/dependents/1/birth_date')
      body.subscriber.dependents[1]!.subscriber_relationship = 'father'
      assert.equal((await admin.post('/v1/subscribers', body)).statusCode, 201, 'a father may be older')
    })

    test('a spouse and a domestic partner at once is refused: one partner at a time', async () => {
      const body = await subscriberBody()
      body.subscriber.dependents.push({ first_name: 'Second', last_name: 'Spouse', birth_date: '1992-03-01', gender: 'female', subscriber_relationship: 'spouse' })
      await refused(body, '/subscriber/dependents/1/subscriber_relationship')
      const s = await givenSubscriber()
      await refused({ first_name: 'Later', last_name: 'Spouse', birth_date: '1992-03-01', gender: 'female', subscriber_relationship: 'spouse' }, '/subscriber_relationship', admin, `/v1/subscribers/${s.id}/dependents`)
      const ex = await admin.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'Former', last_name: 'Spouse', birth_date: '1992-03-01', gender: 'female', subscriber_relationship: 'ex_spouse' })
      assert.equal(ex.statusCode, 201, 'an ex-spouse is not a current partner')
    })

    for (const [ssn, why] of [['12345678', 'eight digits'], ['000-12-3456', 'area 000'], ['666-12-3456', 'area 666'], ['912-34-5678', 'area 9xx'], ['123-00-4567', 'group 00'], ['123-45-0000', 'serial 0000']] as const) {
      test(`an SSN that is never issued is refused: ${ssn} (${why})`, async () => {
        await refused(await subscriberBody(refs, ssn), '/subscriber/social_security_number')
      })
    }

    test('an SSN with dashes is accepted and masked', async () => {
      const s = await givenSubscriber((b) => { b.subscriber.social_security_number = '123-45-6789' })
      assert.equal(s.social_security_number, '***-**-6789')
    })

    test('a duplicate SSN of another subscriber of the same employer is refused; another employer may have it', async () => {
      const ssn = randomSsn()
      assert.equal((await admin.post('/v1/subscribers', await subscriberBody(refs, ssn))).statusCode, 201)
      await refused(await subscriberBody(refs, ssn), '/subscriber/social_security_number')
      const other = await givenEmployer(admin)
      assert.equal((await admin.post('/v1/subscribers', await subscriberBody(other, ssn))).statusCode, 201)
    })

    test('two concurrent POSTs with the same SSN: one 201, the other 422 (the unique index decides a true race)', async () => {
      const ssn = randomSsn()
      const [a, b] = await Promise.all([admin.post('/v1/subscribers', await subscriberBody(refs, ssn)), admin.post('/v1/subscribers', await subscriberBody(refs, ssn))])
      const codes = [a.statusCode, b.statusCode].sort()
      assert.deepEqual(codes, [201, 422], `${a.body} ${b.body}`)
      // On PostgreSQL both pass the lookup and the unique index refuses the loser; either way it is member-invalid.
      assert.equal((a.statusCode === 422 ? a : b).json().type, '/problems/member-invalid')
      const found = await admin.get(`/v1/subscribers?employer_id=${refs.employerId}&ssn=${ssn}`)
      assert.equal(found.json().data.length, 1)
    })

    test('a location of another employer is refused; so is a class id sent as subgroup', async () => {
      const other = await givenEmployer(admin)
      const body = await subscriberBody()
      body.subscriber.employer_id = refs.employerId
      body.subscriber.location_id = other.locationId
      await refused(body, '/subscriber/location_id')
      const wrongKind = await subscriberBody()
      ;(wrongKind.subscriber.subgroup as Record<string, unknown>).employment_classification_id = refs.classId
      await refused(wrongKind, '/subscriber/subgroup/employment_classification_id')
      const foreignClass = await subscriberBody()
      ;(foreignClass.subscriber.class as Record<string, unknown>).employment_classification_id = other.classId
      await refused(foreignClass, '/subscriber/class/employment_classification_id')
    })

    test('earnings effective before the employment starts are refused; a start date next year is fine', async () => {
      const body = await subscriberBody()
      ;(body.subscriber.employment_details as Record<string, unknown>).earnings_effective_date = '2026-10-31'
      await refused(body, '/subscriber/employment_details/earnings_effective_date')
      const s = await givenSubscriber((b) => {
        Object.assign(b.subscriber.employment_details as object, { start_date: '2027-02-01', earnings_effective_date: '2027-02-01' })
        Object.assign(b.subscriber.class as object, { effective_date: '2027-02-01' })
        Object.assign(b.subscriber.subgroup as object, { effective_date: '2027-02-01' })
      })
      assert.equal(s.employment_details.start_date, '2027-02-01')
      assert.equal((await admin.get(`/v1/subscribers/${s.id}?as_of=${TODAY}`)).json().employment_details, null, 'not employed yet today')
    })

    test('without location_id the employer_id is required', async () => {
      const body = await subscriberBody()
      delete body.subscriber.location_id
      await refused(body, '/subscriber/employer_id')
      body.subscriber.employer_id = refs.employerId
      assert.equal((await admin.post('/v1/subscribers', body)).statusCode, 201)
    })

    test('an address change effective Dec 1 leaves today\'s address as it is (as_of before and after)', async () => {
      const s = await givenSubscriber()
      const newAddress = { address_line_1: '9 Loudoun Street', city: 'Winchester', state: 'VA', zip: '22601' }
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', residential_address: newAddress }, { 'if-match': `"${s.version}"` })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.headers.etag, `"${s.version + 1}"`)
      assert.equal((await admin.get(`/v1/subscribers/${s.id}`)).json().residential_address.address_line_1, '34 B Street', 'today')
      assert.equal((await admin.get(`/v1/subscribers/${s.id}?as_of=2026-11-30`)).json().residential_address.address_line_1, '34 B Street')
      const later = (await admin.get(`/v1/subscribers/${s.id}?as_of=2026-12-01`)).json()
      assert.equal(later.residential_address.address_line_1, '9 Loudoun Street')
      assert.equal(later.mailing_address.address_line_1, '34 B Street', 'fields not sent are unchanged')
      assert.equal(later.first_name, 'Jason')
      const stale = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', last_name: 'X' }, { 'if-match': `"${s.version}"` })
      assert.equal(stale.statusCode, 412)
      assert.equal((await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', last_name: 'X' })).statusCode, 428)
    })

    // Retroactive changes are routine (HR keys in last month's move after this month's name
    // change): a change dated before later records must reach them, or the later record would
    // silently bring the old value back.
    test('a retroactive address change (Dec 1) keyed after a name change (Jan 1) is carried into the Jan 1 record; the new name stays', async () => {
      const s = await givenSubscriber()
      const renamed = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-01-01', last_name: 'Whitfield' }, { 'if-match': `"${s.version}"` })
      assert.equal(renamed.statusCode, 200, renamed.body)
      const moved = { address_line_1: '9 Loudoun Street', city: 'Winchester', state: 'VA', zip: '22601' }
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', residential_address: moved }, { 'if-match': `"${s.version + 1}"` })
      assert.equal(res.statusCode, 200, res.body)
      const nov = (await admin.get(`/v1/subscribers/${s.id}?as_of=2026-11-30`)).json()
      assert.equal(nov.residential_address.address_line_1, '34 B Street')
      assert.equal(nov.last_name, s.last_name)
      const dec = (await admin.get(`/v1/subscribers/${s.id}?as_of=2026-12-15`)).json()
      assert.equal(dec.residential_address.address_line_1, '9 Loudoun Street')
      assert.equal(dec.last_name, s.last_name)
      const jan = (await admin.get(`/v1/subscribers/${s.id}?as_of=2027-01-15`)).json()
      assert.equal(jan.residential_address.address_line_1, '9 Loudoun Street', 'the move is carried into the later record')
      assert.equal(jan.last_name, 'Whitfield', 'the later record keeps its own change')
      assert.equal(jan.mailing_address.address_line_1, '34 B Street', 'fields not sent are unchanged')
      const events = await api.database.db.selectFrom('events').select(['type', 'after']).where('aggregate_id', '=', s.id).where('type', '=', 'member.demographics_changed').orderBy('seq').execute()
      assert.deepEqual((events.at(-1)!.after as { carried_into?: string[] }).carried_into, ['2027-01-01'])
    })

    test('a later record that changed the same field keeps its value: the retroactive change holds only until then', async () => {
      const s = await givenSubscriber()
      const a = { address_line_1: '1 January Road', city: 'Winchester', state: 'VA', zip: '22601' }
      const b = { address_line_1: '2 December Lane', city: 'Winchester', state: 'VA', zip: '22601' }
      assert.equal((await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-01-01', residential_address: a }, { 'if-match': `"${s.version}"` })).statusCode, 200)
      assert.equal((await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', residential_address: b }, { 'if-match': `"${s.version + 1}"` })).statusCode, 200)
      assert.equal((await admin.get(`/v1/subscribers/${s.id}?as_of=2026-12-15`)).json().residential_address.address_line_1, '2 December Lane')
      assert.equal((await admin.get(`/v1/subscribers/${s.id}?as_of=2027-01-15`)).json().residential_address.address_line_1, '1 January Road')
    })

    test('a retroactive change of hours (Dec 1) keyed after a raise (Jan 1) reaches the Jan 1 record; the raise stays', async () => {
      const s = await givenSubscriber()
      assert.equal((await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-01-01', employment_details: { annual_earnings: 11_000_000 } }, { 'if-match': `"${s.version}"` })).statusCode, 200)
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-12-01', employment_details: { hours_per_week: 30, wage_frequency: 'biweekly' } }, { 'if-match': `"${s.version + 1}"` })
      assert.equal(res.statusCode, 200, res.body)
      const dec = (await admin.get(`/v1/subscribers/${s.id}?as_of=2026-12-15`)).json().employment_details
      assert.deepEqual([dec.hours_per_week, dec.wage_frequency, dec.annual_earnings], [30, 'biweekly', 10_000_000])
      const jan = (await admin.get(`/v1/subscribers/${s.id}?as_of=2027-01-15`)).json().employment_details
      assert.deepEqual([jan.hours_per_week, jan.wage_frequency, jan.annual_earnings, jan.earnings_effective_date], [30, 'biweekly', 11_000_000, '2027-01-01'])
    })

    test('a raise and a move to biweekly pay on Jan 1 keep the old pay through Dec 31; the class changes from Jan 1', async () => {
      const s = await givenSubscriber()
      const part = await admin.post(`/v1/employers/${refs.employerId}/employment-classifications`, { kind: 'class', name: `Part-time ${randomUUID().slice(0, 4)}`, effective_date: FIRST_OF_MONTH })
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-01-01', employment_details: { annual_earnings: 11_000_000, wage_frequency: 'biweekly', hours_per_week: 30 }, class: { employment_classification_id: part.json().id } }, { 'if-match': `"${s.version}"` })
      assert.equal(res.statusCode, 200, res.body)
      const dec = (await admin.get(`/v1/subscribers/${s.id}?as_of=2026-12-31`)).json()
      assert.equal(dec.employment_details.annual_earnings, 10_000_000)
      assert.equal(dec.employment_details.wage_frequency, 'weekly')
      assert.equal(dec.class.employment_classification_id, refs.classId)
      assert.equal(dec.class.end_date, '2026-12-31')
      const jan = (await admin.get(`/v1/subscribers/${s.id}?as_of=2027-01-01`)).json()
      assert.equal(jan.employment_details.annual_earnings, 11_000_000)
      assert.equal(jan.employment_details.earnings_effective_date, '2027-01-01')
      assert.equal(jan.employment_details.wage_frequency, 'biweekly')
      assert.equal(jan.employment_details.hours_per_week, 30)
      assert.equal(jan.employment_details.start_date, FIRST_OF_MONTH, 'the hire date stays')
      assert.equal(jan.class.employment_classification_id, part.json().id)
      assert.equal(jan.subgroup.employment_classification_id, refs.subgroupId, 'the subgroup is untouched')
      const { employmentAsOf } = await import('../../src/modules/members/index.js')
      const facts = await employmentAsOf(api.database.db, s.id, '2027-01-01')
      assert.equal(facts?.wage_frequency, 'biweekly')
      assert.equal(facts?.class_id, part.json().id)
      assert.equal((await employmentAsOf(api.database.db, s.id, '2026-10-31')), undefined, 'before the hire')
      const types = (await api.database.db.selectFrom('events').select('type').where('aggregate_id', '=', s.id).orderBy('seq').execute()).map((e) => e.type)
      assert.deepEqual(types, ['member.created', 'member.employment_changed', 'member.classification_changed'])
    })

    test('a dependent cannot be given employment; a dependent\'s name change goes through /members', async () => {
      const s = await givenSubscriber()
      const partner = s.dependents[0]
      const bad = await admin.put(`/v1/members/${partner.id}`, { effective_date: TODAY, employment_details: { status: 'full_time' } }, { 'if-match': '"1"' })
      assert.equal(bad.statusCode, 422)
      assert.equal(bad.json().errors[0].pointer, '/employment_details')
      assert.equal((await admin.put(`/v1/subscribers/${partner.id}`, { effective_date: TODAY, last_name: 'Ideonu' }, { 'if-match': '"1"' })).statusCode, 404, 'a dependent is not a subscriber')
      const ok = await admin.put(`/v1/members/${partner.id}`, { effective_date: TODAY, last_name: 'Ideonu' }, { 'if-match': '"1"' })
      assert.equal(ok.statusCode, 200, ok.body)
      assert.equal(ok.json().last_name, 'Ideonu')
    })

    test('a baby born last week is added later as a dependent and appears in the family', async () => {
      const s = await givenSubscriber()
      const res = await admin.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'Ada', last_name: 'Ideonu', birth_date: '2026-11-16', gender: 'female', subscriber_relationship: 'child', social_security_number: randomSsn() })
      assert.equal(res.statusCode, 201, res.body)
      assert.match(res.json().social_security_number, /^\*\*\*-\*\*-\d{4}$/)
      const family = (await admin.get(`/v1/subscribers/${s.id}`)).json()
      assert.deepEqual(family.dependents.map((d: { subscriber_relationship: string }) => d.subscriber_relationship), ['registered_domestic_partner', 'child'])
      const { findFamily } = await import('../../src/modules/members/index.js')
      const auth = { organization_id: admin.organization_id, client_id: admin.client_id, organization_type: 'administrator' as const, scopes: new Set<never>() }
      const fam = await findFamily(api.database.db, auth, s.id)
      assert.equal(fam?.dependents.length, 2)
      assert.equal(fam?.dependents[1]?.birth_date, '2026-11-16')
    })

    test('the SSN is never in an event: events carry the masked form only', async () => {
      const ssn = randomSsn()
      const depSsn = randomSsn()
      const body = await subscriberBody(refs, ssn)
      body.subscriber.dependents[0]!.social_security_number = depSsn
      const res = await admin.post('/v1/subscribers', body)
      assert.equal(res.statusCode, 201, res.body)
      const events = await api.database.db.selectFrom('events').select(['type', 'after']).where('employer_id', '=', refs.employerId).execute()
      const text = JSON.stringify(events)
      assert.ok(!text.includes(ssn) && !text.includes(depSsn), 'no plain SSN in any event')
      const mine = events.filter((e) => JSON.stringify(e.after).includes(res.json().id))
      assert.ok(mine.some((e) => e.type === 'member.created' && (e.after as { social_security_number: string }).social_security_number === `***-**-${ssn.slice(5)}`))
      assert.ok(mine.some((e) => e.type === 'member.dependent_added'))
      for (const url of [`/v1/subscribers/${res.json().id}`, `/v1/members/${res.json().dependents[0].id}`, `/v1/subscribers?ssn=${ssn}`]) {
        const got = await admin.get(url)
        assert.equal(got.statusCode, 200)
        assert.ok(!got.body.includes(ssn) && !got.body.includes(depSsn), url)
      }
    })

    test('a mistyped SSN is corrected (PUT social_security_number): found by the new one, not the old; the event carries masked forms only', async () => {
      // HR keyed 123-45-6798 for 123-45-6789: the carrier matches members by SSN, so it must be fixable.
      const typo = randomSsn()
      const right = randomSsn()
      const s = await givenSubscriber((b) => { b.subscriber.social_security_number = typo })
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, social_security_number: `${right.slice(0, 3)}-${right.slice(3, 5)}-${right.slice(5)}` }, { 'if-match': `"${s.version}"` })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().social_security_number, `***-**-${right.slice(5)}`)
      assert.equal(res.json().version, s.version + 1)
      assert.ok(!res.body.includes(right))
      assert.deepEqual((await admin.get(`/v1/subscribers?employer_id=${refs.employerId}&ssn=${right}`)).json().data.map((m: { id: string }) => m.id), [s.id])
      assert.equal((await admin.get(`/v1/subscribers?employer_id=${refs.employerId}&ssn=${typo}`)).json().data.length, 0)
      const events = await api.database.db.selectFrom('events').select(['type', 'before', 'after']).where('aggregate_id', '=', s.id).execute()
      const corrected = events.find((e) => e.type === 'member.ssn_corrected')
      assert.deepEqual([corrected?.before, corrected?.after], [{ social_security_number: `***-**-${typo.slice(5)}` }, { social_security_number: `***-**-${right.slice(5)}` }])
      const text = JSON.stringify(events)
      assert.ok(!text.includes(typo) && !text.includes(right), 'no plain SSN in any event')
      // The same SSN again changes nothing and records no second event.
      const again = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, social_security_number: right }, { 'if-match': `"${s.version + 1}"` })
      assert.equal(again.statusCode, 200, again.body)
      const after = await api.database.db.selectFrom('events').select('type').where('aggregate_id', '=', s.id).where('type', '=', 'member.ssn_corrected').execute()
      assert.equal(after.length, 1)
    })

    test("an SSN correction is refused when it is never issued, another family member's, or another subscriber's; null removes a dependent's", async () => {
      const s = await givenSubscriber()
      const partner = s.dependents[0]
      const depSsn = randomSsn()
      const withSsn = await admin.put(`/v1/members/${partner.id}`, { effective_date: TODAY, social_security_number: depSsn }, { 'if-match': `"${partner.version}"` })
      assert.equal(withSsn.statusCode, 200, withSsn.body)
      const cases: [string, number, string, string][] = [
        [`/v1/subscribers/${s.id}`, s.version, '912-34-5678', 'area number 912 is never issued'],
        [`/v1/subscribers/${s.id}`, s.version, depSsn, 'is the SSN of another member of this family'],
      ]
      for (const [url, version, ssn, detail] of cases) {
        const res = await admin.put(url, { effective_date: TODAY, social_security_number: ssn }, { 'if-match': `"${version}"` })
        assert.equal(res.statusCode, 422, res.body)
        assert.equal(res.json().type, '/problems/member-invalid')
        assert.deepEqual(res.json().errors, [{ pointer: '/social_security_number', detail }])
        assert.ok(!res.body.includes(ssn.replace(/-/g, '')) || ssn.startsWith('9'), 'the problem does not echo a valid SSN')
      }
      // Another subscriber's SSN.
      const known = randomSsn()
      await givenSubscriber((b) => { b.subscriber.social_security_number = known })
      const taken = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, social_security_number: known }, { 'if-match': `"${s.version}"` })
      assert.equal(taken.statusCode, 422, taken.body)
      assert.deepEqual(taken.json().errors, [{ pointer: '/social_security_number', detail: 'belongs to another subscriber of this employer' }])
      const removed = await admin.put(`/v1/members/${partner.id}`, { effective_date: TODAY, social_security_number: null }, { 'if-match': `"${partner.version + 1}"` })
      assert.equal(removed.statusCode, 200, removed.body)
      assert.equal(removed.json().social_security_number, null)
      // The subscriber may now take the SSN the partner no longer holds.
      const fixed = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, social_security_number: depSsn, gender: 'FEMALE' }, { 'if-match': `"${s.version}"` })
      assert.equal(fixed.statusCode, 200, fixed.body)
      assert.equal(fixed.json().gender, 'female')
      const types = (await api.database.db.selectFrom('events').select('type').where('aggregate_id', '=', s.id).execute()).map((e) => e.type)
      assert.ok(types.includes('member.gender_corrected') === (s.gender !== 'female'))
    })

    test("a subscriber's SSN correction and a new dependent with the same SSN at once: exactly one wins (the family is locked first)", async () => {
      const s = await givenSubscriber()
      const ssn = randomSsn()
      const [put, add] = await Promise.all([
        admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, social_security_number: ssn }, { 'if-match': `"${s.version}"` }),
        admin.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'Ada', last_name: 'Ideonu', birth_date: '2020-01-01', gender: 'female', subscriber_relationship: 'child', social_security_number: ssn }),
      ])
      const won = [put.statusCode === 200, add.statusCode === 201]
      assert.equal(won.filter(Boolean).length, 1, `${put.statusCode} ${put.body} ${add.statusCode} ${add.body}`)
      assert.equal((won[0] ? add : put).statusCode, 422)
    })

    test('lookup by employee number, external identifier and SSN (by keyed hash); resolveMemberId agrees', async () => {
      const number = `E-${randomUUID().slice(0, 6)}`
      const s = await givenSubscriber((b) => { b.subscriber.employee_number = number })
      const byNumber = await admin.get(`/v1/subscribers?employee_number=${number}`)
      assert.deepEqual(byNumber.json().data.map((m: { id: string }) => m.id), [s.id])
      const byExternal = await admin.get(`/v1/subscribers?external_identifier=${s.external_identifier}&employer_id=${refs.employerId}`)
      assert.deepEqual(byExternal.json().data.map((m: { id: string }) => m.id), [s.id])
      assert.equal((await admin.get('/v1/subscribers?ssn=12345')).statusCode, 400)
      const { resolveMemberId } = await import('../../src/modules/members/index.js')
      const auth = { organization_id: admin.organization_id, client_id: admin.client_id, organization_type: 'administrator' as const, scopes: new Set<never>() }
      assert.equal(await resolveMemberId(api.database.db, auth, number, 'employee_number'), s.id)
      assert.equal(await resolveMemberId(api.database.db, auth, s.dependents[0].external_identifier, 'employer_external_id', refs.employerId), s.dependents[0].id)
      assert.equal(await resolveMemberId(api.database.db, auth, s.id, 'person_id'), s.id)
      assert.equal(await resolveMemberId(api.database.db, auth, 'nobody', 'employee_number'), undefined)
    })

    test("another organization's subscriber is 404 everywhere and absent from lists", async () => {
      const s = await givenSubscriber()
      const stranger = await api.caller()
      assert.equal((await stranger.get(`/v1/subscribers/${s.id}`)).statusCode, 404)
      assert.equal((await stranger.get(`/v1/members/${s.dependents[0].id}`)).statusCode, 404)
      assert.equal((await stranger.get(`/v1/subscribers?external_identifier=${s.external_identifier}`)).json().data.length, 0)
      assert.equal((await stranger.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, last_name: 'X' }, { 'if-match': '"1"' })).statusCode, 404)
      const add = await stranger.post(`/v1/subscribers/${s.id}/dependents`, { first_name: 'A', last_name: 'B', birth_date: '2020-01-01', gender: 'male', subscriber_relationship: 'child' })
      assert.equal(add.statusCode, 404)
      const theirs = await stranger.post('/v1/subscribers', await subscriberBody())
      assert.equal(theirs.statusCode, 422, 'a location they cannot see')
    })

    test('a retried POST with the same Idempotency-Key returns the same subscriber, not a duplicate', async () => {
      const body = await subscriberBody()
      const key = randomUUID()
      const first = await admin.request({ method: 'POST', url: '/v1/subscribers', body, idempotencyKey: key })
      const again = await admin.request({ method: 'POST', url: '/v1/subscribers', body, idempotencyKey: key })
      assert.equal(first.statusCode, 201, first.body)
      assert.equal(again.statusCode, 201)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.equal(again.json().id, first.json().id)
      assert.equal(again.json().dependents[0].id, first.json().dependents[0].id)
    })

    test('a pay change dated before the hire, or a class change dated before a later one, is refused', async () => {
      const s = await givenSubscriber()
      const early = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2026-10-15', employment_details: { annual_earnings: 1 } }, { 'if-match': `"${s.version}"` })
      assert.equal(early.statusCode, 422, early.body)
      assert.equal(early.json().errors[0].pointer, '/effective_date')
      const other = await admin.post(`/v1/employers/${refs.employerId}/employment-classifications`, { kind: 'class', name: `Hourly ${randomUUID().slice(0, 4)}`, effective_date: FIRST_OF_MONTH })
      const v2 = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-03-01', class: { employment_classification_id: other.json().id } }, { 'if-match': `"${s.version}"` })
      assert.equal(v2.statusCode, 200, v2.body)
      const before = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: '2027-02-01', class: { employment_classification_id: refs.classId } }, { 'if-match': `"${s.version + 1}"` })
      assert.equal(before.statusCode, 422, before.body)
      assert.equal((await admin.get(`/v1/subscribers/${s.id}`)).headers.etag, `"${s.version + 1}"`, 'a refused change leaves the version as it was')
    })

    test('after a divorce (spouse → ex_spouse) a new spouse can be added; a second current spouse cannot', async () => {
      const s = await givenSubscriber((b) => { b.subscriber.dependents[0]!.subscriber_relationship = 'spouse' })
      const spouse = s.dependents[0]
      const newSpouse = { first_name: 'Maya', last_name: 'Ideonu', birth_date: '1993-04-02', gender: 'female', subscriber_relationship: 'spouse' }
      await refused(newSpouse, '/subscriber_relationship', admin, `/v1/subscribers/${s.id}/dependents`)
      const divorce = await admin.put(`/v1/members/${spouse.id}`, { effective_date: TODAY, subscriber_relationship: 'ex_spouse' }, { 'if-match': `"${spouse.version}"` })
      assert.equal(divorce.statusCode, 200, divorce.body)
      assert.equal(divorce.json().subscriber_relationship, 'ex_spouse')
      const remarried = await admin.post(`/v1/subscribers/${s.id}/dependents`, newSpouse)
      assert.equal(remarried.statusCode, 201, remarried.body)
      const back = await admin.put(`/v1/members/${spouse.id}`, { effective_date: TODAY, subscriber_relationship: 'spouse' }, { 'if-match': `"${spouse.version + 1}"` })
      assert.equal(back.statusCode, 422)
      const types = (await api.database.db.selectFrom('events').select('type').where('aggregate_id', '=', spouse.id).orderBy('seq').execute()).map((e) => e.type)
      assert.deepEqual(types, ['member.dependent_added', 'member.relationship_changed'])
    })

    test('a name change appends member.demographics_changed with before and after', async () => {
      const s = await givenSubscriber()
      const res = await admin.put(`/v1/subscribers/${s.id}`, { effective_date: TODAY, last_name: 'Ideonu-Partnero' }, { 'if-match': `"${s.version}"` })
      assert.equal(res.statusCode, 200, res.body)
      const event = await api.database.db.selectFrom('events').select(['type', 'before', 'after', 'actor']).where('aggregate_id', '=', s.id).where('type', '=', 'member.demographics_changed').executeTakeFirstOrThrow()
      assert.equal((event.before as { last_name: string }).last_name, 'Ideonu')
      assert.equal((event.after as { last_name: string }).last_name, 'Ideonu-Partnero')
      assert.equal(event.actor, admin.client_id)
    })

    test('subscribers are listed a page at a time in creation order', async () => {
      const r = await givenEmployer(admin)
      const ids: string[] = []
      for (let i = 0; i < 3; i++) {
        const res = await admin.post('/v1/subscribers', await subscriberBody(r))
        ids.push(res.json().id)
      }
      const first = await admin.get(`/v1/subscribers?employer_id=${r.employerId}&limit=2`)
      assert.equal(first.json().data.length, 2)
      const second = await admin.get(first.json().next)
      assert.deepEqual([...first.json().data, ...second.json().data].map((m: { id: string }) => m.id).sort(), [...ids].sort())
      assert.equal(second.json().next, null)
    })

    test('reading subscribers needs read:members', async () => {
      const reader = await api.caller({ scopes: ['read:employers'] })
      const res = await reader.get('/v1/subscribers')
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().required_scope, 'read:members')
    })
  })
}

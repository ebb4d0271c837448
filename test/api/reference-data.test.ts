import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { example, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

const NOW = '2026-11-23T12:00:00Z'
const FIRST_OF_MONTH = '2026-11-01'

for (const kind of testDatabases()) {
  describe(`locations, classifications, carriers and coverage periods on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    let employerId: string
    let planYear: { id: string; start_date: string; end_date: string }
    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      employerId = await givenEmployer(admin)
      const py = await admin.post('/v1/plan-years', { employer_id: employerId, name: '2026 Benefits', start_date: '2026-01-01', end_date: '2026-12-31' })
      assert.equal(py.statusCode, 201, py.body)
      planYear = py.json()
    })
    after(async () => api?.close())

    async function givenEmployer(caller: Caller): Promise<string> {
      const res = await caller.post('/v1/employers', { name: `Acme ${randomUUID().slice(0, 6)}` })
      assert.equal(res.statusCode, 201, res.body)
      return (res.json() as { id: string }).id
    }

    let planSets = 0
    /** Example 09's four plans; after the first set, names get a suffix (names are unique per plan year). */
    async function givenPlans(pyId = planYear.id): Promise<string[]> {
      const ids: string[] = []
      const suffix = planSets++ === 0 ? '' : ` ${planSets}`
      for (const body of await example('09-plans-life-disability.json', { plan_year_id: pyId }) as { name: string }[]) {
        const res = await admin.post('/v1/plans', { ...body, name: body.name + suffix })
        assert.equal(res.statusCode, 201, res.body)
        ids.push(res.json().id)
      }
      return ids
    }

    async function givenCarrier(caller = admin, payer = `P${randomUUID().slice(0, 8)}`): Promise<string> {
      const res = await caller.post('/v1/carriers', { name: 'Guardian', payer_id: payer })
      assert.equal(res.statusCode, 201, res.body)
      return res.json().id
    }

    test('example 05: a location is created, listed, read and replaced with If-Match', async () => {
      const res = await admin.post(`/v1/employers/${employerId}/locations`, await example('05-location.json'))
      assert.equal(res.statusCode, 201, res.body)
      const loc = res.json()
      assert.equal(loc.name, 'Winchester HQ')
      assert.equal(loc.employer_id, employerId)
      assert.equal(res.headers.location, `/v1/employers/${employerId}/locations/${loc.id}`)
      const list = await admin.get(`/v1/employers/${employerId}/locations`)
      assert.deepEqual(list.json().data.map((l: { id: string }) => l.id), [loc.id])
      const put = await admin.put(`/v1/employers/${employerId}/locations/${loc.id}`, { ...(await example('05-location.json') as object), city: 'Richmond' }, { 'if-match': '"1"' })
      assert.equal(put.statusCode, 200, put.body)
      assert.equal(put.json().city, 'Richmond')
      assert.equal(put.headers.etag, '"2"')
      const stale = await admin.put(`/v1/employers/${employerId}/locations/${loc.id}`, await example('05-location.json'), { 'if-match': '"1"' })
      assert.equal(stale.statusCode, 412)
    })

    test('a location under another employer id answers 404', async () => {
      const other = await givenEmployer(admin)
      const res = await admin.post(`/v1/employers/${employerId}/locations`, { ...(await example('05-location.json') as object), name: 'Elsewhere' })
      assert.equal((await admin.get(`/v1/employers/${other}/locations/${res.json().id}`)).statusCode, 404)
    })

    test('a location with a lowercase state is a shape error (400)', async () => {
      const res = await admin.post(`/v1/employers/${employerId}/locations`, { ...(await example('05-location.json') as object), state: 'va' })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().errors[0].pointer, '/state')
    })

    test('examples 06 and 07: a class and a subgroup effective the first of the month', async () => {
      const cls = await admin.post(`/v1/employers/${employerId}/employment-classifications`, await example('06-class.json', { first_of_current_month: FIRST_OF_MONTH }))
      assert.equal(cls.statusCode, 201, cls.body)
      assert.equal(cls.json().kind, 'class')
      assert.equal(cls.json().end_date, null)
      const sub = await admin.post(`/v1/employers/${employerId}/employment-classifications`, await example('07-subgroup.json', { first_of_current_month: FIRST_OF_MONTH }))
      assert.equal(sub.statusCode, 201, sub.body)
      const subgroups = await admin.get(`/v1/employers/${employerId}/employment-classifications?kind=subgroup`)
      assert.deepEqual(subgroups.json().data.map((c: { id: string }) => c.id), [sub.json().id])
      const got = await admin.get(`/v1/employers/${employerId}/employment-classifications/${cls.json().id}`)
      assert.equal(got.json().name, 'Full-time salaried')
    })

    test('a classification ending before it starts is refused; its kind cannot change', async () => {
      const bad = await admin.post(`/v1/employers/${employerId}/employment-classifications`, { kind: 'class', name: 'Seasonal', effective_date: '2026-06-01', end_date: '2026-05-31' })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().type, '/problems/invalid-date-range')
      const ok = await admin.post(`/v1/employers/${employerId}/employment-classifications`, { kind: 'class', name: 'Seasonal', effective_date: '2026-06-01', end_date: '2026-09-30' })
      const put = await admin.put(`/v1/employers/${employerId}/employment-classifications/${ok.json().id}`, { kind: 'subgroup', name: 'Seasonal', effective_date: '2026-06-01' }, { 'if-match': '"1"' })
      assert.equal(put.statusCode, 400)
      const ended = await admin.put(`/v1/employers/${employerId}/employment-classifications/${ok.json().id}`, { name: 'Seasonal', effective_date: '2026-06-01', end_date: '2026-10-31' }, { 'if-match': '"1"' })
      assert.equal(ended.statusCode, 200, ended.body)
      assert.equal(ended.json().end_date, '2026-10-31')
    })

    test('example 08: a carrier is visible only to the organization that added it', async () => {
      const res = await admin.post('/v1/carriers', await example('08-carrier.json'))
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json().payer_id, 'GUARD')
      assert.equal(res.json().organization_id, admin.organization_id)
      const other = await api.caller()
      assert.equal((await other.get(`/v1/carriers/${res.json().id}`)).statusCode, 404)
      assert.equal((await other.get('/v1/carriers')).json().data.length, 0)
      const again = await other.post('/v1/carriers', await example('08-carrier.json'))
      assert.equal(again.statusCode, 201, 'another organization may configure the same payer')
      const dup = await admin.post('/v1/carriers', await example('08-carrier.json'))
      assert.equal(dup.statusCode, 409)
    })

    test('example 10: a coverage period links the four plans to the carrier that insures them', async () => {
      const planIds = await givenPlans()
      const carrierId = await givenCarrier()
      const [vol, basic, std, ltd] = planIds
      const body = await example('10-coverage-period.json', { employer_id: employerId, carrier_id: carrierId, plan_year_start: planYear.start_date, plan_year_end: planYear.end_date, voluntary_life_add_plan_id: vol!, basic_life_add_plan_id: basic!, std_plan_id: std!, ltd_plan_id: ltd! })
      const res = await admin.post('/v1/coverage-periods', body)
      assert.equal(res.statusCode, 201, res.body)
      const period = res.json()
      assert.deepEqual([...period.plan_ids].sort(), [...planIds].sort())
      const got = await admin.get(`/v1/coverage-periods/${period.id}`)
      assert.deepEqual([...got.json().plan_ids].sort(), [...planIds].sort())
      for (const id of planIds) assert.equal((await admin.get(`/v1/plans/${id}`)).json().carrier_id, carrierId)
      const list = await admin.get(`/v1/coverage-periods?employer_id=${employerId}&carrier_id=${carrierId}`)
      assert.deepEqual(list.json().data.map((p: { id: string }) => p.id), [period.id])
      const events = await api.database.db.selectFrom('events').select('type').where('aggregate_id', '=', period.id).execute()
      assert.deepEqual(events.map((e) => e.type), ['coverage_period.created'])

      const overlap = await admin.post('/v1/coverage-periods', { ...(body as object), start_date: '2026-06-01', end_date: '2027-05-31', plan_ids: [vol] })
      assert.equal(overlap.statusCode, 409)
      assert.equal(overlap.json().type, '/problems/coverage-period-overlap')

      const otherCarrier = await givenCarrier()
      const stolen = await admin.post('/v1/coverage-periods', { ...(body as object), carrier_id: otherCarrier })
      assert.equal(stolen.statusCode, 422, 'a plan insured by Guardian cannot be listed under another carrier')
      assert.equal(stolen.json().errors[0].pointer, '/plan_ids/0')
    })

    test('a plan of another employer in plan_ids is a 422 pointing at it', async () => {
      const other = await givenEmployer(admin)
      const py = await admin.post('/v1/plan-years', { employer_id: other, name: '2026', start_date: '2026-01-01', end_date: '2026-12-31' })
      const foreign = await givenPlans(py.json().id)
      const mine = await givenPlans()
      const carrierId = await givenCarrier()
      const res = await admin.post('/v1/coverage-periods', { employer_id: employerId, carrier_id: carrierId, start_date: '2026-01-01', end_date: '2026-12-31', plan_ids: [mine[0], mine[1], foreign[0]] })
      assert.equal(res.statusCode, 422)
      assert.equal(res.json().type, '/problems/coverage-period-invalid')
      assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/plan_ids/2'])
      assert.equal((await admin.get(`/v1/plans/${mine[0]}`)).json().carrier_id, null, 'nothing was written')
    })

    test('a carrier is renamed with If-Match; a stale version is 412', async () => {
      const id = await givenCarrier()
      const res = await admin.put(`/v1/carriers/${id}`, { name: 'Guardian Life', payer_id: 'GUARD-2' }, { 'if-match': '"1"' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().name, 'Guardian Life')
      assert.equal((await admin.put(`/v1/carriers/${id}`, { name: 'X', payer_id: 'GUARD-3' }, { 'if-match': '"1"' })).statusCode, 412)
      const stranger = await api.caller()
      assert.equal((await stranger.put(`/v1/carriers/${id}`, { name: 'X', payer_id: 'GUARD-3' }, { 'if-match': '"2"' })).statusCode, 404)
    })

    test("another organization cannot see or add to this employer's locations and classifications (404)", async () => {
      const stranger = await api.caller()
      assert.equal((await stranger.get(`/v1/employers/${employerId}/locations`)).statusCode, 404)
      assert.equal((await stranger.post(`/v1/employers/${employerId}/locations`, { ...(await example('05-location.json') as object), name: 'Intruder' })).statusCode, 404)
      assert.equal((await stranger.get(`/v1/employers/${employerId}/employment-classifications`)).statusCode, 404)
    })

    test('a coverage period in which a plan does not exist (a 2030 period for a 2026 plan) is a 422 pointing at the plan', async () => {
      // Before, it was accepted and made the carrier insure the plan through a period the plan has no year in.
      const mine = await givenPlans()
      const carrierId = await givenCarrier()
      const res = await admin.post('/v1/coverage-periods', { employer_id: employerId, carrier_id: carrierId, start_date: '2030-01-01', end_date: '2030-12-31', plan_ids: [mine[0]] })
      assert.equal(res.statusCode, 422, res.body)
      assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/plan_ids/0'])
      assert.match(res.json().errors[0].detail, /does not overlap the period/)
      assert.equal((await admin.get(`/v1/plans/${mine[0]}`)).json().carrier_id, null, 'nothing was written')
    })

    test('a coverage period ending before it starts is a 400 invalid-date-range', async () => {
      const carrierId = await givenCarrier()
      const res = await admin.post('/v1/coverage-periods', { employer_id: employerId, carrier_id: carrierId, start_date: '2026-12-31', end_date: '2026-01-01', plan_ids: [randomUUID()] })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().type, '/problems/invalid-date-range')
    })

    test("another organization's carrier cannot be used in a coverage period", async () => {
      const stranger = await api.caller()
      const theirs = await givenCarrier(stranger)
      const mine = await givenPlans()
      const res = await admin.post('/v1/coverage-periods', { employer_id: employerId, carrier_id: theirs, start_date: '2026-01-01', end_date: '2026-12-31', plan_ids: [mine[0]] })
      assert.equal(res.statusCode, 422)
      assert.equal(res.json().errors[0].pointer, '/carrier_id')
      assert.equal((await stranger.get(`/v1/coverage-periods?employer_id=${employerId}`)).json().data.length, 0)
    })
  })
}

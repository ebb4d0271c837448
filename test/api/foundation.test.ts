import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { example, expectProblem, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

for (const kind of testDatabases()) {
  describe(`foundation on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    before(async () => {
      api = await givenApi(kind, { now: '2026-11-23T12:00:00Z' })
      admin = await api.caller()
    })
    after(async () => api?.close())

    async function givenEmployer(caller = admin, name = `Acme ${randomUUID().slice(0, 6)}`) {
      const res = await caller.post('/v1/employers', { name, tax_id: '12-3456789' })
      assert.equal(res.statusCode, 201, res.body)
      return res.json() as { id: string; version: number }
    }

    async function givenPlanYear(employerId: string, body: Record<string, unknown> = {}) {
      const res = await admin.post('/v1/plan-years', { employer_id: employerId, name: '2026 Benefits', start_date: '2026-01-01', end_date: '2026-12-31', ...body })
      assert.equal(res.statusCode, 201, res.body)
      return res.json() as { id: string; version: number; status: string }
    }

    describe('auth', () => {
      test('no token → 401 with WWW-Authenticate and a problem document', async () => {
        const res = await api.app.inject({ method: 'GET', url: '/v1/plans' })
        assert.equal(res.statusCode, 401)
        assert.match(String(res.headers['www-authenticate']), /^Bearer/)
        assert.match(String(res.headers['content-type']), /application\/problem\+json/)
        assert.equal(res.json().type, '/problems/unauthenticated')
      })

      test('a forged or garbled token → 401 invalid-token', async () => {
        const res = await api.app.inject({ method: 'GET', url: '/v1/plans', headers: { authorization: `Bearer ${admin.token.slice(0, -4)}AAAA` } })
        assert.equal(res.statusCode, 401)
        assert.equal(res.json().type, '/problems/invalid-token')
        assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/)
      })

      test('an expired token → 401 (tokens last an hour)', async () => {
        const later = await givenApi(kind, { now: '2026-11-23T14:00:00Z' })
        try {
          const res = await later.app.inject({ method: 'GET', url: '/v1/plans', headers: { authorization: `Bearer ${admin.token}` } })
          assert.equal(res.statusCode, 401) // signed by another database's key, and expired: both refuse it
        } finally {
          await later.close()
        }
      })

      test('token by HTTP Basic and by form body; wrong secret → 401 invalid_client (RFC 6749)', async () => {
        const { createClient } = await import('../../src/modules/organizations/index.js')
        const c = await createClient(api.database.db, { organization: `Basic Org ${randomUUID()}`, type: 'broker', scopes: 'read:plans' })
        const basic = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { authorization: `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' })
        assert.equal(basic.statusCode, 200, basic.body)
        assert.equal(basic.json().token_type, 'Bearer')
        assert.equal(basic.json().scope, 'read:plans')
        assert.equal(basic.headers['cache-control'], 'no-store')
        const form = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${c.client_id}&client_secret=${c.client_secret}` })
        assert.equal(form.statusCode, 200)
        const wrong = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${c.client_id}&client_secret=nope` })
        assert.equal(wrong.statusCode, 401)
        assert.equal(wrong.json().error, 'invalid_client')
        // An empty body with Basic credentials, or a body of the wrong shape: RFC 6749 invalid_request, not a problem document.
        for (const payload of [undefined, '[]', '{bad']) {
          const empty = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { authorization: `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload } : {}) })
          assert.equal(empty.statusCode, 400, empty.body)
          assert.equal(empty.json().error, 'invalid_request', empty.body)
        }
        const grant = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password' })
        assert.equal(grant.json().error, 'unsupported_grant_type')
        const scope = await api.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${c.client_id}&client_secret=${c.client_secret}&scope=write:plans` })
        assert.equal(scope.json().error, 'invalid_scope')
      })

      test('a token without write:plans → 403 naming the scope', async () => {
        const reader = await api.caller({ scopes: ['read:plans', 'read:planyears'] })
        const res = await reader.post('/v1/plans', { plan_year_id: randomUUID(), name: 'X', plan_type: 'medical' })
        assert.equal(res.statusCode, 403)
        assert.equal(res.json().type, '/problems/insufficient-scope')
        assert.equal(res.json().required_scope, 'write:plans')
        assert.match(String(res.headers['www-authenticate']), /insufficient_scope/)
      })
    })

    describe('tenancy', () => {
      test("another organization's employer, plan year and plan answer 404, never 403", async () => {
        const employer = await givenEmployer()
        const py = await givenPlanYear(employer.id)
        const plan = await admin.post('/v1/plans', { plan_year_id: py.id, name: 'Medical', plan_type: 'medical' })
        assert.equal(plan.statusCode, 201, plan.body)
        const stranger = await api.caller({ type: 'broker' })
        for (const url of [`/v1/employers/${employer.id}`, `/v1/plan-years/${py.id}`, `/v1/plans/${plan.json().id}`]) {
          const res = await stranger.get(url)
          assert.equal(res.statusCode, 404, url)
          assert.equal(res.json().type, '/problems/not-found')
        }
        const list = await stranger.get(`/v1/plans?plan_year_id=${py.id}`)
        assert.deepEqual(list.json().data, [])
        const write = await stranger.post('/v1/plan-years', { employer_id: employer.id, name: 'x', start_date: '2027-01-01', end_date: '2027-12-31' })
        assert.equal(write.statusCode, 404)
      })

      test('an employer grants a broker access; the broker then sees its plan years', async () => {
        const owner = await api.caller({ type: 'employer' })
        const employer = await givenEmployer(owner)
        const broker = await api.caller({ type: 'broker' })
        assert.equal((await broker.get(`/v1/employers/${employer.id}`)).statusCode, 404)
        const grant = await owner.post(`/v1/employers/${employer.id}/access-grants`, { organization_id: broker.organization_id })
        assert.equal(grant.statusCode, 201, grant.body)
        assert.equal((await broker.get(`/v1/employers/${employer.id}`)).statusCode, 200)
        // a grantee cannot pass access on
        const third = await api.caller({ type: 'administrator' })
        const regrant = await broker.post(`/v1/employers/${employer.id}/access-grants`, { organization_id: third.organization_id })
        assert.equal(regrant.statusCode, 403)
      })

      test('an employer organization has exactly one employer: its own', async () => {
        const owner = await api.caller({ type: 'employer' })
        await givenEmployer(owner)
        const second = await owner.post('/v1/employers', { name: 'Second' })
        assert.equal(second.statusCode, 409)
        assert.equal(second.json().type, '/problems/employer-already-linked')
        assert.equal((await owner.get('/v1/employers')).json().data.length, 1)
      })
    })

    describe('idempotency', () => {
      test('same key + same body → the stored response with Idempotent-Replayed; other body → 409', async () => {
        const key = randomUUID()
        const body = { name: `Replay ${key}`, tax_id: '12-3456789' }
        const first = await admin.request({ method: 'POST', url: '/v1/employers', body, idempotencyKey: key })
        assert.equal(first.statusCode, 201)
        const again = await admin.request({ method: 'POST', url: '/v1/employers', body: { tax_id: '12-3456789', name: body.name }, idempotencyKey: key })
        assert.equal(again.statusCode, 201)
        assert.equal(again.headers['idempotent-replayed'], 'true')
        assert.equal(again.body, first.body)
        const other = await admin.request({ method: 'POST', url: '/v1/employers', body: { name: 'Different' }, idempotencyKey: key })
        assert.equal(other.statusCode, 409)
        assert.equal(other.json().type, '/problems/idempotency-key-reused')
      })

      test('missing or malformed Idempotency-Key → 400', async () => {
        const missing = await admin.request({ method: 'POST', url: '/v1/employers', body: { name: 'x' }, idempotencyKey: null })
        assert.equal(missing.statusCode, 400)
        assert.equal(missing.json().type, '/problems/idempotency-key-required')
        const bad = await admin.request({ method: 'POST', url: '/v1/employers', body: { name: 'x' }, idempotencyKey: 'not-a-uuid' })
        assert.equal(bad.json().type, '/problems/idempotency-key-invalid')
        const v1 = await admin.request({ method: 'POST', url: '/v1/employers', body: { name: 'x' }, idempotencyKey: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' })
        assert.equal(v1.json().type, '/problems/idempotency-key-invalid')
      })

      test('50 concurrent identical POSTs create exactly one record', async () => {
        const key = randomUUID()
        const name = `Concurrent ${key}`
        const results = await Promise.all(Array.from({ length: 50 }, () => admin.request({ method: 'POST', url: '/v1/employers', body: { name }, idempotencyKey: key })))
        const statuses = results.map((r) => r.statusCode)
        assert.ok(statuses.every((s) => s === 201 || s === 409), `unexpected statuses ${[...new Set(statuses)]}`)
        const created = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id))
        assert.equal(created.size, 1)
        const rows = await api.database.db.selectFrom('employers').select('id').where('name', '=', name).execute()
        assert.equal(rows.length, 1)
        for (const r of results.filter((r) => r.statusCode === 409)) assert.equal(r.json().type, '/problems/idempotency-key-in-flight')
      })

      test('a failed request releases its key so the corrected retry succeeds', async () => {
        const key = randomUUID()
        const bad = await admin.request({ method: 'POST', url: '/v1/plan-years', body: { employer_id: randomUUID(), name: 'x', start_date: '2026-01-01', end_date: '2026-12-31' }, idempotencyKey: key })
        assert.equal(bad.statusCode, 404)
        const employer = await givenEmployer()
        const retry = await admin.request({ method: 'POST', url: '/v1/plan-years', body: { employer_id: employer.id, name: 'x', start_date: '2030-01-01', end_date: '2030-12-31' }, idempotencyKey: key })
        assert.equal(retry.statusCode, 201, retry.body)
      })
    })

    describe('plan years', () => {
      test('overlapping plan years of one employer → 409; adjacent years are fine', async () => {
        const employer = await givenEmployer()
        await givenPlanYear(employer.id)
        const overlap = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Mid-year', start_date: '2026-07-01', end_date: '2027-06-30' })
        assert.equal(overlap.statusCode, 409)
        assert.equal(overlap.json().type, '/problems/plan-year-overlap')
        const next = await admin.post('/v1/plan-years', { employer_id: employer.id, name: '2027', start_date: '2027-01-01', end_date: '2027-12-31' })
        assert.equal(next.statusCode, 201)
      })

      test('two concurrent overlapping plan years: exactly one wins (exclusion constraint)', async () => {
        const employer = await givenEmployer()
        const [a, b] = await Promise.all([
          admin.post('/v1/plan-years', { employer_id: employer.id, name: 'A', start_date: '2028-01-01', end_date: '2028-12-31' }),
          admin.post('/v1/plan-years', { employer_id: employer.id, name: 'B', start_date: '2028-06-01', end_date: '2029-05-31' }),
        ])
        assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 409])
        assert.equal((a.statusCode === 409 ? a : b).json().type, '/problems/plan-year-overlap')
      })

      test('end before start, a window after the year, run-out before the end → 400 with pointers', async () => {
        const employer = await givenEmployer()
        const res = await admin.post('/v1/plan-years', {
          employer_id: employer.id, name: 'Broken', start_date: '2026-01-01', end_date: '2025-12-31',
        })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/end_date'])
        const res2 = await admin.post('/v1/plan-years', {
          employer_id: employer.id, name: 'Broken', start_date: '2026-01-01', end_date: '2026-12-31',
          enrollment_window: { start_date: '2027-01-05', end_date: '2027-01-10' }, runout_end_date: '2026-06-30',
        })
        assert.equal(res2.statusCode, 400)
        assert.equal(res2.json().type, '/problems/invalid-date-range')
        assert.deepEqual(res2.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/enrollment_window/end_date', '/enrollment_window/start_date', '/runout_end_date'])
      })

      test('values PostgreSQL cannot hold are 400s with their pointers: year 0000, a version past 2^31−1', async () => {
        // Before, they reached the database and came back as a 400 without `errors`.
        const employer = await givenEmployer()
        const zero = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Zero', start_date: '0000-01-01', end_date: '0000-12-31' })
        assert.deepEqual(expectProblem(zero, 400, 'validation').errors.map((e) => e.pointer).sort(), ['/end_date', '/start_date'])
        assert.deepEqual(expectProblem(await admin.get('/v1/enrollments?as_of=0000-01-01'), 400, 'validation').errors.map((e) => e.pointer), ['/as_of'])
        assert.deepEqual(expectProblem(await admin.get('/v1/enrollments?known_at=0000-01-01T00:00:00Z'), 400, 'validation').errors.map((e) => e.pointer), ['/known_at'])
        const py = (await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Versioned', start_date: '2026-01-01', end_date: '2026-12-31' })).json()
        const body = { name: 'Versioned', start_date: '2026-01-01', end_date: '2026-12-31' }
        assert.deepEqual(expectProblem(await admin.put(`/v1/plan-years/${py.id}`, body, { 'if-match': '"2147483648"' }), 400, 'validation').errors.map((e) => e.pointer), ['/If-Match'])
        assert.deepEqual(expectProblem(await admin.put(`/v1/plan-years/${py.id}`, { ...body, version: 2147483648 }), 400, 'validation').errors.map((e) => e.pointer), ['/version'])
      })

      test('twelve months from Feb 29 end on Feb 28; a thirteenth month is refused; 9999 is a year like any other', async () => {
        const employer = await givenEmployer()
        const leap = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Leap', start_date: '2028-02-29', end_date: '2029-02-28' })
        assert.equal(leap.statusCode, 201, leap.body)
        // …and twelve months from Mar 1 end on Feb 29 in a leap year (a first fix refused that).
        const toLeap = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'To leap', start_date: '2031-03-01', end_date: '2032-02-29' })
        assert.equal(toLeap.statusCode, 201, toLeap.body)
        const long = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Long', start_date: '2030-03-01', end_date: '2031-03-01' })
        assert.equal(long.statusCode, 400)
        assert.deepEqual(long.json().errors, [{ pointer: '/end_date', detail: 'a plan year lasts at most 12 months: end_date must be on or before 2031-02-28' }])
        const last = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'Last', start_date: '9999-01-01', end_date: '9999-12-31' })
        assert.equal(last.statusCode, 201, last.body)
      })

      test('a non-existent date (2026-02-30) is refused with its pointer', async () => {
        const employer = await givenEmployer()
        const res = await admin.post('/v1/plan-years', { employer_id: employer.id, name: 'x', start_date: '2026-02-30', end_date: '2026-12-31' })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().errors[0].pointer, '/start_date')
      })

      test('status and relevance=ACTIONABLE follow the dates (today 2026-11-23)', async () => {
        const employer = await givenEmployer()
        const current = await givenPlanYear(employer.id, { enrollment_window: { start_date: '2025-11-01', end_date: '2025-11-30' }, runout_end_date: '2027-03-31' })
        assert.equal(current.status, 'Active')
        const upcoming = await givenPlanYear(employer.id, { name: '2027', start_date: '2027-01-01', end_date: '2027-12-31', enrollment_window: { start_date: '2026-11-01', end_date: '2026-11-30' } })
        assert.equal(upcoming.status, 'Upcoming')
        const old = await givenPlanYear(employer.id, { name: '2024', start_date: '2024-01-01', end_date: '2024-12-31' })
        assert.equal(old.status, 'Closed')
        const actionable = await admin.get(`/v1/plan-years?employer_id=${employer.id}&relevance=ACTIONABLE`)
        assert.deepEqual(actionable.json().data.map((p: { id: string }) => p.id), [upcoming.id])
        const active = await admin.get(`/v1/plan-years?employer_id=${employer.id}&status=active`)
        assert.deepEqual(active.json().data.map((p: { id: string }) => p.id), [current.id])
        const y2024 = await admin.get(`/v1/plan-years?employer_id=${employer.id}&year=2024`)
        assert.deepEqual(y2024.json().data.map((p: { id: string }) => p.id), [old.id])
        const bad = await admin.get(`/v1/plan-years?status=open`)
        assert.equal(bad.statusCode, 400)
        assert.equal(bad.json().errors[0].pointer, '/status')
      })

      test('PUT needs If-Match; a stale one → 412; two concurrent PUTs with one If-Match → one 412', async () => {
        const employer = await givenEmployer()
        const py = await givenPlanYear(employer.id, { start_date: '2031-01-01', end_date: '2031-12-31' })
        const body = { name: 'Renamed', start_date: '2031-01-01', end_date: '2031-12-31' }
        const missing = await admin.put(`/v1/plan-years/${py.id}`, body)
        assert.equal(missing.statusCode, 428)
        const get = await admin.get(`/v1/plan-years/${py.id}`)
        const etag = String(get.headers.etag)
        assert.equal(etag, '"1"')
        const [a, b] = await Promise.all([
          admin.put(`/v1/plan-years/${py.id}`, body, { 'if-match': etag }),
          admin.put(`/v1/plan-years/${py.id}`, { ...body, name: 'Other' }, { 'if-match': etag }),
        ])
        assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 412])
        const stale = await admin.put(`/v1/plan-years/${py.id}`, body, { 'if-match': etag })
        assert.equal(stale.statusCode, 412)
        assert.equal(stale.json().type, '/problems/version-mismatch')
        const ok = await admin.put(`/v1/plan-years/${py.id}`, { ...body, version: 2 })
        assert.equal(ok.statusCode, 200)
        assert.equal(ok.headers.etag, '"3"')
      })
    })

    describe('plans', () => {
      test('the example requests 01–04 work as written', async () => {
        const emp = await admin.post('/v1/employers', await example('01-employer.json'))
        assert.equal(emp.statusCode, 201, emp.body)
        const py = await admin.post('/v1/plan-years', await example('02-plan-year.json', { employer_id: emp.json().id }))
        assert.equal(py.statusCode, 201, py.body)
        const medical = await admin.post('/v1/plans', await example('03-plan-medical.json', { plan_year_id: py.json().id }))
        assert.equal(medical.statusCode, 201, medical.body)
        const hsa = await admin.post('/v1/plans', await example('04-plan-hsa.json', { plan_year_id: py.json().id }))
        assert.equal(hsa.statusCode, 201, hsa.body)
        assert.equal(hsa.json().rules.annual_contribution_max_cents, 440000)
        assert.equal(medical.headers.location, `/v1/plans/${medical.json().id}`)
        const got = await admin.get(`/v1/plans/${hsa.json().id}`)
        assert.equal(got.statusCode, 200)
        assert.equal(got.headers.etag, '"1"')
      })

      test('a 2026 HSA cap one cent above the IRS self-only limit → 400 pointing at the field', async () => {
        const employer = await givenEmployer()
        const py = await givenPlanYear(employer.id)
        const res = await admin.post('/v1/plans', { plan_year_id: py.id, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 440001 } })
        assert.equal(res.statusCode, 400)
        assert.ok(res.json().errors.some((e: { pointer: string }) => e.pointer === '/rules/annual_contribution_max_cents'), res.body)
      })

      test('unknown plan_type, unknown fields and wrong types → 400 with every pointer', async () => {
        const res = await admin.post('/v1/plans', { plan_year_id: 'nope', name: '', plan_type: 'pet_insurance', colour: 'red' })
        assert.equal(res.statusCode, 400)
        const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
        for (const p of ['/plan_year_id', '/name', '/plan_type', '/colour']) assert.ok(pointers.includes(p), `${p} in ${pointers}`)
      })

      test('lists page with an opaque cursor and a next link, in a stable order', async () => {
        const employer = await givenEmployer()
        const py = await givenPlanYear(employer.id)
        for (let i = 0; i < 5; i++) assert.equal((await admin.post('/v1/plans', { plan_year_id: py.id, name: `P${i}`, plan_type: 'dental' })).statusCode, 201)
        const seen: string[] = []
        let url: string | null = `/v1/plans?plan_year_id=${py.id}&limit=2`
        while (url) {
          const page = await admin.get(url)
          assert.equal(page.statusCode, 200)
          seen.push(...page.json().data.map((p: { name: string }) => p.name))
          url = page.json().next
        }
        // Stable order: paging yields exactly the single-page listing, each plan once.
        const all = (await admin.get(`/v1/plans?plan_year_id=${py.id}&limit=100`)).json().data.map((p: { name: string }) => p.name)
        assert.deepEqual(seen, all)
        assert.deepEqual([...seen].sort(), ['P0', 'P1', 'P2', 'P3', 'P4'])
        const bad = await admin.get(`/v1/plans?cursor=garbage`)
        assert.equal(bad.json().type, '/problems/invalid-cursor')
      })
    })

    describe('errors', () => {
      test('broken JSON → 400 problem+json saying where', async () => {
        const res = await api.app.inject({ method: 'POST', url: '/v1/employers', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, payload: '{"name": "Acme",\n "tax_id": }' })
        assert.equal(res.statusCode, 400)
        assert.match(String(res.headers['content-type']), /application\/problem\+json/)
        assert.equal(res.json().type, '/problems/malformed-json')
        assert.equal(res.json().line, 2)
      })

      test('unknown route → 404, wrong method → 405 with Allow, wrong media type → 415, huge body → 413', async () => {
        const h = { authorization: `Bearer ${admin.token}` }
        const nf = await api.app.inject({ method: 'GET', url: '/v1/nothing-here', headers: h })
        assert.equal(nf.statusCode, 404)
        assert.equal(nf.json().type, '/problems/route-not-found')
        const na = await api.app.inject({ method: 'DELETE', url: '/v1/plans', headers: h })
        assert.equal(na.statusCode, 405)
        assert.match(String(na.headers.allow), /GET/)
        const um = await api.app.inject({ method: 'POST', url: '/v1/employers', headers: { ...h, 'content-type': 'text/plain', 'idempotency-key': randomUUID() }, payload: 'hi' })
        assert.equal(um.statusCode, 415)
        const big = await api.app.inject({ method: 'POST', url: '/v1/employers', headers: { ...h, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) })
        assert.equal(big.statusCode, 413)
        assert.equal(big.json().type, '/problems/body-too-large')
      })

      test('/openapi.json is OpenAPI 3.1 listing every scope and route', async () => {
        const res = await api.app.inject({ method: 'GET', url: '/openapi.json' })
        const doc = res.json()
        assert.equal(doc.openapi, '3.1.0')
        const scopes = Object.keys(doc.components.securitySchemes.oauth2.flows.clientCredentials.scopes)
        for (const s of ['read:planyears', 'write:planyears', 'read:plans', 'write:plans', 'read:enrollments', 'read:elections']) assert.ok(scopes.includes(s))
        for (const p of ['/v1/plan-years', '/v1/plans/{plan_id}', '/v1/employers', '/oauth/token']) assert.ok(doc.paths[p], p)
      })

      test('/healthz and /readyz', async () => {
        assert.equal((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
        const ready = await api.app.inject({ method: 'GET', url: '/readyz' })
        assert.equal(ready.statusCode, 200)
        assert.equal(ready.json().database, kind)
      })
    })
  })
}

// The plan POST's one-statement path (plans/service.ts createPlanInOneStatement): after a first
// POST has read the plan year, later POSTs to it insert the plan and the Idempotency-Key's stored
// response in one statement. Every answer must be what the transaction path gives.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { expectProblem, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'
import { createPlanInOneStatement } from '../../src/modules/plans/service.js'
import { planWriteBatcher } from '../../src/modules/plans/queries.js'

for (const kind of testDatabases()) {
  describe(`plan POST in one statement on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    before(async () => {
      api = await givenApi(kind, { now: '2026-11-23T12:00:00Z' })
      admin = await api.caller()
    })
    after(async () => api?.close())

    /** An employer and plan year, and a first plan so the plan year is known to the one-statement path. */
    async function givenWarmPlanYear(start = '2026-01-01', end = '2026-12-31') {
      const employer = await admin.post('/v1/employers', { name: `Acme ${randomUUID().slice(0, 8)}` })
      assert.equal(employer.statusCode, 201, employer.body)
      const py = await admin.post('/v1/plan-years', { employer_id: employer.json().id, name: 'Benefits', start_date: start, end_date: end })
      assert.equal(py.statusCode, 201, py.body)
      const first = await admin.post('/v1/plans', { plan_year_id: py.json().id, name: 'Dental', plan_type: 'dental' })
      assert.equal(first.statusCode, 201, first.body)
      return py.json() as { id: string; employer_id: string; version: number }
    }

    const countPlans = async (planYearId: string, name: string) =>
      (await api.database.db.selectFrom('plans').select('id').where('plan_year_id', '=', planYearId).where('name', '=', name).execute()).length

    test('answers exactly what a later GET reads, byte for byte (jsonb key order included)', async () => {
      const py = await givenWarmPlanYear()
      assert.ok(createPlanInOneStatement(api.database.db, { organization_id: admin.organization_id } as never, { plan_year_id: py.id, name: 'x', plan_type: 'dental' } as never, '2026-11-23T12:00:00.000Z'), 'the plan year is known after one POST')
      // nested rules with keys in an order jsonb does not keep
      const body = {
        plan_year_id: py.id, name: 'Medical PPO', plan_type: 'medical',
        rules: {
          premiums_monthly_cents: { individual_children: 1100_00, family: 1800_00, individual: 600_00, individual_spouse: 1200_00 },
          employer_contributions: { individual: { type: 'percent', percent_bps: 8000 }, family: { type: 'fixed', monthly_amount_cents: 1000_00 } },
        },
      }
      const created = await admin.post('/v1/plans', body)
      assert.equal(created.statusCode, 201, created.body)
      assert.equal(created.headers.location, `/v1/plans/${created.json().id}`)
      assert.equal(created.headers.etag, '"1"')
      const got = await admin.get(`/v1/plans/${created.json().id}`)
      assert.equal(got.statusCode, 200)
      assert.equal(created.body, got.body)
      assert.equal(created.json().version, 1)
      assert.equal(created.json().created_at, '2026-11-23T12:00:00.000Z')
    })

    test('same key + same body → replayed; other body → 409 reused', async () => {
      const py = await givenWarmPlanYear()
      const key = randomUUID()
      const body = { plan_year_id: py.id, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 440000 } }
      const first = await admin.request({ method: 'POST', url: '/v1/plans', body, idempotencyKey: key })
      assert.equal(first.statusCode, 201, first.body)
      const again = await admin.request({ method: 'POST', url: '/v1/plans', body, idempotencyKey: key })
      assert.equal(again.statusCode, 201)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.equal(again.headers.location, first.headers.location)
      assert.equal(again.body, first.body)
      expectProblem(await admin.request({ method: 'POST', url: '/v1/plans', body: { ...body, name: 'HSA 2' }, idempotencyKey: key }), 409, 'idempotency-key-reused')
      assert.equal(await countPlans(py.id, 'HSA'), 1)
      assert.equal(await countPlans(py.id, 'HSA 2'), 0)
    })

    test('50 concurrent identical POSTs create exactly one plan', async () => {
      const py = await givenWarmPlanYear()
      const key = randomUUID()
      const body = { plan_year_id: py.id, name: 'Vision', plan_type: 'vision' }
      const results = await Promise.all(Array.from({ length: 50 }, () => admin.request({ method: 'POST', url: '/v1/plans', body, idempotencyKey: key })))
      const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id))
      assert.equal(ids.size, 1)
      for (const r of results.filter((r) => r.statusCode !== 201)) expectProblem(r, 409, 'idempotency-key-in-flight')
      assert.equal(await countPlans(py.id, 'Vision'), 1)
    })

    test("another organization posting to a plan year it cannot see → 404, and nothing is written", async () => {
      const py = await givenWarmPlanYear()
      const stranger = await api.caller()
      const key = randomUUID()
      expectProblem(await stranger.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Sneaky', plan_type: 'dental' }, idempotencyKey: key }), 404, 'not-found')
      // an over-limit cap must not reveal the plan year's year either
      expectProblem(await stranger.post('/v1/plans', { plan_year_id: py.id, name: 'Sneaky HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 999999 } }), 404, 'not-found')
      assert.equal(await countPlans(py.id, 'Sneaky'), 0)
      const keys = await api.database.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute()
      assert.equal(keys.length, 0)
    })

    test('the plan year moved to 2024 after it was read: an HSA cap legal in 2026 but over the 2024 limit → 400', async () => {
      // 2026 self-only HSA limit $4,400; 2024's was $4,150
      const py = await givenWarmPlanYear('2026-01-01', '2026-12-31')
      const moved = await admin.put(`/v1/plan-years/${py.id}`, { employer_id: py.employer_id, name: 'Benefits', start_date: '2024-01-01', end_date: '2024-12-31' }, { 'if-match': `"${py.version}"` })
      assert.equal(moved.statusCode, 200, moved.body)
      const res = await admin.post('/v1/plans', { plan_year_id: py.id, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 440000 } })
      const problem = expectProblem(res, 400, 'plan-rules-invalid')
      assert.ok(problem.errors.some((e) => e.pointer === '/rules/annual_contribution_max_cents'), res.body)
      assert.equal(await countPlans(py.id, 'HSA'), 0)
      // and a cap within 2024's limit goes through
      assert.equal((await admin.post('/v1/plans', { plan_year_id: py.id, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 415000 } })).statusCode, 201)
    })

    test('a duplicate name → 409 and its key is not kept: the corrected retry with the same key succeeds', async () => {
      const py = await givenWarmPlanYear()
      const key = randomUUID()
      expectProblem(await admin.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Dental', plan_type: 'dental' }, idempotencyKey: key }), 409, 'duplicate')
      const retry = await admin.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Dental Plus', plan_type: 'dental' }, idempotencyKey: key })
      assert.equal(retry.statusCode, 201, retry.body)
      assert.equal(retry.headers['idempotent-replayed'], undefined)
    })

    test("a carrier that is not the caller's organization's → 422 on POST (both paths) and PUT; the key is not kept", async () => {
      const py = await givenWarmPlanYear()
      const stranger = await api.caller()
      const theirs = await stranger.post('/v1/carriers', { name: 'Their Carrier', payer_id: 'THEIRS01' })
      assert.equal(theirs.statusCode, 201, theirs.body)
      const ours = await admin.post('/v1/carriers', { name: 'Our Carrier', payer_id: 'OURS01' })
      assert.equal(ours.statusCode, 201, ours.body)
      const key = randomUUID()
      for (const carrier_id of [theirs.json().id, randomUUID()]) {
        const res = await admin.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Carried', plan_type: 'dental', carrier_id }, idempotencyKey: key })
        assert.deepEqual(expectProblem(res, 422, 'plan-carrier-invalid').errors.map((e) => e.pointer), ['/carrier_id'])
      }
      // the first POST to a plan year takes the transaction path: it checks the carrier too
      const employer = await admin.post('/v1/employers', { name: `Cold ${randomUUID().slice(0, 8)}` })
      const cold = await admin.post('/v1/plan-years', { employer_id: employer.json().id, name: 'Cold', start_date: '2026-01-01', end_date: '2026-12-31' })
      expectProblem(await admin.post('/v1/plans', { plan_year_id: cold.json().id, name: 'Cold', plan_type: 'dental', carrier_id: theirs.json().id }), 422, 'plan-carrier-invalid')
      const created = await admin.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Carried', plan_type: 'dental', carrier_id: ours.json().id }, idempotencyKey: key })
      assert.equal(created.statusCode, 201, created.body)
      assert.equal(created.json().carrier_id, ours.json().id)
      const put = await admin.put(`/v1/plans/${created.json().id}`, { name: 'Carried', carrier_id: theirs.json().id }, { 'if-match': '"1"' })
      expectProblem(put, 422, 'plan-carrier-invalid')
      assert.equal(await countPlans(cold.json().id, 'Cold'), 0)
    })

    test('U+0000 or an unpaired surrogate in any string → 400 with its pointer, before the key is looked at (reviewer found a 500)', async () => {
      const py = await givenWarmPlanYear()
      const key = randomUUID()
      assert.equal((await admin.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name: 'Vision', plan_type: 'vision' }, idempotencyKey: key })).statusCode, 201)
      const post = (text: string) => api.app.inject({ method: 'POST', url: '/v1/plans', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': key }, payload: text })
      const nul = expectProblem(await post(`{"plan_year_id":"${py.id}","name":"Den\\u0000tal","plan_type":"dental"}`), 400, 'unstorable-text')
      assert.deepEqual(nul.errors.map((e) => e.pointer), ['/name'])
      const lone = expectProblem(await post(`{"plan_year_id":"${py.id}","name":"A\\ud800B","plan_type":"dental","rules":{"x\\u0000":1}}`), 400, 'unstorable-text')
      assert.deepEqual(lone.errors.map((e) => e.pointer), ['/name', '/rules/x\u0000'])
      // a surrogate pair is text like any other
      const emoji = await admin.post('/v1/plans', { plan_year_id: py.id, name: 'Smile \u{1F600}', plan_type: 'dental' })
      assert.equal(emoji.statusCode, 201, emoji.body)
      assert.equal((await admin.get(`/v1/plans/${emoji.json().id}`)).body, emoji.body)
    })

    test('a database refusal of U+0000 (a query string, say) answers 400, not 500', async () => {
      const { translateDatabaseError } = await import('../../src/db/constraint-errors.js')
      const { sql } = await import('kysely')
      const err = await sql`select ${'a\u0000b'}::text`.execute(api.database.db).then(() => undefined, (e: unknown) => e)
      assert.ok(err, 'the database refuses U+0000 in text')
      const mapped = translateDatabaseError(err)
      assert.equal(mapped?.slug, 'unstorable-text')
    })

    test('a deadlock or serialization failure (the database rolled the request back) answers 503 with Retry-After, not 500', async () => {
      const { translateDatabaseError } = await import('../../src/db/constraint-errors.js')
      const { sql } = await import('kysely')
      for (const code of ['40P01', '40001']) {
        const err = await sql.raw(`do $$ begin raise exception 'rolled back' using errcode = '${code}'; end $$`).execute(api.database.db).then(() => undefined, (e: unknown) => e)
        assert.equal((err as { code?: string })?.code, code)
        const mapped = translateDatabaseError(err)
        assert.equal(mapped?.slug, 'transaction-conflict')
        assert.equal(mapped?.kind, 'unavailable')
        assert.deepEqual(mapped?.extra.headers, { 'retry-after': '1' })
      }
    })

    test('a transaction-path write that lost the race to its own key is answered from the key (replay or reused), not as a duplicate', async () => {
      // The race itself (lock granted after the winner committed, with a snapshot from before)
      // cannot be timed from a test; afterLostRace is what runs when it happens.
      const { afterLostRace } = await import('../../src/http/idempotency.js')
      const key = randomUUID()
      const duplicateName = Object.assign(new Error('duplicate key value violates unique constraint "plans_name_unique_per_plan_year"'), { code: '23505' })
      await assert.rejects(afterLostRace(api.database.db, admin.client_id, key, 'h1', duplicateName), (e) => e === duplicateName, 'no stored key: the error stands')
      await api.database.db.insertInto('idempotency_keys').values({
        client_id: admin.client_id, key, method: 'POST', path: '/v1/plans', request_hash: 'h1', response_status: 201, response_body: '{"id":"x"}', resource_location: '/v1/plans/x', created_at: '2026-11-23T12:00:00.000Z',
      }).execute()
      assert.deepEqual((await afterLostRace(api.database.db, admin.client_id, key, 'h1', duplicateName)).replay.response_body, '{"id":"x"}')
      await assert.rejects(afterLostRace(api.database.db, admin.client_id, key, 'h2', duplicateName), (e: { slug?: string }) => e.slug === 'idempotency-key-reused')
      const notIntegrity = Object.assign(new Error('boom'), { code: '57014' })
      await assert.rejects(afterLostRace(api.database.db, admin.client_id, key, 'h1', notIntegrity), (e) => e === notIntegrity)
    })

    test('the statement writes nothing when the plan year is not as read, not visible, or the key is taken', async () => {
      const py = await givenWarmPlanYear()
      const db = api.database.db
      const auth = { organization_id: admin.organization_id } as never
      // The stored response is the created plan, as the route sends it (the statement reads the rules from it).
      const write = (name: string, key: string, who = auth) => {
        const once = createPlanInOneStatement(db, who, { plan_year_id: py.id, name, plan_type: 'dental' } as never, '2026-11-23T12:00:00.000Z')!
        return once.write({
          client_id: admin.client_id, key, lock_key: `${admin.client_id}:${key}`, method: 'POST', path: '/v1/plans', request_hash: 'h',
          response_status: 201, response_body: JSON.stringify(once.plan), resource_location: `/v1/plans/${once.plan.id}`, created_at: '2026-11-23T12:00:00.000Z',
        })
      }
      const key = randomUUID()
      assert.equal(await write('A', key), true)
      assert.equal(await write('B', key), false, 'the key is taken')
      assert.equal(await write('C', randomUUID(), { organization_id: (await api.caller()).organization_id } as never), false, 'not visible')
      await db.updateTable('plan_years').set({ end_date: '2026-11-30' }).where('id', '=', py.id).execute()
      assert.equal(await write('D', randomUUID()), false, 'the plan year changed')
      assert.deepEqual(await Promise.all(['A', 'B', 'C', 'D'].map((n) => countPlans(py.id, n))), [1, 0, 0, 0])
    })

    // Concurrent POSTs share statements (WriteBatcher): a burst must be answered exactly as the
    // same requests one at a time would be.
    /** Runs `posts` concurrently and checks that some of them did share a statement. */
    async function burst<T>(posts: (() => Promise<T>)[]): Promise<T[]> {
      const stats = planWriteBatcher(api.database.db).stats
      const before = { batches: stats.batches, rows: stats.rows }
      const results = await Promise.all(posts.map((post) => post()))
      assert.ok(stats.rows - before.rows > stats.batches - before.batches, `some POSTs shared a statement (${stats.rows - before.rows} rows in ${stats.batches - before.batches} statements)`)
      return results
    }

    test('a burst of 40 concurrent POSTs: 40 plans, each answered with its own plan as a later GET reads it', async () => {
      const py = await givenWarmPlanYear()
      const names = Array.from({ length: 40 }, (_, i) => `Burst ${i}`)
      const results = await burst(names.map((name) => () => admin.post('/v1/plans', { plan_year_id: py.id, name, plan_type: 'hsa', rules: { annual_contribution_max_cents: 100_000 + names.indexOf(name) } })))
      for (const [i, res] of results.entries()) {
        assert.equal(res.statusCode, 201, res.body)
        assert.equal(res.json().name, names[i])
        assert.equal(res.json().rules.annual_contribution_max_cents, 100_000 + i)
        assert.equal(res.headers['idempotent-replayed'], undefined)
        const got = await admin.get(`/v1/plans/${res.json().id}`)
        assert.equal(got.body, res.body)
      }
      assert.equal(new Set(results.map((r) => r.json().id)).size, 40)
      const stored = await api.database.db.selectFrom('idempotency_keys').select(['response_body', 'resource_location']).where('client_id', '=', admin.client_id).where('path', '=', '/v1/plans').execute()
      for (const res of results) {
        const mine = stored.filter((k) => k.resource_location === `/v1/plans/${res.json().id}`)
        assert.equal(mine.length, 1, 'each plan has its own stored key')
        assert.equal(mine[0]!.response_body, res.body, 'the stored response is the one sent')
      }
    })

    test('in a burst, a name taken twice, a name already taken and a stranger each get their own answer; the rest are written', async () => {
      const py = await givenWarmPlanYear() // holds 'Dental'
      const stranger = await api.caller()
      const strangerKey = randomUUID()
      const post = (name: string, who = admin, key: string = randomUUID()) => () => who.request({ method: 'POST', url: '/v1/plans', body: { plan_year_id: py.id, name, plan_type: 'vision' }, idempotencyKey: key })
      const plain = Array.from({ length: 12 }, (_, i) => `Vision ${i}`)
      const results = await burst([
        ...plain.slice(0, 4).map((n) => post(n)),
        post('Twice'), post('Dental'), post('Sneaky', stranger, strangerKey),
        ...plain.slice(4, 8).map((n) => post(n)),
        post('Twice'),
        ...plain.slice(8).map((n) => post(n)),
      ])
      for (const n of plain) assert.equal(results.filter((r) => r.statusCode === 201 && r.json().name === n).length, 1, n)
      assert.deepEqual(results.map((r) => r.statusCode).filter((c) => c === 201).length, 12 + 1)
      const problems = results.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.json().type.split('/').pop()}`).sort()
      assert.deepEqual(problems, ['404 not-found', '409 duplicate', '409 duplicate'])
      assert.equal(await countPlans(py.id, 'Twice'), 1)
      assert.equal(await countPlans(py.id, 'Dental'), 1)
      assert.equal(await countPlans(py.id, 'Sneaky'), 0)
      assert.equal((await api.database.db.selectFrom('idempotency_keys').select('key').where('key', '=', strangerKey).execute()).length, 0)
    })
  })
}

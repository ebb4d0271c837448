import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parse834 } from '../../src/x12/index.js'
import { example, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

// Seed 003 end to end, requests 01 → 12 as a new user sends them. "Today" is 2026-11-23, so the
// subscriber hired on the first of the current month (2026-11-01) is a new hire whose coverage
// (first of the month after a 0-day waiting period) starts on his hire date, as example 12 says.
const NOW = '2026-11-23T12:00:00Z'
const TODAY = '2026-11-23'
const FIRST_OF_MONTH = '2026-11-01'

for (const kind of testDatabases()) {
  describe(`seed 003 end to end on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    const v: Record<string, string> = { today: TODAY, first_of_current_month: FIRST_OF_MONTH, ssn: '512349876' }
    let qle: { id: string; effective_date: string; elections: { id: string; plan_id: string; plan_type: string; covered_member_ids: string[]; status: string; deductions: { amount_cents: number }[]; annual_amount_cents: number }[]; enrollments: { id: string; member_id: string; plan_id: string; start_date: string; end_date: string; volume_cents: number | null }[] }

    async function send(url: string, file: string) {
      const body = await example(file, v)
      const bodies = Array.isArray(body) ? body : [body]
      const out = []
      for (const b of bodies) {
        const res = await admin.post(url, b)
        assert.equal(res.statusCode, 201, `${file}: ${res.body}`)
        out.push(res.json())
      }
      return out
    }

    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      v.employer_id = (await send('/v1/employers', '01-employer.json'))[0].id
      const py = (await send('/v1/plan-years', '02-plan-year.json'))[0]
      v.plan_year_id = py.id
      v.plan_year_start = py.start_date
      v.plan_year_end = py.end_date
      await send('/v1/plans', '03-plan-medical.json')
      await send('/v1/plans', '04-plan-hsa.json')
      v.primary_location_id = (await send(`/v1/employers/${v.employer_id}/locations`, '05-location.json'))[0].id
      v.class_1_id = (await send(`/v1/employers/${v.employer_id}/employment-classifications`, '06-class.json'))[0].id
      v.subgroup_1_id = (await send(`/v1/employers/${v.employer_id}/employment-classifications`, '07-subgroup.json'))[0].id
      v.carrier_id = (await send('/v1/carriers', '08-carrier.json'))[0].id
      const [vol, basic, std, ltd] = await send('/v1/plans', '09-plans-life-disability.json')
      Object.assign(v, { voluntary_life_add_plan_id: vol.id, basic_life_add_plan_id: basic.id, std_plan_id: std.id, ltd_plan_id: ltd.id })
      v.coverage_period_id = (await send('/v1/coverage-periods', '10-coverage-period.json'))[0].id
      const subscriber = (await send('/v1/subscribers', '11-subscriber.json'))[0]
      v.subscriber_id = subscriber.id
      v.subscriber_1_id = subscriber.id
      v.partner_1_id = subscriber.dependents[0].id
      qle = (await send(`/v1/subscribers/${v.subscriber_id}/qualifying_life_events`, '12-qualifying-life-event.json'))[0]
    })
    after(async () => api?.close())

    test('example 12 records the QLE with four elections and five coverage records, from the hire date', () => {
      assert.equal(qle.effective_date, FIRST_OF_MONTH)
      assert.deepEqual(qle.elections.map((e) => e.plan_type).sort(), ['basic_life', 'ltd', 'std', 'voluntary_life'])
      assert.ok(qle.elections.every((e) => e.status === 'Active'))
      const vol = qle.elections.find((e) => e.plan_type === 'voluntary_life')!
      assert.deepEqual([...vol.covered_member_ids].sort(), [v.subscriber_id!, v.partner_1_id!].sort())
      assert.equal(qle.enrollments.length, 5)
      assert.ok(qle.enrollments.every((e) => e.start_date === FIRST_OF_MONTH && e.end_date === '2026-12-31'))
      const partnerLife = qle.enrollments.find((e) => e.member_id === v.partner_1_id)!
      assert.equal(partnerLife.volume_cents, 2_000_000)
      for (const e of qle.elections) assert.equal(e.deductions.reduce((s, d) => s + d.amount_cents, 0), e.annual_amount_cents)
    })

    test('GET the QLE and the subscriber\'s QLE list', async () => {
      const got = await admin.get(`/v1/qualifying-life-events/${qle.id}`)
      assert.equal(got.statusCode, 200, got.body)
      assert.equal(got.json().elections.length, 4)
      const list = (await admin.get(`/v1/subscribers/${v.subscriber_id}/qualifying-life-events`)).json().data
      assert.deepEqual(list.map((x: { id: string }) => x.id), [qle.id])
    })

    test('enrollments answer by person id, employer external id, employee number and by date', async () => {
      const byPerson = (await admin.get(`/v1/enrollments?consumer_id=${v.subscriber_id}`)).json().data
      assert.equal(byPerson.length, 5)
      const byExternal = (await admin.get(`/v1/enrollments?consumer_id=Subscriber1&consumer_identifier_type=employer_external_id&employer_id=${v.employer_id}`)).json().data
      assert.equal(byExternal.length, 5)
      const partner = (await admin.get(`/v1/enrollments?consumer_id=partner_sub_1&consumer_identifier_type=employer_external_id&employer_id=${v.employer_id}`)).json().data
      assert.deepEqual(partner.map((e: { plan_id: string }) => e.plan_id), [v.voluntary_life_add_plan_id])
      // give the subscriber an employee number (an effective-dated identifier change), then look it up
      const member = await admin.get(`/v1/subscribers/${v.subscriber_id}`)
      const put = await admin.put(`/v1/subscribers/${v.subscriber_id}`, { effective_date: TODAY, employee_number: 'E-0042' }, { 'if-match': String(member.headers.etag) })
      assert.equal(put.statusCode, 200, put.body)
      const byNumber = (await admin.get(`/v1/enrollments?consumer_id=E-0042&consumer_identifier_type=employee_number&employer_id=${v.employer_id}`)).json().data
      assert.equal(byNumber.length, 5)
      assert.equal((await admin.get(`/v1/enrollments?consumer_id=${v.subscriber_id}&as_of=2026-10-31`)).json().data.length, 0)
      assert.equal((await admin.get(`/v1/enrollments?consumer_id=${v.subscriber_id}&as_of=${FIRST_OF_MONTH}`)).json().data.length, 5)
      assert.equal((await admin.get(`/v1/enrollments?consumer_id=${v.subscriber_id}&as_of=2027-01-01`)).json().data.length, 0)
      const elig = (await admin.get(`/v1/eligibility?employee_number=E-0042&employer_id=${v.employer_id}&plan_type=ltd&date=${TODAY}`)).json()
      assert.equal(elig.eligible, true)
    })

    test('elections filter by consumer, plan and plan year; plan years and plans by consumer', async () => {
      const byPartner = (await admin.get(`/v1/elections?consumer_id=${v.partner_1_id}`)).json().data
      assert.deepEqual(byPartner.map((e: { plan_id: string }) => e.plan_id), [v.voluntary_life_add_plan_id])
      const byYear = (await admin.get(`/v1/elections?plan_year_id=${v.plan_year_id}&consumer_id=${v.subscriber_id}`)).json().data
      assert.equal(byYear.length, 4)
      const years = (await admin.get(`/v1/plan-years?consumer_id=${v.partner_1_id}`)).json().data
      assert.deepEqual(years.map((y: { id: string }) => y.id), [v.plan_year_id])
      const plans = (await admin.get(`/v1/plans?consumer_id=${v.subscriber_id}&plan_type=ltd`)).json().data
      assert.deepEqual(plans.map((p: { id: string }) => p.id), [v.ltd_plan_id])
    })

    test('the event log has the QLE, elections and enrollments, with the caller and request id', async () => {
      const events = await api.database.db.selectFrom('events').select(['type', 'actor', 'request_id', 'after'])
        .where('employer_id', '=', v.employer_id!).where('type', 'in', ['qualifying_life_event.recorded', 'election.created', 'enrollment.created']).execute()
      const count = (t: string) => events.filter((e) => e.type === t).length
      assert.deepEqual([count('qualifying_life_event.recorded'), count('election.created'), count('enrollment.created')], [1, 4, 5])
      assert.ok(events.every((e) => e.actor === admin.client_id && e.request_id))
      assert.ok(!JSON.stringify(events).includes(v.ssn!))
    })

    test("Guardian's 834 full file: the subscriber's STD and LTD coverage, valid; the life plans (no HD03 code) listed as omitted; no SSN anywhere", async () => {
      const url = `/v1/employers/${v.employer_id}/carriers/${v.carrier_id}/834?as_of=${TODAY}&control_number=42`
      const res = await admin.get(url)
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.equal(file.validation.valid, true, JSON.stringify(file.validation.findings))
      assert.deepEqual(file.validation.findings, [])
      assert.deepEqual([file.subscribers, file.dependents, file.coverages, file.interchange_control_number], [1, 0, 2, 42])
      assert.deepEqual(file.omitted.map((o: { plan_type: string; coverages: number }) => `${o.plan_type} ×${o.coverages}`).sort(), ['basic_life ×1', 'voluntary_life ×2'])
      assert.ok(!res.body.includes(v.ssn!), 'no SSN in the answer')
      const [interchange] = parse834(file.x12)
      assert.equal(interchange!.ISA.ISA13, '000000042')
      assert.equal(interchange!.ISA.ISA08.trim(), 'GUARD')
      const t = interchange!.groups[0]!.transactions[0]!
      assert.equal(t.header.BGN.BGN08, '4')
      assert.deepEqual(t.header.payer.N1, { N101: 'IN', N102: 'Guardian', N103: '94', N104: 'GUARD' })
      const [member] = t.members
      assert.deepEqual([member!.INS.INS01, member!.INS.INS02, member!.INS.INS03, member!.INS.INS08], ['Y', '18', '030', 'FT'])
      assert.deepEqual([member!.member_name.NM1.NM103, member!.member_name.NM1.NM104, member!.member_name.NM1.NM109], ['Ideonu', 'Jason', undefined])
      assert.deepEqual(member!.member_name.N3, { N301: '34 B Street' })
      assert.deepEqual(member!.health_coverages!.map((c) => [c.HD.HD03, c.DTP![0]!.DTP03]).sort(), [['LTD', '20261101'], ['STD', '20261101']])
      // The file itself, by name in Accept.
      const raw = await admin.request({ method: 'GET', url, headers: { accept: 'application/edi-x12' } })
      assert.equal(raw.statusCode, 200, raw.body)
      assert.match(String(raw.headers['content-type']), /^application\/edi-x12/)
      assert.equal(raw.body, file.x12)
      // Before the coverage starts there is nobody to send; a caller without read:members may not see names.
      // (An empty full file would tell the carrier to end every coverage: refused.)
      const before = await admin.get(`/v1/employers/${v.employer_id}/carriers/${v.carrier_id}/834?as_of=2026-10-31`)
      assert.equal(before.statusCode, 422, before.body)
      assert.equal(before.json().type, '/problems/carrier-file-empty')
      assert.equal(before.json().errors[0].pointer, '/as_of')
      const narrow = await api.caller({ scopes: ['read:enrollments'] })
      assert.equal((await narrow.get(url)).statusCode, 403)
      const stranger = await api.caller()
      assert.equal((await stranger.get(url)).statusCode, 404)
    })

    test('a late QLE (day 31) is refused with 422', async () => {
      const body = await example('12-qualifying-life-event.json', { ...v, today: '2026-10-23' }) as { qualifying_life_event: Record<string, unknown> }
      const res = await admin.post(`/v1/subscribers/${v.subscriber_id}/qualifying_life_events`, body)
      assert.equal(res.statusCode, 422, res.body)
      assert.equal(res.json().type, '/problems/qle-reporting-window-closed')
    })
  })
}

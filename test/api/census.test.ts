import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { givenApi, type Caller, type TestApi, expectProblem } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

// "Today" is 2026-03-20: the 2027 plan year's open enrollment window (March 2026) is open, so
// every election takes effect on 2027-01-01.
const NOW = '2026-03-20T12:00:00Z'

const TIERS = ['individual', 'individual_spouse', 'individual_children', 'family']
const MEDICAL = {
  coverage_tiers: TIERS,
  premiums_monthly_cents: { individual: 600_00, individual_spouse: 1200_00, individual_children: 1100_00, family: 1800_00 },
  employer_contributions: { individual: { type: 'percent', percent_bps: 8000 }, individual_spouse: { type: 'percent', percent_bps: 5000 }, individual_children: { type: 'percent', percent_bps: 5000 }, family: { type: 'fixed', monthly_amount_cents: 1000_00 } },
}
const DENTAL = { coverage_tiers: TIERS, premiums_monthly_cents: { individual: 40_00, individual_spouse: 80_00, individual_children: 90_00, family: 130_00 } }

let ssnSerial = 1000
const ssn = () => `123-45-${String(ssnSerial++).padStart(4, '0')}`

function employee(n: string, o: { wage_frequency?: string; dependents?: Record<string, unknown>[] } = {}) {
  return {
    external_identifier: `E-${n}`, employee_number: `N-${n}`, first_name: 'Alex', last_name: `Worker${n}`, birth_date: '1980-05-17', gender: 'female',
    social_security_number: ssn(),
    employment_details: { start_date: '2019-04-01', status: 'full_time', wage_frequency: o.wage_frequency ?? 'biweekly', annual_earnings: 6_500_000, hours_per_week: 40 },
    dependents: o.dependents ?? [],
  }
}
const spouse = (n: string) => ({ external_identifier: `S-${n}`, first_name: 'Sam', last_name: `Worker${n}`, birth_date: '1982-02-28', gender: 'male', subscriber_relationship: 'spouse', social_security_number: ssn() })
const child = (n: string, birth = '2012-09-01') => ({ external_identifier: `C-${n}`, first_name: 'Kim', last_name: `Worker${n}`, birth_date: birth, gender: 'unknown', subscriber_relationship: 'child' })

for (const kind of testDatabases()) {
  describe(`census (bulk open enrollment) on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    const ids = { employer: '', py: '', medical: '', dental: '' }

    async function post(caller: Caller, url: string, body: unknown, status = 201) {
      const res = await caller.post(url, body)
      assert.equal(res.statusCode, status, res.body)
      return res.json()
    }
    async function givenEmployer(caller: Caller) {
      const employer = (await post(caller, '/v1/employers', { name: `Census Co ${randomUUID().slice(0, 6)}` })).id as string
      const py = (await post(caller, '/v1/plan-years', { employer_id: employer, name: '2027', start_date: '2027-01-01', end_date: '2027-12-31', enrollment_window: { start_date: '2026-03-01', end_date: '2026-03-31' } })).id as string
      const medical = (await post(caller, '/v1/plans', { plan_year_id: py, name: 'PPO', plan_type: 'medical', rules: MEDICAL })).id as string
      const dental = (await post(caller, '/v1/plans', { plan_year_id: py, name: 'Dental', plan_type: 'dental', rules: DENTAL })).id as string
      return { employer, py, medical, dental }
    }
    const countOf = async (url: string) => ((await admin.get(url)).json() as { data: unknown[] }).data.length

    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      Object.assign(ids, await givenEmployer(admin))
    })
    after(async () => api?.close())

    test('three families enroll with the tiers, premiums and deductions the single endpoints give', async () => {
      const census = {
        plan_year_id: ids.py,
        employees: [
          { subscriber: employee('1', { dependents: [spouse('1'), child('1a'), child('1b', '2015-01-31')] }), elections: [
            { plan_id: ids.medical, type: 'election', covered_member_refs: ['self', 'S-1', 'C-1a', 'C-1b'] },
            { plan_id: ids.dental, type: 'election', covered_member_refs: ['C-1a'] }] },
          { subscriber: employee('2', { wage_frequency: 'weekly' }), elections: [
            { plan_id: ids.medical, type: 'election', coverage_tier: 'individual' }, { plan_id: ids.dental, type: 'waiver' }] },
          { subscriber: employee('3', { wage_frequency: 'semimonthly', dependents: [spouse('3')] }), elections: [
            { plan_id: ids.medical, type: 'election', covered_member_refs: ['S-3'] }] },
        ],
      }
      const res = await post(admin, `/v1/employers/${ids.employer}/census`, census)
      assert.deepEqual(res.counts, { employees: 3, members: 7, elections: 4, waivers: 1, enrollments: 4 + 2 + 1 + 2, events: 7 + 5 + 9 })
      const first = res.ids['E-1']
      assert.equal(Object.keys(first.dependents).join(), 'S-1,C-1a,C-1b')

      const events = await api.database.db.selectFrom('events').select(['type', 'aggregate_id', 'after', 'actor']).where('employer_id', '=', ids.employer).orderBy('seq').execute()
      assert.equal(events.length, res.counts.events)
      const enrolled = events.filter((e) => e.type === 'enrollment.created').map((e) => e.after as Record<string, unknown>)
      assert.equal(enrolled.length, res.counts.enrollments)
      const one = enrolled.find((a) => a.member_id === first.subscriber_id && a.plan_id === ids.medical)!
      assert.deepEqual([one.status, one.start_date, one.end_date, one.coverage_tier, one.superseded_at, 'coverage' in one], ['active', '2027-01-01', '2027-12-31', 'family', null, false])
      assert.equal(one.recorded_at, NOW.replace('Z', '.000Z'))
      const elected = events.find((e) => e.type === 'election.created' && e.aggregate_id === first.elections[0])!.after as Record<string, unknown>
      assert.deepEqual([elected.plan_id, elected.coverage_tier, elected.superseded_at, elected.created_at, (elected.covered_member_ids as string[]).length], [ids.medical, 'family', null, NOW.replace('Z', '.000Z'), 4])
      const seqOrder = events.map((e) => e.type.split('.')[0])
      assert.ok(seqOrder.lastIndexOf('member') < seqOrder.indexOf('election') && seqOrder.lastIndexOf('election') < seqOrder.indexOf('enrollment'), 'members, then elections, then enrollments')
      assert.ok(events.every((e) => !JSON.stringify(e.after).includes(census.employees[0]!.subscriber.social_security_number)), 'no SSN in events')

      // The same family of employee 2's shape through the single endpoints, for comparison.
      const single = await post(admin, '/v1/subscribers', { subscriber: { ...employee('single', { wage_frequency: 'weekly' }), location_id: undefined, employer_id: ids.employer } })
      const singleElection = await post(admin, '/v1/elections', { subscriber_id: single.id, plan_id: ids.medical, type: 'election' })

      const elections = await Promise.all([...first.elections, ...res.ids['E-2'].elections, ...res.ids['E-3'].elections].map(async (id: string) => (await admin.get(`/v1/elections/${id}`)).json()))
      const [med1, dental1, med2, waiver2, med3] = elections
      assert.deepEqual([med1.coverage_tier, dental1.coverage_tier, med2.coverage_tier, waiver2.type, med3.coverage_tier], ['family', 'individual_children', 'individual', 'waiver', 'individual_spouse'])
      // family: $1,800 − employer $1,000 a month for 12 months; spouse tier: half of $1,200
      assert.deepEqual([med1.annual_amount_cents, med1.employer_contribution_cents], [800_00 * 12, 1000_00 * 12])
      assert.deepEqual([med3.annual_amount_cents, med3.employer_contribution_cents], [600_00 * 12, 600_00 * 12])
      for (const field of ['annual_amount_cents', 'employer_contribution_cents', 'pay_periods', 'per_pay_period_cents', 'effective_date', 'end_date', 'status', 'coverage_tier'] as const) {
        assert.deepEqual(med2[field], singleElection[field], field)
      }
      assert.deepEqual(med2.deductions.map((d: { amount_cents: number }) => d.amount_cents), singleElection.deductions.map((d: { amount_cents: number }) => d.amount_cents))
      for (const e of elections) {
        assert.equal(e.deductions.reduce((sum: number, d: { amount_cents: number }) => sum + d.amount_cents, 0), e.annual_amount_cents, `${e.id} deductions add up`)
        assert.equal(e.effective_date, '2027-01-01')
      }
      assert.equal(med3.pay_periods, 24)
      assert.deepEqual(new Set(med1.covered_member_ids), new Set([first.subscriber_id, ...Object.values(first.dependents)]))

      const enrollments = (await admin.get(`/v1/enrollments?consumer_id=E-1&consumer_identifier_type=employer_external_id&employer_id=${ids.employer}&as_of=2027-06-01`)).json().data as { plan_type: string; coverage_tier: string }[]
      assert.equal(enrollments.filter((e) => e.plan_type === 'medical').length, 4)
      const subscriber = (await admin.get(`/v1/subscribers/${first.subscriber_id}`)).json()
      assert.equal(subscriber.social_security_number, `***-**-${census.employees[0]!.subscriber.social_security_number.slice(-4)}`)
      assert.equal(subscriber.dependents.length, 3)
      assert.equal(subscriber.employment_details.wage_frequency, 'biweekly')
    })

    test('a bad employee in the middle answers 422 with its pointer and nothing is written', async () => {
      const fresh = await givenEmployer(admin)
      const bad = employee('bad')
      bad.birth_date = '2030-01-01'
      const res = await admin.post(`/v1/employers/${fresh.employer}/census`, {
        plan_year_id: fresh.py,
        employees: [{ subscriber: employee('ok1') }, { subscriber: bad }, { subscriber: employee('ok2') }],
      })
      const p = expectProblem(res, 422, 'member-invalid')
      assert.deepEqual(p.errors.map((e) => e.pointer), ['/employees/1/subscriber/birth_date'])
      assert.equal(await countOf(`/v1/subscribers?employer_id=${fresh.employer}`), 0)
    })

    test('an election rule broken by one employee (a child over 26 on medical) refuses the whole census', async () => {
      const fresh = await givenEmployer(admin)
      const res = await admin.post(`/v1/employers/${fresh.employer}/census`, {
        plan_year_id: fresh.py,
        employees: [
          { subscriber: employee('r1'), elections: [{ plan_id: fresh.medical, type: 'election' }] },
          { subscriber: employee('r2', { dependents: [child('r2', '1999-03-02')] }), elections: [{ plan_id: fresh.medical, type: 'election', covered_member_refs: ['self', 'C-r2'] }] },
        ],
      })
      const p = expectProblem(res, 422, 'dependent-not-eligible')
      assert.equal(p.errors[0]?.pointer, '/employees/1/elections/0/covered_member_refs/1')
      assert.equal(await countOf(`/v1/subscribers?employer_id=${fresh.employer}`), 0)
      assert.equal(await countOf(`/v1/enrollments?employer_id=${fresh.employer}`), 0)
    })

    test('duplicate SSNs and identifiers within a census are pointed at', async () => {
      const a = employee('d1')
      const b = { ...employee('d2'), social_security_number: a.social_security_number, external_identifier: a.external_identifier }
      const res = await admin.post(`/v1/employers/${ids.employer}/census`, { plan_year_id: ids.py, employees: [{ subscriber: a }, { subscriber: b }] })
      const p = expectProblem(res, 422, 'member-invalid')
      assert.deepEqual(p.errors.map((e) => e.pointer).sort(), ['/employees/1/subscriber/external_identifier', '/employees/1/subscriber/social_security_number'])
    })

    test('a census not of the expected shape is a 400 naming the field where it was sent', async () => {
      const { first_name: _dropped, ...nameless } = employee('shape')
      const res = await admin.post(`/v1/employers/${ids.employer}/census`, { plan_year_id: ids.py, employees: [{ subscriber: employee('s0') }, { subscriber: nameless }] })
      const p = expectProblem(res, 400, 'validation')
      assert.ok(p.errors.some((e) => e.pointer === '/employees/1/subscriber/first_name'), res.body)
    })

    test('the same Idempotency-Key replays the stored answer without enrolling twice', async () => {
      const fresh = await givenEmployer(admin)
      const body = { plan_year_id: fresh.py, employees: [{ subscriber: employee('idem'), elections: [{ plan_id: fresh.medical, type: 'election' }] }] }
      const key = randomUUID()
      const first = await admin.request({ method: 'POST', url: `/v1/employers/${fresh.employer}/census`, body, idempotencyKey: key })
      assert.equal(first.statusCode, 201, first.body)
      const again = await admin.request({ method: 'POST', url: `/v1/employers/${fresh.employer}/census`, body, idempotencyKey: key })
      assert.equal(again.statusCode, 201)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.deepEqual(again.json(), first.json())
      assert.equal(await countOf(`/v1/subscribers?employer_id=${fresh.employer}`), 1)
    })

    test("another organization's employer is a 404, and both write scopes are needed", async () => {
      const other = await api.caller()
      const res = await other.post(`/v1/employers/${ids.employer}/census`, { plan_year_id: ids.py, employees: [{ subscriber: employee('x') }] })
      expectProblem(res, 404, 'not-found')
      const membersOnly = await api.caller({ scopes: ['write:members', 'read:members'] })
      expectProblem(await membersOnly.post(`/v1/employers/${ids.employer}/census`, { plan_year_id: ids.py, employees: [{ subscriber: employee('y') }] }), 403, 'insufficient-scope')
      const electionsOnly = await api.caller({ scopes: ['write:elections'] })
      expectProblem(await electionsOnly.post(`/v1/employers/${ids.employer}/census`, { plan_year_id: ids.py, employees: [{ subscriber: employee('z') }] }), 403, 'insufficient-scope')
    })
  })
}

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { givenApi, type Caller, type TestApi, expectProblem } from '../support/api.js'
import { testDatabases } from '../support/databases.js'
import { givenDependent, givenFamily } from '../support/enrollment-fixtures.js'

// "Today" is Friday 2026-03-20; the 2026 plan year's open enrollment (Nov 2025) is over, the 2027
// plan year's window (March 2026) is open.
const NOW = '2026-03-20T12:00:00Z'

interface Ids { employer: string; py2026: string; py2027: string; ppo: string; hdhp: string; hsa: string; dental: string; ppo2027: string }

for (const kind of testDatabases()) {
  describe(`elections and enrollments on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    const ids = {} as Ids

    async function post(url: string, body: unknown, status = 201) {
      const res = await admin.post(url, body)
      assert.equal(res.statusCode, status, res.body)
      return res.json()
    }
    async function plan(planYearId: string, name: string, planType: string, rules: Record<string, unknown> = {}) {
      return (await post('/v1/plans', { plan_year_id: planYearId, name, plan_type: planType, rules })).id as string
    }
    const family = (f: Omit<Parameters<typeof givenFamily>[1], 'employer_id'> = {}) => givenFamily(api.database.db, { employer_id: ids.employer, ...f })
    const qle = (subscriberId: string, body: Record<string, unknown>) => admin.post(`/v1/subscribers/${subscriberId}/qualifying-life-events`, { qualifying_life_event: body })
    const medical = (planId: string, members: string[], extra: Record<string, unknown> = {}) => ({ plan_id: planId, type: 'election', coverages: members.map((m) => ({ member_id: m })), ...extra })

    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      ids.employer = (await post('/v1/employers', { name: 'Acme Enrollment', tax_id: '12-3456789' })).id
      ids.py2026 = (await post('/v1/plan-years', { employer_id: ids.employer, name: '2026', start_date: '2026-01-01', end_date: '2026-12-31', enrollment_window: { start_date: '2025-11-01', end_date: '2025-11-30' } })).id
      ids.py2027 = (await post('/v1/plan-years', { employer_id: ids.employer, name: '2027', start_date: '2027-01-01', end_date: '2027-12-31', enrollment_window: { start_date: '2026-03-01', end_date: '2026-03-31' } })).id
      ids.ppo = await plan(ids.py2026, 'PPO', 'medical', { premiums_monthly_cents: { individual: 600_00, individual_spouse: 1200_00, individual_children: 1100_00, family: 1800_00 }, employer_contributions: { individual: { type: 'percent', percent_bps: 8000 }, family: { type: 'fixed', monthly_amount_cents: 1000_00 } } })
      ids.hdhp = await plan(ids.py2026, 'HDHP', 'medical', { hdhp: true, network_type: 'hdhp', deductible_individual_cents: 2000_00, deductible_family_cents: 4000_00, out_of_pocket_max_individual_cents: 7000_00, out_of_pocket_max_family_cents: 14000_00 })
      ids.hsa = await plan(ids.py2026, 'HSA', 'hsa', { annual_contribution_max_cents: 440000 })
      ids.dental = await plan(ids.py2026, 'Dental', 'dental', { waiting_period_rule: 'after_days', waiting_period_days: 30 })
      ids.ppo2027 = await plan(ids.py2027, 'PPO 2027', 'medical')
    })
    after(async () => api?.close())

    describe('reporting window', () => {
      test('a marriage reported on day 30 is accepted and starts coverage the first of the next month', async () => {
        const f = await family({ dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const res = await qle(f.subscriber_id, { event: 'marriage', date: '2026-02-18', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id, f.dependent_ids[0]!]) } })
        assert.equal(res.statusCode, 201, res.body)
        const body = res.json()
        assert.equal(body.effective_date, '2026-03-01')
        assert.equal(body.elections[0].coverage_tier, 'individual_spouse')
        assert.deepEqual(body.enrollments.map((e: { start_date: string; end_date: string }) => [e.start_date, e.end_date]), [['2026-03-01', '2026-12-31'], ['2026-03-01', '2026-12-31']])
        // employee share: $1,200 − employer $1,200×0 (no individual_spouse contribution) for 10 months
        assert.equal(body.elections[0].annual_amount_cents, 1200_00 * 10)
      })

      test('a marriage reported on day 31 is refused: 422 qle-reporting-window-closed', async () => {
        const f = await family({ dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const res = await qle(f.subscriber_id, { event: 'marriage', date: '2026-02-17', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id, f.dependent_ids[0]!]) } })
        const p = expectProblem(res, 422, 'qle-reporting-window-closed')
        assert.equal(p.errors[0]?.pointer, '/qualifying_life_event/date')
      })

      test('Medicaid/CHIP has 60 days; an employer may shorten the window', async () => {
        const f = await family()
        const ok = await qle(f.subscriber_id, { event: 'medicaid_chip', date: '2026-01-19', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id]) } })
        assert.equal(ok.statusCode, 201, ok.body)
        const other = await post('/v1/employers', { name: 'Strict Co', tax_id: '98-7654321' })
        const put = await admin.put(`/v1/employers/${other.id}/enrollment-rules`, { medicaid_chip_reporting_window_days: 30 })
        assert.equal(put.statusCode, 200, put.body)
        const rules = (await admin.get(`/v1/employers/${other.id}/enrollment-rules`)).json()
        assert.deepEqual([rules.effective.medicaid_chip_reporting_window_days, rules.effective.reporting_window_days], [30, 30])
        assert.equal((await admin.put(`/v1/employers/${other.id}/enrollment-rules`, { new_hire_max_days: 120 })).statusCode, 400)
        const g = await givenFamily(api.database.db, { employer_id: other.id })
        expectProblem(await qle(g.subscriber_id, { event: 'medicaid_chip', date: '2026-01-19', plan_elections: {} }), 422, 'qle-reporting-window-closed')
      })
    })

    describe('new hires and effective dates', () => {
      test('hired Mar 15: medical (first of the month after) starts Apr 1, dental (30 days) starts Apr 14', async () => {
        const g = await family({ subscriber: { hire_date: '2026-03-15' } })
        const wrong = await qle(g.subscriber_id, { event: 'new_hire', date: '2026-03-15', plan_elections: { medical: { plan_id: ids.ppo, type: 'election', coverages: [{ member_id: g.subscriber_id, start_date: '2026-03-15' }] } } })
        const p = expectProblem(wrong, 422, 'qle-start-date-mismatch')
        assert.equal(p.errors[0]?.pointer, '/qualifying_life_event/plan_elections/medical/coverages/0/start_date')
        const res = await qle(g.subscriber_id, {
          event: 'new_hire', date: '2026-03-15',
          plan_elections: {
            medical: { plan_id: ids.ppo, type: 'election', coverages: [{ member_id: g.subscriber_id, start_date: '2026-04-01' }] },
            dental: { plan_id: ids.dental, type: 'election', coverages: [{ member_id: g.subscriber_id }] },
          },
        })
        assert.equal(res.statusCode, 201, res.body)
        const byPlan = Object.fromEntries(res.json().enrollments.map((e: { plan_type: string; start_date: string }) => [e.plan_type, e.start_date]))
        assert.deepEqual(byPlan, { medical: '2026-04-01', dental: '2026-04-14' })
        assert.equal(res.json().effective_date, '2026-04-01')
      })

      test('a direct election more than 30 days after hire and outside the window: 422 outside-enrollment-window', async () => {
        const f = await family({ subscriber: { hire_date: '2025-06-01' } })
        expectProblem(await admin.post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' }), 422, 'outside-enrollment-window')
        expectProblem(await qle(f.subscriber_id, { event: 'open_enrollment', date: '2026-03-20', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id]) } }), 422, 'outside-enrollment-window')
      })

      test('open enrollment: an election in the 2027 window takes effect Jan 1, 2027 and is Pending', async () => {
        const f = await family({ subscriber: { hire_date: '2025-06-01' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo2027, type: 'election', effective_date: '2027-01-01' })
        assert.equal(e.effective_date, '2027-01-01')
        assert.equal(e.status, 'Pending')
        assert.equal(e.enrollments[0].end_date, '2027-12-31')
        expectProblem(await admin.post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo2027, type: 'election', effective_date: '2026-04-01' }), 422, 'effective-date-mismatch')
      })
    })

    describe('births, children and consistency', () => {
      async function coveredNewHire(dependents: { relationship: string; birth_date: string }[] = []) {
        const f = await family({ subscriber: { hire_date: '2026-01-02' }, dependents })
        const res = await qle(f.subscriber_id, { event: 'new_hire', date: '2026-03-10', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id, ...f.dependent_ids]) } })
        assert.equal(res.statusCode, 201, res.body)
        assert.equal(res.json().effective_date, '2026-02-01')
        return { ...f, qle: res.json() }
      }

      test('coverage from Feb 1 recorded on Mar 20: the year is deducted over the pay dates from Mar 20 on, none already past', async () => {
        // Before, the first deductions fell on February and early-March pay dates payroll had already run.
        const f = await coveredNewHire()
        const e = f.qle.elections[0] as { annual_amount_cents: number; pay_periods: number; deductions: { pay_date: string; amount_cents: number }[] }
        assert.ok(e.deductions.length > 0)
        assert.ok(e.deductions.every((d) => d.pay_date >= '2026-03-20'), JSON.stringify(e.deductions.slice(0, 3)))
        assert.equal(e.deductions.reduce((n, d) => n + d.amount_cents, 0), e.annual_amount_cents)
        assert.equal(e.pay_periods, e.deductions.length)
        const again = (await admin.get(`/v1/elections/${(f.qle.elections[0] as { id: string }).id}`)).json() as { deductions: { pay_date: string }[] }
        assert.deepEqual(again.deductions, e.deductions)
      })

      test('a birth reported 3 weeks later covers the child from the birth date; the tier changes; history kept', async () => {
        const f = await coveredNewHire()
        const baby = await givenDependent(api.database.db, ids.employer, f.subscriber_id, { relationship: 'child', birth_date: '2026-02-27' })
        const res = await qle(f.subscriber_id, { event: 'birth', date: '2026-02-27', plan_elections: { medical: { plan_id: ids.ppo, type: 'election', coverages: [{ member_id: f.subscriber_id, start_date: '2026-02-27' }, { member_id: baby, start_date: '2026-02-27' }] } } })
        assert.equal(res.statusCode, 201, res.body)
        assert.equal(res.json().elections[0].coverage_tier, 'individual_children')
        const list = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&plan_type=medical`)).json().data as { member_id: string; start_date: string; end_date: string; status: string }[]
        const mine = list.filter((e) => e.member_id === f.subscriber_id).map((e) => [e.start_date, e.end_date, e.status]).sort()
        assert.deepEqual(mine, [['2026-02-01', '2026-02-26', 'terminated'], ['2026-02-27', '2026-12-31', 'active']])
        const onFeb10 = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-02-10`)).json().data
        assert.deepEqual(onFeb10.map((e: { coverage_tier: string }) => e.coverage_tier), ['individual'])
        const old = (await admin.get(`/v1/elections/${f.qle.elections[0].id}`)).json()
        assert.equal(old.status, 'Historical')
        assert.equal(old.superseded_by, res.json().elections[0].id)
      })

      test('a birth does not add a spouse or switch plans: 422 qle-change-not-allowed', async () => {
        const f = await coveredNewHire([{ relationship: 'spouse', birth_date: '1990-01-01' }])
        const g = await coveredNewHire()
        const spouse = await givenDependent(api.database.db, ids.employer, g.subscriber_id, { relationship: 'spouse', birth_date: '1990-01-01' })
        expectProblem(await qle(g.subscriber_id, { event: 'birth', date: '2026-03-05', plan_elections: { medical: medical(ids.ppo, [g.subscriber_id, spouse]) } }), 422, 'qle-change-not-allowed')
        const p = expectProblem(await qle(f.subscriber_id, { event: 'birth', date: '2026-03-05', plan_elections: { medical: medical(ids.hdhp, [f.subscriber_id]) } }), 422, 'qle-change-not-allowed')
        assert.equal(p.errors[0]?.pointer, '/qualifying_life_event/plan_elections/medical')
      })

      test('a child turning 26 is covered through the end of that month; a Feb 29 child turns 26 on Mar 1, 2026', async () => {
        const f = await coveredNewHire([{ relationship: 'child', birth_date: '2000-07-10' }, { relationship: 'child', birth_date: '2000-02-29' }])
        const ends = Object.fromEntries(f.qle.enrollments.map((e: { member_id: string; end_date: string }) => [e.member_id, e.end_date]))
        assert.equal(ends[f.dependent_ids[0]!], '2026-07-31')
        assert.equal(ends[f.dependent_ids[1]!], '2026-03-31')
        assert.equal(f.qle.elections[0].coverage_tier, 'individual_children')
      })

      test('a child already past 26 is refused: 422 dependent-not-eligible', async () => {
        const f = await family({ subscriber: { hire_date: '2026-01-02' }, dependents: [{ relationship: 'child', birth_date: '2000-01-15' }] })
        const p = expectProblem(await qle(f.subscriber_id, { event: 'new_hire', date: '2026-03-10', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id, f.dependent_ids[0]!]) } }), 422, 'dependent-not-eligible')
        assert.equal(p.errors[0]?.pointer, '/qualifying_life_event/plan_elections/medical/coverages/1/member_id')
      })

      test('a domestic partner under medical needs the plan or employer to allow it', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-02' }, dependents: [{ relationship: 'registered_domestic_partner', birth_date: '1990-01-01' }] })
        const body = { event: 'new_hire', date: '2026-03-02', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id, f.dependent_ids[0]!]) } }
        expectProblem(await qle(f.subscriber_id, body), 422, 'dependent-not-eligible')
        assert.equal((await admin.put(`/v1/employers/${ids.employer}/enrollment-rules`, { domestic_partners_eligible: true })).statusCode, 200)
        try {
          const res = await qle(f.subscriber_id, body)
          assert.equal(res.statusCode, 201, res.body)
          assert.equal(res.json().elections[0].coverage_tier, 'individual_spouse')
        } finally {
          assert.equal((await admin.put(`/v1/employers/${ids.employer}/enrollment-rules`, {})).statusCode, 200)
        }
      })
    })

    describe('money, limits and prerequisites', () => {
      test('an HSA without HDHP coverage is refused; above the prorated IRS limit is refused; within it the deductions add up', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-02', wage_frequency: 'biweekly' } })
        expectProblem(await qle(f.subscriber_id, { event: 'new_hire', date: '2026-03-02', plan_elections: { hsa: { plan_id: ids.hsa, type: 'election', annual_amount_cents: 1000_00, coverages: [{ member_id: f.subscriber_id }] } } }), 422, 'enrollment-prerequisite-missing')
        const over = await qle(f.subscriber_id, {
          event: 'new_hire', date: '2026-03-02',
          plan_elections: { medical: medical(ids.hdhp, [f.subscriber_id]), hsa: { plan_id: ids.hsa, type: 'election', annual_amount_cents: 4000_00, coverages: [{ member_id: f.subscriber_id }] } },
        })
        const p = expectProblem(over, 422, 'irs-limit-exceeded') // Apr–Dec: 9/12 of $4,400 = $3,300
        assert.equal(p.errors[0]?.pointer, '/qualifying_life_event/plan_elections/hsa/annual_amount_cents')
        const ok = await qle(f.subscriber_id, {
          event: 'new_hire', date: '2026-03-02',
          plan_elections: { medical: medical(ids.hdhp, [f.subscriber_id]), hsa: { plan_id: ids.hsa, type: 'election', annual_amount_cents: 3300_00, coverages: [{ member_id: f.subscriber_id }] } },
        })
        assert.equal(ok.statusCode, 201, ok.body)
        const hsa = ok.json().elections.find((e: { plan_type: string }) => e.plan_type === 'hsa')
        assert.equal(hsa.deductions.reduce((s: number, d: { amount_cents: number }) => s + d.amount_cents, 0), 3300_00)
        assert.equal(hsa.pay_periods, hsa.deductions.length)
        assert.ok(hsa.deductions.every((d: { pay_date: string }) => d.pay_date >= '2026-04-01'))
      })

      test('the plan cap applies: 422 contribution-above-plan-maximum', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-02' } })
        const hsaCapped = await plan(ids.py2026, 'HSA capped', 'hsa', { annual_contribution_max_cents: 100000 })
        expectProblem(await qle(f.subscriber_id, {
          event: 'new_hire', date: '2026-03-02',
          plan_elections: { medical: medical(ids.hdhp, [f.subscriber_id]), hsa: { plan_id: hsaCapped, type: 'election', annual_amount_cents: 1500_00, coverages: [{ member_id: f.subscriber_id }] } },
        }), 422, 'contribution-above-plan-maximum')
      })
    })

    describe('overlap, termination and cancellation', () => {
      test('a second medical plan for the same member is refused: 422 coverage-overlap', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        expectProblem(await admin.post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.hdhp, type: 'election' }), 422, 'coverage-overlap')
      })

      test('race: two concurrent enrollments of one member in two medical plans → exactly one wins', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const results = await Promise.all([ids.ppo, ids.hdhp].map((planId) => admin.post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: planId, type: 'election' })))
        assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 422], results.map((r) => r.body).join('\n'))
        const lost = results.find((r) => r.statusCode === 422)!
        assert.equal(lost.json().type, '/problems/coverage-overlap')
        const list = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data
        assert.equal(list.length, 1)
      })

      test('an add and a cancel on the same day: status cancelled, never in force, the member may enroll again', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const cancelled = await post(`/v1/enrollments/${e.enrollments[0].id}/cancel`, { reason: 'entered by mistake' }, 200)
        assert.equal(cancelled.status, 'cancelled')
        assert.equal(cancelled.supersedes_id, e.enrollments[0].id)
        const inForce = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-04-15`)).json().data
        assert.deepEqual(inForce, [])
        const old = (await admin.get(`/v1/enrollments/${e.enrollments[0].id}`)).json()
        assert.notEqual(old.superseded_at, null)
        expectProblem(await admin.post(`/v1/enrollments/${e.enrollments[0].id}/terminate`, { end_date: '2026-05-31', reason: 'x' }), 409, 'enrollment-superseded')
      })

      test('terminate: coverage ends on the (inclusive) end date; eligibility answers by member id and employee number', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10', employee_number: 'E-1001' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const t = await post(`/v1/enrollments/${e.enrollments[0].id}/terminate`, { end_date: '2026-06-30', reason: 'left the company' }, 200)
        assert.deepEqual([t.status, t.start_date, t.end_date], ['terminated', '2026-04-01', '2026-06-30'])
        const on = (await admin.get(`/v1/eligibility?member_id=${f.subscriber_id}&plan_type=medical&date=2026-06-30`)).json()
        assert.deepEqual([on.eligible, on.reason, on.coverage.id], [true, 'covered', t.id])
        const off = (await admin.get(`/v1/eligibility?employee_number=E-1001&employer_id=${ids.employer}&plan_type=medical&date=2026-07-01`)).json()
        assert.deepEqual([off.eligible, off.coverage, off.reason], [false, null, 'no-coverage-on-date'])
        const byNumber = (await admin.get(`/v1/enrollments?consumer_id=E-1001&consumer_identifier_type=employee_number&employer_id=${ids.employer}`)).json().data
        assert.deepEqual(byNumber.map((x: { id: string }) => x.id), [t.id])
        expectProblem(await admin.get(`/v1/enrollments?consumer_id=E-1001&consumer_identifier_type=employee_number`), 400, 'validation')
      })
    })

    describe('the family follows the subscriber', () => {
      // A terminated employee's spouse and child stayed "active" at the family tier, and eligibility
      // answered "covered" for them: a dependent is covered only through the subscriber.
      test('terminating the subscriber ends the dependents of the same election on the same day; cancelling cancels them', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }, { relationship: 'child', birth_date: '2015-05-05' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const own = e.enrollments.find((x: { member_id: string }) => x.member_id === f.subscriber_id)
        await post(`/v1/enrollments/${own.id}/terminate`, { end_date: '2026-06-30', reason: 'termination_of_employment' }, 200)
        const rows = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data as { member_id: string; status: string; end_date: string }[]
        assert.deepEqual(rows.map((x) => [x.status, x.end_date]), [['terminated', '2026-06-30'], ['terminated', '2026-06-30'], ['terminated', '2026-06-30']])
        for (const id of f.dependent_ids) {
          const on = (await admin.get(`/v1/eligibility?member_id=${id}&plan_type=medical&date=2026-07-01`)).json()
          assert.deepEqual([on.eligible, on.reason], [false, 'no-coverage-on-date'])
        }
        const g = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'child', birth_date: '2015-05-05' }] })
        const ge = await post('/v1/elections', { subscriber_id: g.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: g.dependent_ids })
        await post(`/v1/enrollments/${ge.enrollments.find((x: { member_id: string }) => x.member_id === g.subscriber_id).id}/cancel`, { reason: 'entered by mistake' }, 200)
        const gRows = (await admin.get(`/v1/enrollments?consumer_id=${g.subscriber_id}`)).json().data as { status: string }[]
        assert.deepEqual(gRows.map((x) => x.status), ['cancelled', 'cancelled'])
      })

      test('eligibility for a plan type that does not exist (medial) is a 400 with its pointer, not "not covered"', async () => {
        const f = await family()
        const p = expectProblem(await admin.get(`/v1/eligibility?member_id=${f.subscriber_id}&plan_type=medial&date=2026-06-01`), 400, 'validation')
        assert.equal(p.errors.length, 1, JSON.stringify(p.errors))
        assert.equal(p.errors[0]?.pointer, '/plan_type')
        assert.match(p.errors[0]?.detail ?? '', /^must be one of: .*medical/)
      })

      test("one bad field in seed 003's wrapped QLE body is one error at its pointer, not six from both accepted shapes", async () => {
        const f = await family()
        const wrapped = expectProblem(await qle(f.subscriber_id, { event: 'birth', date: '2026-02-30', plan_elections: {} }), 400, 'validation')
        assert.deepEqual(wrapped.errors.map((e) => e.pointer), ['/qualifying_life_event/date'])
        // The unwrapped shape is judged as such: a missing field is named, not "qualifying_life_event is required".
        const bare = expectProblem(await admin.post(`/v1/subscribers/${f.subscriber_id}/qualifying-life-events`, { event: 'birth', plan_elections: {} }), 400, 'validation')
        assert.deepEqual(bare.errors.map((e) => [e.pointer, e.detail]), [['/date', 'is required']])
      })

      test('cancel is for coverage that never took effect: coverage in force is 409 enrollment-in-force, and terminating before the start voids it', async () => {
        // Coverage from Feb 1 (a new hire), today Mar 20: erasing it would be a retroactive rescission.
        const f = await family({ subscriber: { hire_date: '2026-01-02' } })
        const hired = await qle(f.subscriber_id, { event: 'new_hire', date: '2026-03-10', plan_elections: { medical: medical(ids.ppo, [f.subscriber_id]) } })
        assert.equal(hired.statusCode, 201, hired.body)
        const row = hired.json().enrollments[0] as { id: string; start_date: string }
        assert.equal(row.start_date, '2026-02-01')
        expectProblem(await admin.post(`/v1/enrollments/${row.id}/cancel`, { reason: 'entered by mistake' }), 409, 'enrollment-in-force')
        const voided = await post(`/v1/enrollments/${row.id}/terminate`, { end_date: '2026-01-31', reason: 'entered by mistake' }, 200)
        assert.equal(voided.status, 'cancelled')
      })

      test("a dependent's and the subscriber's terminations at once: the dependent never outlasts the subscriber", async () => {
        // Each change locks the family first; without it, at read committed, the subscriber's
        // termination could miss the dependent's row replaced meanwhile (PostgreSQL runs these concurrently).
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const own = e.enrollments.find((x: { member_id: string }) => x.member_id === f.subscriber_id)
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        const [a, b] = await Promise.all([
          admin.post(`/v1/enrollments/${spouse.id}/terminate`, { end_date: '2026-09-30', reason: 'divorce' }),
          admin.post(`/v1/enrollments/${own.id}/terminate`, { end_date: '2026-06-30', reason: 'termination_of_employment' }),
        ])
        // The spouse's request: done first (200), or after the subscriber's (409: its record was
        // replaced meanwhile; or 422: the replacement already ends Jun 30, before Sep 30).
        assert.ok(a.statusCode === 200 || a.statusCode === 409 || a.statusCode === 422, a.body)
        // The spouse's termination changes the tier, so it re-makes the family's election: when it
        // commits first, the subscriber's record is replaced and the other request answers 409;
        // the client then terminates the current record in force on that day.
        assert.ok(b.statusCode === 200 || b.statusCode === 409, b.body)
        if (b.statusCode === 409) {
          assert.equal(b.json().type, '/problems/enrollment-superseded')
          const [current] = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-30`)).json().data as { id: string; member_id: string }[]).filter((x) => x.member_id === f.subscriber_id)
          await post(`/v1/enrollments/${current!.id}/terminate`, { end_date: '2026-06-30', reason: 'termination_of_employment' }, 200)
        }
        // (consumer_id of a subscriber lists the family's records.)
        assert.deepEqual((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-07-01`)).json().data, [], 'nobody is covered after the subscriber\'s end')
        assert.equal((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-30`)).json().data.length, 2)
      })

      test("ending a spouse's coverage directly re-makes the family's election: the employee alone from the next day, at the individual tier and premium", async () => {
        // Before, the employee stayed at "individual_spouse" for the rest of the year: the
        // deductions, and the carrier's 834 (HD05 ESP), kept charging for a spouse no longer covered.
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        assert.equal(e.coverage_tier, 'individual_spouse')
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        const ended = await post(`/v1/enrollments/${spouse.id}/terminate`, { end_date: '2026-08-31', reason: 'divorce' }, 200)
        assert.deepEqual([ended.member_id, ended.status, ended.end_date], [f.dependent_ids[0], 'terminated', '2026-08-31'])
        const rows = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data as { member_id: string; status: string; coverage_tier: string; start_date: string; end_date: string }[]).filter((x) => x.member_id === f.subscriber_id)
        assert.deepEqual(rows.map((x) => [x.status, x.coverage_tier, x.start_date, x.end_date]).sort(), [
          ['active', 'individual', '2026-09-01', '2026-12-31'],
          ['terminated', 'individual_spouse', '2026-04-01', '2026-08-31'],
        ])
        const elections = (await admin.get(`/v1/elections?consumer_id=${f.subscriber_id}`)).json().data as { status: string; coverage_tier: string; effective_date: string; annual_amount_cents: number; superseded_by: string | null }[]
        const now = elections.find((x) => x.superseded_by === null)!
        // Individual: $600 a month, the employer pays 80 %: $120 × Sep–Dec.
        assert.deepEqual([now.coverage_tier, now.effective_date, now.annual_amount_cents], ['individual', '2026-09-01', 120_00 * 4])
        const events = await api.database.db.selectFrom('events').select(['type', 'after']).where('type', '=', 'enrollment.terminated').execute()
        const reasons = events.map((x) => x.after as { member_id: string; reason: string }).filter((x) => x.member_id === f.dependent_ids[0]).map((x) => x.reason)
        assert.equal(reasons.length, 1)
        assert.match(reasons[0]!, /^divorce; replaced by election /)
      })

      test("ending one child's coverage of two leaves the family's tier, and the subscriber's record, as they are", async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'child', birth_date: '2010-01-01' }, { relationship: 'child', birth_date: '2012-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const own = e.enrollments.find((x: { member_id: string }) => x.member_id === f.subscriber_id)
        const child = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        await post(`/v1/enrollments/${child.id}/terminate`, { end_date: '2026-08-31', reason: 'other coverage' }, 200)
        const [mine] = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data as { id: string; member_id: string; coverage_tier: string; end_date: string }[]).filter((x) => x.member_id === f.subscriber_id)
        assert.deepEqual([mine!.id, mine!.coverage_tier, mine!.end_date], [own.id, 'individual_children', '2026-12-31'])
      })

      test("cancelling a spouse's coverage before it starts (open enrollment for 2027) makes the employee's election individual from the start", async () => {
        const f = await family({ subscriber: { hire_date: '2025-06-01' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo2027, type: 'election', covered_member_ids: f.dependent_ids, effective_date: '2027-01-01' })
        assert.equal(e.coverage_tier, 'individual_spouse')
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        const cancelled = await post(`/v1/enrollments/${spouse.id}/cancel`, { reason: 'added by mistake' }, 200)
        assert.deepEqual([cancelled.status, cancelled.member_id], ['cancelled', f.dependent_ids[0]])
        const rows = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data as { member_id: string; status: string; coverage_tier: string; start_date: string }[]).filter((x) => x.member_id === f.subscriber_id)
        assert.deepEqual(rows.map((x) => [x.status, x.coverage_tier, x.start_date]).sort(), [['active', 'individual', '2027-01-01'], ['cancelled', 'individual_spouse', '2027-01-01']])
      })

      test("a spouse's end dated before the employee's own termination does not bring the employee's coverage back", async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }, { relationship: 'child', birth_date: '2015-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const own = e.enrollments.find((x: { member_id: string }) => x.member_id === f.subscriber_id)
        // The employee leaves on Jun 30 (the family's records end with his); later the child's end is moved to May 31.
        await post(`/v1/enrollments/${own.id}/terminate`, { end_date: '2026-06-30', reason: 'resigned' }, 200)
        const [child] = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data as { id: string; member_id: string }[]).filter((x) => x.member_id === f.dependent_ids[1])
        await post(`/v1/enrollments/${child!.id}/terminate`, { end_date: '2026-05-31', reason: 'other coverage' }, 200)
        assert.deepEqual((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-07-01`)).json().data, [], 'nobody is covered after Jun 30')
      })

      test("ending a child's earlier record after the spouse's end re-tiers the current election too: the employee alone from October, at the individual price", async () => {
        // Review case: the child's later record was cancelled, but the current election stayed
        // "individual_children" at $1,100 a month for the employee alone.
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }, { relationship: 'child', birth_date: '2015-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        await post(`/v1/enrollments/${spouse.id}/terminate`, { end_date: '2026-09-30', reason: 'divorce' }, 200)
        const [childEarly] = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-30`)).json().data as { id: string; member_id: string }[]).filter((x) => x.member_id === f.dependent_ids[1])
        await post(`/v1/enrollments/${childEarly!.id}/terminate`, { end_date: '2026-06-30', reason: 'other coverage' }, 200)
        assert.deepEqual((await admin.get(`/v1/enrollments?consumer_id=${f.dependent_ids[1]}&as_of=2026-10-15`)).json().data, [])
        const current = ((await admin.get(`/v1/elections?consumer_id=${f.subscriber_id}`)).json().data as { plan_id: string; coverage_tier: string; effective_date: string; annual_amount_cents: number; superseded_by: string | null }[]).find((x) => x.superseded_by === null && x.plan_id === ids.ppo)!
        assert.deepEqual([current.coverage_tier, current.effective_date, current.annual_amount_cents], ['individual', '2026-10-01', 120_00 * 3])
      })

      test("a plan offering only individual and family keeps the family tier when the spouse's coverage ends (no 422)", async () => {
        const py = ids.py2026
        const twoTier = (await post('/v1/plans', { plan_year_id: py, name: 'Two tier', plan_type: 'medical', rules: { coverage_tiers: ['individual', 'family'] } })).id as string
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }, { relationship: 'child', birth_date: '2015-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: twoTier, type: 'election', covered_member_ids: f.dependent_ids })
        assert.equal(e.coverage_tier, 'family')
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        await post(`/v1/enrollments/${spouse.id}/terminate`, { end_date: '2026-09-30', reason: 'divorce' }, 200)
      })

      test("terminating the employee after a tier change also ends the later segment: no coverage after the end date", async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' }, dependents: [{ relationship: 'spouse', birth_date: '1987-01-01' }] })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election', covered_member_ids: f.dependent_ids })
        const spouse = e.enrollments.find((x: { member_id: string }) => x.member_id === f.dependent_ids[0])
        await post(`/v1/enrollments/${spouse.id}/terminate`, { end_date: '2026-08-31', reason: 'divorce' }, 200)
        const [before] = ((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-30`)).json().data as { id: string; member_id: string }[]).filter((x) => x.member_id === f.subscriber_id)
        await post(`/v1/enrollments/${before!.id}/terminate`, { end_date: '2026-06-30', reason: 'resigned' }, 200)
        for (const day of ['2026-07-01', '2026-09-15']) {
          assert.deepEqual((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=${day}`)).json().data, [], day)
        }
      })
    })

    describe('history, waivers, pay frequency and plan years', () => {
      test('bitemporal: known_at before a termination shows what we knew then; as_of shows what was covered', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const later = '2026-05-02T09:00:00.000Z'
        const { terminateEnrollment } = await import('../../src/modules/enrollments/service.js')
        const auth = { client_id: admin.client_id, organization_id: admin.organization_id, organization_type: 'administrator' as const, scopes: new Set<string>() }
        await api.database.db.transaction().execute((tx) => terminateEnrollment(tx, auth, { client_id: admin.client_id }, e.enrollments[0].id, { end_date: '2026-05-31', reason: 'resigned' }, later))
        const then = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&known_at=2026-04-01T00:00:00Z`)).json().data
        assert.deepEqual(then.map((x: { status: string; end_date: string }) => [x.status, x.end_date]), [['active', '2026-12-31']])
        const nowKnown = (await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}`)).json().data
        assert.deepEqual(nowKnown.map((x: { status: string; end_date: string }) => [x.status, x.end_date]), [['terminated', '2026-05-31']])
        assert.equal((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-01`)).json().data.length, 0)
        assert.equal((await admin.get(`/v1/enrollments?consumer_id=${f.subscriber_id}&as_of=2026-06-01&known_at=2026-04-01T00:00:00Z`)).json().data.length, 1)
      })

      test('a waiver is recorded with no money and no coverage; gaining other coverage waives and ends coverage at month end', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const w = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.dental, type: 'waiver' })
        assert.deepEqual([w.type, w.annual_amount_cents, w.enrollments.length], ['waiver', 0, 0])
        const g = await family({ subscriber: { hire_date: '2026-01-02' } })
        const hired = await qle(g.subscriber_id, { event: 'new_hire', date: '2026-03-10', plan_elections: { medical: medical(ids.ppo, [g.subscriber_id]) } })
        assert.equal(hired.statusCode, 201, hired.body)
        const res = await qle(g.subscriber_id, { event: 'gain_of_other_coverage', date: '2026-03-18', plan_elections: { medical: { plan_id: ids.ppo, type: 'waiver' } } })
        assert.equal(res.statusCode, 201, res.body)
        assert.deepEqual(res.json().elections.map((x: { type: string; annual_amount_cents: number; effective_date: string }) => [x.type, x.annual_amount_cents, x.effective_date]), [['waiver', 0, '2026-04-01']])
        const now = (await admin.get(`/v1/enrollments?consumer_id=${g.subscriber_id}`)).json().data
        assert.deepEqual(now.map((x: { status: string; start_date: string; end_date: string }) => [x.status, x.start_date, x.end_date]), [['terminated', '2026-02-01', '2026-03-31']])
        expectProblem(await qle(g.subscriber_id, { event: 'divorce', date: '2026-03-19', plan_elections: { medical: medical(ids.ppo, [g.subscriber_id]) } }), 422, 'qle-change-not-allowed')
      })

      test('a pay frequency change on Jul 1 (biweekly → monthly) re-splits the rest of the election; the total is still exact', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10', wage_frequency: 'biweekly' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const before = e.deductions as { pay_date: string; amount_cents: number }[]
        await api.database.db.insertInto('member_employment').values({ id: randomUUID(), member_id: f.subscriber_id, effective_date: '2026-07-01', hire_date: '2026-03-10', termination_date: null, status: 'full_time', hours_per_week: 40, wage_frequency: 'monthly', compensation: 'salary', annual_earnings_cents: 8_000_000, earnings_effective_date: '2026-07-01', location_id: null }).execute()
        const after = (await admin.get(`/v1/elections/${e.id}`)).json().deductions as { pay_date: string; amount_cents: number }[]
        assert.equal(after.reduce((s, d) => s + d.amount_cents, 0), e.annual_amount_cents)
        assert.deepEqual(after.filter((d) => d.pay_date < '2026-07-01'), before.filter((d) => d.pay_date < '2026-07-01'))
        assert.deepEqual(after.filter((d) => d.pay_date >= '2026-07-01').map((d) => d.pay_date), ['2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31'])
      })

      test('plan years: a closed window leaves the 2026 election in force through Dec 31; nothing carries into 2027 without a 2027 election', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const dec31 = (await admin.get(`/v1/eligibility?member_id=${f.subscriber_id}&plan_type=medical&date=2026-12-31`)).json()
        const jan1 = (await admin.get(`/v1/eligibility?member_id=${f.subscriber_id}&plan_type=medical&date=2027-01-01`)).json()
        assert.deepEqual([dec31.eligible, jan1.eligible], [true, false])
        const next = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo2027, type: 'election' })
        assert.equal(next.effective_date, '2027-01-01')
        assert.equal((await admin.get(`/v1/eligibility?member_id=${f.subscriber_id}&plan_type=medical&date=2027-01-01`)).json().eligible, true)
      })
    })

    describe('elections API and the event log', () => {
      test('filters; GET with another enrollment_id → 404; events recorded with actor and request id', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const byEnrollment = (await admin.get(`/v1/elections?enrollment_id=${e.enrollments[0].id}`)).json().data
        assert.deepEqual(byEnrollment.map((x: { id: string }) => x.id), [e.id])
        const byConsumer = (await admin.get(`/v1/elections?consumer_id=${f.subscriber_id}&plan_year_id=${ids.py2026}&plan_id=${ids.ppo}`)).json().data
        assert.deepEqual(byConsumer.map((x: { id: string }) => x.id), [e.id])
        assert.equal((await admin.get(`/v1/elections/${e.id}?enrollment_id=${e.enrollments[0].id}`)).statusCode, 200)
        const other = await family({ subscriber: { hire_date: '2026-03-10' } })
        const o = await post('/v1/elections', { subscriber_id: other.subscriber_id, plan_id: ids.ppo, type: 'election' })
        expectProblem(await admin.get(`/v1/elections/${e.id}?enrollment_id=${o.enrollments[0].id}`), 404, 'not-found')
        const events = await api.database.db.selectFrom('events').select(['type', 'actor', 'request_id']).where('aggregate_id', 'in', [e.id, e.enrollments[0].id]).orderBy('seq').execute()
        assert.deepEqual(events.map((x) => x.type), ['enrollment.created', 'election.created'])
        assert.ok(events.every((x) => x.actor === admin.client_id && typeof x.request_id === 'string' && x.request_id.length > 0))
      })

      test('another organization sees none of it (404)', async () => {
        const f = await family({ subscriber: { hire_date: '2026-03-10' } })
        const e = await post('/v1/elections', { subscriber_id: f.subscriber_id, plan_id: ids.ppo, type: 'election' })
        const stranger = await api.caller()
        assert.equal((await stranger.get(`/v1/elections/${e.id}`)).statusCode, 404)
        assert.equal((await stranger.get(`/v1/enrollments/${e.enrollments[0].id}`)).statusCode, 404)
        assert.equal((await stranger.post(`/v1/subscribers/${f.subscriber_id}/qualifying-life-events`, { event: 'marriage', date: '2026-03-01', plan_elections: {} })).statusCode, 404)
      })
    })
  })
}

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parse834, type Member } from '../../src/x12/index.js'
import { example, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'

// A family on the carrier's medical (named on the plan) and dental (tied by a coverage period),
// with vision at another carrier: the carrier's full file carries exactly its two lines.
const NOW = '2026-11-23T12:00:00Z'
const HIRED = '2026-11-01'

for (const kind of testDatabases()) {
  describe(`carrier 834 full files on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    const ids: Record<string, string> = {}
    let family: { id: string; dependents: { id: string; first_name: string }[] }

    async function post(url: string, body: unknown) {
      const res = await admin.post(url, body)
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`)
      return res.json()
    }
    const fileUrl = (asOf = '2026-11-23') => `/v1/employers/${ids.employer}/carriers/${ids.carrier}/834?as_of=${asOf}`

    before(async () => {
      api = await givenApi(kind, { now: NOW })
      admin = await api.caller()
      ids.employer = (await post('/v1/employers', { name: 'Acme Exchange', tax_id: '12-3456789' })).id
      ids.carrier = (await post('/v1/carriers', { name: 'Blue Shield', payer_id: 'BSCA01' })).id
      ids.other = (await post('/v1/carriers', { name: 'Eye Co', payer_id: 'EYE' })).id
      const py = await post('/v1/plan-years', { employer_id: ids.employer, name: '2026', start_date: '2026-01-01', end_date: '2026-12-31', enrollment_window: { start_date: '2025-11-01', end_date: '2025-11-30' } })
      ids.medical = (await post('/v1/plans', { plan_year_id: py.id, name: 'Blue PPO 500', plan_type: 'medical', carrier_id: ids.carrier })).id
      ids.dental = (await post('/v1/plans', { plan_year_id: py.id, name: 'Blue Dental', plan_type: 'dental' })).id
      ids.vision = (await post('/v1/plans', { plan_year_id: py.id, name: 'Eye Plan', plan_type: 'vision', carrier_id: ids.other })).id
      await post('/v1/coverage-periods', { employer_id: ids.employer, carrier_id: ids.carrier, start_date: '2026-01-01', end_date: '2026-12-31', plan_ids: [ids.dental] })
      const location = await post(`/v1/employers/${ids.employer}/locations`, await example('05-location.json'))
      family = await post('/v1/subscribers', {
        location_id: location.id, first_name: 'Ana', last_name: 'García', birth_date: '1988-02-03', gender: 'female', employee_number: 'E-77',
        employment_details: { start_date: HIRED, status: 'full_time', wage_frequency: 'biweekly' },
        residential_address: { address_line_1: '1 Elm St', city: 'Winchester', state: 'VA', zip: '22601' },
        dependents: [
          { first_name: 'Luis', last_name: 'García', birth_date: '1987-07-08', gender: 'male', subscriber_relationship: 'spouse' },
          { first_name: 'Mia', last_name: 'García', birth_date: '2015-09-10', gender: 'female', subscriber_relationship: 'child' },
        ],
      })
      const [spouse, child] = family.dependents
      const cover = (planId: string, members: string[]) => ({ plan_id: planId, type: 'election', coverages: members.map((m) => ({ member_id: m })) })
      await post(`/v1/subscribers/${family.id}/qualifying-life-events`, {
        event: 'new_hire', date: HIRED,
        plan_elections: { medical: cover(ids.medical!, [family.id, spouse!.id, child!.id]), dental: cover(ids.dental!, [family.id, spouse!.id]), vision: cover(ids.vision!, [family.id]) },
      })
    })
    after(async () => api?.close())

    test('the file has the family on medical (tier family) and dental (tier individual_spouse), not vision; it validates', async () => {
      const res = await admin.get(fileUrl())
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.deepEqual(file.validation, { valid: true, error_count: 0, warning_count: 0, findings: [] })
      assert.deepEqual([file.subscribers, file.dependents, file.coverages, file.omitted], [1, 2, 5, []])
      const members = parse834(file.x12)[0]!.groups[0]!.transactions[0]!.members
      const lines = (m: Member) => (m.health_coverages ?? []).map((c) => `${c.HD.HD03} ${c.HD.HD05}`)
      assert.deepEqual(members.map((m) => [m.INS.INS02, m.member_name.NM1.NM104, m.REF[0]!.REF02, lines(m)]), [
        ['18', 'Ana', 'E-77', ['DEN ESP', 'HLT FAM']],
        ['01', 'Luis', 'E-77', ['DEN ESP', 'HLT FAM']],
        ['19', 'Mia', 'E-77', ['HLT FAM']],
      ])
      assert.equal(members[0]!.member_name.NM1.NM103, 'Garcia')
      assert.deepEqual(members[0]!.DTP, [{ DTP01: '336', DTP02: 'D8', DTP03: '20261101' }])
    })

    test("a child's medical terminated at the end of November carries DTP*349 on that day; December's file has the family at employee + spouse", async () => {
      const child = family.dependents[1]!
      const enrollments = (await admin.get(`/v1/enrollments?consumer_id=${child.id}`)).json().data as { id: string; plan_type: string }[]
      const medical = enrollments.find((e) => e.plan_type === 'medical')!
      const term = await admin.post(`/v1/enrollments/${medical.id}/terminate`, { end_date: '2026-11-30', reason: 'moved to the other parent\'s plan' })
      assert.equal(term.statusCode, 200, term.body)
      const november = parse834((await admin.get(fileUrl())).json().x12)[0]!.groups[0]!.transactions[0]!.members
      assert.deepEqual(november[2]!.health_coverages![0]!.DTP, [{ DTP01: '348', DTP02: 'D8', DTP03: '20261101' }, { DTP01: '349', DTP02: 'D8', DTP03: '20261130' }])
      const december = (await admin.get(fileUrl('2026-12-15'))).json()
      assert.equal(december.validation.valid, true)
      assert.deepEqual([december.subscribers, december.dependents], [1, 1])
      // The child's end changed the family's medical tier: from December it is employee + spouse.
      const members = parse834(december.x12)[0]!.groups[0]!.transactions[0]!.members
      assert.deepEqual(members.map((m) => (m.health_coverages ?? []).map((c) => `${c.HD.HD03} ${c.HD.HD05} ${c.DTP![0]!.DTP03}`)), [['DEN ESP 20261101', 'HLT ESP 20261201'], ['DEN ESP 20261101', 'HLT ESP 20261201']])
    })

    test('the other carrier gets only vision; another organization cannot read either file', async () => {
      const eye = (await admin.get(`/v1/employers/${ids.employer}/carriers/${ids.other}/834`)).json()
      assert.deepEqual([eye.subscribers, eye.dependents, eye.coverages], [1, 0, 1])
      assert.match(eye.x12, /HD\*030\*\*VIS\*Eye Plan\*EMP~/)
      const stranger = await api.caller()
      assert.equal((await stranger.get(fileUrl())).statusCode, 404)
    })

    test('a plan with coverage cannot move to another carrier (409): neither carrier would be told of what changed', async () => {
      const plan = (await admin.get(`/v1/plans/${ids.medical}`)).json()
      const res = await admin.put(`/v1/plans/${ids.medical}`, { name: plan.name, carrier_id: ids.other, rules: plan.rules }, { 'if-match': `"${plan.version}"` })
      assert.equal(res.statusCode, 409, res.body)
      assert.equal(res.json().type, '/problems/plan-carrier-locked')
      const same = await admin.put(`/v1/plans/${ids.medical}`, { name: 'Blue PPO 500 (renamed)', carrier_id: ids.carrier, rules: plan.rules }, { 'if-match': `"${plan.version}"` })
      assert.equal(same.statusCode, 200, same.body)
    })

    test('Accept: the file itself only when application/edi-x12 outranks JSON', async () => {
      const type = async (accept: string) => String((await admin.request({ method: 'GET', url: fileUrl(), headers: { accept } })).headers['content-type']).split(';')[0]
      assert.equal(await type('application/edi-x12'), 'application/edi-x12')
      assert.equal(await type('application/json;q=0.5, application/edi-x12'), 'application/edi-x12')
      assert.equal(await type('application/json, application/edi-x12;q=0.1'), 'application/json')
      assert.equal(await type('*/*'), 'application/json')
    })
  })

  describe(`carrier 834 change files on ${kind}`, () => {
    // A clock that moves on between steps, so records are made at different moments.
    let at = new Date('2026-11-23T12:00:00Z')
    const step = (minutes: number): string => { at = new Date(at.getTime() + minutes * 60_000); return at.toISOString() }
    let api: TestApi
    let admin: Caller
    const ids: Record<string, string> = {}
    let family: { id: string; dependents: { id: string }[] }
    let told = ''
    let changed = ''

    async function post(url: string, body: unknown, status = 201) {
      const res = await admin.post(url, body)
      assert.equal(res.statusCode, status, `${url}: ${res.body}`)
      return res.json()
    }
    const changesUrl = (since: string, until: string) => `/v1/employers/${ids.employer}/carriers/${ids.carrier}/834/changes?since=${since}&until=${until}`
    const membersOf = (x12: string) => parse834(x12)[0]!.groups[0]!.transactions[0]!.members

    before(async () => {
      api = await givenApi(kind, { clock: () => at })
      admin = await api.caller()
      ids.employer = (await post('/v1/employers', { name: 'Acme Changes', tax_id: '12-3456789' })).id
      ids.carrier = (await post('/v1/carriers', { name: 'Blue Shield', payer_id: 'BSCA01' })).id
      const py = await post('/v1/plan-years', { employer_id: ids.employer, name: '2026', start_date: '2026-01-01', end_date: '2026-12-31', enrollment_window: { start_date: '2025-11-01', end_date: '2025-11-30' } })
      ids.medical = (await post('/v1/plans', { plan_year_id: py.id, name: 'Blue PPO 500', plan_type: 'medical', carrier_id: ids.carrier })).id
      ids.dental = (await post('/v1/plans', { plan_year_id: py.id, name: 'Blue Dental', plan_type: 'dental', carrier_id: ids.carrier })).id
      const location = await post(`/v1/employers/${ids.employer}/locations`, await example('05-location.json'))
      family = await post('/v1/subscribers', {
        location_id: location.id, first_name: 'Ana', last_name: 'Garcia', birth_date: '1988-02-03', gender: 'female', employee_number: 'E-88',
        employment_details: { start_date: HIRED, status: 'full_time', wage_frequency: 'biweekly' },
        dependents: [
          { first_name: 'Luis', last_name: 'Garcia', birth_date: '1987-07-08', gender: 'male', subscriber_relationship: 'spouse' },
          { first_name: 'Mia', last_name: 'Garcia', birth_date: '2015-09-10', gender: 'female', subscriber_relationship: 'child' },
        ],
      })
      const everyone = [family.id, ...family.dependents.map((d) => d.id)]
      const cover = (planId: string, members: string[]) => ({ plan_id: planId, type: 'election', coverages: members.map((m) => ({ member_id: m })) })
      await post(`/v1/subscribers/${family.id}/qualifying-life-events`, { event: 'new_hire', date: HIRED, plan_elections: { medical: cover(ids.medical!, everyone), dental: cover(ids.dental!, everyone) } })
      told = step(1) // the carrier got everything known at this moment
      step(4)
      const enrollments = (await admin.get(`/v1/enrollments?consumer_id=${family.dependents[1]!.id}`)).json().data as { id: string; plan_type: string }[]
      await post(`/v1/enrollments/${enrollments.find((e) => e.plan_type === 'medical')!.id}/terminate`, { end_date: '2026-11-30', reason: 'other coverage' }, 200)
      changed = step(5)
      step(2) // a window is read once it is a minute old (CHANGES_SETTLE_MS)
    })
    after(async () => api?.close())

    test('the first file, from before anything was recorded: every member added (INS03/HD01 021), BGN08 2, valid', async () => {
      const res = await admin.get(changesUrl('2026-11-23T11:00:00Z', told))
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.deepEqual(file.validation.findings, [])
      const t = parse834(file.x12)[0]!.groups[0]!.transactions[0]!
      assert.equal(t.header.BGN.BGN08, '2')
      assert.deepEqual(t.members.map((m) => [m.INS.INS03, (m.health_coverages ?? []).map((c) => `${c.HD.HD01} ${c.HD.HD03} ${c.HD.HD05}`).sort()]), [
        ['021', ['021 DEN FAM', '021 HLT FAM']], ['021', ['021 DEN FAM', '021 HLT FAM']], ['021', ['021 DEN FAM', '021 HLT FAM']],
      ])
    })

    test("the next file has only the child's medical end and the family's new medical tier: the parents 024 FAM + 021 ESP; the child, whose dental goes on, a change (001) without DTP*357", async () => {
      const res = await admin.get(changesUrl(told, changed))
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.deepEqual(file.validation.findings, [])
      const lines = (m: Member) => (m.health_coverages ?? []).map((c) => `${c.HD.HD01} ${c.HD.HD03} ${c.HD.HD05} ${c.DTP!.map((d) => `${d.DTP01}=${d.DTP03}`).join(' ')}`).sort()
      const members = membersOf(file.x12)
      assert.deepEqual(members.map((m) => [m.member_name.NM1.NM104, m.INS.INS03, lines(m)]), [
        ['Ana', '001', ['021 HLT ESP 348=20261201', '024 HLT FAM 348=20261101 349=20261130']],
        ['Luis', '001', ['021 HLT ESP 348=20261201', '024 HLT FAM 348=20261101 349=20261130']],
        ['Mia', '001', ['024 HLT FAM 348=20261101 349=20261130']],
      ])
      assert.equal(members[2]!.DTP, undefined, 'her eligibility does not end: dental goes on')
      assert.ok(members.every((m) => m.REF[0]!.REF02 === 'E-88'))
    })

    test('nothing changed since: 422 carrier-file-empty at /since; since after until, or an until under a minute old: 422', async () => {
      const now = step(2)
      const settled = new Date(Date.parse(now) - 61_000).toISOString()
      const empty = await admin.get(changesUrl(changed, settled))
      assert.equal(empty.statusCode, 422, empty.body)
      assert.deepEqual([empty.json().type, empty.json().errors[0].pointer], ['/problems/carrier-file-empty', '/since'])
      const backwards = await admin.get(changesUrl(changed, told))
      assert.equal(backwards.statusCode, 422, backwards.body)
      assert.equal(backwards.json().type, '/problems/invalid-date-range')
      // Review case: a window ending now (or later) could miss a change still being written, which the next window would skip.
      const recent = await admin.get(changesUrl(changed, now))
      assert.equal(recent.statusCode, 422, recent.body)
      assert.deepEqual([recent.json().type, recent.json().errors[0].pointer], ['/problems/invalid-date-range', '/until'])
    })

    test("dental dropped for the family while medical goes on: the parents are changes (001), not terminated members; the child, now without any coverage, is 024 with DTP*357", async () => {
      const since = step(1)
      step(1)
      const own = ((await admin.get(`/v1/enrollments?consumer_id=${family.id}&as_of=2026-11-23`)).json().data as { id: string; member_id: string; plan_type: string }[]).find((e) => e.member_id === family.id && e.plan_type === 'dental')!
      await post(`/v1/enrollments/${own.id}/terminate`, { end_date: '2026-11-30', reason: 'dental moved to another carrier' }, 200)
      const until = step(1)
      step(2)
      const res = await admin.get(changesUrl(since, until))
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.deepEqual(file.validation.findings, [])
      const members = membersOf(file.x12)
      assert.deepEqual(members.map((m) => [m.member_name.NM1.NM104, m.INS.INS03, (m.health_coverages ?? []).map((c) => `${c.HD.HD01} ${c.HD.HD03}`), (m.DTP ?? []).filter((d) => d.DTP01 === '357').map((d) => d.DTP03)]), [
        ['Ana', '001', ['024 DEN'], []],
        ['Luis', '001', ['024 DEN'], []],
        ['Mia', '024', ['024 DEN'], ['20261130']],
      ])
    })

    test("a spouse's move, the employee's new last name and a child's corrected gender: INS03 001 with INS04 43 (and the new N3/N4) or 25, no coverage lines", async () => {
      const since = step(1)
      step(1)
      const spouse = (await admin.get(`/v1/members/${family.dependents[0]!.id}`)).json()
      const moved = await admin.put(`/v1/members/${spouse.id}`, { effective_date: '2026-11-23', residential_address: { address_line_1: '9 Oak Ave', city: 'Richmond', state: 'VA', zip: '23220' } }, { 'if-match': `"${spouse.version}"` })
      assert.equal(moved.statusCode, 200, moved.body)
      const ana = (await admin.get(`/v1/subscribers/${family.id}`)).json()
      const renamed = await admin.put(`/v1/subscribers/${family.id}`, { effective_date: '2026-11-23', last_name: 'Garcia-Lopez' }, { 'if-match': `"${ana.version}"` })
      assert.equal(renamed.statusCode, 200, renamed.body)
      // A gender correction is identifying data too (DMG03): the child goes out as 25 with F→M.
      const mia = (await admin.get(`/v1/members/${family.dependents[1]!.id}`)).json()
      const corrected = await admin.put(`/v1/members/${mia.id}`, { effective_date: '2026-11-23', gender: 'male' }, { 'if-match': `"${mia.version}"` })
      assert.equal(corrected.statusCode, 200, corrected.body)
      const until = step(1)
      step(2)
      const res = await admin.get(changesUrl(since, until))
      assert.equal(res.statusCode, 200, res.body)
      const file = res.json()
      assert.deepEqual(file.validation.findings, [])
      const members = membersOf(file.x12)
      assert.deepEqual(members.map((m) => [m.member_name.NM1.NM103, m.INS.INS03, m.INS.INS04, m.health_coverages?.length ?? 0]), [['Garcia-Lopez', '001', '25', 0], ['Garcia', '001', '43', 0], ['Garcia', '001', '25', 0]])
      assert.equal(members[2]!.member_name.DMG?.DMG03, 'M')
      assert.deepEqual([members[1]!.member_name.N3, members[1]!.member_name.N4], [{ N301: '9 Oak Ave' }, { N401: 'Richmond', N402: 'VA', N403: '23220' }])
    })

    test("only a dependent changed: the subscriber's loop still comes first (INS03 001, no coverage lines), as dependents follow their subscriber", async () => {
      const py = (await admin.get(`/v1/plans/${ids.medical}`)).json().plan_year_id as string
      const vision = (await post('/v1/plans', { plan_year_id: py, name: 'Blue Vision', plan_type: 'vision', carrier_id: ids.carrier, rules: { coverage_tiers: ['individual', 'family'] } })).id as string
      const everyone = [family.id, ...family.dependents.map((d) => d.id)]
      await post(`/v1/subscribers/${family.id}/qualifying-life-events`, { event: 'new_hire', date: HIRED, plan_elections: { vision: { plan_id: vision, type: 'election', coverages: everyone.map((m) => ({ member_id: m })) } } })
      const since = step(1)
      step(1)
      // Employee + spouse is no tier of this plan: the family keeps "family", so only the child's record changes.
      const childVision = ((await admin.get(`/v1/enrollments?consumer_id=${family.dependents[1]!.id}`)).json().data as { id: string; plan_type: string }[]).find((e) => e.plan_type === 'vision')!
      await post(`/v1/enrollments/${childVision.id}/terminate`, { end_date: '2026-11-30', reason: 'other coverage' }, 200)
      const until = step(1)
      step(2)
      const file = (await admin.get(changesUrl(since, until))).json()
      assert.deepEqual(file.validation.findings, [])
      assert.deepEqual(membersOf(file.x12).map((m) => [m.INS.INS01, m.INS.INS03, (m.health_coverages ?? []).map((c) => `${c.HD.HD01} ${c.HD.HD03}`)]), [
        ['Y', '001', []],
        ['N', '024', ['024 VIS']],
      ])
    })
  })
}


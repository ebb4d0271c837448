// The IRS publishes next year's limits while this year's open enrollment runs (2027's during
// 2026's): an operator must be able to add them without waiting for a release, and plans and
// elections for that year must then be checked against them.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { expectProblem, givenApi, type Caller, type TestApi } from '../support/api.js'
import { testDatabases } from '../support/databases.js'
import { knownIrsLimits, refreshIrsLimits, setIrsLimits } from '../../src/modules/plans/index.js'
import { useOperatorIrsLimits } from '../../src/modules/plans/rules/index.js'

// Illustrative figures for the tests, NOT the IRS's 2027 limits: the 2026 figures plus a little.
const FIGURES_2027 = {
  hsa_self_only_cents: 450_000, hsa_family_cents: 900_000, hsa_catch_up_cents: 100_000,
  hdhp_min_deductible_self_only_cents: 175_000, hdhp_min_deductible_family_cents: 350_000,
  hdhp_max_out_of_pocket_self_only_cents: 870_000, hdhp_max_out_of_pocket_family_cents: 1_740_000,
  health_fsa_cents: 350_000, health_fsa_carryover_cents: 700_00, dependent_care_cents: 750_000, dependent_care_married_separately_cents: 375_000,
  commuter_transit_monthly_cents: 350_00, commuter_parking_monthly_cents: 350_00, qsehra_self_only_cents: 660_000, qsehra_family_cents: 1_340_000,
  excepted_benefit_hra_cents: 220_000,
}
const ROOT = new URL('../../', import.meta.url).pathname

for (const kind of testDatabases()) {
  describe(`IRS limits on ${kind}`, () => {
    let api: TestApi
    let admin: Caller
    before(async () => {
      useOperatorIrsLimits([]) // a fresh process: nothing loaded yet
      api = await givenApi(kind, { now: '2026-12-06T12:00:00Z' })
      admin = await api.caller()
    })
    after(async () => {
      useOperatorIrsLimits([])
      await api?.close()
    })

    async function planYear(start: string, end: string) {
      const employer = await admin.post('/v1/employers', { name: 'Acme' })
      const py = await admin.post('/v1/plan-years', { employer_id: employer.json().id, name: start.slice(0, 4), start_date: start, end_date: end })
      assert.equal(py.statusCode, 201, py.body)
      return py.json().id as string
    }

    test('a 2027 HSA cap cannot be checked until 2027 is added; then it is checked against the added figures', async () => {
      const py = await planYear('2027-01-01', '2027-12-31')
      const before = expectProblem(await admin.post('/v1/plans', { plan_year_id: py, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 450_000 } }), 400, 'plan-rules-invalid')
      assert.match(before.errors[0]!.detail, /IRS limits for 2027 are not known/)
      const listed = (await admin.get('/v1/irs-limits')).json().data as { year: number }[]
      assert.deepEqual(listed.map((l) => l.year), [2024, 2025, 2026])

      const stored = await setIrsLimits(api.database.db, 2027, FIGURES_2027, 'test figures', '2026-12-06T12:00:00Z')
      assert.equal(stored.limits.hsa_self_only_cents, 450_000)
      const res = await admin.get('/v1/irs-limits')
      assert.equal(res.statusCode, 200, res.body)
      const y2027 = (res.json().data as { year: number; source: string; built_in: boolean; limits: Record<string, number> }[]).find((l) => l.year === 2027)!
      assert.deepEqual([y2027.source, y2027.built_in, y2027.limits.health_fsa_cents], ['test figures', false, 350_000])

      assert.equal((await admin.post('/v1/plans', { plan_year_id: py, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 450_000 } })).statusCode, 201)
      const over = expectProblem(await admin.post('/v1/plans', { plan_year_id: py, name: 'HSA 2', plan_type: 'hsa', rules: { annual_contribution_max_cents: 450_001 } }), 400, 'plan-rules-invalid')
      assert.equal(over.errors[0]!.pointer, '/rules/annual_contribution_max_cents')
      // 2026 plan years keep the built-in 2026 figures
      const py2026 = await planYear('2026-01-01', '2026-12-31')
      expectProblem(await admin.post('/v1/plans', { plan_year_id: py2026, name: 'HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 450_000 } }), 400, 'plan-rules-invalid')
    })

    test('another process sees the added year once it refreshes from the database', async () => {
      await setIrsLimits(api.database.db, 2027, FIGURES_2027, 'test figures', '2026-12-06T12:00:00Z')
      useOperatorIrsLimits([]) // as a process started before the year was added
      assert.equal(knownIrsLimits().some((k) => k.year === 2027), false)
      assert.equal(await refreshIrsLimits(api.database.db), 1)
      assert.equal(knownIrsLimits().find((k) => k.year === 2027)?.limits.dependent_care_cents, 750_000)
    })

    test('figures that cannot be right are refused with the pointer of each', async () => {
      const bad = { ...FIGURES_2027, hsa_family_cents: 100, health_fsa_cents: 1.5, commuter_parking_monthly_cents: undefined, hsa_max_cents: 1 }
      await assert.rejects(setIrsLimits(api.database.db, 2028, bad, 'test', '2026-12-06T12:00:00Z'), (err: { extra?: { errors?: { pointer: string }[] } }) => {
        assert.deepEqual(err.extra?.errors?.map((e) => e.pointer).sort(), ['/commuter_parking_monthly_cents', '/health_fsa_cents', '/hsa_max_cents'])
        return true
      })
      await assert.rejects(setIrsLimits(api.database.db, 2028, { ...FIGURES_2027, hsa_family_cents: 100 }, 'test', '2026-12-06T12:00:00Z'), (err: { extra?: { errors?: { pointer: string }[] } }) => {
        assert.deepEqual(err.extra?.errors?.map((e) => e.pointer), ['/hsa_family_cents'])
        return true
      })
      await assert.rejects(setIrsLimits(api.database.db, 2028, { ...FIGURES_2027, year: 2029 }, 'test', '2026-12-06T12:00:00Z'), /not valid/)
      await assert.rejects(setIrsLimits(api.database.db, 2028, FIGURES_2027, '  ', '2026-12-06T12:00:00Z'), /source/)
      assert.equal(knownIrsLimits().some((k) => k.year === 2028), false)
    })
  })
}

describe('openenroll irs-limits (CLI)', () => {
  const run = promisify(execFile)
  const dir = mkdtempSync(join(tmpdir(), 'openenroll-irs-cli-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('set stores a year from a JSON file; list shows it with its source; bad figures exit 2 naming the field', { timeout: 120_000 }, async () => {
    const file = join(dir, '2027.json')
    writeFileSync(file, JSON.stringify(FIGURES_2027))
    const data = join(dir, 'data')
    const set = await run(join(ROOT, 'bin/openenroll'), ['irs-limits', 'set', '--data-dir', data, '--year', '2027', '--file', file, '--source', 'test figures'], { cwd: ROOT })
    assert.match(set.stdout, /IRS limits for 2027 stored \(source: test figures\)/)
    const list = await run(join(ROOT, 'bin/openenroll'), ['irs-limits', 'list', '--data-dir', data, '--json'], { cwd: ROOT })
    const years = JSON.parse(list.stdout) as { year: number; source: string }[]
    assert.deepEqual(years.map((y) => y.year), [2024, 2025, 2026, 2027])
    assert.equal(years.at(-1)!.source, 'test figures')
    const text = await run(join(ROOT, 'bin/openenroll'), ['irs-limits', 'list', '--data-dir', data], { cwd: ROOT })
    assert.match(text.stdout, /^2027 {2}HSA \$4,500 \/ \$9,000 .* — test figures$/m)
    writeFileSync(file, JSON.stringify({ ...FIGURES_2027, health_fsa_carryover_cents: 999_999 }))
    const bad = await run(join(ROOT, 'bin/openenroll'), ['irs-limits', 'set', '--data-dir', data, '--year', '2028', '--file', file, '--source', 'x'], { cwd: ROOT }).then(() => undefined, (e: { code: number; stderr: string }) => e)
    assert.equal(bad?.code, 2)
    assert.match(bad!.stderr, /\/health_fsa_carryover_cents: is above health_fsa_cents/)
  })
})

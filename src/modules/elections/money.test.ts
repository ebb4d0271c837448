import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { electionMoney, type ElectionMoneyInput } from './money.js'
import { irsLimits, useOperatorIrsLimits } from '../plans/rules/index.js'

const base: ElectionMoneyInput = {
  plan_type: 'hsa', rules: {}, tier: 'individual', requested_cents: 0, effective_date: '2026-01-01',
  plan_year_start: '2026-01-01', plan_year_end: '2026-12-31', subscriber_birth_date: '1990-05-30', pointer: '/annual_amount_cents',
}
function slugOf(fn: () => unknown): string | undefined {
  try { fn() } catch (e) { return (e as { slug?: string }).slug }
  return undefined
}

describe('election money', () => {
  test('a 2027 HSA election (open enrollment in late 2026) waits for 2027\'s figures, then is checked against the ones the operator added', () => {
    const y2027 = { ...base, effective_date: '2027-01-01', plan_year_start: '2027-01-01', plan_year_end: '2027-12-31', requested_cents: 4450_00 }
    assert.equal(slugOf(() => electionMoney(y2027)), 'irs-limits-unknown')
    // illustrative figures, not the IRS's: 2026's with a $4,500 self-only HSA limit
    useOperatorIrsLimits([{ ...irsLimits(2026), year: 2027, hsa_self_only_cents: 4500_00 }])
    try {
      assert.equal(slugOf(() => electionMoney(y2027)), undefined)
      assert.equal(slugOf(() => electionMoney({ ...y2027, requested_cents: 4500_01 })), 'irs-limit-exceeded')
    } finally {
      useOperatorIrsLimits([])
    }
  })
  test('HSA self-only 2026: $4,400 accepted, $4,400.01 refused with irs-limit-exceeded at the pointer', () => {
    assert.equal(electionMoney({ ...base, requested_cents: 4400_00 }).annual_amount_cents, 4400_00)
    try {
      electionMoney({ ...base, requested_cents: 4400_01 })
      assert.fail('accepted')
    } catch (e) {
      assert.equal((e as { slug: string }).slug, 'irs-limit-exceeded')
      assert.equal((e as { extra: { errors: { pointer: string }[] } }).extra.errors[0]?.pointer, '/annual_amount_cents')
    }
  })
  test('HSA mid-year: eligible from April is 9/12 of the limit ($3,300); catch-up at 55 by Dec 31 adds $1,000 (prorated)', () => {
    assert.equal(slugOf(() => electionMoney({ ...base, effective_date: '2026-04-01', requested_cents: 3300_00 })), undefined)
    assert.equal(slugOf(() => electionMoney({ ...base, effective_date: '2026-04-01', requested_cents: 3300_01 })), 'irs-limit-exceeded')
    const older = { ...base, subscriber_birth_date: '1971-12-31', effective_date: '2026-04-01' }
    assert.equal(slugOf(() => electionMoney({ ...older, requested_cents: 4050_00 })), undefined)
    assert.equal(slugOf(() => electionMoney({ ...older, requested_cents: 4050_01 })), 'irs-limit-exceeded')
  })
  test('HSA: the employer contribution counts toward the limit; family tier uses the family limit', () => {
    const rules = { employer_contributions: { individual: { type: 'fixed', annual_amount_cents: 1000_00 } } }
    assert.equal(slugOf(() => electionMoney({ ...base, rules, requested_cents: 3400_01 })), 'irs-limit-exceeded')
    assert.equal(electionMoney({ ...base, rules, requested_cents: 3400_00 }).employer_contribution_cents, 1000_00)
    assert.equal(slugOf(() => electionMoney({ ...base, tier: 'family', requested_cents: 8750_00 })), undefined)
  })
  test('plan caps: above annual_contribution_max_cents → contribution-above-plan-maximum', () => {
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'health_fsa', rules: { annual_contribution_max_cents: 2000_00 }, requested_cents: 2000_01 })), 'contribution-above-plan-maximum')
  })
  test('health FSA $3,400, dependent care $7,500 (employer included), commuter $340 a month for the months covered', () => {
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'health_fsa', requested_cents: 3400_01 })), 'irs-limit-exceeded')
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'dependent_care_fsa', requested_cents: 7500_00 })), undefined)
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'dependent_care_fsa', rules: { employer_contributions: { individual: { type: 'fixed', annual_amount_cents: 1 } } }, requested_cents: 7500_00 })), 'irs-limit-exceeded')
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'commuter_transit', effective_date: '2026-07-01', requested_cents: 6 * 340_00 })), undefined)
    assert.equal(slugOf(() => electionMoney({ ...base, plan_type: 'commuter_transit', effective_date: '2026-07-01', requested_cents: 6 * 340_00 + 1 })), 'irs-limit-exceeded')
  })
  test('insured plans: employee and employer premium shares by tier for the months covered', () => {
    const rules = { premiums_monthly_cents: { individual: 600_00, family: 1800_00 }, employer_contributions: { individual: { type: 'percent', percent_bps: 8000 }, family: { type: 'fixed', monthly_amount_cents: 1000_00 } } }
    assert.deepEqual(electionMoney({ ...base, plan_type: 'medical', rules, effective_date: '2026-04-01' }), { annual_amount_cents: 120_00 * 9, employer_contribution_cents: 480_00 * 9, irs_limit_cents: null })
    assert.deepEqual(electionMoney({ ...base, plan_type: 'medical', rules, tier: 'family' }), { annual_amount_cents: 800_00 * 12, employer_contribution_cents: 1000_00 * 12, irs_limit_cents: null })
  })
})

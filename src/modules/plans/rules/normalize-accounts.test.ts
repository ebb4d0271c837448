import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizePlanRules } from './normalize.js'
import { errorsOf, planYear, pointersOf } from './test-support.js'

describe('HSA', () => {
  test('2026 HSA capped at $4,400 self-only accepts 440000 and refuses 440001', () => {
    assert.deepEqual(errorsOf('hsa', { annual_contribution_max_cents: 440_000 }), [])
    const errors = errorsOf('hsa', { annual_contribution_max_cents: 440_001 })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/annual_contribution_max_cents'])
    assert.match(errors[0]!.detail, /\$4,400\.00/)
  })

  test('the seed example plan (examples/api/04-plan-hsa.json) is accepted for the 2026 plan year', () => {
    // Copied from the shared example request so the test does not depend on files outside the repo.
    const example = { plan_year_id: '{{plan_year_id}}', name: 'Acme HSA', plan_type: 'hsa', rules: { annual_contribution_max_cents: 440000 } } as const
    const result = normalizePlanRules(example.plan_type, example.rules, planYear(2026))
    assert.ok(result.ok)
    assert.equal(result.rules.annual_contribution_max_cents, 440_000)
  })

  test('the same $4,400 cap is over the 2025 self-only limit of $4,300', () => {
    assert.deepEqual(pointersOf('hsa', { annual_contribution_max_cents: 440_000 }, 2025), ['/rules/annual_contribution_max_cents'])
  })

  test('2026 HSA family cap may reach $8,750 but not a cent more', () => {
    assert.deepEqual(pointersOf('hsa', { hsa_family_max_cents: 875_000, hsa_self_only_max_cents: 440_000 }), [])
    assert.deepEqual(pointersOf('hsa', { hsa_family_max_cents: 875_001 }), ['/rules/hsa_family_max_cents'])
    assert.deepEqual(pointersOf('hsa', { hsa_self_only_max_cents: 440_001 }), ['/rules/hsa_self_only_max_cents'])
  })

  test('a family cap on an HSA offered with self-only coverage only is refused', () => {
    assert.deepEqual(pointersOf('hsa', { coverage_tiers: ['individual'], hsa_family_max_cents: 500_000 }), ['/rules/hsa_family_max_cents'])
  })

  test('the seed-style cap and hsa_self_only_max_cents must agree when both are given', () => {
    assert.deepEqual(pointersOf('hsa', { annual_contribution_max_cents: 400_000, hsa_self_only_max_cents: 400_000 }), [])
    assert.deepEqual(pointersOf('hsa', { annual_contribution_max_cents: 400_000, hsa_self_only_max_cents: 300_000 }), ['/rules/hsa_self_only_max_cents'])
  })

  test('an employer HSA seed of $1,000 individual / $2,000 family is fine; $9,000 family exceeds the 2026 family limit', () => {
    const tiers = (family: number) => ({
      employer_contributions: { individual: { type: 'fixed', annual_amount_cents: 100_000 }, family: { type: 'fixed', annual_amount_cents: family } },
    })
    assert.deepEqual(pointersOf('hsa', tiers(200_000)), [])
    assert.deepEqual(pointersOf('hsa', tiers(900_000)), ['/rules/employer_contributions/family/annual_amount_cents'])
    assert.deepEqual(pointersOf('hsa', { employer_contributions: { individual: { type: 'match', match_bps: 10_000, match_cap_cents: 450_000 } } }),
      ['/rules/employer_contributions/individual/match_cap_cents'])
  })

  test('an HSA cannot be paired with a non-HDHP medical plan', () => {
    assert.deepEqual(pointersOf('hsa', { requires_enrollment_in: [{ plan_type: 'medical', hdhp: false }] }), ['/rules/requires_enrollment_in/0/hdhp'])
    assert.deepEqual(pointersOf('hsa', { requires_enrollment_in: [] }), [])
  })

  test('minimum above the maximum is refused at the minimum', () => {
    assert.deepEqual(pointersOf('hsa', { annual_contribution_min_cents: 50_000, annual_contribution_max_cents: 40_000, hsa_family_max_cents: 40_000 }),
      ['/rules/annual_contribution_min_cents'])
    assert.deepEqual(pointersOf('hsa', { per_pay_period_min_cents: 900_000 }), ['/rules/per_pay_period_min_cents'])
  })

  test('employer contributions for a tier the plan does not offer are refused', () => {
    assert.deepEqual(pointersOf('hsa', { coverage_tiers: ['individual', 'family'], employer_contributions: { individual_spouse: { type: 'percent', percent_bps: 5_000 } } }),
      ['/rules/employer_contributions/individual_spouse'])
  })

  test('a 2027 plan year cannot be checked against IRS limits yet, but an uncapped HSA still passes', () => {
    const errors = errorsOf('hsa', { annual_contribution_max_cents: 100_000 }, 2027)
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/annual_contribution_max_cents'])
    assert.match(errors[0]!.detail, /2027/)
    assert.deepEqual(errorsOf('hsa', {}, 2027), [])
  })
})

describe('health FSA and limited-purpose FSA', () => {
  test('2026 health FSA limit is $3,400: 340000 passes, 340001 does not', () => {
    assert.deepEqual(pointersOf('health_fsa', { annual_contribution_max_cents: 340_000 }), [])
    assert.deepEqual(pointersOf('health_fsa', { annual_contribution_max_cents: 340_001 }), ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('health_fsa', { annual_contribution_max_cents: 340_000 }, 2025), ['/rules/annual_contribution_max_cents'])
  })

  test('a health FSA cannot offer both a grace period and a carryover (IRS Notice 2013-71)', () => {
    assert.deepEqual(pointersOf('health_fsa', { grace_period_days: 75 }), [])
    assert.deepEqual(pointersOf('health_fsa', { carryover_max_cents: 68_000 }), [])
    const errors = errorsOf('health_fsa', { grace_period_days: 75, carryover_max_cents: 50_000 })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/carryover_max_cents'])
    assert.match(errors[0]!.detail, /2013-71/)
  })

  test('the grace period is at most 2½ months (75 days)', () => {
    assert.deepEqual(pointersOf('health_fsa', { grace_period_days: 76 }), ['/rules/grace_period_days'])
  })

  test('2026 FSA carryover is capped at $680 (2025: $660)', () => {
    assert.deepEqual(pointersOf('health_fsa', { carryover_max_cents: 68_001 }), ['/rules/carryover_max_cents'])
    assert.deepEqual(pointersOf('health_fsa', { carryover_max_cents: 68_000 }, 2025), ['/rules/carryover_max_cents'])
    assert.deepEqual(pointersOf('limited_purpose_fsa', { carryover_max_cents: 68_001 }), ['/rules/carryover_max_cents'])
  })

  test('a limited-purpose FSA pays only dental and vision unless it is post-deductible', () => {
    assert.deepEqual(pointersOf('limited_purpose_fsa', { eligible_expense_categories: ['dental', 'vision', 'pharmacy'] }),
      ['/rules/eligible_expense_categories/2'])
    assert.deepEqual(pointersOf('limited_purpose_fsa', { post_deductible: true, eligible_expense_categories: ['dental', 'vision', 'medical', 'pharmacy'] }), [])
    assert.deepEqual(pointersOf('limited_purpose_fsa', { eligible_expense_categories: ['transit'] }), ['/rules/eligible_expense_categories/0'])
  })
})

describe('dependent care FSA', () => {
  test('dependent care FSA limit rose to $7,500 for 2026 plan years', () => {
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 750_000 }), [])
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 750_001 }), ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 750_000 }, 2025), ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 500_000 }, 2025), [])
  })

  test('an employer dependent care contribution counts toward the $7,500', () => {
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 650_000, employer_annual_contribution_cents: 100_000 }), [])
    assert.deepEqual(pointersOf('dependent_care_fsa', { annual_contribution_max_cents: 700_000, employer_annual_contribution_cents: 100_000 }),
      ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('dependent_care_fsa', { employer_annual_contribution_cents: 800_000 }), ['/rules/employer_annual_contribution_cents'])
  })

  test('dependent care has no carryover', () => {
    assert.deepEqual(pointersOf('dependent_care_fsa', { carryover_max_cents: 10_000 }), ['/rules/carryover_max_cents'])
  })
})

describe('HRA', () => {
  test('a 2026 QSEHRA may make $6,450 self-only and $13,100 family available, no more', () => {
    assert.deepEqual(pointersOf('hra', { hra_type: 'qsehra', allowed_amount_cents: { individual: 645_000, family: 1_310_000 } }), [])
    assert.deepEqual(pointersOf('hra', { hra_type: 'qsehra', allowed_amount_cents: { individual: 645_001, individual_spouse: 1_310_001 } }),
      ['/rules/allowed_amount_cents/individual', '/rules/allowed_amount_cents/individual_spouse'])
  })

  test('an integrated HRA has no dollar limit; an excepted-benefit HRA stops at $2,200 in 2026', () => {
    assert.deepEqual(pointersOf('hra', { allowed_amount_cents: { family: 2_000_000 } }), [])
    assert.deepEqual(pointersOf('hra', { hra_type: 'excepted_benefit', allowed_amount_cents: { individual: 220_001 } }), ['/rules/allowed_amount_cents/individual'])
  })

  test('a QSEHRA cannot require enrollment in the employer\'s group medical plan', () => {
    assert.deepEqual(pointersOf('hra', { hra_type: 'qsehra', requires_enrollment_in: [{ plan_type: 'medical' }] }), ['/rules/requires_enrollment_in/0/plan_type'])
    assert.deepEqual(pointersOf('hra', { hra_type: 'integrated', requires_enrollment_in: [{ plan_type: 'medical' }] }), [])
  })

  test('an integrated HRA cannot reimburse individual premiums; an ICHRA can', () => {
    assert.deepEqual(pointersOf('hra', { eligible_expense_categories: ['medical', 'premiums'] }), ['/rules/eligible_expense_categories/1'])
    assert.deepEqual(pointersOf('hra', { hra_type: 'ichra', eligible_expense_categories: ['medical', 'premiums'] }), [])
  })

  test('allowances for a tier the HRA does not offer are refused', () => {
    assert.deepEqual(pointersOf('hra', { coverage_tiers: ['individual'], allowed_amount_cents: { family: 100 } }), ['/rules/allowed_amount_cents/family'])
  })
})

describe('commuter', () => {
  test('2026 transit and parking are capped at $340 a month', () => {
    assert.deepEqual(pointersOf('commuter_transit', { monthly_contribution_max_cents: 34_000 }), [])
    assert.deepEqual(pointersOf('commuter_transit', { monthly_contribution_max_cents: 34_001 }), ['/rules/monthly_contribution_max_cents'])
    assert.deepEqual(pointersOf('commuter_parking', { monthly_contribution_max_cents: 34_001 }), ['/rules/monthly_contribution_max_cents'])
    assert.deepEqual(pointersOf('commuter_parking', { monthly_contribution_max_cents: 34_000 }, 2025), ['/rules/monthly_contribution_max_cents'])
  })

  test('a $100 employer transit subsidy leaves $240 of pre-tax election in 2026', () => {
    assert.deepEqual(pointersOf('commuter_transit', { employer_monthly_subsidy_cents: 10_000, monthly_contribution_max_cents: 24_000 }), [])
    assert.deepEqual(pointersOf('commuter_transit', { employer_monthly_subsidy_cents: 10_000, monthly_contribution_max_cents: 24_001 }), ['/rules/monthly_contribution_max_cents'])
    assert.deepEqual(pointersOf('commuter_transit', { employer_monthly_subsidy_cents: 10_000, monthly_contribution_min_cents: 24_001 }), ['/rules/monthly_contribution_min_cents'])
  })
})

describe('merchant category networks', () => {
  test('a pharmacy-only card network with a code and a range is accepted', () => {
    assert.deepEqual(pointersOf('health_fsa', { merchant_category_networks: [{ name: 'pharmacy', mcc_codes: ['5912'], mcc_ranges: [{ from: '5122', to: '5122' }] }] }), [])
  })

  test('an MCC range whose from is after its to is refused at from', () => {
    assert.deepEqual(pointersOf('commuter_transit', { merchant_category_networks: [{ name: 'transit', mcc_ranges: [{ from: '4131', to: '4111' }] }] }),
      ['/rules/merchant_category_networks/0/mcc_ranges/0/from'])
  })

  test('a network needs codes or ranges, and names are unique', () => {
    assert.deepEqual(pointersOf('health_fsa', { merchant_category_networks: [{ name: 'pharmacy' }] }), ['/rules/merchant_category_networks/0'])
    assert.deepEqual(pointersOf('health_fsa', { merchant_category_networks: [{ name: 'rx', mcc_codes: ['5912'] }, { name: 'rx', mcc_codes: ['5122'] }] }),
      ['/rules/merchant_category_networks/1/name'])
  })
})

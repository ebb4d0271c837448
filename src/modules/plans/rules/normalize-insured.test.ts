import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { errorsOf, pointersOf } from './test-support.js'

const HDHP_2026 = {
  hdhp: true, network_type: 'hdhp',
  deductible_individual_cents: 170_000, deductible_family_cents: 340_000,
  out_of_pocket_max_individual_cents: 850_000, out_of_pocket_max_family_cents: 1_700_000,
}

describe('medical', () => {
  test('a 2026 HDHP at exactly the IRS figures ($1,700/$3,400 deductible, $8,500/$17,000 out-of-pocket) qualifies', () => {
    assert.deepEqual(errorsOf('medical', HDHP_2026), [])
  })

  test('a 2026 HDHP with a $1,650 self-only deductible (the 2025 minimum) does not qualify', () => {
    const errors = errorsOf('medical', { ...HDHP_2026, deductible_individual_cents: 165_000 })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/deductible_individual_cents'])
    assert.match(errors[0]!.detail, /\$1,700\.00/)
    const hdhp2025 = { ...HDHP_2026, deductible_individual_cents: 165_000, out_of_pocket_max_individual_cents: 830_000, out_of_pocket_max_family_cents: 1_660_000 }
    assert.deepEqual(pointersOf('medical', hdhp2025, 2025), [])
    assert.deepEqual(pointersOf('medical', HDHP_2026, 2025), ['/rules/out_of_pocket_max_individual_cents', '/rules/out_of_pocket_max_family_cents'])
  })

  test('a 2026 HDHP family out-of-pocket above $17,000 does not qualify', () => {
    assert.deepEqual(pointersOf('medical', { ...HDHP_2026, out_of_pocket_max_family_cents: 1_700_001 }), ['/rules/out_of_pocket_max_family_cents'])
    assert.deepEqual(pointersOf('medical', { ...HDHP_2026, out_of_pocket_max_individual_cents: 850_001 }), ['/rules/out_of_pocket_max_individual_cents'])
    assert.deepEqual(pointersOf('medical', { ...HDHP_2026, deductible_family_cents: 339_999 }), ['/rules/deductible_family_cents'])
  })

  test('an HDHP must state its deductibles and out-of-pocket maxima', () => {
    assert.deepEqual(pointersOf('medical', { hdhp: true }), [
      '/rules/deductible_individual_cents', '/rules/deductible_family_cents',
      '/rules/out_of_pocket_max_individual_cents', '/rules/out_of_pocket_max_family_cents',
    ])
  })

  test('a PPO is not held to HDHP figures, but its deductible cannot exceed its out-of-pocket maximum', () => {
    assert.deepEqual(pointersOf('medical', { deductible_individual_cents: 50_000, out_of_pocket_max_individual_cents: 1_000_000 }), [])
    assert.deepEqual(pointersOf('medical', { deductible_family_cents: 500_000, out_of_pocket_max_family_cents: 400_000 }), ['/rules/deductible_family_cents'])
  })

  test('network_type hdhp requires the hdhp flag', () => {
    assert.deepEqual(pointersOf('medical', { network_type: 'hdhp' }), ['/rules/hdhp'])
  })

  test('an employer paying $600 toward a $550 individual premium is refused at the contribution', () => {
    assert.deepEqual(pointersOf('medical', {
      premiums_monthly_cents: { individual: 55_000, family: 160_000 },
      employer_contributions: { individual: { type: 'fixed', monthly_amount_cents: 60_000 }, family: { type: 'percent', percent_bps: 7_500 } },
    }), ['/rules/employer_contributions/individual/monthly_amount_cents'])
  })

  test('an employer paying 100.01% of the premium is refused', () => {
    assert.deepEqual(pointersOf('dental', { employer_contributions: { family: { type: 'percent', percent_bps: 10_001 } } }),
      ['/rules/employer_contributions/family/percent_bps'])
  })

  test('an employee-only plan cannot price or fund a family tier', () => {
    assert.deepEqual(pointersOf('vision', {
      coverage_tiers: ['individual'],
      premiums_monthly_cents: { individual: 800, family: 2_400 },
      employer_contributions: { family: { type: 'fixed', monthly_amount_cents: 100 } },
    }), ['/rules/premiums_monthly_cents/family', '/rules/employer_contributions/family'])
  })

  test('a plan must offer at least one tier', () => {
    assert.deepEqual(pointersOf('medical', { coverage_tiers: [] }), ['/rules/coverage_tiers'])
  })
})

describe('eligibility', () => {
  test('a group medical plan may not make new hires wait more than 90 days (ACA)', () => {
    assert.deepEqual(pointersOf('medical', { waiting_period_days: 90, waiting_period_rule: 'after_days' }), [])
    const errors = errorsOf('medical', { waiting_period_days: 91, waiting_period_rule: 'after_days' })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/waiting_period_days'])
    assert.match(errors[0]!.detail, /90/)
    assert.deepEqual(pointersOf('health_fsa', { waiting_period_days: 120 }), ['/rules/waiting_period_days'])
  })

  test('life and disability are not group health plans: a 180-day wait is allowed', () => {
    assert.deepEqual(pointersOf('ltd', { waiting_period_days: 180 }), [])
    assert.deepEqual(pointersOf('ltd', { waiting_period_days: 366 }), ['/rules/waiting_period_days'])
  })

  test('coverage from the date of hire has no waiting days', () => {
    assert.deepEqual(pointersOf('dental', { waiting_period_rule: 'date_of_hire', waiting_period_days: 30 }), ['/rules/waiting_period_days'])
    assert.deepEqual(pointersOf('dental', { waiting_period_rule: 'date_of_hire' }), [])
  })

  test('prerequisites: no self-reference, no repeats, hdhp only on medical', () => {
    assert.deepEqual(pointersOf('dental', { requires_enrollment_in: [{ plan_type: 'medical' }] }), [])
    assert.deepEqual(pointersOf('dental', { requires_enrollment_in: [{ plan_type: 'dental' }] }), ['/rules/requires_enrollment_in/0/plan_type'])
    assert.deepEqual(pointersOf('dental', { requires_enrollment_in: [{ plan_type: 'medical' }, { plan_type: 'medical', hdhp: true }] }), ['/rules/requires_enrollment_in/1'])
    assert.deepEqual(pointersOf('voluntary_life', { requires_enrollment_in: [{ plan_type: 'basic_life', hdhp: true }] }), ['/rules/requires_enrollment_in/0/hdhp'])
    assert.deepEqual(pointersOf('dental', { requires_enrollment_in: [{ plan_type: 'pet' }] }), ['/rules/requires_enrollment_in/0/plan_type'])
  })
})

describe('life and AD&D', () => {
  test('basic life at 2× salary up to $500,000 with $150,000 guaranteed issue is accepted', () => {
    assert.deepEqual(pointersOf('basic_life', {
      volume: { basis: 'salary_multiple', salary_multiple: 2, max_volume_cents: 50_000_000, rounding_increment_cents: 100_000 },
      guaranteed_issue_cents: 15_000_000,
    }), [])
  })

  test('salary multiples run from 1× to 10× in halves', () => {
    const volume = (m: number) => ({ volume: { basis: 'salary_multiple', salary_multiple: m, max_volume_cents: 50_000_000 } })
    assert.deepEqual(pointersOf('basic_life', volume(1.5)), [])
    assert.deepEqual(pointersOf('basic_life', volume(10.5)), ['/rules/volume/salary_multiple'])
    assert.deepEqual(pointersOf('basic_life', volume(0.5)), ['/rules/volume/salary_multiple'])
    assert.deepEqual(pointersOf('basic_life', volume(2.3)), ['/rules/volume/salary_multiple'])
  })

  test('guaranteed issue above the plan maximum is refused', () => {
    assert.deepEqual(pointersOf('voluntary_life', { guaranteed_issue_cents: 60_000_000 }), ['/rules/guaranteed_issue_cents'])
  })

  test('voluntary life elected in $10,000 steps needs min ≤ max on the step grid', () => {
    const v = (min: number, max: number) => ({ volume: { basis: 'elected', min_volume_cents: min, max_volume_cents: max, increments_cents: 1_000_000 } })
    assert.deepEqual(pointersOf('voluntary_life', v(1_000_000, 50_000_000)), [])
    assert.deepEqual(pointersOf('voluntary_life', v(2_000_000, 1_000_000)), ['/rules/volume/min_volume_cents'])
    assert.deepEqual(pointersOf('voluntary_life', v(1_500_000, 50_000_000)), ['/rules/volume/min_volume_cents'])
  })

  test('age bands that overlap are refused at the later band, wherever it is listed', () => {
    const band = (min_age: number, max_age: number) => ({ min_age, max_age, monthly_rate_cents_per_unit: 10 })
    assert.deepEqual(pointersOf('voluntary_life', { age_banded_rates: [band(0, 29), band(30, 39), band(40, 49)] }), [])
    assert.deepEqual(pointersOf('voluntary_life', { age_banded_rates: [band(0, 29), band(29, 39)] }), ['/rules/age_banded_rates/1'])
    assert.deepEqual(pointersOf('critical_illness', { age_banded_rates: [band(40, 49), band(20, 60)] }), ['/rules/age_banded_rates/1'])
    assert.deepEqual(pointersOf('critical_illness', { age_banded_rates: [band(20, 60), band(30, 39), band(40, 49)] }),
      ['/rules/age_banded_rates/1', '/rules/age_banded_rates/2'])
  })

  test('an age band running backwards is refused at its max_age', () => {
    assert.deepEqual(pointersOf('accident', { age_banded_rates: [{ min_age: 50, max_age: 40, monthly_rate_cents_per_unit: 10 }] }), ['/rules/age_banded_rates/0/max_age'])
  })

  test('age reductions go up in age and only reduce (65% at 65, 50% at 70)', () => {
    assert.deepEqual(pointersOf('basic_life', { age_reductions: [{ age: 65, reduce_to_bps: 6_500 }, { age: 70, reduce_to_bps: 5_000 }] }), [])
    assert.deepEqual(pointersOf('basic_life', { age_reductions: [{ age: 70, reduce_to_bps: 5_000 }, { age: 65, reduce_to_bps: 6_500 }] }), ['/rules/age_reductions/1/age'])
    assert.deepEqual(pointersOf('add', { age_reductions: [{ age: 65, reduce_to_bps: 5_000 }, { age: 70, reduce_to_bps: 6_500 }] }), ['/rules/age_reductions/1/reduce_to_bps'])
  })
})

describe('disability', () => {
  test('STD at 60% up to $1,500 a week after 7 days for 12 weeks is the default and passes', () => {
    assert.deepEqual(pointersOf('std', { benefit_bps: 6_000, max_weekly_benefit_cents: 150_000, elimination_days: 7, benefit_duration_weeks: 12 }), [])
  })

  test('an STD minimum weekly benefit above the maximum is refused', () => {
    assert.deepEqual(pointersOf('std', { min_weekly_benefit_cents: 200_000, max_weekly_benefit_cents: 150_000 }), ['/rules/min_weekly_benefit_cents'])
    assert.deepEqual(pointersOf('std', { benefit_duration_weeks: 53 }), ['/rules/benefit_duration_weeks'])
  })

  test('LTD paying for 5 years must say so in benefit_duration_years', () => {
    assert.deepEqual(pointersOf('ltd', { benefit_duration: 'years', benefit_duration_years: 5 }), [])
    assert.deepEqual(pointersOf('ltd', { benefit_duration: 'years' }), ['/rules/benefit_duration_years'])
    assert.deepEqual(pointersOf('ltd', { benefit_duration: 'to_age_65', benefit_duration_years: 5 }), ['/rules/benefit_duration_years'])
    assert.deepEqual(pointersOf('ltd', { min_monthly_benefit_cents: 2_000_000 }), ['/rules/min_monthly_benefit_cents'])
  })
})

describe('supplemental health', () => {
  test('critical illness with $10,000 / $20,000 lump sums by tier is accepted; an unoffered tier is not', () => {
    assert.deepEqual(pointersOf('critical_illness', { benefit_amounts_cents: { individual: 1_000_000, family: 2_000_000 } }), [])
    assert.deepEqual(pointersOf('hospital_indemnity', { coverage_tiers: ['individual', 'individual_spouse'], benefit_amounts_cents: { family: 100_000 } }),
      ['/rules/benefit_amounts_cents/family'])
  })
})

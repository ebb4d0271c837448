import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  dependentCareLimitCents, findIrsLimits, hsaLimitCents, irsLimitFor, irsLimits, limitYearOf, monthlyProratedLimit, UnknownIrsYearError,
} from './irs-limits.js'

describe('IRS limit table', () => {
  // Published figures, in dollars, as the brief and the Rev. Procs. list them.
  const published = {
    2024: { hsa: [4150, 8300, 1000], hdhpDed: [1600, 3200], hdhpOop: [8050, 16100], fsa: [3200, 640], dc: 5000, commuter: [315, 315], qsehra: [6150, 12450], ebhra: 2100 },
    2025: { hsa: [4300, 8550, 1000], hdhpDed: [1650, 3300], hdhpOop: [8300, 16600], fsa: [3300, 660], dc: 5000, commuter: [325, 325], qsehra: [6350, 12800], ebhra: 2150 },
    2026: { hsa: [4400, 8750, 1000], hdhpDed: [1700, 3400], hdhpOop: [8500, 17000], fsa: [3400, 680], dc: 7500, commuter: [340, 340], qsehra: [6450, 13100], ebhra: 2200 },
  } as const
  for (const [year, f] of Object.entries(published)) {
    test(`${year} figures match the published limits, in cents`, () => {
      const l = irsLimits(Number(year))
      const cents = (dollars: number) => dollars * 100
      assert.deepEqual(
        [l.hsa_self_only_cents, l.hsa_family_cents, l.hsa_catch_up_cents], f.hsa.map(cents))
      assert.deepEqual([l.hdhp_min_deductible_self_only_cents, l.hdhp_min_deductible_family_cents], f.hdhpDed.map(cents))
      assert.deepEqual([l.hdhp_max_out_of_pocket_self_only_cents, l.hdhp_max_out_of_pocket_family_cents], f.hdhpOop.map(cents))
      assert.deepEqual([l.health_fsa_cents, l.health_fsa_carryover_cents], f.fsa.map(cents))
      assert.equal(l.dependent_care_cents, cents(f.dc))
      assert.equal(l.dependent_care_married_separately_cents, cents(f.dc) / 2)
      assert.deepEqual([l.commuter_transit_monthly_cents, l.commuter_parking_monthly_cents], f.commuter.map(cents))
      assert.deepEqual([l.qsehra_self_only_cents, l.qsehra_family_cents], f.qsehra.map(cents))
      assert.equal(l.excepted_benefit_hra_cents, cents(f.ebhra))
      assert.equal(l.year, Number(year))
    })
  }

  test('dependent care FSA limit rose from $5,000 to $7,500 for 2026 (OBBBA)', () => {
    assert.equal(irsLimits(2025).dependent_care_cents, 500_000)
    assert.equal(irsLimits(2026).dependent_care_cents, 750_000)
    assert.equal(dependentCareLimitCents(2026, true), 375_000)
    assert.equal(dependentCareLimitCents(2025, false), 500_000)
  })

  test('a year without published figures is refused by name, not guessed', () => {
    assert.throws(() => irsLimits(2027), (e: unknown) => e instanceof UnknownIrsYearError && e.year === 2027 && /2024, 2025, 2026/.test(e.message))
    assert.throws(() => irsLimits(2023), UnknownIrsYearError)
    assert.equal(findIrsLimits(2027), undefined)
    assert.equal(findIrsLimits(2026)?.hsa_self_only_cents, 440_000)
  })

  test('a plan year starting mid-2026 uses the 2026 figures', () => {
    assert.equal(limitYearOf('2026-07-01'), 2026)
    assert.equal(limitYearOf('2025-12-31'), 2025)
  })
})

describe('irsLimitFor', () => {
  test('HSA limits depend on the tier; FSAs do not', () => {
    assert.deepEqual(irsLimitFor('hsa', 'self_only', 2026), { amount_cents: 440_000, per: 'year' })
    assert.deepEqual(irsLimitFor('hsa', 'family', 2026), { amount_cents: 875_000, per: 'year' })
    assert.deepEqual(irsLimitFor('health_fsa', 'family', 2025), { amount_cents: 330_000, per: 'year' })
    assert.deepEqual(irsLimitFor('limited_purpose_fsa', 'self_only', 2026), { amount_cents: 340_000, per: 'year' })
    assert.deepEqual(irsLimitFor('dependent_care_fsa', 'self_only', 2026), { amount_cents: 750_000, per: 'year' })
  })
  test('commuter limits are monthly', () => {
    assert.deepEqual(irsLimitFor('commuter_transit', 'self_only', 2026), { amount_cents: 34_000, per: 'month' })
    assert.deepEqual(irsLimitFor('commuter_parking', 'family', 2024), { amount_cents: 31_500, per: 'month' })
  })
  test('HRAs have a limit only as QSEHRA or excepted benefit; medical and life have none', () => {
    assert.deepEqual(irsLimitFor('hra', 'family', 2026, { hra_type: 'qsehra' }), { amount_cents: 1_310_000, per: 'year' })
    assert.deepEqual(irsLimitFor('hra', 'family', 2026, { hra_type: 'excepted_benefit' }), { amount_cents: 220_000, per: 'year' })
    assert.equal(irsLimitFor('hra', 'family', 2026, { hra_type: 'integrated' }), null)
    assert.equal(irsLimitFor('hra', 'family', 2026), null)
    assert.equal(irsLimitFor('medical', 'self_only', 2026), null)
    assert.equal(irsLimitFor('basic_life', 'self_only', 2026), null)
  })
  test('unknown years throw', () => {
    assert.throws(() => irsLimitFor('medical', 'self_only', 2030), UnknownIrsYearError)
  })
})

describe('HSA election figures', () => {
  test('2026 HSA limit with the 55+ catch-up is $5,400 self-only and $9,750 family', () => {
    assert.equal(hsaLimitCents(2026, 'self_only', false), 440_000)
    assert.equal(hsaLimitCents(2026, 'self_only', true), 540_000)
    assert.equal(hsaLimitCents(2026, 'family', true), 975_000)
    assert.equal(hsaLimitCents(2024, 'family', false), 830_000)
  })
  test('monthly proration rounds down to the cent: 7 of 12 months of $4,400 is $2,566.66', () => {
    assert.equal(monthlyProratedLimit(440_000, 7), 256_666)
    assert.equal(monthlyProratedLimit(440_000, 12), 440_000)
    assert.equal(monthlyProratedLimit(875_000, 0), 0)
    assert.equal(monthlyProratedLimit(875_000, 1), 72_916)
  })
  test('proration refuses months outside 0–12 and non-integer cents', () => {
    assert.throws(() => monthlyProratedLimit(440_000, 13), RangeError)
    assert.throws(() => monthlyProratedLimit(440_000, 1.5), RangeError)
    assert.throws(() => monthlyProratedLimit(-1, 1), RangeError)
    assert.throws(() => monthlyProratedLimit(10.5, 1), RangeError)
  })
})

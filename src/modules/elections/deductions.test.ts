import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { addDays, addYears } from '../../shared/dates.js'
import { coveredMonths, deductionSchedule, payDates, PERIODS_PER_YEAR, resplitOnFrequencyChange } from './deductions.js'
import type { PayFrequency } from '../../db/types.js'

const FREQUENCIES: PayFrequency[] = ['weekly', 'biweekly', 'semimonthly', 'monthly']
const sum = (xs: readonly { amount_cents: number }[]) => xs.reduce((s, d) => s + d.amount_cents, 0)

describe('pay calendar', () => {
  test('a full plan year has 52 / 26 / 24 / 12 pay dates, also in a leap year and a July start', () => {
    for (const [start, end] of [['2026-01-01', '2026-12-31'], ['2028-01-01', '2028-12-31'], ['2026-07-01', '2027-06-30']] as const) {
      for (const f of FREQUENCIES) assert.equal(payDates(f, start, end).length, PERIODS_PER_YEAR[f], `${f} ${start}`)
    }
  })
  test('property: any 12-month plan year, whatever its start day, has exactly 52 / 26 / 24 / 12 pay dates', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 * 366 }), fc.constantFrom(...FREQUENCIES), (offset, f) => {
      const start = addDays('2025-01-01', offset)
      const end = addDays(addYears(start, 1), -1)
      assert.equal(payDates(f, start, end).length, PERIODS_PER_YEAR[f], `${f} ${start}..${end}`)
    }), { numRuns: 300 })
  })
  test('semimonthly pays on the 15th and the last day (Feb 28 in 2026)', () => {
    assert.deepEqual(payDates('semimonthly', '2026-01-01', '2026-12-31').slice(2, 4), ['2026-02-15', '2026-02-28'])
  })
})

describe('deductions', () => {
  test('spare cents go to the earliest pay dates: $100 over Oct–Dec monthly is 33.34, 33.33, 33.33', () => {
    assert.deepEqual(deductionSchedule(100_00, 'monthly', '2026-10-01', '2026-01-01', '2026-12-31').map((d) => d.amount_cents), [3334, 3333, 3333])
  })
  test('only the pay dates remaining from the effective date count (Apr 1 start, biweekly: 20 pay dates)', () => {
    const s = deductionSchedule(3300_00, 'biweekly', '2026-04-01', '2026-01-01', '2026-12-31')
    assert.equal(s.length, 20)
    assert.equal(s[0]!.pay_date, '2026-04-08')
    assert.equal(sum(s), 3300_00)
  })
  test('an election after the last pay date is deducted whole on the plan year end', () => {
    assert.deepEqual(deductionSchedule(500_00, 'monthly', '2026-12-31', '2026-01-01', '2026-12-31'), [{ pay_date: '2026-12-31', amount_cents: 500_00 }])
  })
  test('property: for every frequency the deductions sum exactly to the annual amount and differ by at most a cent', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(...FREQUENCIES), fc.integer({ min: 0, max: 364 }),
      (annual, f, offset) => {
        const s = deductionSchedule(annual, f, addDays('2026-01-01', offset), '2026-01-01', '2026-12-31')
        const amounts = s.map((d) => d.amount_cents)
        assert.equal(sum(s), annual)
        assert.ok(Math.max(...amounts) - Math.min(...amounts) <= 1)
        assert.ok(s.length <= PERIODS_PER_YEAR[f])
        assert.deepEqual([...amounts].sort((a, b) => b - a), amounts) // earliest get the spare cents
      }), { numRuns: 300 })
  })
  test('a pay frequency change mid-year (biweekly → semimonthly on Jul 1) re-splits the rest; the total is still exact', () => {
    const before = deductionSchedule(2600_00, 'biweekly', '2026-01-01', '2026-01-01', '2026-12-31')
    const after = resplitOnFrequencyChange(before, 2600_00, '2026-07-01', 'semimonthly', '2026-01-01', '2026-12-31')
    assert.equal(sum(after), 2600_00)
    assert.equal(after.filter((d) => d.pay_date >= '2026-07-01').length, 12)
    assert.deepEqual(after.filter((d) => d.pay_date < '2026-07-01'), before.filter((d) => d.pay_date < '2026-07-01'))
  })
  test('property: any frequency change on any day keeps the total exact', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 5_000_000 }), fc.constantFrom(...FREQUENCIES), fc.constantFrom(...FREQUENCIES), fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 364 }),
      (annual, from, to, a, b) => {
        const eff = addDays('2026-01-01', Math.min(a, b)), change = addDays('2026-01-01', Math.max(a, b))
        const s = resplitOnFrequencyChange(deductionSchedule(annual, from, eff, '2026-01-01', '2026-12-31'), annual, change, to, '2026-01-01', '2026-12-31')
        assert.equal(sum(s), annual)
      }), { numRuns: 200 })
  })
  test('months of coverage count a month only when covered from its first day', () => {
    assert.equal(coveredMonths('2026-01-01', '2026-12-31'), 12)
    assert.equal(coveredMonths('2026-04-01', '2026-12-31'), 9)
    assert.equal(coveredMonths('2026-03-15', '2026-12-31'), 9)
  })
})

import { addDays, daysInMonth, parts, type PlainDate } from '../../shared/dates.js'
import { splitCents, type Cents } from '../../shared/money.js'
import type { PayFrequency } from '../../db/types.js'

/** Pay periods in a full plan year. */
export const PERIODS_PER_YEAR: Readonly<Record<PayFrequency, number>> = { weekly: 52, biweekly: 26, semimonthly: 24, monthly: 12 }

export interface Deduction {
  readonly pay_date: PlainDate
  readonly amount_cents: Cents
}

/**
 * The pay dates of a plan year, anchored at its start (payroll calendars differ; this one gives
 * exactly 52/26/24/12 dates in any 12-month plan year):
 * - weekly: the last day of each 7-day period from the start (start + 6, + 13, …);
 * - biweekly: the last day of each 14-day period (start + 13, + 27, …);
 * - semimonthly: the 15th and the last day of each month;
 * - monthly: the last day of each month.
 * @example payDates('weekly', '2026-01-01', '2026-12-31').length // 52
 */
export function payDates(frequency: PayFrequency, planYearStart: PlainDate, planYearEnd: PlainDate): PlainDate[] {
  const dates: PlainDate[] = []
  if (frequency === 'weekly' || frequency === 'biweekly') {
    const step = frequency === 'weekly' ? 7 : 14
    for (let d = addDays(planYearStart, step - 1); d <= planYearEnd; d = addDays(d, step)) dates.push(d)
    return dates
  }
  let [y, m] = parts(planYearStart)
  for (;;) {
    const ym = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`
    const last = `${ym}-${String(daysInMonth(y, m)).padStart(2, '0')}`
    for (const d of frequency === 'semimonthly' ? [`${ym}-15`, last] : [last]) {
      if (d >= planYearStart && d <= planYearEnd) dates.push(d)
    }
    if (last >= planYearEnd) return dates
    m === 12 ? (y++, m = 1) : m++
  }
}

/** Pay dates on or after `from`; when none remain, the plan year's last day carries the amount alone. */
export function remainingPayDates(frequency: PayFrequency, from: PlainDate, planYearStart: PlainDate, planYearEnd: PlainDate): PlainDate[] {
  const dates = payDates(frequency, planYearStart, planYearEnd).filter((d) => d >= from)
  return dates.length > 0 ? dates : [planYearEnd]
}

/**
 * The first day a deduction can fall on: the effective date, or the day the election was recorded
 * (`recordedAt`, a timestamp) when that is later — payroll cannot deduct on a pay date already past.
 * @example firstDeductible('2026-12-01', '2026-12-06T10:00:00Z') // '2026-12-06'
 */
export function firstDeductible(effectiveDate: PlainDate, recordedAt: string): PlainDate {
  const recorded = recordedAt.slice(0, 10)
  return recorded > effectiveDate ? recorded : effectiveDate
}

/**
 * Splits an annual amount over the pay dates remaining from the effective date, in integer cents.
 * Remainder rule (`splitCents`): the spare cents go to the earliest pay dates, one each, so the
 * deductions add up exactly to the annual amount.
 * @example deductionSchedule(100_00, 'monthly', '2026-10-01', '2026-01-01', '2026-12-31').map((d) => d.amount_cents) // [3334, 3333, 3333]
 */
export function deductionSchedule(annualCents: Cents, frequency: PayFrequency, effectiveDate: PlainDate, planYearStart: PlainDate, planYearEnd: PlainDate): Deduction[] {
  const dates = remainingPayDates(frequency, effectiveDate, planYearStart, planYearEnd)
  const amounts = splitCents(annualCents, dates.length)
  return dates.map((pay_date, i) => ({ pay_date, amount_cents: amounts[i] ?? 0 }))
}

/**
 * A pay frequency change on `changeDate`: deductions paid before it stand; what is left of the
 * annual amount is split over the new frequency's pay dates from `changeDate` (same remainder rule),
 * so the whole schedule still adds up to the annual amount.
 */
export function resplitOnFrequencyChange(schedule: readonly Deduction[], annualCents: Cents, changeDate: PlainDate, frequency: PayFrequency, planYearStart: PlainDate, planYearEnd: PlainDate): Deduction[] {
  const paid = schedule.filter((d) => d.pay_date < changeDate)
  const left = annualCents - paid.reduce((sum, d) => sum + d.amount_cents, 0)
  return [...paid, ...deductionSchedule(left, frequency, changeDate, planYearStart, planYearEnd)]
}

/** Whole months of coverage from `from` through `planYearEnd`, counting a month only if covered from its first day. */
export function coveredMonths(from: PlainDate, planYearEnd: PlainDate): number {
  const [fy, fm, fd] = parts(from)
  const [ey, em] = parts(planYearEnd)
  const months = (ey - fy) * 12 + (em - fm) + (fd === 1 ? 1 : 0)
  return Math.max(0, Math.min(12, months))
}

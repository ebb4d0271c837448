import type { FieldError } from '../../errors/app-error.js'
import { addDays, addMonths, addYears, firstOfNextMonth, maxDate, type PlainDate } from '../../shared/dates.js'
import type { PlanYearStatus } from './schemas.js'

/**
 * The last day of twelve months from `start`: the day before the same date a year on; from
 * Feb 29, whose date a year on does not exist, Feb 28. Capped at 9999-12-31 (a five-digit year
 * would not compare as a string).
 *
 * @example
 * lastDayOfTwelveMonths('2026-01-01') // '2026-12-31'
 * lastDayOfTwelveMonths('2027-03-01') // '2028-02-29'
 * lastDayOfTwelveMonths('2028-02-29') // '2029-02-28'
 */
export function lastDayOfTwelveMonths(start: PlainDate): PlainDate {
  if (start >= '9999-01-01') return '9999-12-31'
  const next = addYears(start, 1)
  return start.endsWith('-02-29') ? next : addDays(next, -1)
}

/** The dated facts of a plan year the rules look at. */
export interface PlanYearDates {
  readonly start_date: PlainDate
  readonly end_date: PlainDate
  readonly enrollment_start_date: PlainDate | null
  readonly enrollment_end_date: PlainDate | null
  readonly runout_end_date: PlainDate | null
  readonly grace_period_end_date: PlainDate | null
  readonly closed_at: string | null
}

/** How far ahead an upcoming plan year counts as needing attention. */
export const ACTIONABLE_LEAD_DAYS = 30

/** The last day anything can still happen in a plan year: claims run-out or grace period, else its end. */
export function lastActiveDate(py: PlanYearDates): PlainDate {
  return [py.runout_end_date, py.grace_period_end_date].reduce<PlainDate>((a, b) => (b ? maxDate(a, b) : a), py.end_date)
}

/**
 * Upcoming before start_date; Active from start_date through the last active date (end, run-out
 * or grace, whichever is latest); Closed afterwards, or as soon as it is closed explicitly.
 */
export function planYearStatus(py: PlanYearDates, today: PlainDate): PlanYearStatus {
  if (py.closed_at !== null) return 'Closed'
  if (today < py.start_date) return 'Upcoming'
  if (today <= lastActiveDate(py)) return 'Active'
  return 'Closed'
}

export function isEnrollmentWindowOpen(py: PlanYearDates, today: PlainDate): boolean {
  return py.enrollment_start_date !== null && py.enrollment_end_date !== null
    && py.enrollment_start_date <= today && today <= py.enrollment_end_date
}

/**
 * ACTIONABLE = not closed, and at least one of: the enrollment window is open today; the
 * run-out or grace period is in progress (after end_date, on or before its end); the plan year
 * starts within the next 30 days.
 */
export function isActionable(py: PlanYearDates, today: PlainDate): boolean {
  if (planYearStatus(py, today) === 'Closed') return false
  if (isEnrollmentWindowOpen(py, today)) return true
  if (today > py.end_date && today <= lastActiveDate(py)) return true
  return today < py.start_date && py.start_date <= addDays(today, ACTIONABLE_LEAD_DAYS)
}

/** Date logic a plan year must satisfy; each violation names the field (400 with pointers). */
export function planYearDateErrors(py: Omit<PlanYearDates, 'closed_at'>): FieldError[] {
  const errors: FieldError[] = []
  if (py.end_date < py.start_date) {
    errors.push({ pointer: '/end_date', detail: `must be on or after start_date (${py.start_date})` })
  } else if (py.end_date > lastDayOfTwelveMonths(py.start_date)) {
    // IRC §125 plan years are twelve months; only a short first/last year may be shorter.
    errors.push({ pointer: '/end_date', detail: `a plan year lasts at most 12 months: end_date must be on or before ${lastDayOfTwelveMonths(py.start_date)}` })
  }
  const ws = py.enrollment_start_date, we = py.enrollment_end_date
  if (ws !== null && we !== null) {
    if (we < ws) errors.push({ pointer: '/enrollment_window/end_date', detail: `must be on or after enrollment_window.start_date (${ws})` })
    if (ws > py.end_date) errors.push({ pointer: '/enrollment_window/start_date', detail: `the enrollment window must open on or before the plan year ends (${py.end_date})` })
    if (we > py.end_date) errors.push({ pointer: '/enrollment_window/end_date', detail: `the enrollment window must close on or before the plan year ends (${py.end_date})` })
  }
  if (py.runout_end_date !== null && py.runout_end_date < py.end_date) {
    errors.push({ pointer: '/runout_end_date', detail: `must be on or after end_date (${py.end_date})` })
  }
  if (py.grace_period_end_date !== null) {
    if (py.grace_period_end_date < py.end_date) errors.push({ pointer: '/grace_period_end_date', detail: `must be on or after end_date (${py.end_date})` })
    else if (py.grace_period_end_date > graceLimit(py.end_date)) {
      // IRS Notice 2005-42: the grace period ends at most 2½ months after the plan year.
      errors.push({ pointer: '/grace_period_end_date', detail: 'a grace period may last at most 2½ months after end_date (IRS Notice 2005-42)' })
    }
  }
  return errors
}

/** The 15th day of the third month after the plan year ends (Dec 31 → Mar 15). @example graceLimit('2026-12-31') // '2027-03-15' */
export function graceLimit(endDate: PlainDate): PlainDate {
  return addDays(addMonths(firstOfNextMonth(endDate), 2), 14)
}

/** Parses the `status` query filter case-insensitively. */
export function parseStatus(text: string): PlanYearStatus | undefined {
  const lower = text.toLowerCase()
  return lower === 'upcoming' ? 'Upcoming' : lower === 'active' ? 'Active' : lower === 'closed' ? 'Closed' : undefined
}

/**
 * Plain calendar dates as `YYYY-MM-DD` strings, compared as strings; arithmetic in UTC only.
 * Never a local-time `new Date(y, m, d)`.
 */
export type PlainDate = string

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True when `s` is a real calendar date in `YYYY-MM-DD` form. @example isPlainDate('2024-02-29') // true */
export function isPlainDate(s: string): boolean {
  const m = PLAIN_DATE.exec(s)
  if (!m) return false
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3])
  // Year 0000 does not exist for PostgreSQL (1 BC precedes AD 1): refused here, with a pointer.
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/** Days in month `month` (1–12) of `year`. @example daysInMonth(2024, 2) // 29 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function toUtc(date: PlainDate): Date {
  return new Date(`${date}T00:00:00Z`)
}
function fromUtc(d: Date): PlainDate {
  return d.toISOString().slice(0, 10)
}

/** @example addDays('2026-02-28', 1) // '2026-03-01' */
export function addDays(date: PlainDate, days: number): PlainDate {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return fromUtc(d)
}

/** Adds calendar months, clamping to the month's last day. @example addMonths('2026-01-31', 1) // '2026-02-28' */
export function addMonths(date: PlainDate, months: number): PlainDate {
  const [y, m, d] = parts(date)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12), nm = (total % 12) + 1
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)))
}

/** Adds whole years; Feb 29 becomes Feb 28 in a common year. @example addYears('2024-02-29', 1) // '2025-02-28' */
export function addYears(date: PlainDate, years: number): PlainDate {
  return addMonths(date, years * 12)
}

/** Days from `a` to `b` (positive when b is later). @example daysBetween('2026-01-01', '2026-01-31') // 30 */
export function daysBetween(a: PlainDate, b: PlainDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000)
}

/** @example firstOfNextMonth('2026-03-15') // '2026-04-01' */
export function firstOfNextMonth(date: PlainDate): PlainDate {
  const [y, m] = parts(date)
  return m === 12 ? format(y + 1, 1, 1) : format(y, m + 1, 1)
}

/** @example firstOfMonth('2026-03-15') // '2026-03-01' */
export function firstOfMonth(date: PlainDate): PlainDate {
  return `${date.slice(0, 7)}-01`
}

/** Age in whole years on `on`; someone born Feb 29 turns a year older on Mar 1 in common years. @example ageOn('2000-02-29', '2026-02-28') // 25 */
export function ageOn(birthDate: PlainDate, on: PlainDate): number {
  const [by, bm, bd] = parts(birthDate)
  const [y, m, d] = parts(on)
  let age = y - by
  if (m < bm || (m === bm && d < bd)) age--
  return age
}

/** Today's date in UTC from a clock. @example todayOf(() => new Date('2026-11-23T10:00:00Z')) // '2026-11-23' */
export function todayOf(clock: () => Date): PlainDate {
  return fromUtc(clock())
}

/** @example maxDate('2026-01-01', '2025-12-31') // '2026-01-01' */
export function maxDate(a: PlainDate, b: PlainDate): PlainDate {
  return a > b ? a : b
}
/** @example minDate('2026-01-01', '2025-12-31') // '2025-12-31' */
export function minDate(a: PlainDate, b: PlainDate): PlainDate {
  return a < b ? a : b
}

/** Year, month (1–12), day of a plain date. @example parts('2026-03-15') // [2026, 3, 15] */
export function parts(date: PlainDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))]
}

function format(y: number, m: number, d: number): PlainDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

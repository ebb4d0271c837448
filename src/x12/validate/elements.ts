/*
 * Character-level checks for X12 data types and dates: plain char loops, no regex, no allocation.
 */

/**
 * The earliest year a date may have. X12's DT syntax takes any CCYY, but a year before 1800 in an
 * enrollment (00000101, 01980615 for 19800615) is a keying slip; pyx12 refuses it too.
 */
export const MIN_DATE_YEAR = 1800

/** Checks CCYY, MM, DD form a real Gregorian date, from {@link MIN_DATE_YEAR} on. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < MIN_DATE_YEAR || month < 1 || month > 12 || day < 1) return false
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    return day <= (leap ? 29 : 28)
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

function digitsAt(value: string, start: number, count: number): number {
  let n = 0
  for (let i = start; i < start + count; i++) {
    const c = value.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

/** `CCYYMMDD` starting at `start` is a real date. */
export function isD8At(value: string, start: number): boolean {
  const year = digitsAt(value, start, 4)
  const month = digitsAt(value, start + 4, 2)
  const day = digitsAt(value, start + 6, 2)
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day)
}

/** X12 DT: CCYYMMDD (8) or YYMMDD (6, ISA09/TA102). */
export function isValidDt(value: string): boolean {
  if (value.length === 8) return isD8At(value, 0)
  if (value.length === 6) {
    const yy = digitsAt(value, 0, 2); const mm = digitsAt(value, 2, 2); const dd = digitsAt(value, 4, 2)
    return yy >= 0 && mm >= 0 && dd >= 0 && isCalendarDate(2000 + yy, mm, dd)
  }
  return false
}

/** X12 TM: HHMM, HHMMSS, HHMMSSd..dd. */
export function isValidTm(value: string): boolean {
  const len = value.length
  if (len !== 4 && len !== 6 && !(len >= 7 && len <= 8)) return false
  const hh = digitsAt(value, 0, 2); const mm = digitsAt(value, 2, 2)
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return false
  if (len >= 6) {
    const ss = digitsAt(value, 4, 2)
    if (ss < 0 || ss > 59) return false
    if (len > 6 && digitsAt(value, 6, len - 6) < 0) return false
  }
  return true
}

/**
 * Length of a numeric value as X12 counts it (digits only: no sign, no decimal point), or -1
 * when the value is not a valid N (`allowPoint` false) or R (`allowPoint` true) number.
 */
export function numericLength(value: string, allowPoint: boolean): number {
  let digits = 0
  let point = false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
    else if (c === 45 && i === 0) continue
    else if (c === 46 && allowPoint && !point) point = true
    else return -1
  }
  // A decimal point is followed by a digit: 5.5 and .5, not 5. (X12.6 R; pyx12 refuses it too).
  if (point && value.charCodeAt(value.length - 1) === 46) return -1
  return digits === 0 ? -1 : digits
}

/**
 * Index of the first character outside the X12 character sets (X12.6 basic and extended sets are
 * printable ASCII: no control character, no DEL, nothing above 0x7E such as a latin1 'É'), or -1.
 */
export function invalidCharIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 32 || c > 126) return i
  }
  return -1
}

/**
 * Checks a date value against its X12 format qualifier (data element 1250).
 * Returns 'ok', 'invalid' (not the format or not a calendar date), 'reversed' (RD8 start after end)
 * or 'unchecked' (a qualifier this validator does not interpret).
 */
export function checkDateValue(qualifier: string, value: string): 'ok' | 'invalid' | 'reversed' | 'unchecked' {
  if (qualifier === 'D8') return value.length === 8 && isD8At(value, 0) ? 'ok' : 'invalid'
  if (qualifier === 'RD8') {
    if (value.length !== 17 || value.charCodeAt(8) !== 45 || !isD8At(value, 0) || !isD8At(value, 9)) return 'invalid'
    // Same-width CCYYMMDD strings compare like the dates they spell.
    return value.slice(0, 8) > value.slice(9) ? 'reversed' : 'ok'
  }
  if (qualifier === 'DT') return value.length === 12 && isD8At(value, 0) && isValidTm(value.slice(8)) ? 'ok' : 'invalid'
  return 'unchecked'
}

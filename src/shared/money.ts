/** Money is integer cents everywhere; convert only at the edges (X12 R elements, display). */
export type Cents = number

/**
 * Splits an amount into `periods` per-period amounts that sum exactly to it.
 * Remainder rule: the spare cents go to the earliest periods, one each.
 *
 * @example splitCents(100_00, 3) // [3334, 3333, 3333]
 */
export function splitCents(total: Cents, periods: number): Cents[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be non-negative integer cents, got ${total}`)
  if (!Number.isSafeInteger(periods) || periods <= 0) throw new RangeError(`periods must be a positive integer, got ${periods}`)
  const base = Math.floor(total / periods)
  const spare = total - base * periods
  return Array.from({ length: periods }, (_, i) => base + (i < spare ? 1 : 0))
}

/** `percent` of an amount in basis points (1% = 100 bp), rounded half up to the cent. @example percentOf(10_001, 5_000) // 5001 */
export function percentOf(amount: Cents, basisPoints: number): Cents {
  return Math.floor((amount * basisPoints + 5_000) / 10_000)
}

/** Formats cents as a dollar string for messages. @example formatCents(440000) // '$4,400.00' */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const dollars = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`
}

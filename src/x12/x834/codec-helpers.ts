// Small helpers the generated codec (codec.ts) calls: composite/repetition splitting, and elements
// beyond the guide's count (kept so nothing is lost).
import type { Delimiters } from '../segment.js'
import type { SegmentWriter } from '../writer.js'

/** Highest element position kept (element references have two digits). */
const MAX_ELEMENT = 99

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Splits a composite into components, trailing empty components dropped. */
export function compIn(value: string, component: string): string[] {
  const parts = value.split(component)
  let n = parts.length
  while (n > 1 && parts[n - 1] === '') n--
  if (n !== parts.length) parts.length = n
  return parts
}

/** Splits a repeating composite into repetitions of components. */
export function repsIn(value: string, d: Delimiters): string[][] {
  if (d.repetition === '') return [compIn(value, d.component)]
  return value.split(d.repetition).map((r) => compIn(r, d.component))
}

/** Keeps elements past the guide's count as raw strings (empty ones too, to hold positions). */
export function extrasIn(o: Record<string, unknown>, id: string, e: readonly string[], count: number): void {
  const last = Math.min(e.length - 1, MAX_ELEMENT)
  for (let i = count + 1; i <= last; i++) o[id + pad(i)] = e[i]
}

/** Writes the extra elements from position `from` on, for as long as they are present. */
export function extrasOut(o: Record<string, unknown>, id: string, from: number, w: SegmentWriter): void {
  for (let i = from; i <= MAX_ELEMENT; i++) {
    const key = id + pad(i)
    const v = o[key]
    if (v === undefined) break
    w.str(v, key)
  }
}

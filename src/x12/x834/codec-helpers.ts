// Small helpers the generated codec (codec.ts) calls: composite/repetition splitting and joining,
// value checks, and elements beyond the guide's count (kept so nothing is lost).
import { X12Error } from '../errors.js'
import type { Delimiters } from '../segment.js'

/** What a segment writer needs: the delimiters and a value check that throws {@link X12Error}. */
export interface ElementEncoder {
  readonly delimiters: Delimiters
  check(value: string, ref: string, allowInner?: boolean): void
}

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

function invalid(key: string, what: string): never {
  throw new X12Error('invalid-value', `${key} must be ${what}`, { element: key })
}

/** A simple element's text: '' when absent; checked for delimiters. */
export function str(v: unknown, key: string, enc: ElementEncoder): string {
  if (v === undefined) return ''
  if (typeof v !== 'string') invalid(key, 'a string')
  if (v !== '') enc.check(v, key)
  return v
}

/** A composite's text: components joined, trailing empty ones trimmed. */
export function compOut(v: unknown, key: string, enc: ElementEncoder): string {
  if (v === undefined) return ''
  if (!Array.isArray(v)) invalid(key, 'an array of components')
  let n = v.length
  while (n > 0 && (v[n - 1] === '' || v[n - 1] === undefined)) n--
  let s = ''
  for (let i = 0; i < n; i++) {
    const c: unknown = v[i] ?? ''
    if (typeof c !== 'string') invalid(key, 'an array of string components')
    if (c !== '') enc.check(c, key)
    s += i === 0 ? c : enc.delimiters.component + c
  }
  return s
}

/** A repeating composite's text: repetitions joined with the repetition separator. */
export function repsOut(v: unknown, key: string, enc: ElementEncoder): string {
  if (v === undefined) return ''
  if (!Array.isArray(v)) invalid(key, 'an array of repetitions')
  if (v.length > 1 && enc.delimiters.repetition === '') {
    throw new X12Error('invalid-value', `${key} repeats but there is no repetition separator`, { element: key })
  }
  let s = ''
  for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : enc.delimiters.repetition) + compOut(v[i], key, enc)
  return s
}

/** Keeps elements past the guide's count as raw strings (empty ones too, to hold positions). */
export function extrasIn(o: Record<string, unknown>, id: string, e: readonly string[], count: number): void {
  const last = Math.min(e.length - 1, MAX_ELEMENT)
  for (let i = count + 1; i <= last; i++) o[id + pad(i)] = e[i]
}

/** Writes the extra elements from position `from` on, for as long as they are present. */
export function extrasOut(o: Record<string, unknown>, id: string, from: number, gap: string, enc: ElementEncoder): string {
  const sep = enc.delimiters.element
  let s = ''
  for (let i = from; i <= MAX_ELEMENT; i++) {
    const key = id + pad(i)
    const v = o[key]
    if (v === undefined) break
    const t = str(v, key, enc)
    if (t !== '') { s += gap + sep + t; gap = '' } else gap += sep
  }
  return s
}

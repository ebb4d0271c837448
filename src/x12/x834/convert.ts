import { X12Error } from '../errors.js'
import type { Delimiters } from '../segment.js'
import { SEGMENT_SHAPES, type SegmentId, type SegmentShape, type SegmentTypes } from './segments.js'

const enum Kind { Simple = 0, Composite = 1, Repeating = 2 }

interface Plan {
  /** Field name per element position (index 0 unused). */
  readonly keys: readonly string[]
  readonly kinds: readonly Kind[]
  readonly required: readonly boolean[]
  readonly count: number
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n))

function planOf(id: string, shape: SegmentShape): Plan {
  // Room for elements beyond the guide's count (kept as strings so nothing is lost).
  const max = Math.max(shape.count, 99)
  const keys: string[] = ['']
  const kinds: Kind[] = [Kind.Simple]
  const required: boolean[] = [false]
  for (let i = 1; i <= max; i++) {
    keys.push(id + pad(i))
    kinds.push(shape.repeating.includes(i) ? Kind.Repeating : shape.composite.includes(i) ? Kind.Composite : Kind.Simple)
    required.push(shape.required.includes(i))
  }
  return { keys, kinds, required, count: shape.count }
}

const PLANS = new Map<string, Plan>(Object.entries(SEGMENT_SHAPES).map(([id, shape]) => [id, planOf(id, shape)]))

/** Whether `id` is one of the segments the 834 guide defines (so it has a typed interface). */
export function isSegmentId(id: string): id is SegmentId {
  return PLANS.has(id)
}

function splitComponents(value: string, component: string): string[] {
  const parts = value.split(component)
  let n = parts.length
  while (n > 1 && parts[n - 1] === '') n--
  if (n !== parts.length) parts.length = n
  return parts
}

/**
 * Turns raw elements into the typed segment: required elements always present (`''` if missing),
 * optional ones only when non-empty, composites split into components.
 */
export function toTyped<K extends SegmentId>(id: K, elements: readonly string[], delimiters: Delimiters): SegmentTypes[K] {
  const plan = PLANS.get(id)!
  const out: Record<string, string | string[] | string[][]> = {}
  const n = elements.length
  const last = Math.min(Math.max(n - 1, plan.count), plan.keys.length - 1)
  for (let i = 1; i <= last; i++) {
    const value = i < n ? elements[i]! : ''
    if (value === '') {
      // Required elements are always present; elements past the guide's count keep their position.
      if (plan.required[i] === true || (i > plan.count && i < n)) out[plan.keys[i]!] = ''
      continue
    }
    const kind = plan.kinds[i]!
    if (kind === Kind.Simple) out[plan.keys[i]!] = value
    else if (kind === Kind.Composite) out[plan.keys[i]!] = splitComponents(value, delimiters.component)
    else {
      const reps = delimiters.repetition === '' ? [value] : value.split(delimiters.repetition)
      out[plan.keys[i]!] = reps.map((r) => splitComponents(r, delimiters.component))
    }
  }
  return out as unknown as SegmentTypes[K]
}

/** What {@link fromTyped} needs from a writer: the delimiters and a value check that throws. */
export interface ElementEncoder {
  readonly delimiters: Delimiters
  check(value: string, ref: string, allowInner?: boolean): void
}

/**
 * Turns a typed segment back into element strings (`[id, e1, e2, …]`), trailing empty elements
 * trimmed. Every value is checked by the encoder; composite arrays are joined with the component
 * separator (and repetitions with the repetition separator).
 */
export function fromTyped<K extends SegmentId>(id: K, segment: SegmentTypes[K], encoder: ElementEncoder): string[] {
  const plan = PLANS.get(id)!
  const record = segment as unknown as Readonly<Record<string, unknown>>
  const out: string[] = [id]
  let lastNonEmpty = 0
  const keys = plan.keys
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!
    const value = record[key]
    if (value === undefined) {
      if (i > plan.count) break
      out.push('')
      continue
    }
    let text: string
    if (typeof value === 'string') {
      encoder.check(value, key)
      text = value
    } else if (Array.isArray(value)) {
      if (plan.kinds[i] === Kind.Repeating) {
        if (value.length > 1 && encoder.delimiters.repetition === '') {
          throw new X12Error('invalid-value', `${key} repeats but there is no repetition separator`, { element: key })
        }
        text = (value as unknown[]).map((r) => joinComponents(r, key, encoder)).join(encoder.delimiters.repetition)
      } else text = joinComponents(value, key, encoder)
    } else {
      throw new X12Error('invalid-value', `${key} must be a string${plan.kinds[i] === Kind.Simple ? '' : ' or component array'}`, { element: key })
    }
    out.push(text)
    if (text !== '') lastNonEmpty = i
  }
  out.length = lastNonEmpty + 1
  return out
}

function joinComponents(value: unknown, key: string, encoder: ElementEncoder): string {
  if (!Array.isArray(value)) throw new X12Error('invalid-value', `${key} must be an array of components`, { element: key })
  let n = value.length
  while (n > 0 && (value[n - 1] === '' || value[n - 1] === undefined)) n--
  let s = ''
  for (let i = 0; i < n; i++) {
    const c: unknown = value[i] ?? ''
    if (typeof c !== 'string') throw new X12Error('invalid-value', `${key} components must be strings`, { element: key })
    encoder.check(c, key)
    s += (i === 0 ? '' : encoder.delimiters.component) + c
  }
  return s
}

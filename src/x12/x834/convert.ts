import type { Delimiters } from '../segment.js'
import { READERS } from './codec.js'
import { SEGMENT_SHAPES, type SegmentId, type SegmentTypes } from './segments.js'

/** Whether `id` is one of the segments the 834 guide defines (so it has a typed interface). */
export function isSegmentId(id: string): id is SegmentId {
  return Object.hasOwn(SEGMENT_SHAPES, id)
}

/**
 * Turns raw elements (`elements[0]` is the id) into the typed segment: required elements always
 * present (`''` if missing), optional ones only when non-empty, composites split into components,
 * elements past the guide's count kept as strings.
 */
export function toTyped<K extends SegmentId>(id: K, elements: readonly string[], delimiters: Delimiters): SegmentTypes[K] {
  return (READERS[id] as (e: readonly string[], d: Delimiters) => SegmentTypes[K])(elements, delimiters)
}

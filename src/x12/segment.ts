/**
 * The unit every part of the x12 engine deals in: one segment, split into elements, with its
 * position in the interchange so findings can point at it.
 *
 * @example
 * const seg: Segment = { id: 'INS', elements: ['INS', 'Y', '18', '021'], index: 12, offset: 512, line: 13 }
 * seg.elements[3] // '021' — INS03, 1-based like the implementation guide
 */
export interface Segment {
  /** Segment id, e.g. `INS`. Same as `elements[0]`. */
  readonly id: string
  /** `elements[0]` is the id; `elements[n]` is element n (`INS03` = `elements[3]`). Raw text: composites and repetitions unsplit. */
  readonly elements: readonly string[]
  /** 0-based index of the segment in the whole input (ISA = 0). */
  readonly index: number
  /** Byte offset of the segment's first byte in the input. */
  readonly offset: number
  /** 1-based line number (counts LF bytes before the segment). */
  readonly line: number
  /** Set on `ISA` segments only: the delimiters this ISA declares (the tokenizer fills it in). */
  readonly delimiters?: Delimiters
}

/** Separators read from the ISA header (positions 4, 83, 105, 106). */
export interface Delimiters {
  readonly element: string
  readonly component: string
  readonly repetition: string
  readonly segment: string
}

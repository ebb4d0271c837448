/**
 * Stable codes for everything the x12 engine can refuse. Callers (e.g. `modules/exchange`) switch on
 * `code`, never on message text.
 *
 * - `no-isa`: the input (or the data after an `IEA`) does not start with an `ISA` segment.
 * - `isa-not-fixed-width`: the ISA is not the fixed 106-character header the X12 envelope requires.
 * - `isa-truncated`: the input ends inside the ISA header.
 * - `invalid-delimiters`: delimiters that are not distinct, or are letters/digits/whitespace.
 * - `segment-too-long`: no segment terminator within `maxSegmentLength` bytes (bounds memory).
 * - `unterminated-segment`: the input ends with data that has no segment terminator.
 * - `unexpected-segment`: a segment the 834 structure does not allow at this point.
 * - `missing-segment`: a required segment is absent (e.g. the input ends before `IEA`).
 * - `delimiter-in-data`: the writer was given a value containing a delimiter (X12 has no escaping).
 * - `invalid-value`: the writer was given a value it cannot encode (e.g. a character above U+00FF,
 *   or an ISA field longer than its fixed width).
 * - `writer-state`: writer methods called out of order (e.g. a member before the ISA).
 *
 * @example
 * if (err instanceof X12Error && err.code === 'delimiter-in-data') retryWith({ element: '|' })
 */
export type X12ErrorCode =
  | 'no-isa'
  | 'isa-not-fixed-width'
  | 'isa-truncated'
  | 'invalid-delimiters'
  | 'segment-too-long'
  | 'unterminated-segment'
  | 'unexpected-segment'
  | 'missing-segment'
  | 'delimiter-in-data'
  | 'invalid-value'
  | 'writer-state'

/**
 * Where in the input an {@link X12Error} happened. Every field is optional: the writer has no input.
 *
 * @example
 * throw new X12Error('unexpected-segment', 'GS outside an interchange', { segmentIndex: 3, offset: 212, line: 4, segmentId: 'GS' })
 */
export interface X12ErrorPosition {
  /** 0-based index of the segment in the input (ISA = 0). */
  readonly segmentIndex?: number
  /** Byte offset of the segment (or of the offending byte) in the input. */
  readonly offset?: number
  /** 1-based line number. */
  readonly line?: number
  /** Segment id, e.g. `INS`. */
  readonly segmentId?: string
  /** Element reference, e.g. `INS03`. */
  readonly element?: string
}

/**
 * The one error type the x12 engine throws. Anything else escaping the engine is a bug.
 *
 * @example
 * try { for (const seg of tokenizeSync('hello')) void seg }
 * catch (err) { if (err instanceof X12Error && err.code === 'no-isa') console.log(err.offset) }
 */
export class X12Error extends Error {
  readonly segmentIndex: number | undefined
  readonly offset: number | undefined
  readonly line: number | undefined
  readonly segmentId: string | undefined
  readonly element: string | undefined

  constructor(readonly code: X12ErrorCode, message: string, position: X12ErrorPosition = {}, options?: ErrorOptions) {
    super(message, options)
    this.name = 'X12Error'
    this.segmentIndex = position.segmentIndex
    this.offset = position.offset
    this.line = position.line
    this.segmentId = position.segmentId
    this.element = position.element
  }
}

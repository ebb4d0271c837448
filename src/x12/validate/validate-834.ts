import type { Segment } from '../segment.js'
import { X12Error } from '../errors.js'
import { SegmentScanner, slices } from '../tokenizer.js'
import type { ByteSource } from '../tokenizer.js'
import type { SegmentCursor } from '../segment-cursor.js'
import { createMapValidator } from './engine.js'
import type { ValidatorEngine } from './engine.js'
import { map834 } from './map.js'
import type { ValidationResult } from './result.js'
import { Rules834 } from './rules-834.js'
import { readMembers } from '../x834/parser.js'
import { pooledMembers } from './parallel-members.js'
import type { ValidationPool } from './validation-pool.js'
import type { MemberRecord, Parse834Options } from '../x834/parser.js'

/** Options for {@link createValidator} and {@link validate834}. */
export interface ValidateOptions {
  /** Today as YYYY-MM-DD for date rules (no future birth date). Default: the current UTC date. */
  today?: string
  /** Stop recording findings after this many; a final 'too-many-findings' note says how many were dropped. Default 10,000. */
  max_findings?: number
}

/**
 * A push-style 834 validator: feed every segment in order — as segments (`push`), or as the
 * scanner's byte cursors (`pushRaw`, with ISAs still through `push`), which is faster — then call
 * `end()` once.
 */
export interface Validator834 {
  push(segment: Segment): void
  pushRaw(cursor: SegmentCursor): void
  end(): ValidationResult
}

/**
 * Creates a streaming validator for 834 005010X220A1 files: structure and codes from the
 * implementation-guide map, the X12 envelope, and the 834 business rules. Runs in the same
 * single pass as the parser and keeps only per-transaction/member/coverage state.
 *
 * @example
 * const validator = createValidator({ today: '2026-04-01' })
 * for await (const seg of tokenize(createReadStream('enroll.834'))) validator.push(seg)
 * const { valid, findings } = validator.end()
 */
export function createValidator(options: ValidateOptions = {}): Validator834 {
  // The engine itself has push/end with these signatures: no wrapper call per segment.
  return createMapValidator(map834(), { plugin: new Rules834({ today: options.today }), max_findings: options.max_findings })
}

/** Turns a tokenizer failure into a finding, so callers get one result shape for every input. */
function tokenizerFailure(engine: ValidatorEngine, err: X12Error): void {
  if (err.code === 'unterminated-segment') engine.endedInsideSegment = true
  const code = err.code === 'isa-not-fixed-width' ? 'isa-not-fixed-width' : 'tokenizer-error'
  engine.report(code, {
    id: err.segmentId ?? '', elements: [], index: err.segmentIndex ?? engine.segmentCount,
    offset: err.offset ?? 0, line: err.line ?? 0,
  }, undefined, { message: `${err.code}: ${err.message}`, outside: err.code === 'no-isa' && engine.interchanges.length > 0 })
}

/**
 * Tokenizes and validates a whole 834 (a stream, a string or bytes). Never throws for bad input:
 * unreadable data becomes a 'tokenizer-error' finding.
 *
 * @example
 * const result = await validate834(createReadStream('enroll.834'), { today: '2026-04-01' })
 * if (!result.valid) for (const f of result.findings) console.log(f.code, f.location.segment_id, f.message)
 */
export async function validate834(source: ByteSource | string | Uint8Array, options: ValidateOptions = {}): Promise<ValidationResult> {
  const engine = createMapValidator(map834(), { plugin: new Rules834({ today: options.today }), max_findings: options.max_findings })
  return runValidation(engine, source)
}

/**
 * Options for {@link parseAndValidate834}: the parser's ({@link read834}) and the validator's.
 * `lenient`/`lenientIsa` change only what the members accept (validation always reads a
 * non-fixed-width ISA on and reports it); `maxSegmentLength` applies to the one scan both share.
 */
export interface ParseAndValidateOptions extends Parse834Options, ValidateOptions {
  /**
   * Validate on this pool's worker thread while the members are read on the caller's, so the
   * two halves of the work run on two cores. Inputs shorter than `poolMinBytes` still take the
   * one-thread pass. The members, the errors and the result are the same either way.
   */
  pool?: ValidationPool
  /** With `pool`: the input length from which the worker is used. Default 1 MiB. */
  poolMinBytes?: number
}

/**
 * The members of an 834 and its validation, from one pass over the bytes: {@link read834}'s
 * member records as you iterate, and {@link validate834}'s result from `result()`.
 * @see parseAndValidate834
 */
export interface ValidatedMembers extends AsyncIterableIterator<MemberRecord> {
  /**
   * The validation of the whole input — the same result as {@link validate834} of it. Resolves
   * once the input has been read to its end (members not iterated yet are read and dropped);
   * rejects if the iteration was stopped early (`break`, `return()`) or the source failed.
   */
  result(): Promise<ValidationResult>
}

/**
 * Parses and validates an 834 in one pass over its bytes: each segment is found once, checked
 * by the validator on its bytes and read by the 834 state machine from the same byte cursor
 * (only the fields a typed member keeps become strings). Iterating yields exactly the member
 * records {@link read834} yields, and ends with the same {@link X12Error} where read834 throws
 * one — but only after the rest of the input was validated, so `result()` always describes the
 * whole input, as {@link validate834} does (a tokenizer failure is a 'tokenizer-error' finding).
 * Memory stays flat: only the members of one 16 KiB slice are alive at once.
 *
 * With `pool` ({@link createValidationPool}), an input of `poolMinBytes` (1 MiB) or more is
 * validated on the pool's worker thread while this thread reads the members, so a big file
 * takes the time of the slower half rather than of both; members, errors and result are the same.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * const run = parseAndValidate834(createReadStream('enroll.834'), { today: '2026-04-01' })
 * try {
 *   for await (const { member } of run) console.log(member.INS.INS03, member.member_name.NM1.NM103)
 * } catch (err) {
 *   if (!(err instanceof X12Error)) throw err // the members stop here; the validation went on
 * }
 * const { valid, findings } = await run.result()
 */
export function parseAndValidate834(source: ByteSource, options: ParseAndValidateOptions = {}): ValidatedMembers {
  return options.pool === undefined ? oneThread(source, options) : pooledMembers(source, options, options.pool, oneThread)
}

/** Validation and members in one pass over the bytes on this thread. */
function oneThread(source: ByteSource, options: ParseAndValidateOptions): ValidatedMembers {
  const engine = createMapValidator(map834(), { plugin: new Rules834({ today: options.today }), max_findings: options.max_findings })
  return readMembers<ValidationResult>(source, options, {
    push: (seg) => { engine.push(seg) },
    pushRaw: (c) => { engine.pushRaw(c) },
    failed: (err) => { tokenizerFailure(engine, err) },
    end: () => engine.end(),
  })
}

/**
 * Feeds a source through the tokenizer into an engine (shared with the 999 checks). Segments go
 * to the engine as byte cursors (`pushRaw`) as the scanner finds them: when the scanner fails,
 * the segments before the failure have been validated, as a segment-by-segment reader would
 * (a good interchange followed by junk is still checked, and the junk is one finding). Not an
 * atomic feed: recording a slice and handing it out after would give the engine the same
 * segments in the same order, and deciding whether a slice needs it costs two searches of it.
 */
export async function runValidation(engine: ValidatorEngine, source: ByteSource | string | Uint8Array): Promise<ValidationResult> {
  // lenientIsa: read past a non-padded ISA so the rest of the file is still checked; the engine reports the width.
  const scanner = new SegmentScanner({ lenientIsa: true })
  const onRaw = (c: SegmentCursor): void => { engine.pushRaw(c) }
  const onSegment = (seg: Segment): void => { engine.push(seg) }
  try {
    if (typeof source === 'string' || source instanceof Uint8Array) {
      scanner.feedRaw(source, onRaw, onSegment)
    } else {
      for await (const chunk of source) for (const piece of slices(chunk)) scanner.feedRaw(piece, onRaw, onSegment)
    }
    scanner.endRaw(onRaw, onSegment)
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    tokenizerFailure(engine, err)
  }
  return engine.end()
}

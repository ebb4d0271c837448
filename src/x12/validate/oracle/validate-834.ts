// TEST ORACLE, not product code: the segment-by-segment validator as it was before the byte path
// (SegmentScanner#feedRaw → ValidatorEngine#pushRaw). Only differential.test.ts imports it, to check
// the product validator still gives identical results. Do not change its behaviour.
import type { Segment } from '../../segment.js'
import { X12Error } from '../../errors.js'
import { tokenize, tokenizeSync } from '../../tokenizer.js'
import type { ByteSource } from '../../tokenizer.js'
import { createMapValidator } from './engine.js'
import type { ValidatorEngine } from './engine.js'
import { map834 } from '../map.js'
import type { ValidationResult } from '../result.js'
import { Rules834 } from './rules-834.js'

/** Options for {@link createValidator} and {@link validate834}. */
export interface ValidateOptions {
  /** Today as YYYY-MM-DD for date rules (no future birth date). Default: the current UTC date. */
  today?: string
  /** Stop recording findings after this many; a final 'too-many-findings' note says how many were dropped. Default 10,000. */
  max_findings?: number
}

/** A push-style 834 validator: feed every segment in order, then call `end()` once. */
export interface Validator834 {
  push(segment: Segment): void
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

/** Feeds a source through the tokenizer into an engine (shared with the 999 checks). */
export async function runValidation(engine: ValidatorEngine, source: ByteSource | string | Uint8Array): Promise<ValidationResult> {
  // lenientIsa: read past a non-padded ISA so the rest of the file is still checked; the engine reports the width.
  try {
    if (typeof source === 'string' || source instanceof Uint8Array) {
      for (const seg of tokenizeSync(source, { lenientIsa: true })) engine.push(seg)
    } else {
      for await (const seg of tokenize(source, { lenientIsa: true })) engine.push(seg)
    }
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    tokenizerFailure(engine, err)
  }
  return engine.end()
}

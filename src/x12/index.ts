/**
 * The OpenEnroll X12 engine: the small typed API the rest of OpenEnroll uses. Nothing here imports
 * anything outside `src/x12/`; zero runtime dependencies.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * import { read834 } from '../x12/index.js'
 * for await (const { member } of read834(createReadStream('enroll.834'))) console.log(member.INS.INS03)
 *
 * // Members and validation from one pass over the bytes:
 * const run = parseAndValidate834(createReadStream('enroll.834'), { today: '2026-04-01' })
 * for await (const { member } of run) console.log(member.INS.INS03)
 * const { valid, findings } = await run.result()
 */

// ── core: segments, tokenizer, errors ────────────────────────────────────────────────────────────
export type { Segment, Delimiters } from './segment.js'
export { printable } from './segment.js'
export { X12Error } from './errors.js'
export type { X12ErrorCode, X12ErrorPosition } from './errors.js'
export { tokenize, tokenizeSync, SegmentScanner } from './tokenizer.js'
export type { TokenizeOptions, ByteSource } from './tokenizer.js'
export { SegmentCursor, LazySegment } from './segment-cursor.js'

// ── 834 model and parser ─────────────────────────────────────────────────────────────────────────
export type * from './x834/model.js'
export { SEGMENT_SHAPES } from './x834/segments.js'
export type { SegmentShape, SegmentId, SegmentTypes } from './x834/segments.js'
export { Parser834, read834, parse834 } from './x834/parser.js'
export type { Parse834Options, MemberRecord } from './x834/parser.js'

// ── writers ──────────────────────────────────────────────────────────────────────────────────────
export { SegmentWriter, MemorySink, resolveDelimiters, DEFAULT_DELIMITERS } from './writer.js'
export type { ByteSink, LineEnding, SegmentWriterOptions } from './writer.js'
export { X834Writer, write834, writeInterchanges834, format834, envelope834 } from './x834/write.js'
export type { TradingPartner834, Write834Options, Header834Input, Write834Result } from './x834/write.js'

// ── validator (src/x12/validate/): exports added by the validator owner ─────────────────────────
export { createValidator, validate834, parseAndValidate834 } from './validate/validate-834.js'
export { createValidationPool } from './validate/validation-pool.js'
export type { ValidationPool } from './validate/validation-pool.js'
export type { Validator834, ValidateOptions, ParseAndValidateOptions, ValidatedMembers } from './validate/validate-834.js'
export { validate999 } from './validate/validate-999.js'
export { createMapValidator, ValidatorEngine } from './validate/engine.js'
export type { EngineOptions, RulePlugin, SegmentContext, ReportDetail } from './validate/engine.js'
export { map834, map999, compileMap } from './validate/map.js'
export type { CompiledMap, LoopNode, SegmentEntry, ElementSpec, SyntaxRule, Usage } from './validate/map.js'
export { FINDING_CODES, findingInfo } from './validate/findings.js'
export type { Finding, FindingCode, FindingLocation, AckPointer, Severity, CodeInfo } from './validate/findings.js'
export type { ValidationResult, InterchangeSummary, GroupSummary, TransactionSetSummary } from './validate/result.js'

// ── acknowledgements 999/TA1 (src/x12/ack/): exports added by the ack owner ──────────────────────
export { build999, buildTA1, interchangeVerdict } from './ack/build.js'
export type { AckOptions } from './ack/build.js'
export { parseAcknowledgement } from './ack/parse.js'
export type { AckReport, AckInterchange, AckInterchangeNote, AckGroup, AckTransactionSet, AckSegmentError, AckElementError } from './ack/parse.js'
export * as ackCodes from './ack/codes.js'
export type { DescribedCode } from './ack/codes.js'

// ── PokitDok JSON mapping (src/x12/x834/pokitdok*.ts): exports added by the mapping owner ────────
export { pokitdokToMembers, pokitdokHeader, membersToPokitdok, memberToPokitdok, notCarried, pokitdokRequestHeader, MEMBER_ID_QUALIFIER } from './x834/pokitdok.js'
export type { PokitdokToMembersOptions, PokitdokMembers, PokitdokEnvelope } from './x834/pokitdok.js'
export { normalizePokitdok, isSubscriberSent } from './x834/pokitdok-normalize.js'
export type { NormalizedPokitdok } from './x834/pokitdok-normalize.js'
export { normalizePokitdokShape, pokitdokRequestSchema, isPlainDate } from './x834/pokitdok-schema.js'
export type {
  PokitdokRequest, PokitdokMember, PokitdokParty, PokitdokAddress, PokitdokContact, PokitdokSchool, PokitdokBenefit,
  PokitdokCoordination, PokitdokSource, ShapeResult,
} from './x834/pokitdok-schema.js'
export { parsePokitdokJson, stripTrailingCommas, positionAt } from './x834/pokitdok-json.js'
export type { ParsedJson, CommaFree, TextPosition } from './x834/pokitdok-json.js'
export { PokitdokError, pointerTo } from './x834/pokitdok-issues.js'
export type { PokitdokIssue, PokitdokIssueCode } from './x834/pokitdok-issues.js'
export * as pokitdokCodes from './x834/pokitdok-codes.js'

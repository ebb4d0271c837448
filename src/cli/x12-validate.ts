import { tokenizeSync, validate834, validate999, type Finding, type ValidationResult } from '../x12/index.js'
import { CliError } from './command.js'
import { counted, openInput, parseSubcommand, peek, todayOption, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'validate',
  usage: `usage: openenroll x12 validate FILE… [--json] [--today YYYY-MM-DD]

Validates 834 (005010X220A1) files: envelope, structure, codes and business rules.
A file of acknowledgements (its first group GS01 FA, e.g. a carrier's 999) is
validated as 999 (005010X231A1) instead. FILE - reads stdin.
Prints one line per finding:
  file:line: ISA13/GS06/ST02 loop 2000/2300 HD01 error code: message (segment N, position P in ST ST02)
then one summary line per file.

  --json     one JSON document: { files: [{ file, status, error_count, warning_count, findings, interchanges }] }
  --today    the date rules such as "no future birth date" compare against (default: today, UTC)

exit status: 0 every file valid, 1 any file invalid, 2 a file unreadable or not X12
`,
  options: {
    json: { type: 'boolean' },
    today: { type: 'string' },
  },
} as const

/**
 * Whether the input was not X12 at all, rather than bad X12: a tokenizer failure before any
 * interchange, or no segment at all (an empty or whitespace-only file).
 */
function isNotX12(result: ValidationResult): boolean {
  return result.interchanges.length === 0 && (result.segment_count === 0 || result.findings.some((f) => f.code === 'tokenizer-error'))
}

/** Why an input is not X12, for the 'unreadable' line. */
function notX12Problem(result: ValidationResult): string {
  return result.findings.find((f) => f.code === 'tokenizer-error')?.message ?? 'no-isa: Input holds only whitespace: expected an ISA header'
}

/** Bytes read before choosing the 834 or the 999 guide: enough for any ISA and GS. */
const HEAD_BYTES = 64 * 1024

/** GS01 of the input's first functional group, from its first bytes; undefined when none is there. */
function firstGs01(head: Uint8Array): string | undefined {
  try {
    for (const seg of tokenizeSync(head, { lenientIsa: true })) {
      if (seg.id === 'GS') return seg.elements[1]
      if (seg.id === 'ST') return undefined
    }
  } catch {
    // A head cut inside a segment, or not X12: the 834 validation says what is wrong.
  }
  return undefined
}

/**
 * One finding as a line: `file:line: ISA13/GS06/ST02 loop 2000/2300 HD01 error code: message (segment N)`.
 *
 * @example
 * formatFinding('a.834', finding) // 'a.834:12: 000000001/1/0001 loop 2000 INS03 error invalid-code: … (segment 12)'
 */
export function formatFinding(file: string, f: Finding): string {
  const l = f.location
  const parts: string[] = []
  const envelope = [l.isa13, l.gs06, l.st02].filter((x) => x !== undefined && x !== '')
  if (envelope.length) parts.push(envelope.join('/'))
  if (l.loop_path) parts.push(`loop ${l.loop_path}`)
  // `element` is the reference designator, component included (INS06-01).
  const where = l.element ?? l.segment_id
  if (where) parts.push(l.repetition !== undefined ? `${where} (repetition ${l.repetition})` : where)
  parts.push(`${f.severity} ${f.code}: ${f.message}`)
  // The segment's 1-based position in the file (files written on one line all report line 1), and
  // inside a transaction set its position from ST, as SE01 counts and a 999's IK302 names it.
  const inSet = f.ack.level === 'segment' && l.st02 !== undefined && f.ack.segment_position !== undefined && f.ack.segment_position > 0
    ? `, position ${f.ack.segment_position} in ST ${l.st02}` : ''
  const segment = typeof l.segment_index === 'number' && l.segment_index >= 0 ? ` (segment ${l.segment_index + 1}${inSet})` : ''
  return `${file}:${l.line}: ${parts.join(' ')}${segment}`
}

/**
 * A validation as text: one line per finding, then the summary line
 * (`file: valid (N segments, M members)` or `file: invalid (E errors, W warnings)`).
 */
export function findingLines(file: string, r: ValidationResult, document: '834' | '999' = '834'): string {
  let lines = ''
  // In file order: a finding made when a loop closes (a coverage's missing DTP) points back at an earlier segment.
  const ordered = [...r.findings].sort((a, b) => a.location.segment_index - b.location.segment_index)
  for (const f of ordered) lines += formatFinding(file, f) + '\n'
  // A file folded at a fixed width (80 columns, as some VANs deliver) breaks lines inside segments.
  const folded = new Set(r.findings.filter((f) => /control character 0x[ad]\b/.test(f.message) || /\\n/.test(f.location.segment_id)).map((f) => f.location.segment_index)).size
  if (folded >= 3) lines += `${file}: hint: ${folded} segments hold line breaks, as a file folded at a fixed width does; X12 allows none inside a segment: join the lines (tr -d '\\r\\n' < ${file})\n`
  const members = r.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transaction_sets))
    .reduce((n, t) => n + (t.members ?? 0), 0)
  // An interchange of a TA1 alone (as `x12 ack` answers a rejected one) holds no group, so no member.
  const groups = r.interchanges.reduce((n, i) => n + i.groups.length, 0)
  const what = document === '999' ? '999 acknowledgement' : groups === 0 && r.interchanges.length > 0 ? 'no functional group: a TA1 acknowledgement or an empty interchange' : counted(members, 'member')
  lines += r.valid
    ? `${file}: valid (${counted(r.segment_count, 'segment')}, ${what}${r.warning_count ? `, ${counted(r.warning_count, 'warning')}` : ''})\n`
    : `${file}: invalid (${counted(r.error_count, 'error')}, ${counted(r.warning_count, 'warning')})\n`
  return lines
}

type Status = 'valid' | 'invalid' | 'unreadable'

/** `x12 validate`: see the usage above. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSubcommand(spec, argv, io)
  if (!args) return 0
  if (args.positionals.length === 0) throw new CliError(`x12 validate: no FILE given\n\n${spec.usage}`)
  const today = todayOption('validate', args.values.today)
  const json = args.values.json === true
  const report: Record<string, unknown>[] = []
  let worst = 0
  for (const arg of args.positionals) {
    const file = arg === '-' ? '<stdin>' : arg
    let status: Status
    let result: ValidationResult | undefined
    let problem: string | undefined
    let document: '834' | '999' = '834'
    try {
      const input = await openInput(arg, io)
      try {
        const { head, source } = await peek(input.source, HEAD_BYTES)
        // Functional acknowledgements (GS01 FA) are 999s: a carrier's, or our own `x12 ack`'s.
        if (firstGs01(head) === 'FA') document = '999'
        result = document === '999' ? await validate999(source) : await validate834(source, today ? { today } : {})
      } finally {
        input.done()
      }
      status = isNotX12(result) ? 'unreadable' : result.valid ? 'valid' : 'invalid'
      if (status === 'unreadable') problem = notX12Problem(result)
    } catch (err) {
      if (!(err instanceof CliError)) throw err
      status = 'unreadable'
      problem = err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message
    }
    worst = Math.max(worst, status === 'valid' ? 0 : status === 'invalid' ? 1 : 2)
    if (json) {
      report.push({ file, status, document, ...(problem ? { problem } : {}), ...(result ? {
        error_count: result.error_count, warning_count: result.warning_count, segment_count: result.segment_count,
        findings: result.findings, interchanges: result.interchanges } : {}) })
      continue
    }
    if (status === 'unreadable') {
      await writeOut(io.stdout, `${file}: unreadable: ${problem ?? 'not X12'}\n`)
      continue
    }
    await writeOut(io.stdout, findingLines(file, result as ValidationResult, document))
  }
  if (json) await writeOut(io.stdout, JSON.stringify({ files: report }, null, 2) + '\n')
  return worst
}

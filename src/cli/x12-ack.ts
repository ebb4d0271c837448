import { open } from 'node:fs/promises'
import {
  ackCodes, build999, buildTA1, interchangeVerdict, validate834, type Finding, type InterchangeSummary, type ValidationResult,
} from '../x12/index.js'
import { CliError } from './command.js'
import { openInput, parseSubcommand, todayOption, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'ack',
  usage: `usage: openenroll x12 ack FILE [--control-number N] [--ta1] [--include-warnings] [--today YYYY-MM-DD]

Validates an 834 and writes its acknowledgement on stdout, one interchange per inbound one:
  - a 999 (005010X231A1): AK1 per functional group, AK2/IK3/IK4/IK5 per transaction set, AK9;
    with a TA1 (A) inside its interchange when the sender asked for one (ISA14 1) or --ta1 is given;
  - a TA1 alone (IEA01 0), and no 999, when the interchange is rejected (TA104 R: ISA13 ≠ IEA02,
    no IEA, wrong IEA01, short ISA, a GS a 999 cannot echo, …) or holds no functional group. The
    groups of a rejected interchange are not processed: the sender resends the whole interchange.
    stderr names each rejected interchange and why. An ISA whose delimiters clash (ISA16 = ISA11,
    …) cannot be read further, but its fixed-width header still gets TA1 R 026 or 027.

  --control-number N    ISA13 of the acknowledgement (default: the inbound ISA13)
  --ta1                 always include a TA1
  --include-warnings    report our warnings too (IK5 E, and exit 1) — by default only errors count
  --today               the date rules compare against (default: today, UTC)

Acknowledgements are not acknowledged: an interchange of 999s (GS01 FA) or TA1s gets no answer.

exit status: 0 everything accepted; 1 something rejected, or accepted with errors noted
(IK5 E, AK9 E: with --include-warnings, warnings too); 2 unreadable or not X12, or nothing to
acknowledge (no ISA; only acknowledgements), stderr says why
`,
  options: {
    'control-number': { type: 'string' },
    ta1: { type: 'boolean' },
    'include-warnings': { type: 'boolean' },
    today: { type: 'string' },
  },
} as const

/**
 * Why an inbound interchange gets no answer at all, or undefined: acknowledgements (999 groups,
 * GS01 FA; TA1s) are not acknowledged, or the partners would answer each other forever.
 */
function whyNotAcknowledged(result: ValidationResult, index: number): string | undefined {
  const ic = result.interchanges[index] as InterchangeSummary
  const acks = ic.groups.filter((g) => g.gs01 === 'FA')
  if (acks.length > 0 && acks.length === ic.groups.length) {
    const groups = acks.map((g) => g.gs06).join(', ')
    return acks.length === 1
      ? `: group ${groups} is GS01 FA, an acknowledgement (acknowledgements are not acknowledged)`
      : `: groups ${groups} are GS01 FA, acknowledgements (acknowledgements are not acknowledged)`
  }
  // Without groups or errors, whatever stands between ISA and IEA is a TA1 (the only other segment an interchange holds).
  const end = result.interchanges[index + 1]?.segment_index ?? result.segment_count
  if (ic.groups.length === 0 && ic.error_count === 0 && end - ic.segment_index > 2) {
    return ' holds only TA1 acknowledgements (acknowledgements are not acknowledged)'
  }
  return undefined
}

/** Where the fixed-width ISA has its 16 element separators. */
const ISA_SEPARATORS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103]

/**
 * The tokenizer refuses an ISA whose delimiters clash (ISA16 = ISA11, an element separator used as
 * another delimiter) and the validation has no interchange; but a fixed-width ISA is still readable,
 * so the sender gets the TA1 X12 has for it: R with TA105 026 (data element separator) or 027
 * (component element separator). Undefined when the header is not readable or the clash is another.
 */
async function delimiterRejection(file: string, why: string): Promise<ValidationResult | undefined> {
  if (!why.startsWith('invalid-delimiters:')) return undefined
  const handle = await open(file, 'r')
  let text: string
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0)
    text = buffer.subarray(0, bytesRead).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '').trimStart()
  } finally {
    await handle.close()
  }
  const e = text[3] ?? ''
  if (text.length < 106 || !text.startsWith('ISA') || ISA_SEPARATORS.some((i) => text[i] !== e)) return undefined
  for (let i = 4; i < 104; i++) if (text[i] === e && !ISA_SEPARATORS.includes(i)) return undefined
  const isa = text.slice(0, 104).split(e)
  const [c, t] = [text[104] ?? '', text[105] ?? '']
  const unfit = (ch: string): boolean => /^[A-Za-z0-9\s]$/.test(ch)
  const r = unfit(text[82] ?? '') ? undefined : text[82] // 00401 has no repetition separator (ISA11 U)
  const ta105 = unfit(e) || e === c || e === r || e === t ? '026' : unfit(c) || c === r || c === t ? '027' : undefined
  if (ta105 === undefined) return undefined
  const field = (n: number): string => isa[n] ?? ''
  const ic: InterchangeSummary = {
    isa05: field(5), isa06: field(6), isa07: field(7), isa08: field(8), isa09: field(9), isa10: field(10), isa11: field(11),
    isa12: field(12), isa13: field(13), isa14: field(14), isa15: field(15), component_separator: c, segment_index: 0,
    declared_group_count: undefined, groups: [], error_count: 1,
  }
  const finding: Finding = { code: 'tokenizer-error', severity: 'error', message: why,
    location: { segment_index: 0, segment_id: 'ISA', line: 1, offset: 0, loop_path: '' }, ack: { level: 'interchange', interchange: 0, ta105 } }
  return { valid: false, error_count: 1, warning_count: 0, segment_count: 1, findings: [finding], interchanges: [ic] }
}

/** `x12 ack`: see the usage above. */
export async function ackCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSubcommand(spec, argv, io)
  if (!args) return 0
  const [file, ...extra] = args.positionals
  if (!file || extra.length) throw new CliError(`x12 ack: give exactly one FILE\n\n${spec.usage}`)
  const controlText = args.values['control-number']
  let control: number | undefined
  if (controlText !== undefined) {
    control = typeof controlText === 'string' && /^\d{1,9}$/.test(controlText) ? Number(controlText) : 0
    if (control < 1) throw new CliError('x12 ack: --control-number must be a number from 1 to 999999999')
  }
  const today = todayOption('ack', args.values.today)
  const input = await openInput(file, io)
  let result: ValidationResult
  try {
    result = await validate834(input.source, today ? { today } : {})
  } finally {
    input.done()
  }
  if (result.interchanges.length === 0) {
    const why = result.findings.find((f) => f.severity === 'error')?.message ?? 'no ISA'
    const clash = await delimiterRejection(file, why)
    if (!clash) {
      io.stderr.write(`${file}: nothing to acknowledge: ${why}\n`)
      return 2
    }
    const ta105 = clash.findings[0]?.ack.ta105 ?? ''
    io.stderr.write(`${file}: interchange ${clash.interchanges[0]?.isa13 ?? ''} rejected (TA1 R ${ta105}: ${ackCodes.describe(ackCodes.TA105_CODES, ta105).description}): ${why}\n`)
    result = clash
  }
  const options = {
    now: new Date(),
    include_warnings: args.values['include-warnings'] === true,
    ...(control !== undefined ? { interchange_control_number: control } : {}),
  }
  const ta1 = args.values.ta1 === true ? { include_ta1: true } : {}
  let out = ''
  let groupControl = 1 // the 999 groups' GS06 count on across the file, as one build999 call would
  const skipped: string[] = []
  // Exit 1 when an answer rejects or notes errors: errors outside any interchange count too.
  let status = result.findings.some((f) => f.severity === 'error' && f.ack.interchange === undefined) ? 1 : 0
  result.interchanges.forEach((ic, i) => {
    const unanswered = whyNotAcknowledged(result, i)
    if (unanswered) {
      skipped.push(`interchange ${ic.isa13}${unanswered}`)
      return
    }
    const { ta104, ta105 } = interchangeVerdict(result, i)
    const noted = options.include_warnings && ic.groups.some((g) => g.transaction_sets.some((t) => t.warning_count > 0))
    if (noted || result.findings.some((f) => f.severity === 'error' && f.ack.interchange === i)) status = 1
    // TA104 R rejects the interchange, groups included: a 999 accepting them would contradict it.
    if (ta104 === 'R' || ic.groups.length === 0) {
      out += buildTA1(result, { ...options, interchanges: [i] })
      if (ta104 === 'R' && ic.groups.length > 0) {
        const unechoable = ic.groups.filter((g) => !/^\d{1,9}$/.test(g.gs06))
          .map((g) => `; group ${g.gs06 || "''"}: GS06 is not a number, so no 999 can acknowledge it (AK102)`)
        io.stderr.write(`${file}: interchange ${ic.isa13} rejected (TA1 R ${ta105}: ${ackCodes.describe(ackCodes.TA105_CODES, ta105).description}): its functional groups are not acknowledged in a 999${unechoable.join('')}\n`)
      }
      return
    }
    out += build999(result, { ...options, ...ta1, interchanges: [i], group_control_number: groupControl++ })
  })
  if (out === '') {
    io.stderr.write(`${file}: nothing to acknowledge: ${skipped.length ? skipped.join('; ') : 'no interchange can be answered'}\n`)
    return 2
  }
  for (const why of skipped) io.stderr.write(`${file}: not acknowledged: ${why}\n`)
  // Junk after the last IEA belongs to no interchange: no TA1 or 999 carries it, so say it here.
  for (const f of result.findings) {
    if (f.severity === 'error' && f.ack.interchange === undefined) io.stderr.write(`${file}:${f.location.line}: ${f.message} (outside every interchange: no acknowledgement carries it)\n`)
  }
  await writeOut(io.stdout, out)
  return status
}

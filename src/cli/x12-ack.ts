import { ackCodes, build999, buildTA1, interchangeVerdict, validate834, type InterchangeSummary, type ValidationResult } from '../x12/index.js'
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
    stderr names each rejected interchange and why.

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
  let result
  try {
    result = await validate834(input.source, today ? { today } : {})
  } finally {
    input.done()
  }
  if (result.interchanges.length === 0) {
    const why = result.findings.find((f) => f.severity === 'error')?.message ?? 'no ISA'
    io.stderr.write(`${file}: nothing to acknowledge: ${why}\n`)
    return 2
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
  await writeOut(io.stdout, out)
  return status
}

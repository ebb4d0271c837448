import { build999, buildTA1, interchangeVerdict, validate834 } from '../x12/index.js'
import { CliError } from './command.js'
import { openInput, parseSubcommand, todayOption, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'ack',
  usage: `usage: openenroll x12 ack FILE [--control-number N] [--ta1] [--include-warnings] [--today YYYY-MM-DD]

Validates an 834 and writes its acknowledgement on stdout:
  - a 999 (005010X231A1) per interchange: AK1 per functional group, AK2/IK3/IK4/IK5 per
    transaction set, AK9;
  - a TA1 as well, inside the 999's interchange, when the sender asked for one (ISA14 1), when
    --ta1 is given, or when the interchange envelope is broken (TA104 R);
  - a TA1 alone (IEA01 0) for an interchange that is broken before any functional group.

  --control-number N    ISA13 of the acknowledgement (default: the inbound ISA13)
  --ta1                 always include a TA1
  --include-warnings    report our warnings too (IK5 E) — by default only errors count
  --today               the date rules compare against (default: today, UTC)

exit status: 0 everything accepted, 1 something rejected or accepted with errors,
2 unreadable or not X12 (nothing to acknowledge: no ISA)
`,
  options: {
    'control-number': { type: 'string' },
    ta1: { type: 'boolean' },
    'include-warnings': { type: 'boolean' },
    today: { type: 'string' },
  },
} as const

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
  const broken = result.interchanges.map((_, i) => interchangeVerdict(result, i).ta104 === 'R')
  const now = new Date()
  const options = {
    now,
    include_warnings: args.values['include-warnings'] === true,
    ...(control !== undefined ? { interchange_control_number: control } : {}),
  }
  let out = ''
  // Interchanges broken before any group get a TA1 on its own; the others a 999 (with a TA1 when
  // their envelope is broken, the sender asked, or --ta1).
  result.interchanges.forEach((ic, i) => {
    if (ic.groups.length > 0) return
    // buildTA1 reads findings by interchange ordinal: hand it this interchange alone, renumbered 0.
    const findings = result.findings.filter((f) => f.ack.interchange === i).map((f) => ({ ...f, ack: { ...f.ack, interchange: 0 } }))
    out += buildTA1({ ...result, interchanges: [ic], findings }, control === undefined ? options : { ...options, interchange_control_number: control + i })
  })
  const withTa1 = args.values.ta1 === true || broken.some((b) => b) ? true : undefined
  out += build999(result, withTa1 ? { ...options, include_ta1: true } : options)
  await writeOut(io.stdout, out)
  return result.valid ? 0 : 1
}

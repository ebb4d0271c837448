import { pokitdokCodes, read834, X12Error } from '../x12/index.js'
import { CliError } from './command.js'
import { counted, fileAt, openInput, parseSubcommand, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'stats',
  usage: `usage: openenroll x12 stats FILE [--json] [--lenient]

Counts, in one streaming pass: transaction sets, members (INS), subscribers (INS01 Y), dependents
(INS01 N), members by maintenance type (INS03), and coverages (2300 loops) by insurance line
(HD03) and maintenance type (HD01).

  --json      one JSON object instead of text
  --lenient   accept a non-fixed-width ISA and a file that stops without SE/GE/IEA

exit status: 0 counted, 2 unreadable or not X12
`,
  options: {
    json: { type: 'boolean' },
    lenient: { type: 'boolean' },
  },
} as const

/** What `x12 stats --json` prints. Keys of the maps are X12 codes. */
export interface X12Stats {
  file: string
  transaction_sets: number
  members: number
  subscribers: number
  dependents: number
  /** INS03 → members. */
  by_maintenance_type: Record<string, number>
  /** HD03 → HD01 → coverages. */
  by_coverage: Record<string, Record<string, number>>
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}

/**
 * Counts the members of an 834 stream.
 *
 * @example
 * const stats = await countMembers(createReadStream('a.834'), 'a.834', false)
 */
export async function countMembers(source: AsyncIterable<Uint8Array>, file: string, lenient: boolean): Promise<X12Stats> {
  const stats: X12Stats = { file, transaction_sets: 0, members: 0, subscribers: 0, dependents: 0,
    by_maintenance_type: {}, by_coverage: {} }
  let lastHeader: unknown
  for await (const { member, context } of read834(source, { lenient })) {
    if (context.header !== lastHeader) {
      lastHeader = context.header
      stats.transaction_sets++
    }
    stats.members++
    if (member.INS.INS01 === 'Y') stats.subscribers++
    else stats.dependents++
    bump(stats.by_maintenance_type, member.INS.INS03)
    for (const coverage of member.health_coverages ?? []) {
      const line = (stats.by_coverage[coverage.HD.HD03] ??= {})
      bump(line, coverage.HD.HD01)
    }
  }
  return stats
}

function named(code: string, table: pokitdokCodes.CodeTable): string {
  const label = table.labelOf(code)
  return label ? `${code} ${label}` : code || '(empty)'
}

/** The text form of {@link X12Stats}. */
export function formatStats(s: X12Stats): string {
  const out = [`${s.file}: ${counted(s.members, 'member')} (${counted(s.subscribers, 'subscriber')}, ${counted(s.dependents, 'dependent')}) in ${counted(s.transaction_sets, 'transaction set')}`]
  const types = Object.entries(s.by_maintenance_type).sort(([a], [b]) => a.localeCompare(b))
  if (types.length) {
    out.push('members by maintenance type (INS03):')
    for (const [code, n] of types) out.push(`  ${named(code, pokitdokCodes.MAINTENANCE_TYPES).padEnd(40)} ${n}`)
  }
  const lines = Object.entries(s.by_coverage).sort(([a], [b]) => a.localeCompare(b))
  if (lines.length) {
    out.push('coverages by insurance line (HD03) and maintenance type (HD01):')
    for (const [line, byType] of lines) {
      for (const [code, n] of Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))) {
        out.push(`  ${named(line, pokitdokCodes.BENEFIT_TYPES).padEnd(40)} ${named(code, pokitdokCodes.MAINTENANCE_TYPES).padEnd(40)} ${n}`)
      }
    }
  }
  return out.join('\n') + '\n'
}

/** `x12 stats`: see the usage above. */
export async function statsCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSubcommand(spec, argv, io)
  if (!args) return 0
  const [file, ...extra] = args.positionals
  if (!file || extra.length) throw new CliError(`x12 stats: give exactly one FILE\n\n${spec.usage}`)
  const input = await openInput(file, io)
  let stats: X12Stats
  try {
    stats = await countMembers(input.source, file, args.values.lenient === true)
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    io.stderr.write(`${fileAt(file, err.line)} ${err.code}: ${err.message}\n`)
    return 2
  } finally {
    input.done()
  }
  await writeOut(io.stdout, args.values.json === true ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats))
  return 0
}

import { CliError, type Command } from './command.js'
import { processIo, type CliIo } from './x12-io.js'

type Subcommand = (argv: string[], io: CliIo) => Promise<number>

// Each subcommand module loads only when it runs: `x12 stats` never pays for the JSON mapping.
const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  validate: {
    summary: 'check 834 files against 005010X220A1 (exit 0 valid, 1 invalid, 2 unreadable)',
    load: async () => (await import('./x12-validate.js')).validateCommand,
  },
  'to-json': {
    summary: '834 → NDJSON, one PokitDok-shaped request per member',
    load: async () => (await import('./x12-to-json.js')).toJsonCommand,
  },
  'from-json': {
    summary: 'PokitDok enrollment JSON (object, array or NDJSON) → 834',
    load: async () => (await import('./x12-from-json.js')).fromJsonCommand,
  },
  ack: {
    summary: '999 implementation acknowledgment (TA1 when the envelope is broken)',
    load: async () => (await import('./x12-ack.js')).ackCommand,
  },
  stats: {
    summary: 'members, subscribers, dependents, counts by maintenance type and coverage',
    load: async () => (await import('./x12-stats.js')).statsCommand,
  },
}

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  return `usage: openenroll x12 <subcommand> [options] (--help on each)\n\nsubcommands:\n${lines.join('\n')}\n`
}

/**
 * Runs `openenroll x12 <subcommand> …` against the given streams (tests pass buffers).
 *
 * @example
 * const code = await runX12(['stats', 'enroll.834', '--json'], processIo())
 */
export async function runX12(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage())
    return name ? 0 : 2
  }
  const entry = subcommands[name]
  if (!entry) throw new CliError(`x12: unknown subcommand '${name}'\n\n${usage()}`)
  return (await entry.load())(rest, io)
}

/** The `x12` command of the `openenroll` CLI. */
export const x12: Command = (argv) => runX12(argv, processIo())

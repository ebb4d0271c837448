import { CliError, type Command } from './command.js'

// One entry per top-level command; each module is loaded only when its command runs, so
// `openenroll x12 …` never pays for the HTTP server or the database drivers.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'serve the HTTP API', load: async () => (await import('./serve.js')).serve },
  migrate: { summary: 'apply database migrations and exit', load: async () => (await import('./migrate.js')).migrate },
  clients: { summary: 'manage API clients (clients create …)', load: async () => (await import('./clients.js')).clients },
  'irs-limits': { summary: 'list or add IRS limits by year (irs-limits list | set …)', load: async () => (await import('./irs-limits.js')).irsLimits },
  x12: { summary: 'validate, convert and acknowledge X12 834 files', load: async () => (await import('./x12.js')).x12 },
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  return `usage: openenroll <command> [options]\n\ncommands:\n${lines.join('\n')}\n`
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage())
    return name ? 0 : 2
  }
  const entry = commands[name]
  if (!entry) {
    process.stderr.write(`openenroll: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  const command = await entry.load()
  return command(rest)
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`openenroll: ${err.message}\n`)
    process.exitCode = err.exitCode
  } else {
    throw err
  }
}

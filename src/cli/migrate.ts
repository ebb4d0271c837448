import type { Command } from './command.js'
import { configFrom, dbOptions, openMigrated, parse } from './runtime.js'

/** `openenroll migrate`: apply pending migrations and exit. */
export const migrate: Command = async (argv) => {
  const { values } = parse(argv, dbOptions)
  const { database, applied } = await openMigrated(configFrom(values))
  await database.close()
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n')
  return 0
}

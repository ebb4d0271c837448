import { parseArgs, type ParseArgsConfig } from 'node:util'
import { loadConfig, type Config } from '../config.js'
import { DataDirLockedError, openDatabase, type Database$ } from '../db/connect.js'
import { migrate } from '../db/migrate.js'
import { CliError } from './command.js'

/** Options every database command accepts. */
export const dbOptions = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const satisfies ParseArgsConfig['options']

/** parseArgs with our error style (unknown flags are usage errors, exit 2). */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true })
  } catch (err) {
    throw new CliError((err as Error).message, 2)
  }
}

/** The config with command-line overrides applied. */
export function configFrom(values: { 'data-dir'?: string | undefined; 'database-url'?: string | undefined; host?: string | undefined; port?: string | undefined }): Config {
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CliError(`--port must be 0–65535, got ${values.port}`)
  return loadConfig(process.env, {
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
  })
}

/** Opens the configured database and applies pending migrations. */
export async function openMigrated(config: Config): Promise<{ database: Database$; applied: string[] }> {
  let database: Database$
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize, writeBatchesInFlight: config.writeBatchesInFlight })
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(err.message, 1)
    throw err
  }
  try {
    return { database, applied: await migrate(database) }
  } catch (err) {
    await database.close()
    throw err
  }
}

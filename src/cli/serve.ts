import { startServer } from '../main.js'
import type { Command } from './command.js'
import { configFrom, dbOptions, openMigrated, parse } from './runtime.js'

const USAGE = `usage: openenroll serve [--host 127.0.0.1] [--port 8080] [--data-dir ./data | --database-url postgres://…] [--demo]

Serves the API. Without DATABASE_URL it uses embedded PostgreSQL (PGlite) in ./data.
--demo creates a demo organization and client and prints its credentials (automatic on the
first start of an empty embedded database).
`

/** `openenroll serve` */
export const serve: Command = async (argv) => {
  const { values } = parse(argv, { ...dbOptions, host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const config = configFrom(values)
  const { database, applied } = await openMigrated(config)
  const server = await startServer(config, database, { demo: values.demo })
  const where = database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'
  const out: string[] = [`OpenEnroll API listening on ${server.url} — ${where}${applied.length ? `, applied ${applied.length} migration(s)` : ''}`,
    `OpenAPI: ${server.url}/openapi.json   docs: ${server.url}/docs`]
  if (server.demo) {
    const { client_id, client_secret } = server.demo
    out.push('',
      'Demo API client created (the secret is shown only now; create more with `./bin/openenroll clients create`):',
      `  client_id:     ${client_id}`,
      `  client_secret: ${client_secret}`,
      '',
      'Get a token and call the API:',
      `  TOKEN=$(curl -s -u '${client_id}:${client_secret}' -d grant_type=client_credentials ${server.url}/oauth/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \\`,
      `       -d '{"name":"Acme Manufacturing","tax_id":"12-3456789"}' ${server.url}/v1/employers`)
  } else {
    out.push('Authenticate with an API client: POST /oauth/token (grant_type=client_credentials); create one with `./bin/openenroll clients create --organization NAME`.')
  }
  process.stdout.write(`${out.join('\n')}\n`)

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: draining requests and closing the database…\n`)
      server.close().then(resolve, (err: unknown) => {
        process.stderr.write(`error while shutting down: ${(err as Error).message}\n`)
        process.exitCode = 1
        resolve()
      })
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return process.exitCode === 1 ? 1 : 0
}

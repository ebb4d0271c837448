import { InvalidError } from '../errors/app-error.js'
import { ALL_SCOPES, createClient, type OrganizationType } from '../modules/organizations/index.js'
import { CliError, type Command } from './command.js'
import { configFrom, dbOptions, openMigrated, parse } from './runtime.js'

const USAGE = `usage: openenroll clients create --organization NAME [--type employer|broker|administrator]
                                [--scopes "read:plans write:plans …"] [--name LABEL] [--json]
                                [--data-dir DIR | --database-url URL]

Creates an API client (and the organization, if it does not exist) and prints its credentials
once. Works against the embedded database while the server is stopped, or PostgreSQL any time.
Scopes default to all: ${ALL_SCOPES.join(' ')}
`

/** `openenroll clients create …` */
export const clients: Command = async (argv) => {
  const [sub, ...rest] = argv
  if (sub !== 'create') {
    process.stderr.write(USAGE)
    return sub === '--help' || sub === '-h' ? 0 : 2
  }
  const { values } = parse(rest, {
    ...dbOptions,
    organization: { type: 'string' }, type: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (!values.organization) throw new CliError(`--organization is required\n\n${USAGE}`)
  const type = values.type
  if (type !== undefined && type !== 'employer' && type !== 'broker' && type !== 'administrator') throw new CliError(`--type must be employer, broker or administrator, got '${type}'`)
  const { database } = await openMigrated(configFrom(values))
  try {
    const client = await createClient(database.db, {
      organization: values.organization,
      ...(type ? { type: type as OrganizationType } : {}),
      ...(values.scopes !== undefined ? { scopes: values.scopes } : {}),
      ...(values.name ? { name: values.name } : {}),
    })
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, organization_id: client.organization_id })}\n`)
    } else {
      process.stdout.write(`client_id:       ${client.client_id}\nclient_secret:   ${client.client_secret}\norganization_id: ${client.organization_id} (${client.organization_type})\nscopes:          ${client.scopes.join(' ')}\n`)
    }
    return 0
  } catch (err) {
    if (err instanceof InvalidError) throw new CliError(err.message, 2)
    throw err
  } finally {
    await database.close()
  }
}

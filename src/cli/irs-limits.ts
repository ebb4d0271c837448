import { readFileSync } from 'node:fs'
import { InvalidError } from '../errors/app-error.js'
import { knownIrsLimits, refreshIrsLimits, setIrsLimits } from '../modules/plans/index.js'
import { CliError, type Command } from './command.js'
import { configFrom, dbOptions, openMigrated, parse } from './runtime.js'

const USAGE = `usage: openenroll irs-limits list [--json] [--data-dir DIR | --database-url URL]
       openenroll irs-limits set --year YEAR --file FILE|- --source "Rev. Proc. …" [--json]
                                 [--data-dir DIR | --database-url URL]

The IRS limits plan caps and elections are checked against. OpenEnroll ships the years it knows;
when the IRS publishes the next year's figures (during this year's open enrollment), add them with
'set': FILE is a JSON object of the figures in integer cents (every field 'list --json' shows under
"limits"), and --source cites where they were published. Running servers pick them up within a
minute. Works against the embedded database while the server is stopped, or PostgreSQL any time.
`

const dollars = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: cents % 100 === 0 ? 0 : 2 })}`

/** `openenroll irs-limits list|set …` */
export const irsLimits: Command = async (argv) => {
  const [sub, ...rest] = argv
  if (sub !== 'list' && sub !== 'set') {
    process.stderr.write(USAGE)
    return sub === '--help' || sub === '-h' ? 0 : 2
  }
  const { values } = parse(rest, {
    ...dbOptions,
    year: { type: 'string' }, file: { type: 'string' }, source: { type: 'string' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  let raw: unknown
  let year = Number.NaN
  if (sub === 'set') {
    if (!values.year || !values.file || !values.source) throw new CliError(`set needs --year, --file and --source\n\n${USAGE}`)
    year = Number(values.year)
    if (!Number.isInteger(year)) throw new CliError(`--year must be a calendar year, got '${values.year}'`)
    let text: string
    try {
      text = readFileSync(values.file === '-' ? 0 : values.file, 'utf8')
    } catch (err) {
      throw new CliError(`cannot read ${values.file}: ${(err as Error).message}`, 2)
    }
    try {
      raw = JSON.parse(text)
    } catch (err) {
      throw new CliError(`${values.file} is not JSON: ${(err as Error).message}`, 2)
    }
  }
  const { database } = await openMigrated(configFrom(values))
  try {
    if (sub === 'set') {
      const stored = await setIrsLimits(database.db, year, raw, values.source!, new Date().toISOString())
      process.stdout.write(values.json ? `${JSON.stringify(stored)}\n` : `IRS limits for ${stored.year} stored (source: ${stored.source}); running servers apply them within a minute\n`)
      return 0
    }
    await refreshIrsLimits(database.db, (m) => process.stderr.write(`warning: ${m}\n`))
    const all = knownIrsLimits()
    if (values.json) {
      process.stdout.write(`${JSON.stringify(all)}\n`)
      return 0
    }
    for (const k of all) {
      const l = k.limits
      process.stdout.write(`${k.year}  HSA ${dollars(l.hsa_self_only_cents)} / ${dollars(l.hsa_family_cents)} (+${dollars(l.hsa_catch_up_cents)} at 55)  health FSA ${dollars(l.health_fsa_cents)} (carryover ${dollars(l.health_fsa_carryover_cents)})  dependent care ${dollars(l.dependent_care_cents)}  commuter ${dollars(l.commuter_transit_monthly_cents)}/month  — ${k.source}\n`)
    }
    return 0
  } catch (err) {
    if (err instanceof InvalidError) {
      const fields = (err.extra.errors as { pointer: string; detail: string }[] | undefined) ?? []
      throw new CliError(`${err.message}${fields.map((e) => `\n  ${e.pointer || '/'}: ${e.detail}`).join('')}`, 2)
    }
    throw err
  } finally {
    await database.close()
  }
}

import {
  createValidationPool, memberToPokitdok, notCarried, parseAndValidate834, pokitdokRequestHeader, read834, X12Error,
  printable, type MemberRecord, type PokitdokRequest, type RawSegment, type TransactionContext, type ValidatedMembers,
} from '../x12/index.js'
import { importFamilies } from '../modules/exchange/index.js'
import { findingLines } from './x12-validate.js'
import { CliError } from './command.js'
import { fileAt, openInput, parseSubcommand, todayOption, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'to-json',
  usage: `usage: openenroll x12 to-json FILE [--lenient] [--validate [--today YYYY-MM-DD] [--threads 1|2]]

Converts an 834 to NDJSON on stdout, one line per member (2000 loop), streaming: a file of any
size runs in flat memory. Each line is itself a PokitDok enrollment request, so it can be fed
back to 'x12 from-json':
  - a subscriber (INS01 Y):  { …header fields, "subscriber": {member}, "dependents": [] }
  - a dependent (INS01 N):   { …header fields, "subscriber": { "subscriber_number": … }, "dependents": [{member}] }
    (the subscriber reference, exactly like PokitDok's "add a dependent" example)
  - header fields: action (BGN08), purpose (BGN01), master_policy_number (REF*38), sponsor (1000A),
    payer (1000B), trading_partner_id (GS03)
  - "source": { interchange_control_number, group_control_number, transaction_set_control_number,
    line } says where the member's INS segment is (from-json ignores it).
Only what PokitDok's request can say is converted (see src/x12/x834/pokitdok.ts for the table);
a note on stderr names what was left out (HD05, DTP*340, NM1*31 …), found by converting back.

  --openenroll  one line per family instead, in OpenEnroll's shapes: the subscriber as the body of
              POST /v1/subscribers (dependents inside, each with an external_identifier), and
              the family's coverage (plan type from HD03, tier from HD05, DTP*348/349 dates), as
              src/modules/exchange/import.ts reads it; a dependent follows its subscriber, and
              dependents sent alone come with "subscriber": null
  --lenient   accept a non-fixed-width ISA and a file that stops without SE/GE/IEA
  --validate  also validate the file in the same read, as 'x12 validate' does: findings and
              the summary line go to stderr
  --today     with --validate: the date rules compare against it (default: today, UTC)
  --threads   with --validate: 2 validates on a second thread while this one converts, 1 does
              both on one thread (default: 2 for files from 64 MiB, where it pays; 1 below)

exit status: 0 converted (and valid, with --validate), 1 converted but invalid (--validate),
2 unreadable or not X12 (lines already written stay valid NDJSON)
`,
  options: {
    openenroll: { type: 'boolean' },
    lenient: { type: 'boolean' },
    validate: { type: 'boolean' },
    today: { type: 'string' },
    threads: { type: 'string' },
  },
} as const

const FLUSH_AT = 64 * 1024

/**
 * From this size `--validate` uses a second thread by default. Starting the worker costs a fresh
 * process ~300 ms (loading and compiling the validator there), so it pays only on big files:
 * measured on this project's bench files, first run in a fresh process, parse+validate took 959
 * against 778 ms on one thread for 100k members (28 MB), and 3.8–5.0 s against 6.4–7.3 s for 1M
 * (282 MB).
 */
const THREADS_MIN_BYTES = 64 * 1024 * 1024

/** The request-level fields of one transaction, computed once per transaction, not per member. */
class HeaderCache {
  private context: TransactionContext | undefined
  private header: Omit<PokitdokRequest, 'subscriber' | 'dependents'> | undefined

  get(context: TransactionContext): Omit<PokitdokRequest, 'subscriber' | 'dependents'> {
    if (context !== this.context || !this.header) {
      this.context = context
      this.header = pokitdokRequestHeader(context.header, { ISA: context.interchange.ISA, GS: context.GS })
    }
    return this.header
  }
}

/**
 * One member as one NDJSON line: a PokitDok request carrying just that member.
 *
 * @example
 * memberLine(record, cache) // '{"action":"Change",…,"subscriber":{…},"dependents":[],"source":{…}}'
 */
function memberLine(record: MemberRecord, headers: HeaderCache): string {
  const { member, context } = record
  const m = memberToPokitdok(member)
  const isSubscriber = member.INS.INS01 === 'Y'
  const request: PokitdokRequest = {
    ...headers.get(context),
    subscriber: isSubscriber ? m : m.subscriber_number === undefined ? {} : { subscriber_number: m.subscriber_number },
    dependents: isSubscriber ? [] : [m],
    source: {
      interchange_control_number: context.interchange.ISA.ISA13,
      group_control_number: context.GS.GS06,
      transaction_set_control_number: context.header.ST.ST02,
      line: record.line,
    },
  }
  return JSON.stringify(request)
}

/**
 * Counts the segments the 834 guide does not allow where they stand (kept in `unrecognized` of a
 * member or a transaction's header), which no NDJSON line carries.
 */
class SkippedSegments {
  private count = 0
  private members = 0
  private first: string | undefined
  private header: object | undefined

  /** 834 data no PokitDok field carries, by segment or element (`HD05`, `DTP*340`): how often. */
  private readonly lost = new Map<string, number>()
  private checked = 0

  /** `pokitdok`: also note what PokitDok's JSON cannot carry (not asked with --openenroll). */
  constructor(private readonly pokitdok: boolean) {}

  note(record: MemberRecord): void {
    this.members++
    // Converting back costs as much as the conversion: the first 1,000 members, then 1 in 100, tell.
    if (this.pokitdok && (this.members <= 1000 || this.members % 100 === 0)) {
      this.checked++
      for (const what of notCarried(record.member)) this.lost.set(what, (this.lost.get(what) ?? 0) + 1)
    }
    const header = record.context.header
    if (header !== this.header) {
      this.header = header
      this.add(header.unrecognized)
    }
    this.add(record.member.unrecognized)
  }

  /** The warning lines for stderr, or '' when every segment was converted. */
  warning(file: string): string {
    return this.unconverted(file) + this.notCarried(file)
  }

  /** What the JSON has no field for, most frequent first (documented in src/x12/x834/pokitdok.ts). */
  private notCarried(file: string): string {
    if (this.lost.size === 0) return ''
    const all = [...this.lost].sort((a, b) => b[1] - a[1])
    const shown = all.slice(0, 12).map(([what, n]) => `${what} ×${n}`).join(', ')
    const scope = this.checked === this.members ? '' : ` (in the ${this.checked.toLocaleString('en-US')} of ${this.members.toLocaleString('en-US')} members checked: the first 1,000, then 1 in 100)`
    return `${file}: note: 834 data that PokitDok's JSON has no field for was left out${scope}: ${shown}${all.length > 12 ? `, and ${all.length - 12} more` : ''}\n`
  }

  private unconverted(file: string): string {
    if (this.count === 0) return this.members === 0 ? `${file}: warning: the file holds no member (no INS segment in a transaction set)\n` : ''
    return `${file}: warning: ${this.count} segment${this.count === 1 ? '' : 's'} the 834 guide does not allow where ${this.count === 1 ? 'it stands was' : 'they stand were'} left out (the first: ${printable(this.first ?? '')}); 'x12 validate' says why\n`
  }

  private add(list: readonly RawSegment[] | undefined): void {
    if (list === undefined) return
    // The id and its qualifier only: the rest may be a name, a birth date or an SSN.
    this.first ??= list[0]?.elements.slice(0, 2).join('*')
    this.count += list.length
  }
}

/** `x12 to-json`: see the usage above. */
export async function toJsonCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSubcommand(spec, argv, io)
  if (!args) return 0
  const [file, ...extra] = args.positionals
  if (!file || extra.length) throw new CliError(`x12 to-json: give exactly one FILE\n\n${spec.usage}`)
  const asked = args.values.threads
  if (asked !== undefined && asked !== '1' && asked !== '2') throw new CliError(`x12 to-json: --threads is 1 or 2, not ${asked}\n\n${spec.usage}`)
  const input = await openInput(file, io)
  const headers = new HeaderCache()
  const lenient = args.values.lenient === true
  const today = todayOption('to-json', args.values.today)
  const threads = args.values.threads ?? (input.size >= THREADS_MIN_BYTES ? '2' : '1')
  const validate = args.values.validate === true
  const pool = validate && threads === '2' ? createValidationPool() : undefined
  const validated: ValidatedMembers | undefined = validate
    ? parseAndValidate834(input.source, { lenient, ...(pool === undefined ? {} : { pool, poolMinBytes: 0 }), ...(today === undefined ? {} : { today }) })
    : undefined
  const records = validated ?? read834(input.source, { lenient })
  let buffer = ''
  let status = 0
  const openenroll = args.values.openenroll === true
  const skipped = new SkippedSegments(!openenroll)
  async function* members(): AsyncGenerator<MemberRecord> {
    for await (const record of records) {
      skipped.note(record)
      yield record
    }
  }
  async function* lines(): AsyncGenerator<string> {
    if (openenroll) {
      for await (const family of importFamilies(members())) yield JSON.stringify(family)
      return
    }
    for await (const record of records) {
      skipped.note(record)
      yield memberLine(record, headers)
    }
  }
  try {
    try {
      for await (const line of lines()) {
        buffer += line + '\n'
        if (buffer.length >= FLUSH_AT) {
          await writeOut(io.stdout, buffer)
          buffer = ''
        }
      }
    } catch (err) {
      if (!(err instanceof X12Error)) throw err
      io.stderr.write(`${fileAt(file, err.line)} ${err.code}: ${err.message}\n`)
      status = 2
    }
    await writeOut(io.stdout, buffer)
    // Without --validate nothing else would say that part of the file was not converted.
    if (validated === undefined && status === 0) io.stderr.write(skipped.warning(file))
    if (validated !== undefined) {
      const result = await validated.result()
      io.stderr.write(findingLines(file, result))
      if (!result.valid && status === 0) status = 1
    }
  } finally {
    input.done()
    await pool?.close()
  }
  return status
}

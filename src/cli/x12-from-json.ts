import { createReadStream } from 'node:fs'
import {
  DEFAULT_DELIMITERS, envelope834, parsePokitdokJson, pokitdokToMembers, PokitdokError, X12Error, X834Writer,
  type Header834, type PokitdokIssue, type PokitdokMembers,
} from '../x12/index.js'
import { CliError } from './command.js'
import { parseSubcommand, writeOut, type CliIo } from './x12-io.js'

const spec = {
  name: 'from-json',
  usage: `usage: openenroll x12 from-json FILE|- [--sender ID] [--receiver ID] [--usage T|P] [--control-number N]

Converts PokitDok enrollment requests to one 834 (005010X220A1) on stdout. The input (a file, or
stdin for '-') is a JSON object, a JSON array of objects, or NDJSON (one object per line, streamed
in flat memory). Consecutive requests with the same purpose, action, master policy, sponsor and
payer share one transaction set (ST/SE); a change starts the next one.

Pasting PokitDok's documentation works: a trailing comma before } or ] is accepted with a
warning, and so is a date with surrounding spaces (" 2015-01-01"). Every other problem is an
error with its JSON pointer (NDJSON: with its line), e.g.
  in.json: /subscriber/benefits/0/maintenance_type error unknown-label: unknown maintenance_type "Add"; allowed: …

  --sender ID           ISA06/GS02, 2–15 characters, no delimiter (default OPENENROLL)
  --receiver ID         ISA08/GS03, 2–15 characters, no delimiter (default: the requests' trading_partner_id)
  --usage T|P           ISA15 test or production (default T)
  --control-number N    ISA13/GS06 interchange control number, 1–999999999 (default 1)

exit status: 0 written; 1 a request is invalid or the JSON does not parse (errors on stderr; stdout then holds no complete
834, discard it); 2 unreadable input or bad options
`,
  options: {
    sender: { type: 'string' },
    receiver: { type: 'string' },
    usage: { type: 'string' },
    'control-number': { type: 'string' },
  },
} as const

/** One request found in the input: its parsed value (or a parse failure) and where it came from. */
interface InputItem {
  readonly value?: unknown
  readonly pointer: string
  /** NDJSON line, for messages. */
  readonly line?: number
  readonly warnings: readonly PokitdokIssue[]
  readonly failure?: PokitdokError
}

/** Splits a byte stream into lines (LF or CRLF), holding one line at a time. */
async function* linesOf(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let at: number
    while ((at = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, at).replace(/\r$/, '')
      rest = rest.slice(at + 1)
    }
  }
  rest += decoder.decode()
  if (rest !== '') yield rest.replace(/\r$/, '')
}

function parseItem(text: string, pointer: string, line?: number): InputItem {
  try {
    const { value, warnings } = parsePokitdokJson(text, line ?? 1)
    return { value, pointer, line, warnings }
  } catch (err) {
    if (!(err instanceof PokitdokError)) throw err
    return { pointer, line, warnings: [], failure: err }
  }
}

/**
 * The requests in the input. NDJSON when the first non-empty line is a complete JSON object by
 * itself; otherwise the whole input is one JSON document (an object or an array of objects).
 */
async function* requestsOf(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<InputItem> {
  // One iterator throughout: a `for await … break` would close the generator and lose the rest.
  const lines = linesOf(source)
  const next = async (): Promise<string | undefined> => {
    const r = await lines.next()
    return r.done ? undefined : r.value
  }
  let lineNo = 0
  let first: string | undefined
  while ((first = await next()) !== undefined) {
    lineNo++
    if (first.trim() !== '') break
  }
  if (first === undefined) return
  const trimmed = first.replace(/^\ufeff/, '').trim()
  const firstItem = trimmed.startsWith('{') ? parseItem(first, '', lineNo) : undefined
  if (firstItem && !firstItem.failure) {
    yield firstItem
    for (let line = await next(); line !== undefined; line = await next()) {
      lineNo++
      if (line.trim() !== '') yield parseItem(line, '', lineNo)
    }
    return
  }
  const parts = ['\n'.repeat(lineNo - 1) + first]
  for (let line = await next(); line !== undefined; line = await next()) parts.push(line)
  const doc = parseItem(parts.join('\n'), '')
  if (doc.failure || !Array.isArray(doc.value)) {
    yield doc
    return
  }
  for (let i = 0; i < doc.value.length; i++) {
    yield { value: doc.value[i], pointer: `/${i}`, warnings: i === 0 ? doc.warnings : [] }
  }
}

function formatIssue(file: string, item: InputItem, issue: PokitdokIssue, severity: 'error' | 'warning'): string {
  const line = issue.line ?? item.line
  const where = line !== undefined ? `${file}:${line}:` : `${file}:`
  return `${where} ${issue.pointer || '/'} ${severity} ${issue.code}: ${issue.message}\n`
}

/** The header fields that decide whether two requests can share a transaction set. */
function headerKey(h: Header834): string {
  return JSON.stringify([h.BGN.BGN01, h.BGN.BGN08, h.REF, h.sponsor, h.payer])
}

/**
 * A `--sender`/`--receiver` ID: it is ISA06/ISA08 (AN 15, padded) and GS02/GS03 (AN 2–15), and X12
 * has no escaping, so a delimiter in it would break the file; both are the option's fault, not the input's.
 */
function checkId(name: string, value: string | boolean | undefined, fallback?: string): string | undefined {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value.trim().length < 2 || value.length > 15) {
    throw new CliError(`x12 from-json: --${name} must be 2–15 characters (ISA06/ISA08 up to 15, GS02/GS03 at least 2), not '${String(value)}'`)
  }
  const d = DEFAULT_DELIMITERS
  const bad = [...value].find((ch) => ch === d.element || ch === d.component || ch === d.repetition || ch === d.segment || ch < ' ' || ch > '~')
  if (bad !== undefined) {
    throw new CliError(`x12 from-json: --${name} must not contain ${JSON.stringify(bad).replace(/^"|"$/g, "'")}: X12 delimiters and anything outside printable ASCII cannot be sent`)
  }
  return value
}

/** `x12 from-json`: see the usage above. */
export async function fromJsonCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseSubcommand(spec, argv, io)
  if (!args) return 0
  const [file, ...extra] = args.positionals
  if (!file || extra.length) throw new CliError(`x12 from-json: give exactly one FILE (or - for stdin)\n\n${spec.usage}`)
  const sender = checkId('sender', args.values.sender, 'OPENENROLL') as string
  let receiver = checkId('receiver', args.values.receiver)
  const usage = args.values.usage ?? 'T'
  if (usage !== 'T' && usage !== 'P') throw new CliError('x12 from-json: --usage must be T or P')
  const controlText = args.values['control-number'] ?? '1'
  const control = typeof controlText === 'string' && /^\d{1,9}$/.test(controlText) ? Number(controlText) : 0
  if (control < 1) throw new CliError('x12 from-json: --control-number must be a number from 1 to 999999999')

  const name = file === '-' ? '<stdin>' : file
  let source: AsyncIterable<Uint8Array | string>
  if (file === '-') source = io.stdin
  else {
    const stream = createReadStream(file)
    // Surface "no such file" as exit 2 before anything is written.
    await new Promise<void>((resolve, reject) => {
      stream.once('readable', resolve)
      stream.once('error', (err: NodeJS.ErrnoException) =>
        reject(new CliError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)))
    })
    source = stream
  }

  const now = new Date()
  const writer = new X834Writer(io.stdout)
  let started = false
  let currentKey: string | undefined
  let transactions = 0
  let members = 0
  let failed = false
  let requests = 0
  /** Opens the interchange on the first request and a transaction set whenever the header changes. */
  const begin = (converted: PokitdokMembers): boolean => {
    if (!started) {
      started = true
      const { ISA, GS } = envelope834({ sender_id: sender, receiver_id: receiver ?? '', usage,
        interchange_control_number: control, date: now })
      writer.beginInterchange(ISA)
      writer.beginGroup(GS)
    }
    const key = headerKey(converted.header)
    if (key !== currentKey) {
      if (currentKey !== undefined) writer.endTransaction()
      currentKey = key
      transactions++
      const st02 = String(transactions).padStart(4, '0')
      const header: Header834 = { ...converted.header, ST: { ...converted.header.ST, ST02: st02 },
        BGN: { ...converted.header.BGN, BGN02: st02 } }
      return writer.beginTransaction(header)
    }
    return true
  }

  try {
    for await (const item of requestsOf(source)) {
      requests++
      for (const w of item.warnings) io.stderr.write(formatIssue(name, item, w, 'warning'))
      if (item.failure) {
        failed = true
        for (const issue of item.failure.issues) io.stderr.write(formatIssue(name, item, issue, 'error'))
        continue
      }
      let converted: PokitdokMembers
      try {
        converted = pokitdokToMembers(item.value, { pointer: item.pointer, now, delimiters: writer.delimiters })
      } catch (err) {
        if (!(err instanceof PokitdokError)) throw err
        failed = true
        for (const issue of err.issues) io.stderr.write(formatIssue(name, item, issue, 'error'))
        continue
      }
      for (const w of converted.warnings) io.stderr.write(formatIssue(name, item, w, 'warning'))
      if (receiver === undefined) receiver = converted.receiver
      if (receiver === undefined) {
        throw new CliError(`${name}: ${item.pointer || '/'}: no trading_partner_id; pass --receiver ID`)
      }
      if (!args.values.receiver && converted.receiver !== undefined && converted.receiver !== receiver) {
        failed = true
        io.stderr.write(formatIssue(name, item, { pointer: `${item.pointer}/trading_partner_id`, code: 'conflict',
          message: `one 834 goes to one receiver: '${converted.receiver}' differs from '${receiver}' (split the input or pass --receiver)` }, 'error'))
        continue
      }
      if (failed) continue // keep checking the rest, but write nothing more
      if (!begin(converted)) await writer.drained()
      for (const m of converted.members) {
        members++
        if (!writer.member(m)) await writer.drained()
      }
    }
  } catch (err) {
    if (err instanceof X12Error && !(err instanceof PokitdokError)) {
      io.stderr.write(`${name}: ${err.code}: ${err.message}\n`)
      return 1
    }
    throw err
  }
  if (failed) {
    await writer.flush()
    return 1
  }
  if (requests === 0 || !started) {
    io.stderr.write(`${name}: no enrollment request in the input\n`)
    return requests === 0 ? 2 : 1
  }
  writer.endTransaction()
  writer.endGroup()
  writer.endInterchange()
  await writer.flush()
  if (members === 0) io.stderr.write(`${name}: warning: the 834 has no members\n`)
  return 0
}

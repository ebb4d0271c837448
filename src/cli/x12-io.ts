import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { isPlainDate } from '../shared/dates.js'
import { CliError } from './command.js'

/** Where an `x12` subcommand reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly stdout: OutputSink
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean }
  readonly stdin: AsyncIterable<Uint8Array | string>
}

/** A byte/text sink with Node-style backpressure (`process.stdout` fits). */
export interface OutputSink {
  write(chunk: Uint8Array | string): boolean
  once?(event: 'drain', listener: () => void): unknown
}

/** The real process streams. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }
}

/** Writes text and waits for `drain` when the sink is backed up, so a slow reader bounds memory. */
export async function writeOut(sink: OutputSink, text: string): Promise<void> {
  if (!sink.write(text) && sink.once) await new Promise<void>((resolve) => sink.once?.('drain', resolve))
}

/** Options of one subcommand, with its help text. */
export interface SubcommandSpec<O extends NonNullable<ParseArgsConfig['options']>> {
  readonly name: string
  readonly usage: string
  readonly options: O
}

/**
 * Parses a subcommand's arguments with `node:util` `parseArgs`; `--help` prints the usage and
 * returns undefined; a bad option is a {@link CliError} (exit 2) carrying the usage.
 */
export function parseSubcommand<O extends NonNullable<ParseArgsConfig['options']>>(
  spec: SubcommandSpec<O>, argv: string[], io: CliIo,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } | undefined {
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true, strict: true })
  } catch (err) {
    throw new CliError(`x12 ${spec.name}: ${err instanceof Error ? err.message : String(err)}\n\n${spec.usage}`)
  }
  if (parsed.values.help === true) {
    void io.stdout.write(spec.usage.endsWith('\n') ? spec.usage : spec.usage + '\n')
    return undefined
  }
  const values: Record<string, string | boolean | undefined> = {}
  for (const [k, v] of Object.entries(parsed.values)) {
    if (typeof v === 'string' || typeof v === 'boolean') values[k] = v
  }
  return { values, positionals: parsed.positionals }
}

/**
 * The `--today` of a subcommand: undefined when not given, else a real calendar date; anything
 * else is a usage error (exit 2), since a wrong "today" silently changes the date rules' verdicts.
 *
 * @example
 * todayOption('validate', '2026-12-06') // '2026-12-06'; todayOption('validate', 'foo') throws
 */
export function todayOption(command: string, value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !isPlainDate(value)) {
    throw new CliError(`x12 ${command}: --today must be a calendar date YYYY-MM-DD, not '${String(value)}'`)
  }
  return value
}

/**
 * `file:line:` for a message, or `file:` when the line is unknown (never a line 0).
 *
 * @example
 * fileAt('a.834', 12) // 'a.834:12:'
 */
export function fileAt(file: string, line: number | undefined): string {
  return line !== undefined && line >= 1 ? `${file}:${line}:` : `${file}:`
}

/** Files larger than this get a progress line on stderr (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024

/**
 * Opens a file as a byte stream. When stderr is a TTY and the file is big, a progress line
 * (percentage read) is redrawn on stderr about once a second and cleared at the end; otherwise
 * nothing is printed, so pipes and logs stay clean.
 */
export async function openInput(file: string, io: CliIo): Promise<{ source: AsyncIterable<Uint8Array>; size: number; done: () => void }> {
  // '-' reads stdin (its size unknown: 0), so `x12 ack in.834 | x12 validate -` works.
  if (file === '-') return { source: stdinBytes(io.stdin), size: 0, done: () => undefined }
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new CliError(`${file}: not a file`)
    size = info.size
  } catch (err) {
    if (err instanceof CliError) throw err
    throw new CliError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`)
  }
  const stream = createReadStream(file)
  if (!io.stderr.isTTY || size < PROGRESS_MIN_BYTES) return { source: stream, size, done: () => undefined }
  let read = 0
  let last = 0
  const draw = (): void => {
    io.stderr.write(`\r${file}: ${Math.floor((read / size) * 100)}% of ${(size / 1048576).toFixed(0)} MiB`)
  }
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream) {
      read += (chunk as Buffer).length
      const now = Date.now()
      if (now - last >= 1000) {
        last = now
        draw()
      }
      yield chunk as Buffer
    }
  }
  return { source: counted(), size, done: () => io.stderr.write('\r\x1b[K') }
}

/** Reads all of stdin or a file as UTF-8 text (for JSON documents, which are parsed whole). */
export async function readText(source: AsyncIterable<Uint8Array | string>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A count with its noun, singular for one.
 *
 * @example
 * counted(1, 'member') // '1 member'
 */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** stdin as bytes (a test's stdin may yield strings). */
async function* stdinBytes(stdin: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk
}

/**
 * The first chunks of `source` (at least `bytes` of them, or all there is) and the whole input
 * again, those chunks included: a command can look at the head before choosing how to read.
 */
export async function peek(source: AsyncIterable<Uint8Array>, bytes: number): Promise<{ head: Uint8Array; source: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]()
  const chunks: Uint8Array[] = []
  let size = 0
  let done = false
  while (size < bytes) {
    const next = await it.next()
    if (next.done === true) { done = true; break }
    chunks.push(next.value)
    size += next.value.length
  }
  async function* again(): AsyncGenerator<Uint8Array> {
    yield* chunks
    if (done) return
    for (;;) {
      const next = await it.next()
      if (next.done === true) return
      yield next.value
    }
  }
  return { head: Buffer.concat(chunks), source: again() }
}

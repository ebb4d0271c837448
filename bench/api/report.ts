import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'
import type { LoadResult } from './load.js'

export interface Machine {
  readonly cpus: number
  readonly cpuModel: string
  readonly ramGiB: number
  readonly node: string
  readonly postgres: string
  /** /proc/loadavg when the bench started (the machine is shared). */
  readonly loadAverage: string
}

export function describeMachine(postgres: string): Machine {
  const read = (path: string) => { try { return readFileSync(path, 'utf8') } catch { return '' } }
  const model = /^model name\s*:\s*(.+)$/m.exec(read('/proc/cpuinfo'))?.[1]?.trim() ?? 'unknown'
  return {
    cpus: availableParallelism(),
    cpuModel: model,
    ramGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    postgres,
    loadAverage: read('/proc/loadavg').split(' ').slice(0, 3).join(' ') || 'unknown',
  }
}

/** Figures for one server on one database. */
export interface ServerFigures {
  readonly write: LoadResult
  readonly read: LoadResult
  /** Server process CPU time (user + system) per answered request during each phase, µs. */
  readonly writeCpuMicros: number
  readonly readCpuMicros: number
  /** CPU of the PostgreSQL server's processes per answered write, µs (NaN on PGlite, which runs in the server's process). */
  readonly writeDbCpuMicros?: number
}

export interface DatabaseFigures {
  readonly database: 'postgres' | 'pglite'
  readonly openenroll: ServerFigures
  readonly baseline: ServerFigures
  /** Write req/s of each alternating round (ours, then the baseline, or the other way round). */
  readonly writeRounds?: readonly { readonly ours: number; readonly baseline: number }[]
}

export const TARGET_WRITE_RATIO = 0.5
export const TARGET_READ_P99_MS = 20

export interface Verdict {
  readonly database: 'postgres' | 'pglite'
  readonly writeRatio: number
  readonly writeRatioMet: boolean
  readonly readP99Met: boolean
  readonly non2xx: number
}

/** The write ratio: the median of the rounds' paired ratios, or ours ÷ baseline of a single run. */
export function writeRatioOf(f: DatabaseFigures): number {
  const rounds = f.writeRounds ?? []
  if (rounds.length === 0) return f.openenroll.write.rps / f.baseline.write.rps
  const ratios = rounds.map((r) => r.ours / r.baseline).sort((a, b) => a - b)
  const mid = ratios.length / 2
  return ratios.length % 2 === 1 ? ratios[Math.floor(mid)]! : (ratios[mid - 1]! + ratios[mid]!) / 2
}

export function verdictOf(f: DatabaseFigures): Verdict {
  const writeRatio = writeRatioOf(f)
  const non2xx = [f.openenroll.write, f.openenroll.read, f.baseline.write, f.baseline.read].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0)
  return { database: f.database, writeRatio, writeRatioMet: writeRatio >= TARGET_WRITE_RATIO, readP99Met: f.openenroll.read.latency.p99 < TARGET_READ_P99_MS, non2xx }
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–')
const rate = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–')
const dbName = (d: 'postgres' | 'pglite') => (d === 'postgres' ? 'PostgreSQL' : 'PGlite')
const failures = (r: LoadResult) => {
  const bad = Object.entries(r.statusCounts).filter(([code]) => !code.startsWith('2')).map(([code, n]) => `${n}×${code}`)
  if (r.errors) bad.push(`${r.errors} errors`)
  if (r.timeouts) bad.push(`${r.timeouts} timeouts`)
  return bad.length ? bad.join(', ') : '0'
}

/** A fixed-rate run that answered fewer than 95% of the requests it was to send: the server could not keep up. */
export function isBehind(r: LoadResult): boolean {
  return r.overallRate !== undefined && r.rps < 0.95 * r.overallRate
}

/** The figures as a markdown table (also printed to the terminal). */
function dbRatio(f: DatabaseFigures): string {
  const ours = f.openenroll.writeDbCpuMicros ?? Number.NaN
  const base = f.baseline.writeDbCpuMicros ?? Number.NaN
  return Number.isFinite(ours / base) ? `${(ours / base).toFixed(1)}×` : ''
}

export function figuresTable(all: readonly DatabaseFigures[]): string {
  const rows = [
    '| Database | Server | Write req/s | Write CPU µs/req | Write DB CPU µs/req | Write non-2xx | Read req/s | Read CPU µs/req | Read p50 ms | Read p99 ms | Read max ms | Read non-2xx |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  for (const f of all) {
    const v = verdictOf(f)
    for (const [name, s] of [['OpenEnroll', f.openenroll], ['baseline', f.baseline]] as const) {
      rows.push(`| ${dbName(f.database)} | ${name} | ${rate(s.write.rps)} | ${rate(s.writeCpuMicros)} | ${rate(s.writeDbCpuMicros ?? Number.NaN)} | ${failures(s.write)} | ${rate(s.read.rps)}${isBehind(s.read) ? ' (behind the rate)' : ''} | ${rate(s.readCpuMicros)} | ${ms(s.read.latency.p50)} | ${ms(s.read.latency.p99)} | ${ms(s.read.latency.max)} | ${failures(s.read)} |`)
    }
    rows.push(`| ${dbName(f.database)} | **ours ÷ baseline** | **${v.writeRatio.toFixed(2)}×** ${v.writeRatioMet ? '(target ≥ 0.5× met)' : '(target ≥ 0.5× MISSED)'} | ${(f.openenroll.writeCpuMicros / f.baseline.writeCpuMicros).toFixed(1)}× | ${dbRatio(f)} | | | ${(f.openenroll.readCpuMicros / f.baseline.readCpuMicros).toFixed(1)}× | | **${ms(f.openenroll.read.latency.p99)}** ${v.readP99Met ? '(target < 20 met)' : '(target < 20 MISSED)'} | | |`)
  }
  return rows.join('\n')
}

export interface RunInfo {
  readonly command: string
  readonly date: string
  readonly machine: Machine
  readonly writeConnections: number
  readonly writeSeconds: number
  readonly readConnections: number
  readonly readRate: number
  readonly readSeconds: number
  readonly warmupSeconds: number
  readonly writeRounds: number
  readonly totalSeconds: number
}

/** One line per database: each round's write req/s, ours against the baseline, and its ratio. */
export function roundsList(all: readonly DatabaseFigures[]): string {
  return all.filter((f) => (f.writeRounds ?? []).length > 0).map((f) => `- ${dbName(f.database)} write rounds (OpenEnroll / baseline req/s): ${f.writeRounds!.map((r) => `${rate(r.ours)} / ${rate(r.baseline)} (${(r.ours / r.baseline).toFixed(2)}×)`).join(', ')} → median ratio **${writeRatioOf(f).toFixed(2)}×**`).join('\n')
}

/** The whole `## API` section. */
export function apiSection(info: RunInfo, all: readonly DatabaseFigures[]): string {
  const m = info.machine
  return `## API

Plan endpoints of the real server against a bare Fastify floor, on PostgreSQL and on embedded PGlite.

- Command: \`${info.command}\` (took ${Math.round(info.totalSeconds)} s)
- Date: ${info.date}
- Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}, ${m.ramGiB} GiB RAM, Node ${m.node}, PostgreSQL ${m.postgres} on loopback; load average at start ${m.loadAverage} (the machine is shared, so figures move between runs)

${figuresTable(all)}

${roundsList(all)}

How it is measured (\`bench/api/run.ts\`):

- Each server runs in its own child process on a loopback port; autocannon runs in the bench process. OpenEnroll is started as \`openenroll serve\` starts it (\`openMigrated\` + \`startServer\`, pool of 10 on PostgreSQL) with the log level at \`warn\`, so requests are not logged (the baseline logs nothing either). PostgreSQL runs use a scratch database \`openenroll_bench_<random>\`, dropped at the end; PGlite runs use temporary data directories.
- **Baseline**: Fastify 5 with no validation, auth, idempotency, tenancy or ETag: \`POST /plans\` inserts one row (\`id uuid, plan_year_id, name, plan_type, rules jsonb\`) through \`pg\` (pool of 10) or PGlite and returns it; \`GET /plans/:id\` selects it.
- **Write**: ${info.writeConnections} connections for ${info.writeSeconds} s after a ${info.warmupSeconds} s warm-up, as fast as the server answers. Both servers run side by side and their write phases alternate for ${info.writeRounds} rounds (the order swapped each round), so both meet the same outside load on this shared machine; the table shows each server's median round and the ratio row the median of the rounds' paired ratios. OpenEnroll's \`POST /v1/plans\` (Bearer token, fresh \`Idempotency-Key\` and unique name per request, an HSA plan with \`annual_contribution_max_cents\`) runs: token verification, scope check, body validation, rules normalisation against the IRS limits, then the plan, the tenancy check and the Idempotency-Key's stored response in one statement. The baseline gets the same body.
- **Read**: \`GET\` of one of the first 1,000 created plans (round robin) at \`overallRate: ${info.readRate}\` over ${info.readConnections} connections for ${info.readSeconds} s. autocannon's limiter lets each connection send its share of a second back to back and then waits for the next second, so the latency is that of bursts of ${info.readConnections} concurrent requests, not of evenly spaced ones. Latencies come from autocannon's per-response timings (send to last byte, sub-millisecond), not its histogram, which rounds to whole milliseconds.
- "behind the rate": the server answered fewer than 95% of the 1,000 req/s, so it could not keep up and its latencies are those of a saturated server.
- CPU µs/req: user + system CPU time of the server's process during the phase divided by the requests it answered; steadier than req/s on a shared machine. On PGlite it includes the database (in process). "Write DB CPU": the same for every \`postgres\` process on the machine (the backends, WAL writer and checkpointer; \`/proc\`, \`bench/api/proc-cpu.ts\`) — on this 2-core host the load generator, the server and PostgreSQL share the cores, so database CPU costs throughput as much as the server's.
- non-2xx counts every status outside 2xx plus socket errors and timeouts; all should be 0.
- What a write costs: the first POST to a plan year runs the transaction path (BEGIN, key probe with the advisory lock, plan-year lookup with the tenancy check, insert, stored response, COMMIT); every later one runs in ONE statement (\`src/modules/plans/queries.ts\`, \`insertPlans\`) that re-checks each row's plan year and its caller's access, takes each key's advisory lock, stores each key with its response and inserts each plan. Concurrent POSTs share that statement (\`src/db/write-batcher.ts\`): while fewer than \`OPENENROLL_WRITE_BATCHES\` (default 2) statements run, a POST goes out at once and alone; POSTs arriving while they all run go out together, as one statement and one commit. The OpenEnroll child prints how many POSTs shared a statement on average. The baseline runs one INSERT and one commit per request, as a bare handler does. Hot queries run as named prepared statements (parsed once per session; on PGlite one WASM call per run instead of six).
- Why batching: a plan write costs PostgreSQL ~280 µs of CPU alone (two tables, six indexes, a foreign key, the tenancy subquery, the commit) against ~90 µs for the baseline's insert, and most of it is per statement and per commit: measured with \`pg\` on the same server, the statement runs at ~300 µs of backend CPU per row alone, ~118 per row five at a time and ~90 per row ten at a time. On PGlite, where a statement is a synchronous WASM call, the batcher starts a batch from \`setImmediate\` so requests read meanwhile join it.
- Profiles of the measured phases: \`BENCH_CPU_PROF=1 BENCH_DATABASES=postgres npm run bench:api\`, then \`node --import tsx bench/api/profile-summary.ts bench/out/api-prof/<file>.cpuprofile\`.
`
}

/**
 * Replaces the `## API` section of a markdown document (from its heading to the next `## `
 * heading), or appends it; every other section is kept byte for byte.
 */
export function replaceSection(markdown: string, heading: string, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`
  const lines = markdown.split('\n')
  const start = lines.findIndex((line) => line.trimEnd() === heading)
  if (start === -1) {
    const trimmed = markdown.replace(/\n*$/, '')
    return trimmed === '' ? body : `${trimmed}\n\n${body}`
  }
  let end = lines.findIndex((line, i) => i > start && /^## /.test(line))
  if (end === -1) end = lines.length
  const before = lines.slice(0, start).join('\n')
  const after = lines.slice(end).join('\n')
  return `${before}${start > 0 ? '\n' : ''}${body}${after === '' ? '' : `\n${after}`}`
}

/** Re-reads `path` and writes it back with only the `## API` section replaced (atomic rename). */
export function writeApiSection(path: string, section: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n'
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, replaceSection(current, '## API', section))
  renameSync(tmp, path)
}

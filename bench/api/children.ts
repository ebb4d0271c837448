import { fork, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'

/** What a server child sends over IPC once it listens. */
export interface ReadyMessage {
  readonly type: 'ready'
  readonly url: string
}

export interface ServerChild<R extends ReadyMessage = ReadyMessage> {
  readonly name: string
  readonly pid: number
  readonly ready: R
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>
  /** Starts the child's V8 CPU profiler (see `answerProfiling`). */
  startProfile(): Promise<void>
  /** Stops it and has the child write the profile to `file`. */
  stopProfile(file: string): Promise<void>
  /** The child's CPU time so far (user + system, µs; all its threads). */
  cpuMicros(): Promise<number>
}

const running = new Set<ChildProcess>()

/** Kills every child still running (synchronous: safe in an 'exit' handler). */
export function killAllChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  running.clear()
}

process.once('exit', killAllChildren)

/**
 * Forks `script` (a .ts file beside this one, run through tsx) with its own event loop and waits
 * for its `{ type: 'ready', url }` IPC message. The child's stderr is passed through; a child that
 * exits before it is ready rejects with its exit code.
 */
export async function startServerChild<R extends ReadyMessage>(name: string, script: string, opts: { env: NodeJS.ProcessEnv; execArgv?: string[]; timeoutMs?: number }): Promise<ServerChild<R>> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    env: opts.env,
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  running.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve() }))
  const ready = await new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} did not start within ${opts.timeoutMs ?? 60_000} ms`)) }, opts.timeoutMs ?? 60_000)
    child.on('message', (message: unknown) => {
      if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready') {
        clearTimeout(timer)
        resolve(message as R)
      }
    })
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`${name} exited before it was ready (${signal ?? `code ${code}`})`)) })
    child.once('error', (err) => { clearTimeout(timer); reject(err) })
  })
  const ask = (message: { type: 'profile-start' } | { type: 'profile-stop'; file: string } | { type: 'cpu-usage' }) => new Promise<number>((resolve, reject) => {
    const onMessage = (reply: unknown) => {
      if (typeof reply !== 'object' || reply === null || (reply as { type?: unknown }).type !== `${message.type}-done`) return
      child.off('message', onMessage)
      const { error, micros } = reply as { error?: string; micros?: number }
      if (error) reject(new Error(`${name}: ${error}`))
      else resolve(micros ?? 0)
    }
    child.on('message', onMessage)
    child.send(message)
  })
  return {
    name, ready, pid: child.pid!,
    startProfile: async () => { await ask({ type: 'profile-start' }) },
    stopProfile: async (file) => { await ask({ type: 'profile-stop', file }) },
    cpuMicros: () => ask({ type: 'cpu-usage' }),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * For the child side: runs `close` and exits on SIGTERM/SIGINT or when the parent goes away
 * (IPC disconnect), so a crashed bench never leaves a server behind. Exiting normally (not by
 * signal) lets `--cpu-prof` write its profile.
 */
export function exitWithParent(close: () => Promise<void>): void {
  let closing = false
  const stop = () => {
    if (closing) return
    closing = true
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    close().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`close failed: ${(err as Error).message}\n`)
      process.exit(1)
    })
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.once('disconnect', stop)
}

/**
 * For the child side: answers the parent's `cpu-usage` question, and runs the V8 CPU profiler
 * between its `profile-start` and `profile-stop` messages, so a profile covers one measured phase
 * and not start-up.
 */
export function answerParent(): void {
  const session = new Session()
  session.connect()
  process.on('message', (message: unknown) => {
    const m = message as { type?: string; file?: string }
    const done = (type: string, err?: unknown) => process.send?.({ type: `${type}-done`, ...(err ? { error: (err as Error).message } : {}) })
    if (m.type === 'cpu-usage') {
      const { user, system } = process.cpuUsage()
      process.send?.({ type: 'cpu-usage-done', micros: user + system })
    } else if (m.type === 'profile-start') {
      session.post('Profiler.enable')
        .then(() => session.post('Profiler.setSamplingInterval', { interval: 500 }))
        .then(() => session.post('Profiler.start'))
        .then(() => done(m.type!), (err: unknown) => done(m.type!, err))
    } else if (m.type === 'profile-stop' && m.file) {
      const file = m.file
      session.post('Profiler.stop')
        .then(({ profile }) => writeFileSync(file, JSON.stringify(profile)))
        .then(() => done('profile-stop'), (err: unknown) => done('profile-stop', err))
    }
  })
}

/** For the child side: tells the parent it listens. */
export function sendReady(message: ReadyMessage): void {
  if (!process.send) throw new Error('not started by the bench (no IPC channel)')
  process.send(message)
}

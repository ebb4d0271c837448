import { fork, type ChildProcess } from 'node:child_process'
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
  return {
    name, ready, pid: child.pid!,
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

/** For the child side: tells the parent it listens. */
export function sendReady(message: ReadyMessage): void {
  if (!process.send) throw new Error('not started by the bench (no IPC channel)')
  process.send(message)
}

// Validation on another thread: a worker that runs validate834 over chunks posted to it, so a
// caller can build typed members on its own thread while the same bytes are validated beside it.
import { Worker } from 'node:worker_threads'
import type { ValidationResult } from './result.js'
import type { ValidateOptions } from './validate-834.js'
import type { FromWorker, ToWorker } from './validation-worker.js'

/** Chunks a validation may have in flight (posted, not yet validated) before `send` waits. */
const WINDOW = 8

/**
 * One validation running on the pool's worker: post the input's chunks in order with `send`
 * (await it: it waits while the worker is {@link WINDOW} chunks behind, so memory stays flat),
 * then `end()` for the result, or `cancel()` to drop it.
 */
export interface RemoteValidation {
  send(chunk: Uint8Array | string): Promise<void>
  end(): Promise<ValidationResult>
  cancel(): void
}

/**
 * A worker thread that validates 834s for {@link parseAndValidate834} (option `pool`), beside
 * the thread that builds the members. Create one per long-lived process and `close()` it when
 * done. The worker boots as the pool is created (~300 ms of loading and compiling, off the first
 * validation's path where possible) and does not keep the process alive while it has nothing to do.
 *
 * @example
 * const pool = createValidationPool()
 * const run = parseAndValidate834(createReadStream('enroll.834'), { today: '2026-04-01', pool })
 * for await (const { member } of run) save(member)
 * const { valid } = await run.result()
 * await pool.close()
 */
export interface ValidationPool {
  start(options: ValidateOptions): RemoteValidation
  /** Validations started on the worker, and those still running. */
  stats(): { started: number; running: number }
  close(): Promise<void>
}

interface Session {
  inFlight: number
  resumeSend: (() => void) | undefined
  settle: { resolve: (r: ValidationResult) => void; reject: (e: Error) => void } | undefined
  result: Promise<ValidationResult>
  failure: Error | undefined
}

export function createValidationPool(): ValidationPool {
  let worker: Worker | undefined
  let nextId = 1
  let startedCount = 0
  let closed = false
  const sessions = new Map<number, Session>()

  function fail(err: Error): void {
    worker = undefined
    for (const [id, s] of sessions) {
      s.failure = err
      s.settle?.reject(err)
      s.resumeSend?.()
      sessions.delete(id)
    }
  }

  function onMessage(msg: FromWorker): void {
    const s = sessions.get(msg.id)
    if (s === undefined) return
    if (msg.type === 'ack') {
      s.inFlight--
      const resume = s.resumeSend
      s.resumeSend = undefined
      resume?.()
      return
    }
    sessions.delete(msg.id)
    if (sessions.size === 0) worker?.unref()
    if (msg.type === 'result') s.settle?.resolve(msg.result)
    else s.settle?.reject(new Error(`x12 validation worker: ${msg.message}`))
  }

  function started(): Worker {
    if (closed) throw new Error('x12: the validation pool is closed')
    if (worker !== undefined) return worker
    const w = new Worker(new URL('./validation-worker-entry.mjs', import.meta.url))
    w.on('message', onMessage)
    w.on('error', (err) => { if (worker === w) fail(err) })
    w.on('exit', (code) => { if (worker === w) fail(new Error(`x12 validation worker exited with code ${code}`)) })
    worker = w
    return w
  }

  function post(w: Worker, msg: ToWorker, transfer?: ArrayBuffer[]): void {
    w.postMessage(msg, transfer)
  }

  // Boot the worker now, off the first validation's critical path (it does not keep the process alive while idle).
  started().unref()

  return {
    start(options) {
      const w = started()
      const id = nextId++
      startedCount++
      let settle: Session['settle']
      const result = new Promise<ValidationResult>((resolve, reject) => { settle = { resolve, reject } })
      result.catch(() => undefined) // observed by end(); a cancelled session's rejection is nobody's
      const session: Session = { inFlight: 0, resumeSend: undefined, settle, result, failure: undefined }
      sessions.set(id, session)
      w.ref()
      post(w, { type: 'start', id, options: { today: options.today, max_findings: options.max_findings } })
      return {
        async send(chunk) {
          if (session.failure !== undefined) throw session.failure
          if (typeof chunk === 'string') {
            post(w, { type: 'chunk', id, chunk })
          } else {
            // A copy the worker owns (transferred, not cloned): the caller keeps reading its own bytes.
            const copy = new Uint8Array(chunk)
            post(w, { type: 'chunk', id, chunk: copy }, [copy.buffer])
          }
          session.inFlight++
          while (session.inFlight >= WINDOW && session.failure === undefined) {
            await new Promise<void>((resume) => { session.resumeSend = resume })
          }
          if (session.failure !== undefined) throw session.failure
        },
        end() {
          if (session.failure === undefined && sessions.has(id)) post(w, { type: 'end', id })
          return result
        },
        cancel() {
          if (!sessions.has(id)) return
          sessions.delete(id)
          if (worker === w) post(w, { type: 'cancel', id })
          session.settle?.reject(new Error('x12: validation cancelled'))
          if (sessions.size === 0) worker?.unref()
        },
      }
    },
    stats: () => ({ started: startedCount, running: sessions.size }),
    async close() {
      closed = true
      const w = worker
      worker = undefined
      fail(new Error('x12: the validation pool is closed'))
      if (w !== undefined) await w.terminate()
    },
  }
}

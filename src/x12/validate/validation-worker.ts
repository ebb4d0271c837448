// The validation pool's worker thread (see validation-pool.ts): runs validate834 over the chunks
// each session posts, acknowledging every chunk once validated so the sender's window moves on.
import { parentPort } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import type { ValidationResult } from './result.js'
import { validate834 } from './validate-834.js'
import type { ValidateOptions } from './validate-834.js'

/** Messages the pool posts to its worker. */
export type ToWorker =
  | { type: 'start'; id: number; options: ValidateOptions }
  | { type: 'chunk'; id: number; chunk: Uint8Array | string }
  | { type: 'end'; id: number }
  | { type: 'cancel'; id: number }

/** Messages the worker posts back. */
export type FromWorker =
  | { type: 'ack'; id: number }
  | { type: 'result'; id: number; result: ValidationResult }
  | { type: 'error'; id: number; message: string }

/** One session's chunks as the async iterable validate834 reads; each chunk is acknowledged once the validator asks for the next. */
class Inbox implements AsyncIterableIterator<Uint8Array | string> {
  private readonly chunks: (Uint8Array | string)[] = []
  private ended = false
  private cancelled = false
  private waiting: (() => void) | undefined
  private taken = false

  constructor(private readonly ack: () => void) {}

  put(chunk: Uint8Array | string): void { this.chunks.push(chunk); this.wake() }
  end(): void { this.ended = true; this.wake() }
  cancel(): void { this.cancelled = true; this.chunks.length = 0; this.wake() }

  [Symbol.asyncIterator](): this { return this }

  async next(): Promise<IteratorResult<Uint8Array | string, undefined>> {
    if (this.taken) { this.taken = false; this.ack() }
    while (this.chunks.length === 0 && !this.ended && !this.cancelled) {
      await new Promise<void>((resolve) => { this.waiting = resolve })
    }
    if (this.cancelled) throw new Error('cancelled')
    const chunk = this.chunks.shift()
    if (chunk === undefined) return { value: undefined, done: true }
    this.taken = true
    return { value: chunk, done: false }
  }

  private wake(): void {
    const resume = this.waiting
    this.waiting = undefined
    resume?.()
  }
}

/** Serves validation sessions on `port` (the worker's parentPort) until the thread ends. */
export function serveValidations(port: MessagePort): void {
  const inboxes = new Map<number, Inbox>()
  const post = (msg: FromWorker): void => { port.postMessage(msg) }
  port.on('message', (msg: ToWorker) => {
    switch (msg.type) {
      case 'start': {
        const inbox = new Inbox(() => { post({ type: 'ack', id: msg.id }) })
        inboxes.set(msg.id, inbox)
        validate834(inbox, msg.options).then(
          (result) => { if (inboxes.delete(msg.id)) post({ type: 'result', id: msg.id, result }) },
          (err: unknown) => { if (inboxes.delete(msg.id)) post({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }) },
        )
        break
      }
      case 'chunk': inboxes.get(msg.id)?.put(msg.chunk); break
      case 'end': inboxes.get(msg.id)?.end(); break
      case 'cancel': {
        const inbox = inboxes.get(msg.id)
        inboxes.delete(msg.id)
        inbox?.cancel()
        break
      }
    }
  })
}

if (parentPort !== null) serveValidations(parentPort)

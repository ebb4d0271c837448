// parseAndValidate834 with a validation pool: the members are read on this thread (read834)
// while the same chunks are validated on the pool's worker, so the two halves of the work run
// on two cores. Inputs too small to be worth a second thread take the one-pass path instead.
import { X12Error } from '../errors.js'
import type { ByteSource } from '../tokenizer.js'
import { read834 } from '../x834/parser.js'
import type { MemberRecord } from '../x834/parser.js'
import type { ValidationResult } from './result.js'
import type { RemoteValidation, ValidationPool } from './validation-pool.js'
import type { ParseAndValidateOptions, ValidatedMembers } from './validate-834.js'

/** Below this many bytes an input is parsed and validated on one thread (a worker round trip is not worth it). */
export const POOL_MIN_BYTES = 1 << 20

type Chunk = Uint8Array | string

const NOT_READ = 'x12: the input was not read to its end, so it was not validated'

/**
 * Reads the head of `source` (up to `poolMinBytes`) to choose: a short input goes to
 * `oneThread`, a long one is read here and validated on `pool`.
 */
export function pooledMembers(
  source: ByteSource, options: ParseAndValidateOptions, pool: ValidationPool,
  oneThread: (source: ByteSource, options: ParseAndValidateOptions) => ValidatedMembers,
): ValidatedMembers {
  return new ChosenMembers(source, options, pool, oneThread)
}

class ChosenMembers implements ValidatedMembers {
  private choice: Promise<ValidatedMembers> | undefined
  private inner: ValidatedMembers | undefined
  private stopped = false

  constructor(
    private readonly source: ByteSource,
    private readonly options: ParseAndValidateOptions,
    private readonly pool: ValidationPool,
    private readonly oneThread: (source: ByteSource, options: ParseAndValidateOptions) => ValidatedMembers,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<MemberRecord> { return this }

  next(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (this.inner !== undefined) return this.inner.next()
    return this.chosen().then((run) => run.next())
  }

  async return(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (this.choice === undefined) this.stopped = true
    else await (await this.chosen()).return?.()
    return { value: undefined, done: true }
  }

  async result(): Promise<ValidationResult> {
    if (this.stopped) throw new Error(NOT_READ)
    return (await this.chosen()).result()
  }

  private chosen(): Promise<ValidatedMembers> {
    this.choice ??= this.choose().then((run) => (this.inner = run))
    return this.choice
  }

  private async choose(): Promise<ValidatedMembers> {
    const iterator = this.source[Symbol.asyncIterator]()
    const head: Chunk[] = []
    const min = this.options.poolMinBytes ?? POOL_MIN_BYTES
    let bytes = 0
    let ended = false
    while (bytes < min || min === 0 && head.length === 0) {
      const chunk = await iterator.next()
      if (chunk.done === true) { ended = true; break }
      head.push(chunk.value)
      bytes += chunk.value.length
    }
    const rest = replay(head, ended ? undefined : iterator)
    if (ended && bytes < min) return this.oneThread({ [Symbol.asyncIterator]: () => rest }, this.options)
    return new ParallelMembers(rest, this.options, this.pool.start(this.options))
  }
}

/** `head`'s chunks, then the rest of `tail`; closing it closes `tail`. */
function replay(head: Chunk[], tail: AsyncIterator<Chunk> | undefined): AsyncIterator<Chunk> {
  let i = 0
  return {
    next: () => {
      if (i < head.length) return Promise.resolve({ value: head[i++]!, done: false })
      return tail === undefined ? Promise.resolve({ value: undefined, done: true }) : tail.next()
    },
    return: async () => {
      await tail?.return?.()
      return { value: undefined, done: true }
    },
  }
}

/**
 * read834 over the input on this thread, every chunk posted to the remote validation before the
 * parser reads it. A parser error stops the members but not the validation: the rest of the
 * input is still posted, and the error is thrown once it has been validated.
 */
class ParallelMembers implements ValidatedMembers {
  private readonly members: AsyncIterableIterator<MemberRecord>
  private validation: Promise<ValidationResult> | undefined
  private done = false
  private abandoned = false
  /** What stopped the reading short (the source or the worker failed), for `result()` to report. */
  private failure: unknown

  constructor(
    private readonly source: AsyncIterator<Chunk>,
    options: ParseAndValidateOptions,
    private readonly remote: RemoteValidation,
  ) {
    const tee: AsyncIterator<Chunk> = {
      next: async () => {
        const chunk = await source.next()
        if (chunk.done === true) this.validation ??= remote.end()
        else await remote.send(chunk.value)
        return chunk
      },
      // read834 closes its source when it fails; the input stays open for the validation.
      return: () => Promise.resolve({ value: undefined, done: true }),
    }
    this.members = read834({ [Symbol.asyncIterator]: () => tee }, options)
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<MemberRecord> { return this }

  next(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (this.done) return Promise.resolve({ value: undefined, done: true })
    return this.members.next().then(
      (r) => { if (r.done === true) this.done = true; return r },
      (err: unknown) => this.failed(err),
    )
  }

  async return(): Promise<IteratorResult<MemberRecord, undefined>> {
    if (!this.done) {
      this.done = true
      if (this.validation === undefined) await this.abandon()
    }
    return { value: undefined, done: true }
  }

  async result(): Promise<ValidationResult> {
    while (!this.done) {
      try {
        if ((await this.next()).done === true) break
      } catch (err) {
        if (!(err instanceof X12Error)) throw err
      }
    }
    if (this.abandoned || this.validation === undefined) throw this.failure ?? new Error(NOT_READ)
    return this.validation
  }

  private async failed(err: unknown): Promise<never> {
    this.done = true
    if (!(err instanceof X12Error)) {
      this.failure = err
      await this.abandon()
      throw err
    }
    try {
      for (let chunk = await this.source.next(); chunk.done !== true; chunk = await this.source.next()) await this.remote.send(chunk.value)
      this.validation ??= this.remote.end()
      await this.validation
    } catch (drainErr) {
      this.failure = drainErr
      await this.abandon()
      throw drainErr
    }
    throw err
  }

  private async abandon(): Promise<void> {
    this.abandoned = true
    this.remote.cancel()
    await this.source.return?.()
  }
}

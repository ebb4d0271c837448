/**
 * Smart batching for one-statement writes: a row submitted while fewer than `maxInFlight` batches
 * are running goes out at once, alone — no added latency on a quiet server — while rows submitted
 * when all of them are busy wait and go out together, up to `maxBatch` at a time, as soon as one
 * finishes. Under load a single statement (and a single commit) then carries many requests: most of
 * a small write's database cost is per statement and per commit, not per row.
 *
 * `run` gets the rows of one batch and answers one result per row, in order. When a batch of more
 * than one row fails (one row's unique violation aborts the whole statement), each of its rows is
 * run again alone, in order, so every row gets its own result or its own error: batching never
 * changes what a request is answered, only how many share a statement.
 *
 * Rows that would collide (`keys`: the same Idempotency-Key, the same unique name) never share a
 * batch and never run at the same time: a later one waits until the batch holding the earlier one
 * has finished, so it meets that row committed, exactly as it would one request at a time.
 *
 * @example
 * const batcher = new WriteBatcher((rows: Row[]) => insertAll(db, rows), { maxInFlight: 2, maxBatch: 32, keys: (r) => [r.key] })
 * const written = await batcher.submit(row)
 */
export class WriteBatcher<I, O> {
  readonly #run: (rows: readonly I[]) => Promise<readonly O[]>
  readonly #maxInFlight: number
  readonly #maxBatch: number
  readonly #keys: ((row: I) => readonly string[]) | undefined
  readonly #afterIo: boolean
  #scheduled = false
  #queue: Waiting<I, O>[] = []
  /** Keys of the rows in running batches. */
  readonly #busy = new Set<string>()
  #inFlight = 0

  /**
   * `afterIo`: start batches from `setImmediate`, after the I/O callbacks already due have run —
   * for a database that holds the thread while a statement runs (embedded PGlite), where requests
   * that arrived meanwhile are read only then and could otherwise never join a batch.
   */
  constructor(run: (rows: readonly I[]) => Promise<readonly O[]>, opts: { maxInFlight: number; maxBatch: number; keys?: (row: I) => readonly string[]; afterIo?: boolean }) {
    if (!(opts.maxInFlight >= 1) || !(opts.maxBatch >= 1)) throw new RangeError('maxInFlight and maxBatch must be ≥ 1')
    this.#run = run
    this.#maxInFlight = opts.maxInFlight
    this.#maxBatch = opts.maxBatch
    this.#keys = opts.keys
    this.#afterIo = opts.afterIo ?? false
  }

  /** What has run so far: statements (batches, retries alone included), rows, and the largest batch. */
  readonly stats = { batches: 0, rows: 0, largest: 0 }

  /** Batches currently running. */
  get inFlight(): number { return this.#inFlight }

  /** Runs `row` with whatever else is waiting; resolves with its result or rejects with its own error. */
  submit(row: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ row, resolve, reject })
      this.#schedule()
    })
  }

  #schedule(): void {
    if (!this.#afterIo) return this.#drain()
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      this.#drain()
    })
  }

  #drain(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const { batch, keys } = this.#take()
      if (batch.length === 0) return // every waiting row shares a key with a running batch
      this.#inFlight++
      for (const k of keys) this.#busy.add(k)
      void this.#runBatch(batch).finally(() => {
        for (const k of keys) this.#busy.delete(k)
        this.#inFlight--
        this.#schedule()
      })
    }
  }

  /**
   * The next batch: queued rows in order, up to maxBatch, leaving queued those whose keys an
   * earlier row of the batch or a running batch holds (they go once that one has finished).
   */
  #take(): { batch: Waiting<I, O>[]; keys: string[] } {
    if (this.#keys === undefined && this.#queue.length <= this.#maxBatch) {
      const all = this.#queue
      this.#queue = []
      return { batch: all, keys: [] }
    }
    const batch: Waiting<I, O>[] = []
    const rest: Waiting<I, O>[] = []
    const taken = new Set<string>()
    for (const waiting of this.#queue) {
      const keys = batch.length < this.#maxBatch ? (this.#keys?.(waiting.row) ?? []) : undefined
      if (keys === undefined || keys.some((k) => taken.has(k) || this.#busy.has(k))) {
        rest.push(waiting)
        continue
      }
      for (const k of keys) taken.add(k)
      batch.push(waiting)
    }
    this.#queue = rest
    return { batch, keys: [...taken] }
  }

  #runRows(rows: readonly I[]): Promise<readonly O[]> {
    this.stats.batches++
    this.stats.rows += rows.length
    if (rows.length > this.stats.largest) this.stats.largest = rows.length
    return this.#run(rows)
  }

  async #runBatch(batch: readonly Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.#runRows(batch.map((b) => b.row))
      if (results.length !== batch.length) throw new Error(`write batch answered ${results.length} results for ${batch.length} rows`)
      batch.forEach((b, i) => b.resolve(results[i]!))
      return
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err)
        return
      }
    }
    // The batch failed as a whole: each row alone, in order, so each gets its own outcome.
    for (const b of batch) {
      try {
        const [result] = await this.#runRows([b.row])
        b.resolve(result!)
      } catch (err) {
        b.reject(err)
      }
    }
  }
}

interface Waiting<I, O> { readonly row: I; readonly resolve: (value: O) => void; readonly reject: (err: unknown) => void }

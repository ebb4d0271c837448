import autocannon, { type Request } from 'autocannon'

/** One request to send; built afresh for every send. */
export interface NextRequest {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly body?: string
  /** Added to the run's headers for this request only. */
  readonly headers?: Record<string, string>
}

export interface LoadOptions {
  readonly url: string
  readonly connections: number
  readonly durationS: number
  /** Requests per second over all connections (autocannon `overallRate`); unlimited when absent. */
  readonly overallRate?: number
  readonly headers: Record<string, string>
  readonly next: () => NextRequest
  /** Sees every response body (e.g. to collect created ids). */
  readonly onResponse?: (status: number, body: string) => void
}

export interface LoadResult {
  readonly connections: number
  readonly overallRate: number | undefined
  readonly durationS: number
  readonly responses: number
  /** Completed responses per second of the run. */
  readonly rps: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly statusCounts: Readonly<Record<string, number>>
  /** Latency in ms from the send of a request to the end of its response (all responses). */
  readonly latency: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly mean: number }
}

/** The value at quantile `q` (0–1) of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil(q * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

/**
 * Runs autocannon in this process. Latencies are taken from autocannon's per-response event
 * (sub-millisecond, uncorrected) rather than its histogram, which rounds to whole milliseconds
 * and, under `overallRate`, pads with synthetic samples at a 1 ms expected interval.
 */
export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const request: Request = {
    method: 'GET',
    path: '/',
    setupRequest: (req) => {
      const next = opts.next()
      return {
        ...req, method: next.method, path: next.path,
        ...(next.body !== undefined ? { body: next.body } : {}),
        ...(next.headers ? { headers: { ...req.headers, ...next.headers } } : {}),
      }
    },
    ...(opts.onResponse ? { onResponse: (status: number, body: string) => opts.onResponse!(status, body) } : {}),
  }
  const latencies: number[] = []
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: opts.url,
      connections: opts.connections,
      duration: opts.durationS,
      timeout: 10,
      headers: opts.headers,
      requests: [request],
      ...(opts.overallRate ? { overallRate: opts.overallRate, ignoreCoordinatedOmission: true } : {}),
    }, (err, result) => {
      if (err) return reject(err)
      const elapsedS = Number(process.hrtime.bigint() - started) / 1e9
      latencies.sort((a, b) => a - b)
      const sum = latencies.reduce((s, v) => s + v, 0)
      resolve({
        connections: opts.connections,
        overallRate: opts.overallRate,
        durationS: elapsedS,
        responses: latencies.length,
        rps: latencies.length / elapsedS,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
        latency: { p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN, mean: sum / latencies.length },
      })
    })
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime)
    })
  })
}

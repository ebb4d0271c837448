import { resolve } from 'node:path'

/** The one typed configuration object; nothing else reads `process.env`. */
export interface Config {
  readonly host: string
  readonly port: number
  /** `postgres://…` selects PostgreSQL through a pg pool; absent selects embedded PGlite. */
  readonly databaseUrl: string | undefined
  /** Embedded mode: where PGlite keeps its files (also keys generated for embedded mode). */
  readonly dataDir: string
  readonly logLevel: string
  /** Base64 32-byte key for SSN encryption (AES-256-GCM); generated into dataDir in embedded mode when absent. */
  readonly phiKey: string | undefined
  /** Issuer (`iss`) of access tokens. */
  readonly tokenIssuer: string
  readonly tokenTtlSeconds: number
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number
  /** pg pool size (PostgreSQL only). */
  readonly poolSize: number
  /** One-statement writes (plan POSTs) that run at once per process on PostgreSQL; more wait and share a statement. */
  readonly writeBatchesInFlight: number
  /** Public base URL used in `next` links; defaults to the request's own origin. */
  readonly publicUrl: string | undefined
}

type Env = Readonly<Record<string, string | undefined>>

function intOf(env: Env, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`)
  return n
}

/** Parses the environment once; command-line flags override through `overrides`. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: intOf(env, 'PORT', 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.OPENENROLL_DATA_DIR || './data'),
    logLevel: env.LOG_LEVEL || 'info',
    phiKey: env.OPENENROLL_PHI_KEY || undefined,
    tokenIssuer: env.OPENENROLL_TOKEN_ISSUER || 'openenroll',
    tokenTtlSeconds: intOf(env, 'OPENENROLL_TOKEN_TTL', 3600),
    bodyLimit: intOf(env, 'OPENENROLL_BODY_LIMIT', 1024 * 1024),
    poolSize: intOf(env, 'OPENENROLL_POOL_SIZE', 10),
    writeBatchesInFlight: Math.max(1, intOf(env, 'OPENENROLL_WRITE_BATCHES', 2)),
    publicUrl: env.OPENENROLL_PUBLIC_URL || undefined,
  }
  const merged = { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } as Config
  return { ...merged, dataDir: resolve(merged.dataDir) }
}

// Child process: the real OpenEnroll server (openMigrated + startServer, as `openenroll serve`
// does), on DATABASE_URL or OPENENROLL_DATA_DIR from the environment, on a loopback port chosen
// by the OS. Creates an administrator API client and reports its credentials over IPC.
import { openMigrated } from '../../src/cli/runtime.js'
import { loadConfig } from '../../src/config.js'
import { startServer } from '../../src/main.js'
import { createClient } from '../../src/modules/organizations/index.js'
import { planWriteBatcher } from '../../src/modules/plans/queries.js'
import { answerParent, exitWithParent, sendReady } from './children.js'

export interface OpenEnrollReady {
  readonly type: 'ready'
  readonly url: string
  readonly kind: 'pglite' | 'postgres'
  readonly client_id: string
  readonly client_secret: string
}

// Request logging off (warn and above still log): the baseline logs nothing either.
const config = loadConfig(process.env, { host: '127.0.0.1', port: 0, logLevel: process.env.BENCH_LOG_LEVEL || 'warn' })
const { database } = await openMigrated(config)
const server = await startServer(config, database, { demo: false })
exitWithParent(async () => {
  // How plan POSTs shared statements over the whole run (warm-up included).
  const { batches, rows, largest } = planWriteBatcher(database.db).stats
  if (batches > 0) process.stderr.write(`openenroll/${database.kind}: plan POSTs ${rows} in ${batches} statements (${(rows / batches).toFixed(1)} per statement, largest ${largest})\n`)
  await server.close()
})
const client = await createClient(database.db, { organization: 'Bench Administrator', type: 'administrator', name: 'bench' })
const ready: OpenEnrollReady = { type: 'ready', url: server.url, kind: database.kind, client_id: client.client_id, client_secret: client.client_secret }
answerParent()
sendReady(ready)

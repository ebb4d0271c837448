import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { pendingMigrations } from '../db/migrate.js'
import { UnavailableError } from '../errors/app-error.js'
import type { Deps } from './deps.js'

const Health = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()), pending_migrations: Type.Optional(Type.Array(Type.String())) })

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Database reachable and migrations applied', response: { 200: Health } } }, async () => {
    try {
      await sql`select 1`.execute(deps.db)
    } catch (err) {
      throw new UnavailableError('unavailable', 'The database is not reachable', { cause: err })
    }
    const pending = await pendingMigrations(deps.database)
    if (pending.length > 0) throw new UnavailableError('unavailable', `Migrations pending: ${pending.join(', ')}`)
    return { status: 'ready', database: deps.database.kind, pending_migrations: [] }
  })
}

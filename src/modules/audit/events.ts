import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { newId } from '../../shared/ids.js'

/** Who caused a change: the API client and the request, for the audit trail. */
export interface Actor {
  readonly client_id: string
  readonly request_id?: string | undefined
}

export interface DomainEvent {
  readonly employer_id: string
  readonly aggregate_type: 'member' | 'election' | 'enrollment' | 'qualifying_life_event' | 'coverage_period' | 'carrier' | 'employer'
  readonly aggregate_id: string
  /** e.g. `member.created`, `enrollment.terminated` */
  readonly type: string
  readonly before?: unknown
  readonly after?: unknown
}

/**
 * Appends events to the outbox. Call it with the transaction that made the change, so the
 * change and its event commit together or not at all (carrier files are generated from here).
 * Never put PHI (SSNs) in `before`/`after`.
 */
export async function appendEvents(tx: Kysely<Database>, actor: Actor, events: readonly DomainEvent[], now: string): Promise<void> {
  if (events.length === 0) return
  await tx.insertInto('events').values(events.map((e) => ({
    id: newId(), employer_id: e.employer_id, aggregate_type: e.aggregate_type, aggregate_id: e.aggregate_id, type: e.type,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    actor: actor.client_id, request_id: actor.request_id ?? null, occurred_at: now,
  }))).execute()
}

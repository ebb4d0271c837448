import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import type { PlanWithYear } from '../elections/index.js'

type Executor = Kysely<Database>

/** The plan year of the employer, with its plans (as the election rules read them). */
export async function planYearWithPlans(db: Executor, employerId: string, planYearId: string): Promise<{ id: string } & { plans: Map<string, PlanWithYear> } | undefined> {
  const year = await db.selectFrom('plan_years').select('id').where('id', '=', planYearId).where('employer_id', '=', employerId).executeTakeFirst()
  if (!year) return undefined
  const rows = await db.selectFrom('plans').innerJoin('plan_years', 'plan_years.id', 'plans.plan_year_id')
    .select(['plans.id', 'plans.employer_id', 'plans.plan_type', 'plans.rules', 'plans.plan_year_id', 'plan_years.start_date as py_start', 'plan_years.end_date as py_end',
      'plan_years.enrollment_start_date', 'plan_years.enrollment_end_date'])
    .where('plans.plan_year_id', '=', planYearId).where('plans.employer_id', '=', employerId).execute()
  return { id: year.id, plans: new Map(rows.map((r) => [r.id, r])) }
}

export async function locationIds(db: Executor, employerId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('employer_locations').select('id').where('employer_id', '=', employerId).execute()).map((r) => r.id))
}

export interface ClassificationRow { id: string; employer_id: string; kind: 'class' | 'subgroup'; effective_date: string; end_date: string | null }

export async function classifications(db: Executor, employerId: string): Promise<Map<string, ClassificationRow>> {
  const rows = await db.selectFrom('employment_classifications').select(['id', 'employer_id', 'kind', 'effective_date', 'end_date']).where('employer_id', '=', employerId).execute()
  return new Map(rows.map((r) => [r.id, r as ClassificationRow]))
}

/** Of these SSN hashes, those already held by a subscriber of the employer. */
export async function takenSsnHashes(db: Executor, employerId: string, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set()
  const rows = await sql<{ ssn_hmac: string }>`select ssn_hmac from members where employer_id = ${employerId} and subscriber_id is null
    and ssn_hmac = any(${hashes}::text[])`.execute(db)
  return new Set(rows.rows.map((r) => r.ssn_hmac))
}

/** Of these identifiers, those an existing member of the employer already has. */
export async function takenIdentifiers(db: Executor, employerId: string, column: 'external_identifier' | 'employee_number', values: readonly string[]): Promise<Set<string>> {
  if (values.length === 0) return new Set()
  const rows = await sql<{ v: string }>`select ${sql.ref(column)} as v from members where employer_id = ${employerId} and ${sql.ref(column)} = any(${values}::text[])`.execute(db)
  return new Set(rows.rows.map((r) => r.v))
}

/** PostgreSQL type of a column in a bulk insert. */
export type ColumnType = 'uuid' | 'text' | 'date' | 'int8' | 'int4' | 'numeric' | 'jsonb' | 'timestamptz'

/** Rows per statement (bounds the size of one JSON parameter, ~0.5 KB a row). */
const CHUNK = 5000

/** With `insertRows`: one event per inserted row, its `after` the row as stored (built by PostgreSQL). */
export interface RowEvents {
  readonly aggregate_type: string
  readonly type: string
  readonly actor: string
  readonly request_id: string | null
  readonly now: string
  /** Generated columns to leave out of `after` (e.g. the `coverage` range). */
  readonly omit?: readonly string[]
  /** A key of each row (not a column) whose value is added to `after` under the same name. */
  readonly extra?: string
}

export interface InsertOptions {
  /** Columns with one value for every row: sent once, not in each row. */
  readonly constants?: Readonly<Record<string, unknown>>
  readonly events?: RowEvents
}

/**
 * Set-based insert: the rows travel as ONE JSON parameter and PostgreSQL unpacks them,
 * `insert into t (cols) select cols from json_to_recordset($1::json) as r(col type, …)`, `CHUNK`
 * rows per statement. One parameter whatever the row count (a multi-row VALUES list needs one per
 * cell and a long parse; per-column arrays need every JSON value escaped into an array literal).
 * jsonb columns take the values as they are (objects, arrays), not pre-serialized text.
 * With `events`, the same statement appends an event per row to the outbox (`after` = the row
 * as inserted, timestamps as sent), so the row is not serialized twice.
 */
export async function insertRows<R extends object>(db: Executor, table: keyof Database & string, columns: Readonly<Partial<Record<keyof R & string, ColumnType>>>, rows: readonly R[], opts: InsertOptions = {}): Promise<void> {
  const constants = opts.constants ?? {}
  const events = opts.events
  const names = Object.keys(columns) as (keyof R & string)[]
  const sent = names.filter((n) => !Object.hasOwn(constants, n))
  const list = sql.join(names.map((n) => sql.ref(n)))
  const values = sql.join(names.map((n) => (Object.hasOwn(constants, n) ? sql`${constants[n]}::${sql.raw(columns[n]!)}` : sql.ref(`r.${n}`))))
  const record = sql.join([...sent.map((n) => sql`${sql.ref(n)} ${sql.raw(columns[n]!)}`), ...(events?.extra ? [sql`${sql.ref(events.extra)} jsonb`] : [])])
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = JSON.stringify(rows.length <= CHUNK ? rows : rows.slice(start, start + CHUNK))
    const input = sql`select * from json_to_recordset(${chunk}::json) as r(${record})`
    if (!events) {
      await sql`insert into ${sql.table(table)} (${list}) select ${values} from (${input}) r`.execute(db)
      continue
    }
    // Timestamps in `after` as the API writes them (ISO with Z), not PostgreSQL's text form.
    const stamped = sql.join(['created_at', 'updated_at', 'recorded_at'].filter((c) => c in columns).map((c) => sql`${c}::text, ${events.now}::text`))
    const extra = events.extra ? sql` || jsonb_build_object(${events.extra}::text, r.${sql.ref(events.extra)})` : sql``
    const after = sql`(to_jsonb(ins) - array[${sql.join((events.omit ?? []).map((c) => sql`${c}::text`))}]::text[]) || jsonb_build_object(${stamped})${extra}`
    await sql`with r as (${input}), ins as (insert into ${sql.table(table)} (${list}) select ${values} from r returning *)
      insert into events (id, employer_id, aggregate_type, aggregate_id, type, after, actor, request_id, occurred_at)
      select gen_random_uuid(), ins.employer_id, ${events.aggregate_type}, ins.id, ${events.type}, ${after}, ${events.actor}, ${events.request_id}, ${events.now}::timestamptz
      from ins${events.extra ? sql` join r on r.id = ins.id` : sql``}`.execute(db)
  }
}

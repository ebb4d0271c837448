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

/** PostgreSQL type of a column in a bulk insert (the unnest array element type). */
export type ColumnType = 'uuid' | 'text' | 'date' | 'int8' | 'int4' | 'numeric' | 'jsonb' | 'timestamptz'

/** Rows per statement: one array parameter per column, so this only bounds statement memory. */
const CHUNK = 5000

/**
 * Set-based insert: `insert into t (cols) select * from unnest($1::type[], …)`, one array per
 * column, `CHUNK` rows per statement. Parameters stay few whatever the row count (a multi-row
 * VALUES list would need one per cell and a long parse).
 */
export async function insertRows<R extends object>(db: Executor, table: keyof Database & string, columns: Readonly<Partial<Record<keyof R & string, ColumnType>>>, rows: readonly R[]): Promise<void> {
  const names = Object.keys(columns) as (keyof R & string)[]
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const arrays = names.map((name) => {
      const type = columns[name]!
      const values = chunk.map((r) => {
        const v = (r as Record<string, unknown>)[name]
        return v === undefined ? null : v
      })
      return sql`${values}::${sql.raw(type)}[]`
    })
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) select * from unnest(${sql.join(arrays)})`.execute(db)
  }
}

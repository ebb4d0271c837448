import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Compilable } from 'kysely'
import type { Database } from './types.js'

/** A value a prepared query's parameter takes. */
export type Param = string | number | boolean | null

/** Compiles queries without a database (both our dialects compile as PostgreSQL). */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

const marker = (name: string): string => `\u0000prepared:${name}\u0000`

/**
 * The SQL text of every prepared() query → the name of its server-side prepared statement. On
 * PostgreSQL each pooled connection parses and plans such a text once and then only binds and
 * executes it (see `nameStatements` in connect.ts); the texts are fixed, so the set is small.
 */
export const statementNames = new Map<string, string>()

/** Runs the query with `args`; `sql` is its text. */
export type PreparedQuery<N extends string, R> = ((db: Kysely<Database>, args: Readonly<Record<N, Param>>) => Promise<R[]>) & { readonly sql: string }

/**
 * A fixed-shape query built and compiled ONCE, for hot paths: Kysely otherwise builds the
 * operation tree and compiles it to SQL on every call. `build` gets a placeholder for each name
 * in `names` (use it where the value goes); each call runs the same SQL text with the values of
 * `args` in the placeholders' positions. Constants written into the query stay as they were.
 * The query must not change shape with the values (no conditional clauses). Both databases run
 * it as a named prepared statement, parsed once per session (see statementNames).
 *
 * @example
 * const byId = prepared(['id'], (db, p) => db.selectFrom('plans').select('name').where('id', '=', p.id))
 * const rows = await byId(db, { id })
 */
export function prepared<N extends string, R>(names: readonly N[], build: (db: Kysely<Database>, p: Readonly<Record<N, string>>) => Compilable<R>): PreparedQuery<N, R> {
  const placeholders = Object.fromEntries(names.map((name) => [name, marker(name)])) as Record<N, string>
  const compiled = build(compiler, placeholders).compile()
  const byMarker = new Map<unknown, N>(names.map((name) => [marker(name), name]))
  // Each compiled parameter: the name whose value goes there, or a constant of the query.
  const slots: ({ readonly name: N } | { readonly value: unknown })[] = compiled.parameters.map((value) => {
    const name = byMarker.get(value)
    return name === undefined ? { value } : { name }
  })
  for (const name of names) {
    if (!slots.some((slot) => 'name' in slot && slot.name === name)) throw new Error(`prepared query: parameter ${name} is not used in ${compiled.sql}`)
  }
  const text = compiled.sql
  if (!statementNames.has(text)) statementNames.set(text, `openenroll_${statementNames.size + 1}`)
  const run = async (db: Kysely<Database>, args: Readonly<Record<N, Param>>): Promise<R[]> => {
    const parameters = slots.map((slot) => 'name' in slot ? args[slot.name] : slot.value)
    return (await db.executeQuery<R>(CompiledQuery.raw(text, parameters))).rows
  }
  return Object.assign(run, { sql: text })
}

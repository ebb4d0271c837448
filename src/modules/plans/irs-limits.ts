import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { InvalidError } from '../../errors/app-error.js'
import * as q from './queries.js'
import { findIrsLimits, irsLimitYears, isBuiltInIrsYear, parseIrsLimits, useOperatorIrsLimits, type IrsLimits } from './rules/index.js'

type Executor = Kysely<Database>

/** One year's figures and where they come from: the built-in table, or the operator's source note. */
export interface KnownIrsLimits {
  readonly year: number
  readonly source: string
  readonly built_in: boolean
  readonly limits: IrsLimits
}

const BUILT_IN_SOURCE = 'built in: IRS Rev. Procs. and statutes cited in src/modules/plans/rules/irs-limits.ts'
let operatorSources: ReadonlyMap<number, string> = new Map()

/**
 * Loads the operator's IRS limit rows into the rules (useOperatorIrsLimits); each server process
 * calls it at start and every minute, so a year set with `openenroll irs-limits set` reaches every
 * process without a restart. A row that no longer parses is skipped (and reported), never guessed at.
 */
export async function refreshIrsLimits(db: Executor, warn: (message: string) => void = () => {}): Promise<number> {
  const rows = await q.listIrsLimitRows(db)
  const limits: IrsLimits[] = []
  const sources = new Map<number, string>()
  for (const row of rows) {
    const parsed = parseIrsLimits(row.year, row.limits)
    if (!parsed.ok) {
      warn(`irs_limits ${row.year} skipped: ${parsed.errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}`)
      continue
    }
    limits.push(parsed.limits)
    sources.set(row.year, row.source)
  }
  useOperatorIrsLimits(limits)
  operatorSources = sources
  return limits.length
}

/**
 * Stores `year`'s figures (as published by the IRS; `source` cites where, e.g. "Rev. Proc. 2026-xx")
 * and applies them in this process at once. Invalid figures → InvalidError with JSON pointers.
 */
export async function setIrsLimits(db: Executor, year: number, raw: unknown, source: string, now: string): Promise<KnownIrsLimits> {
  const parsed = parseIrsLimits(year, raw)
  if (!parsed.ok) throw InvalidError.fields('validation', `The IRS limits for ${year} are not valid`, parsed.errors)
  const note = source.trim()
  if (note.length === 0 || note.length > 500) throw InvalidError.fields('validation', 'A source is required', [{ pointer: '/source', detail: 'cite where the figures were published (1–500 characters)' }])
  const { year: _, ...figures } = parsed.limits
  await q.upsertIrsLimitRow(db, { year, limits: figures, source: note, now })
  await refreshIrsLimits(db)
  return known(year)!
}

function known(year: number): KnownIrsLimits | undefined {
  const limits = findIrsLimits(year)
  if (!limits) return undefined
  const source = operatorSources.get(year)
  return { year, source: source ?? BUILT_IN_SOURCE, built_in: source === undefined && isBuiltInIrsYear(year), limits }
}

/** Every year OpenEnroll knows figures for, ascending. */
export function knownIrsLimits(): KnownIrsLimits[] {
  return irsLimitYears().map((y) => known(y)!)
}

// What changed in a carrier's coverage between two moments, from the enrollments' history (every
// record is kept, with when it was recorded and superseded): the coverage as known at `since`
// against the coverage as known at `until`, per chain of records (a record and the ones that
// replaced it). Pure: no database, no clock.
import type { CarrierCoverage } from './full-file.js'

/** One enrollment record as the history holds it. */
export interface HistoryRow {
  readonly id: string
  readonly supersedes_id: string | null
  readonly member_id: string
  readonly subscriber_id: string
  readonly plan_id: string
  readonly plan_name: string
  readonly plan_type: string
  readonly coverage_tier: string | null
  readonly status: 'active' | 'terminated' | 'cancelled'
  readonly start_date: string
  readonly end_date: string | null
  readonly plan_year_end: string
  readonly recorded_at: string
  readonly superseded_at: string | null
}

export interface CoverageChange {
  readonly member_id: string
  readonly subscriber_id: string
  /** With `maintenance`: 021 added, 024 ended (or cancelled: DTP*349 on its first day), 025 reinstated, 001 changed. */
  readonly coverage: CarrierCoverage & { readonly maintenance: string }
}

const time = (t: string): number => Date.parse(t)

/** Whether a record was the current knowledge at `at`. */
export function knownAt(r: HistoryRow, at: number): boolean {
  return time(r.recorded_at) <= at && (r.superseded_at === null || time(r.superseded_at) > at)
}

function same(a: HistoryRow, b: HistoryRow): boolean {
  return a.status === b.status && a.start_date === b.start_date && a.end_date === b.end_date && a.coverage_tier === b.coverage_tier && a.plan_id === b.plan_id
}

/**
 * The changes a carrier has not been told of, if it was told of everything known at `since`.
 * Coverage recorded and cancelled within the window never reached the carrier and is left out;
 * a tier change is the old coverage ended and the new one added (two chains, as elections make them).
 */
export function coverageChanges(rows: readonly HistoryRow[], since: string, until: string): CoverageChange[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const roots = new Map<string, string>()
  const rootOf = (r: HistoryRow): string => {
    const seen = roots.get(r.id)
    if (seen !== undefined) return seen
    let cursor = r
    for (let hops = 0; cursor.supersedes_id !== null && hops < 10_000; hops++) {
      const previous = byId.get(cursor.supersedes_id)
      if (previous === undefined) break
      cursor = previous
    }
    roots.set(r.id, cursor.id)
    return cursor.id
  }
  const from = time(since)
  const to = time(until)
  const before = new Map<string, HistoryRow>()
  const after = new Map<string, HistoryRow>()
  for (const r of rows) {
    if (knownAt(r, from)) before.set(rootOf(r), r)
    if (knownAt(r, to)) after.set(rootOf(r), r)
  }
  const changes: CoverageChange[] = []
  for (const [root, now] of after) {
    const was = before.get(root)
    let maintenance: string
    let coverage: HistoryRow = now
    if (was === undefined) {
      if (now.status === 'cancelled') continue
      maintenance = '021'
    } else if (same(was, now)) {
      continue
    } else if (now.status === 'cancelled') {
      if (was.status === 'cancelled') continue
      // Coverage the carrier was told of never takes effect: ended on its first day (as it knew it).
      maintenance = '024'
      coverage = { ...now, start_date: was.start_date, end_date: was.start_date }
    } else if (now.status === 'terminated') {
      maintenance = '024'
    } else if (was.status !== 'active') {
      maintenance = '025'
    } else {
      maintenance = '001'
    }
    changes.push({
      member_id: now.member_id, subscriber_id: now.subscriber_id,
      coverage: {
        maintenance, plan_id: coverage.plan_id, plan_name: coverage.plan_name, plan_type: coverage.plan_type, coverage_tier: coverage.coverage_tier,
        status: coverage.status === 'terminated' ? 'terminated' : 'active', start_date: coverage.start_date, end_date: coverage.end_date, plan_year_end: coverage.plan_year_end,
      },
    })
  }
  return changes
}

/** What the carrier knew of a member at `since`, and what the member has at `until`, over every plan on the file (changed or not). */
export interface MemberStanding {
  /** Whether any coverage of the member was known (and not cancelled) at `since`. */
  readonly known_before: boolean
  /** The latest end of the member's coverage known at `until` (null: open-ended; undefined: none). */
  readonly covered_until: string | null | undefined
}

/** Each member's standing, from the rows of plans that go on the file. */
export function memberStandings(rows: readonly HistoryRow[], since: string, until: string): Map<string, MemberStanding> {
  const from = time(since)
  const to = time(until)
  const out = new Map<string, { known_before: boolean; covered_until: string | null | undefined }>()
  for (const r of rows) {
    if (r.status === 'cancelled') continue
    const standing = out.get(r.member_id) ?? { known_before: false, covered_until: undefined }
    if (knownAt(r, from)) standing.known_before = true
    if (knownAt(r, to)) {
      if (r.end_date === null) standing.covered_until = null
      else if (standing.covered_until !== null && (standing.covered_until === undefined || r.end_date > standing.covered_until)) standing.covered_until = r.end_date
    }
    out.set(r.member_id, standing)
  }
  return out
}

/**
 * A member's INS03/INS04 from its coverage changes and standing: 021 only for a member the
 * carrier did not know (every change an add); 024 with DTP*357 only when no coverage goes on past
 * the latest end; 025 when every change reinstates; else 001, the HD01 codes saying what changed
 * (dental dropped while medical goes on must not read as the member's termination).
 */
export function memberMaintenance(coverages: readonly { readonly maintenance: string; readonly end_date: string | null }[], standing: MemberStanding = { known_before: true, covered_until: null }): { INS03: string; INS04: string; eligibility_end?: string } {
  const codes = new Set(coverages.map((c) => c.maintenance))
  if (codes.size === 1 && codes.has('021') && !standing.known_before) return { INS03: '021', INS04: 'XN' }
  if (codes.size === 1 && codes.has('025')) return { INS03: '025', INS04: 'XN' }
  if (codes.size === 1 && codes.has('024')) {
    const ends = coverages.map((c) => c.end_date).filter((d): d is string => d !== null).sort()
    const last = ends.at(-1)
    const continues = standing.covered_until === null || (standing.covered_until !== undefined && last !== undefined && standing.covered_until > last)
    if (!continues) return { INS03: '024', INS04: '07', ...(last !== undefined ? { eligibility_end: last } : {}) }
  }
  return { INS03: '001', INS04: 'XN' }
}

/**
 * What a `member.demographics_changed` event changed that a carrier holds: `name` (INS04 25,
 * identifying data) before `address` (INS04 43, change of location); contacts alone are neither.
 */
export function demographicChange(before: unknown, after: unknown): 'name' | 'address' | undefined {
  const was = (before ?? {}) as Record<string, unknown>
  const now = (after ?? {}) as Record<string, unknown>
  if (['first_name', 'middle_name', 'last_name', 'suffix'].some((k) => (was[k] ?? null) !== (now[k] ?? null))) return 'name'
  if (JSON.stringify(was.residential_address ?? null) !== JSON.stringify(now.residential_address ?? null)) return 'address'
  return undefined
}

import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import type { PlainDate } from '../../shared/dates.js'

type Executor = Kysely<Database>

/** A coverage in force on the file's date, of a plan the carrier insures then. */
export interface CoverageRow {
  member_id: string
  subscriber_id: string
  plan_id: string
  plan_name: string
  plan_type: string
  coverage_tier: string | null
  status: 'active' | 'terminated'
  start_date: string
  end_date: string | null
  plan_year_end: string
}

/**
 * Current knowledge (not superseded, not cancelled) of coverage in force on `asOf` under the
 * employer's plans the carrier insures on that date: the plan names the carrier, or a coverage
 * period of the carrier lists the plan and contains the date.
 */
export function carrierCoverages(db: Executor, employerId: string, carrierId: string, asOf: PlainDate): Promise<CoverageRow[]> {
  return db.selectFrom('enrollments as e')
    .innerJoin('plans as p', 'p.id', 'e.plan_id')
    .innerJoin('plan_years as py', 'py.id', 'e.plan_year_id')
    .select(['e.member_id', 'e.subscriber_id', 'e.plan_id', 'p.name as plan_name', 'e.plan_type', 'e.coverage_tier', 'py.end_date as plan_year_end', 'e.start_date', 'e.end_date'])
    .select(sql<'active' | 'terminated'>`e.status`.as('status'))
    .where('e.employer_id', '=', employerId)
    .where('e.superseded_at', 'is', null)
    .where('e.status', '<>', 'cancelled')
    .where('e.start_date', '<=', asOf)
    .where((eb) => eb.or([eb('e.end_date', 'is', null), eb('e.end_date', '>=', asOf)]))
    .where((eb) => eb.or([
      eb('p.carrier_id', '=', carrierId),
      eb.exists(eb.selectFrom('coverage_period_plans as cpp')
        .innerJoin('coverage_periods as cp', 'cp.id', 'cpp.coverage_period_id')
        .select(sql`1`.as('one'))
        .whereRef('cpp.plan_id', '=', 'p.id')
        .where('cp.carrier_id', '=', carrierId)
        .where('cp.start_date', '<=', asOf)
        .where('cp.end_date', '>=', asOf)),
    ]))
    .orderBy('e.subscriber_id').orderBy('e.member_id').orderBy('e.plan_type').orderBy('e.start_date')
    .execute()
}

/**
 * Every enrollment record (current, replaced, cancelled) of the employer's plans the carrier
 * insures at some time (the plan names the carrier, or one of its coverage periods lists the plan),
 * for the change diff between two moments.
 */
export async function carrierHistory(db: Executor, employerId: string, carrierId: string): Promise<import('./changes.js').HistoryRow[]> {
  const rows = await db.selectFrom('enrollments as e')
    .innerJoin('plans as p', 'p.id', 'e.plan_id')
    .innerJoin('plan_years as py', 'py.id', 'e.plan_year_id')
    .select(['e.id', 'e.supersedes_id', 'e.member_id', 'e.subscriber_id', 'e.plan_id', 'p.name as plan_name', 'e.plan_type', 'e.coverage_tier', 'e.status', 'e.start_date', 'e.end_date', 'py.end_date as plan_year_end', 'e.recorded_at', 'e.superseded_at'])
    .where('e.employer_id', '=', employerId)
    .where((eb) => eb.or([
      eb('p.carrier_id', '=', carrierId),
      eb.exists(eb.selectFrom('coverage_period_plans as cpp')
        .innerJoin('coverage_periods as cp', 'cp.id', 'cpp.coverage_period_id')
        .select(sql`1`.as('one'))
        .whereRef('cpp.plan_id', '=', 'p.id')
        .where('cp.carrier_id', '=', carrierId)),
    ]))
    .orderBy('e.subscriber_id').orderBy('e.member_id').orderBy('e.recorded_at').orderBy('e.id')
    .execute()
  return rows.map((r) => ({ ...r, status: r.status as 'active' | 'terminated' | 'cancelled' }))
}

/**
 * The employer's member events a carrier hears of (demographics changed, SSN or gender corrected)
 * after `since`, up to `until` (the outbox, stamped with the request's clock as enrollments are).
 */
export function demographicEvents(db: Executor, employerId: string, since: string, until: string): Promise<{ aggregate_id: string; type: string; before: unknown; after: unknown }[]> {
  return db.selectFrom('events').select(['aggregate_id', 'type', 'before', 'after'])
    .where('employer_id', '=', employerId).where('type', 'in', ['member.demographics_changed', 'member.ssn_corrected', 'member.gender_corrected'])
    .where('occurred_at', '>', since).where('occurred_at', '<=', until)
    .orderBy('seq').execute()
}

export interface PersonRow {
  id: string
  subscriber_id: string | null
  relationship: string
  birth_date: string
  gender: string
  employee_number: string | null
}

/** The employer's members (one query however many: the file is a whole-population snapshot), in the order they were added, eldest first when added together. */
export function employerMembers(db: Executor, employerId: string): Promise<PersonRow[]> {
  return db.selectFrom('members').select(['id', 'subscriber_id', 'relationship', 'birth_date', 'gender', 'employee_number'])
    .where('employer_id', '=', employerId).orderBy('created_at').orderBy('birth_date').orderBy('id').execute()
}

export interface DemographicsRow {
  member_id: string
  effective_date: string
  first_name: string
  middle_name: string | null
  last_name: string
  suffix: string | null
  residential_address: Record<string, unknown> | null
  phone_numbers: unknown[]
  emails: unknown[]
}

/** Every demographics record of the employer's members, oldest first (the caller picks the one in force). */
export function employerDemographics(db: Executor, employerId: string): Promise<DemographicsRow[]> {
  return db.selectFrom('member_demographics as d').innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.member_id', 'd.effective_date', 'd.first_name', 'd.middle_name', 'd.last_name', 'd.suffix', 'd.residential_address', 'd.phone_numbers', 'd.emails'])
    .where('m.employer_id', '=', employerId)
    .orderBy('d.member_id').orderBy('d.effective_date').orderBy('d.recorded_at')
    .execute()
}

export interface EmploymentRow { member_id: string; effective_date: string; hire_date: string; status: string }

/** Every employment record of the employer's subscribers, oldest first. */
export function employerEmployment(db: Executor, employerId: string): Promise<EmploymentRow[]> {
  return db.selectFrom('member_employment as x').innerJoin('members as m', 'm.id', 'x.member_id')
    .select(['x.member_id', 'x.effective_date', 'x.hire_date', 'x.status'])
    .where('m.employer_id', '=', employerId)
    .orderBy('x.member_id').orderBy('x.effective_date').orderBy('x.recorded_at')
    .execute()
}

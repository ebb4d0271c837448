import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely'
import type { Database, ElectionsTable, PayFrequency, QualifyingLifeEventsTable } from '../../db/types.js'
import { after, type Cursor } from '../../http/pagination.js'
import type { PlainDate } from '../../shared/dates.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'

type Executor = Kysely<Database>

export interface SubscriberRow { id: string; employer_id: string; birth_date: string }
export interface FamilyMember { id: string; relationship: string; birth_date: string }

export function findSubscriber(db: Executor, auth: AuthContext, id: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom('members').select(['members.id', 'members.employer_id', 'members.birth_date'])
    .where('members.id', '=', id).where('members.subscriber_id', 'is', null).where(canSeeEmployer(auth, 'members.employer_id')).executeTakeFirst()
}

/** The subscriber and dependents among `ids` (others are not part of the family). */
export function familyMembers(db: Executor, subscriberId: string, ids: readonly string[]): Promise<FamilyMember[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('members').select(['id', 'relationship', 'birth_date']).where('id', 'in', ids)
    .where((eb) => eb.or([eb('id', '=', subscriberId), eb('subscriber_id', '=', subscriberId)])).execute()
}

export interface Employment { hire_date: string; wage_frequency: PayFrequency }

/** The employment record in force on `date` (else the earliest one): hire date and pay frequency. */
export async function employmentOn(db: Executor, memberId: string, date: PlainDate): Promise<Employment | undefined> {
  const on = await db.selectFrom('member_employment').select(['hire_date', 'wage_frequency']).where('member_id', '=', memberId).where('effective_date', '<=', date)
    .orderBy('effective_date', 'desc').orderBy('recorded_at', 'desc').limit(1).executeTakeFirst()
  return on ?? db.selectFrom('member_employment').select(['hire_date', 'wage_frequency']).where('member_id', '=', memberId)
    .orderBy('effective_date').orderBy('recorded_at', 'desc').limit(1).executeTakeFirst()
}

export async function employerSettings(db: Executor, employerId: string): Promise<Record<string, unknown> | undefined> {
  return (await db.selectFrom('employer_enrollment_rules').select('settings').where('employer_id', '=', employerId).executeTakeFirst())?.settings
}

export interface PlanWithYear {
  id: string; employer_id: string; plan_type: string; rules: Record<string, unknown>; plan_year_id: string
  py_start: string; py_end: string; enrollment_start_date: string | null; enrollment_end_date: string | null
}

export function plansWithYears(db: Executor, employerId: string, planIds: readonly string[]): Promise<PlanWithYear[]> {
  if (planIds.length === 0) return Promise.resolve([])
  return db.selectFrom('plans').innerJoin('plan_years', 'plan_years.id', 'plans.plan_year_id')
    .select(['plans.id', 'plans.employer_id', 'plans.plan_type', 'plans.rules', 'plans.plan_year_id', 'plan_years.start_date as py_start', 'plan_years.end_date as py_end',
      'plan_years.enrollment_start_date', 'plan_years.enrollment_end_date'])
    .where('plans.id', 'in', planIds).where('plans.employer_id', '=', employerId).execute()
}

export async function coveragePeriod(db: Executor, employerId: string, id: string): Promise<{ start_date: string; end_date: string; plan_ids: string[] } | undefined> {
  const period = await db.selectFrom('coverage_periods').select(['start_date', 'end_date']).where('id', '=', id).where('employer_id', '=', employerId).executeTakeFirst()
  if (!period) return undefined
  const plans = await db.selectFrom('coverage_period_plans').select('plan_id').where('coverage_period_id', '=', id).execute()
  return { ...period, plan_ids: plans.map((p) => p.plan_id) }
}

export type ElectionRow = Selectable<ElectionsTable>

/** The subscriber's current election (or waiver) of a plan type in a plan year. */
export function currentElectionOfType(db: Executor, subscriberId: string, planYearId: string, planType: string): Promise<ElectionRow | undefined> {
  return db.selectFrom('elections').innerJoin('plans', 'plans.id', 'elections.plan_id').selectAll('elections')
    .where('elections.subscriber_id', '=', subscriberId).where('elections.plan_year_id', '=', planYearId).where('plans.plan_type', '=', planType)
    .where('elections.superseded_at', 'is', null).executeTakeFirst()
}

export function insertElection(db: Executor, row: Omit<ElectionRow, 'superseded_at' | 'superseded_by'>): Promise<ElectionRow> {
  return db.insertInto('elections').values({ ...row, superseded_at: null, superseded_by: null }).returningAll().executeTakeFirstOrThrow()
}

export function supersedeElection(db: Executor, id: string, now: string): Promise<ElectionRow | undefined> {
  return db.updateTable('elections').set({ superseded_at: now }).where('id', '=', id).where('superseded_at', 'is', null).returningAll().executeTakeFirst()
}

export async function linkSupersededBy(db: Executor, id: string, by: string): Promise<void> {
  await db.updateTable('elections').set({ superseded_by: by }).where('id', '=', id).execute()
}

/** Whether the member holds current coverage of `planType` on `date` in the plan year; with the plan's rules. */
export function coverageWithRules(db: Executor, memberId: string, planType: string, date: PlainDate, planYearId: string): Promise<{ rules: Record<string, unknown> }[]> {
  return db.selectFrom('enrollments').innerJoin('plans', 'plans.id', 'enrollments.plan_id').select('plans.rules')
    .where('enrollments.member_id', '=', memberId).where('enrollments.plan_type', '=', planType).where('enrollments.plan_year_id', '=', planYearId)
    .where('enrollments.superseded_at', 'is', null).where('enrollments.status', '!=', 'cancelled')
    .where(sql<SqlBool>`enrollments.coverage @> ${date}::date`).execute()
}

/** An election with what the API shows beside it: plan type, plan year dates, covered members. */
export interface ElectionView extends ElectionRow {
  plan_type: string; py_start: string; py_end: string; covered_member_ids: string[]
  /** The subscriber's pay frequency history (effective date order; a later record of the same date wins). */
  pay_history: { effective_date: string; wage_frequency: PayFrequency }[]
}

function electionViews(db: Executor, auth: AuthContext) {
  return db.selectFrom('elections').innerJoin('plans', 'plans.id', 'elections.plan_id').innerJoin('plan_years', 'plan_years.id', 'elections.plan_year_id')
    .selectAll('elections').select(['plans.plan_type', 'plan_years.start_date as py_start', 'plan_years.end_date as py_end'])
    .select(sql<string[]>`coalesce((select json_agg(distinct e.member_id) from enrollments e where e.election_id = elections.id), '[]'::json)`.as('covered_member_ids'))
    .select(sql<{ effective_date: string; wage_frequency: PayFrequency }[]>`coalesce((select json_agg(json_build_object('effective_date', me.effective_date, 'wage_frequency', me.wage_frequency) order by me.effective_date, me.recorded_at) from member_employment me where me.member_id = elections.subscriber_id), '[]'::json)`.as('pay_history'))
    .where(canSeeEmployer(auth, 'elections.employer_id'))
}

export function findElection(db: Executor, auth: AuthContext, id: string): Promise<ElectionView | undefined> {
  return electionViews(db, auth).where('elections.id', '=', id).executeTakeFirst()
}

export function electionsById(db: Executor, auth: AuthContext, ids: readonly string[]): Promise<ElectionView[]> {
  if (ids.length === 0) return Promise.resolve([])
  return electionViews(db, auth).where('elections.id', 'in', ids).orderBy('elections.created_at').orderBy('elections.id').execute()
}

export interface ElectionFilter {
  readonly limit: number
  readonly cursor?: Cursor | undefined
  readonly enrollment_id?: string | undefined
  readonly plan_id?: string | undefined
  readonly plan_year_id?: string | undefined
  readonly consumer_id?: string | undefined
  readonly qualifying_life_event_id?: string | undefined
}

export function listElections(db: Executor, auth: AuthContext, f: ElectionFilter): Promise<ElectionView[]> {
  let q = electionViews(db, auth)
  if (f.enrollment_id) q = q.where(sql<SqlBool>`elections.id = (select e.election_id from enrollments e where e.id = ${f.enrollment_id}::uuid)`)
  if (f.plan_id) q = q.where('elections.plan_id', '=', f.plan_id)
  if (f.plan_year_id) q = q.where('elections.plan_year_id', '=', f.plan_year_id)
  if (f.qualifying_life_event_id) q = q.where('elections.qualifying_life_event_id', '=', f.qualifying_life_event_id)
  if (f.consumer_id) {
    const id = f.consumer_id
    q = q.where(sql<SqlBool>`(elections.subscriber_id = ${id}::uuid or exists (select 1 from enrollments e where e.election_id = elections.id and e.member_id = ${id}::uuid))`)
  }
  if (f.cursor) q = q.where(after('elections', f.cursor))
  return q.orderBy('elections.created_at').orderBy('elections.id').limit(f.limit + 1).execute()
}

export type QleRow = Omit<Selectable<QualifyingLifeEventsTable>, 'request'>
const QLE_COLUMNS = ['id', 'employer_id', 'subscriber_id', 'event', 'event_date', 'reported_date', 'eligibility_start_date', 'coverage_period_id', 'effective_date', 'created_by', 'created_at'] as const

export function insertQle(db: Executor, row: Omit<QleRow, 'created_at'> & { request: Record<string, unknown>; created_at: string }): Promise<QleRow> {
  return db.insertInto('qualifying_life_events').values({ ...row, request: JSON.stringify(row.request) }).returning(QLE_COLUMNS).executeTakeFirstOrThrow()
}

export function findQle(db: Executor, auth: AuthContext, id: string): Promise<QleRow | undefined> {
  return db.selectFrom('qualifying_life_events').select(QLE_COLUMNS.map((c) => `qualifying_life_events.${c}` as const))
    .where('qualifying_life_events.id', '=', id).where(canSeeEmployer(auth, 'qualifying_life_events.employer_id')).executeTakeFirst()
}

export function listQles(db: Executor, auth: AuthContext, subscriberId: string, limit: number, cursor: Cursor | undefined): Promise<QleRow[]> {
  let q = db.selectFrom('qualifying_life_events').select(QLE_COLUMNS.map((c) => `qualifying_life_events.${c}` as const))
    .where('qualifying_life_events.subscriber_id', '=', subscriberId).where(canSeeEmployer(auth, 'qualifying_life_events.employer_id'))
  if (cursor) q = q.where(after('qualifying_life_events', cursor))
  return q.orderBy('qualifying_life_events.created_at').orderBy('qualifying_life_events.id').limit(limit + 1).execute()
}

import { UnprocessableError } from '../../errors/app-error.js'
import { addDays, addYears, ageOn, daysBetween, daysInMonth, firstOfNextMonth, parts, type PlainDate } from '../../shared/dates.js'
import type { CoverageTier } from './schemas.js'

/**
 * Qualifying life events (QLE) and the rules that decide what they allow and from when.
 * Pure: `today` is an argument; every violation is a 422 whose problem type names the rule.
 */
export const QLE_EVENTS = [
  'new_hire', 'open_enrollment', 'marriage', 'birth', 'adoption', 'divorce', 'legal_separation', 'death',
  'loss_of_other_coverage', 'gain_of_other_coverage', 'change_in_employment_status', 'termination', 'relocation', 'medicaid_chip',
] as const
export type QleEvent = (typeof QLE_EVENTS)[number]

/**
 * Employer overrides of the QLE rules (table `employer_enrollment_rules`); defaults below.
 * - reporting_window_days 30 (HIPAA special enrollment), medicaid_chip_reporting_window_days 60 (CHIPRA)
 * - new_hire_max_days 90: a new hire's coverage starts at most 90 days after hire (ACA waiting period)
 * - domestic_partners_eligible null: the plan's rule decides (health plans default false, life plans true)
 * - new_hire_election_window_days 30: direct elections without a QLE are accepted this long after hire
 */
export interface EnrollmentSettings {
  readonly reporting_window_days: number
  readonly medicaid_chip_reporting_window_days: number
  readonly new_hire_max_days: number
  readonly new_hire_election_window_days: number
  readonly domestic_partners_eligible: boolean | null
}

export const DEFAULT_SETTINGS: EnrollmentSettings = {
  reporting_window_days: 30, medicaid_chip_reporting_window_days: 60, new_hire_max_days: 90,
  new_hire_election_window_days: 30, domestic_partners_eligible: null,
}

/** Defaults overlaid with whatever known keys an employer stored. */
export function settingsOf(stored: Readonly<Record<string, unknown>> | undefined): EnrollmentSettings {
  const s = { ...DEFAULT_SETTINGS } as Record<string, unknown>
  for (const [k, v] of Object.entries(stored ?? {})) {
    if (!(k in s)) continue
    if (k === 'domestic_partners_eligible' ? (v === null || typeof v === 'boolean') : (Number.isInteger(v) && (v as number) >= 0)) s[k] = v
  }
  return s as unknown as EnrollmentSettings
}

function violation(slug: string, message: string, pointer: string, detail: string): UnprocessableError {
  return UnprocessableError.fields(slug, message, [{ pointer, detail }])
}

// ── reporting window ──

/** Days after the event a QLE may still be reported: 30, or 60 for Medicaid/CHIP (day N accepted, N+1 refused). */
export function reportingWindowDays(event: QleEvent, s: EnrollmentSettings = DEFAULT_SETTINGS): number {
  return event === 'medicaid_chip' ? s.medicaid_chip_reporting_window_days : s.reporting_window_days
}

/** Throws `qle-reporting-window-closed` when `today` is more than the window after the event date. */
export function checkReportingWindow(event: QleEvent, eventDate: PlainDate, today: PlainDate, s: EnrollmentSettings = DEFAULT_SETTINGS, pointer = '/date'): void {
  const window = reportingWindowDays(event, s)
  const late = daysBetween(eventDate, today)
  if (late > window) {
    throw violation('qle-reporting-window-closed', `A ${event} must be reported within ${window} days of the event`, pointer,
      `the event was ${late} days ago (${eventDate}); the window closed on ${addDays(eventDate, window)}`)
  }
}

/** Events that may be reported before they happen (a hire, a planned move…), up to {@link ADVANCE_NOTICE_DAYS} ahead. */
export const ADVANCE_EVENTS: readonly QleEvent[] = ['new_hire', 'open_enrollment', 'termination', 'change_in_employment_status', 'relocation', 'marriage']
export const ADVANCE_NOTICE_DAYS = 60

/** Throws `qle-event-in-future` for an event dated after today that cannot be known in advance (a birth, a death…). */
export function checkEventDate(event: QleEvent, eventDate: PlainDate, today: PlainDate, pointer = '/date'): void {
  if (eventDate <= today) return
  const ahead = daysBetween(today, eventDate)
  if (!ADVANCE_EVENTS.includes(event)) throw violation('qle-event-in-future', `A ${event} is reported once it has happened`, pointer, `${eventDate} is after today (${today})`)
  if (ahead > ADVANCE_NOTICE_DAYS) throw violation('qle-event-in-future', `A ${event} may be reported at most ${ADVANCE_NOTICE_DAYS} days ahead`, pointer, `${eventDate} is ${ahead} days ahead`)
}

// ── effective dates ──

export type WaitingPeriodRule = 'first_of_month_after' | 'date_of_hire' | 'after_days'

/**
 * When a new hire's coverage starts under a plan's waiting period, capped at `maxDays` after hire:
 * - date_of_hire: the hire date;
 * - after_days: hire + waiting_period_days (the day after a waiting period that includes the hire date… counted as
 *   hire + N, so 0 days is the hire date);
 * - first_of_month_after: the first of the month on or after hire + waiting_period_days: a hire on the 1st with no
 *   waiting period starts that day; a hire on Mar 15 starts Apr 1.
 * @example newHireEffectiveDate('2026-03-15', 'first_of_month_after', 0) // '2026-04-01'
 */
export function newHireEffectiveDate(hireDate: PlainDate, rule: WaitingPeriodRule, waitingDays: number, maxDays = 90): PlainDate {
  const waited = addDays(hireDate, waitingDays)
  const start = rule === 'date_of_hire' ? hireDate
    : rule === 'after_days' ? waited
      : waited.endsWith('-01') ? waited : firstOfNextMonth(waited)
  const cap = addDays(hireDate, maxDays)
  return start > cap ? cap : start
}

/** How an event's effective date is found (new hire and open enrollment need the plan; see the service). */
export type EffectiveRule = 'event_date' | 'first_of_next_month' | 'waiting_period' | 'plan_year_start'

export const EFFECTIVE_RULES: Readonly<Record<QleEvent, EffectiveRule>> = {
  birth: 'event_date', adoption: 'event_date',
  new_hire: 'waiting_period', open_enrollment: 'plan_year_start',
  marriage: 'first_of_next_month', loss_of_other_coverage: 'first_of_next_month', medicaid_chip: 'first_of_next_month',
  divorce: 'first_of_next_month', legal_separation: 'first_of_next_month', death: 'first_of_next_month',
  gain_of_other_coverage: 'first_of_next_month', change_in_employment_status: 'first_of_next_month',
  termination: 'first_of_next_month', relocation: 'first_of_next_month',
}

/** The effective date of the changes a QLE makes in one plan. */
export function qleEffectiveDate(event: QleEvent, eventDate: PlainDate, plan: { hire_date: PlainDate | null; plan_year_start: PlainDate; waiting_period_rule: WaitingPeriodRule; waiting_period_days: number }, s: EnrollmentSettings = DEFAULT_SETTINGS): PlainDate {
  switch (EFFECTIVE_RULES[event]) {
    case 'event_date': {
      // A birth or adoption before the employee's own coverage could start (a baby born Nov 20 to
      // someone hired Dec 1) is covered from that start: the family's coverage never moves earlier
      // than the employee's eligibility.
      if (plan.hire_date === null) return eventDate
      const eligible = newHireEffectiveDate(plan.hire_date, plan.waiting_period_rule, plan.waiting_period_days, s.new_hire_max_days)
      return eventDate < eligible ? eligible : eventDate
    }
    case 'first_of_next_month': return firstOfNextMonth(eventDate)
    case 'plan_year_start': return plan.plan_year_start
    case 'waiting_period': return newHireEffectiveDate(plan.hire_date ?? eventDate, plan.waiting_period_rule, plan.waiting_period_days, s.new_hire_max_days)
  }
}

// ── who may be covered ──

export type RelationshipKind = 'self' | 'spouse' | 'domestic_partner' | 'child' | 'other'

const CHILD_CODES = new Set(['child', 'adopted_child', 'foster_child', 'step_son', 'step_daughter', 'stepchild', 'ward'])

/** Groups the 40 relationship codes: spouse-like are spouse, life_partner, registered_domestic_partner. */
export function relationshipKind(code: string): RelationshipKind {
  if (code === 'self') return 'self'
  if (code === 'spouse') return 'spouse'
  if (code === 'life_partner' || code === 'registered_domestic_partner' || code === 'domestic_partner') return 'domestic_partner'
  return CHILD_CODES.has(code) ? 'child' : 'other'
}

/** The coverage tier of a set of covered relationships (always including the subscriber). */
export function coverageTierOf(relationships: readonly string[]): CoverageTier {
  const kinds = relationships.map(relationshipKind)
  const partner = kinds.some((k) => k === 'spouse' || k === 'domestic_partner')
  const child = kinds.includes('child')
  return partner && child ? 'family' : partner ? 'individual_spouse' : child ? 'individual_children' : 'individual'
}

/**
 * The day a child reaches `age`: someone born Feb 29 reaches it on Mar 1 of a common year (as `ageOn`).
 * @example birthdayAt('2000-02-29', 26) // '2026-03-01'
 */
export function birthdayAt(birthDate: PlainDate, age: number): PlainDate {
  const clamped = addYears(birthDate, age)
  return clamped.slice(5) === '02-28' && birthDate.slice(5) === '02-29' ? addDays(clamped, 1) : clamped
}

/** The last covered day of a child under a plan covering children until `maxAge`: the end of the month they turn it. */
export function childCoverageEnd(birthDate: PlainDate, maxAge: number): PlainDate {
  const [y, m] = parts(birthdayAt(birthDate, maxAge))
  return `${birthdayAt(birthDate, maxAge).slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`
}

/** What a plan's rules say about dependents; life and disability plans name them differently. */
export interface DependentPolicy {
  readonly spouse: boolean
  readonly domestic_partner: boolean
  readonly children: boolean
  readonly max_age: number
}

/** Reads the dependent policy from plan rules: health plans' `*_eligible`, life plans' `*_coverage_available`. */
export function dependentPolicyOf(planType: string, rules: Readonly<Record<string, unknown>>, s: EnrollmentSettings = DEFAULT_SETTINGS): DependentPolicy {
  const flag = (k: string): boolean | undefined => (typeof rules[k] === 'boolean' ? rules[k] as boolean : undefined)
  const maxAge = typeof rules.dependent_max_age === 'number' ? rules.dependent_max_age : 26
  if (planType === 'std' || planType === 'ltd') return { spouse: false, domestic_partner: false, children: false, max_age: maxAge }
  const spouse = flag('spouse_eligible') ?? flag('spouse_coverage_available') ?? true
  const children = flag('children_eligible') ?? flag('child_coverage_available') ?? true
  // Life plans have no domestic-partner rule: a partner counts as a spouse there (seed 003 covers one).
  const partner = s.domestic_partners_eligible ?? flag('domestic_partners_eligible') ?? spouse
  return { spouse, domestic_partner: partner && spouse, children, max_age: maxAge }
}

/** Throws `dependent-not-eligible` unless `member` may be covered by the plan on `onDate`. */
export function checkDependentEligible(policy: DependentPolicy, member: { relationship: string; birth_date: PlainDate }, onDate: PlainDate, pointer: string): void {
  const kind = relationshipKind(member.relationship)
  const refuse = (detail: string) => violation('dependent-not-eligible', 'This dependent cannot be covered by the plan', pointer, detail)
  if (kind === 'self') return
  if (kind === 'spouse' && !policy.spouse) throw refuse('the plan does not cover spouses')
  if (kind === 'domestic_partner' && !policy.domestic_partner) throw refuse(`the plan does not cover domestic partners (${member.relationship})`)
  if (kind === 'other') throw refuse(`relationship ${member.relationship} is not eligible for coverage`)
  if (kind === 'child') {
    if (!policy.children) throw refuse('the plan does not cover children')
    const end = childCoverageEnd(member.birth_date, policy.max_age)
    if (onDate > end) throw refuse(`children are covered through the end of the month they turn ${policy.max_age} (${end}); coverage would start ${onDate}`)
  }
}

/** Whether an age is reached within a year (the HSA catch-up needs 55 by the end of the tax year). */
export function isAgeReachedBy(birthDate: PlainDate, age: number, on: PlainDate): boolean {
  return ageOn(birthDate, on) >= age
}

import { UnprocessableError, type FieldError } from '../../errors/app-error.js'
import { addDays, minDate, type PlainDate } from '../../shared/dates.js'
import {
  checkDependentEligible, childCoverageEnd, dependentPolicyOf, deductionSchedule, electionMoney, isInWindow, newHireEffectiveDate,
  openEnrollmentEffectiveDate, outsideWindow, relationshipKind, tierOf, waitingPeriodOf, type EnrollmentSettings, type PlanWithYear,
} from '../elections/index.js'
import { checkClassification, checkEmployment, checkFamily, checkPerson, ssnDigits } from '../members/index.js'
import type { CoverageTier } from '../../db/types.js'
import type { Census, CensusEmployee } from './schemas.js'

/** What the census is checked against, loaded once per request. */
export interface CensusFacts {
  readonly employer_id: string
  readonly today: PlainDate
  readonly settings: EnrollmentSettings
  readonly plans: ReadonlyMap<string, PlanWithYear>
  readonly locations: ReadonlySet<string>
  readonly classifications: ReadonlyMap<string, { employer_id: string; kind: 'class' | 'subgroup'; effective_date: PlainDate; end_date: PlainDate | null }>
  /** The census's effective_date, when sent. */
  readonly effective_date?: PlainDate | undefined
}

/** Identifiers and SSN hashes already held by members of the employer. */
export interface Taken {
  readonly ssn_hmacs: ReadonlySet<string>
  readonly external_identifiers: ReadonlySet<string>
  readonly employee_numbers: ReadonlySet<string>
}

/** Problems listed at most (a census with a systematic error would otherwise answer megabytes). */
export const MAX_LISTED_PROBLEMS = 200

const digitsOf = (ssn: string | null | undefined) => (ssn == null ? undefined : ssnDigits(ssn))

/**
 * Every employee checked by the rules of `POST /v1/subscribers` (person, employment, family,
 * classifications, SSN not held by another subscriber), plus what a census adds: the employer is
 * the census's, and no SSN or identifier appears twice. Pointers start at `/employees/{i}/subscriber`.
 */
export function memberProblems(census: Census, facts: CensusFacts, taken: Taken, hmacOf: (digits: string) => string): FieldError[] {
  const errors: FieldError[] = []
  const ssnAt = new Map<string, number>()
  const identifierAt = new Map<string, string>()
  const numberAt = new Map<string, string>()
  const unique = (value: string | undefined, pointer: string, seen: Map<string, string>, existing: ReadonlySet<string>) => {
    if (value === undefined) return
    if (existing.has(value)) errors.push({ pointer, detail: 'belongs to another member of this employer' })
    else if (seen.has(value)) errors.push({ pointer, detail: `is also given at ${seen.get(value)}` })
    else seen.set(value, pointer)
  }
  census.employees.forEach(({ subscriber: s }, i) => {
    const at = `/employees/${i}/subscriber`
    if (s.employer_id !== undefined && s.employer_id !== facts.employer_id) errors.push({ pointer: `${at}/employer_id`, detail: `is not the census's employer (${facts.employer_id})` })
    if (s.location_id !== undefined && !facts.locations.has(s.location_id)) errors.push({ pointer: `${at}/location_id`, detail: "is not a location of the census's employer" })
    errors.push(...checkPerson(s, at, facts.today), ...checkEmployment(s.employment_details, `${at}/employment_details`))
    const deps = s.dependents ?? []
    deps.forEach((d, k) => errors.push(...checkPerson(d, `${at}/dependents/${k}`, facts.today)))
    const ssn = digitsOf(s.social_security_number)
    errors.push(...checkFamily({ birth_date: s.birth_date, ssn }, [],
      deps.map((d, k) => ({ subscriber_relationship: d.subscriber_relationship, birth_date: d.birth_date, ssn: digitsOf(d.social_security_number), at: `${at}/dependents/${k}` }))))
    for (const kind of ['class', 'subgroup'] as const) {
      const ref = s[kind]
      if (ref) errors.push(...checkClassification(facts.classifications.get(ref.employment_classification_id), { kind, employer_id: facts.employer_id, date: ref.effective_date }, `${at}/${kind}`))
    }
    if (ssn !== undefined) {
      const hmac = hmacOf(ssn)
      if (taken.ssn_hmacs.has(hmac)) errors.push({ pointer: `${at}/social_security_number`, detail: 'belongs to another subscriber of this employer' })
      else if (ssnAt.has(hmac)) errors.push({ pointer: `${at}/social_security_number`, detail: `is also the SSN of the subscriber at /employees/${ssnAt.get(hmac)}` })
      else ssnAt.set(hmac, i)
    }
    unique(s.external_identifier, `${at}/external_identifier`, identifierAt, taken.external_identifiers)
    unique(s.employee_number, `${at}/employee_number`, numberAt, taken.employee_numbers)
    deps.forEach((d, k) => unique(d.external_identifier, `${at}/dependents/${k}/external_identifier`, identifierAt, taken.external_identifiers))
  })
  return errors.slice(0, MAX_LISTED_PROBLEMS)
}

/** A covered member of a planned election: the subscriber (dependent undefined) or a dependent by index. */
export interface PlannedCoverage {
  readonly dependent: number | undefined
  readonly end_date: PlainDate
  readonly volume_cents: number | null
}

export interface PlannedElection {
  readonly plan: PlanWithYear
  readonly type: 'election' | 'waiver'
  readonly tier: CoverageTier | null
  readonly effective_date: PlainDate
  readonly annual_amount_cents: number
  readonly employer_contribution_cents: number
  readonly pay_periods: number
  readonly first_deduction_date: PlainDate | null
  readonly volume_cents: number | null
  readonly coverages: readonly PlannedCoverage[]
}

function refuse(slug: string, message: string, pointer: string, detail: string): UnprocessableError {
  return UnprocessableError.fields(slug, message, [{ pointer, detail }])
}

/** When a direct election takes effect, as `POST /v1/elections` decides: the enrollment window, else new hire, else 422. */
function effectiveDateOf(plan: PlanWithYear, hireDate: PlainDate, facts: CensusFacts, pointer: string): PlainDate {
  let eff: PlainDate
  if (isInWindow(plan, facts.today)) eff = openEnrollmentEffectiveDate(plan, facts.today)
  else if (hireDate <= facts.today && facts.today <= addDays(hireDate, facts.settings.new_hire_election_window_days)) {
    const w = waitingPeriodOf(plan.rules)
    eff = newHireEffectiveDate(hireDate, w.rule, w.days, facts.settings.new_hire_max_days)
  } else throw outsideWindow(plan, `${pointer}/plan_id`)
  if (eff < plan.py_start || eff > plan.py_end) {
    throw refuse('effective-date-outside-plan-year', 'The plan year of the plan does not contain the effective date', pointer, `coverage would start ${eff}; the plan year runs ${plan.py_start} to ${plan.py_end}`)
  }
  if (facts.effective_date !== undefined && facts.effective_date !== eff) {
    throw refuse('effective-date-mismatch', 'The effective date does not follow the rules', '/effective_date', `coverage of ${pointer} takes effect ${eff}`)
  }
  return eff
}

/**
 * One employee's elections checked by the rules of `POST /v1/elections` (window or new hire,
 * dependent eligibility, tier, money and IRS limits, one election per plan type, prerequisites);
 * throws the same 422s, pointing at `/employees/{i}/elections/{j}`. Returns what to record.
 * `schedules` memoizes deduction schedules across the employees of one request.
 */
export function planElections(employee: CensusEmployee, i: number, facts: CensusFacts, schedules = new Map<string, ReturnType<typeof deductionSchedule>>()): PlannedElection[] {
  const s = employee.subscriber
  const deps = s.dependents ?? []
  const byRef = new Map(deps.flatMap((d, k) => (d.external_identifier === undefined ? [] : [[d.external_identifier, k] as const])))
  const planned: PlannedElection[] = []
  const typeAt = new Map<string, string>()
  ;(employee.elections ?? []).forEach((e, j) => {
    const at = `/employees/${i}/elections/${j}`
    const plan = facts.plans.get(e.plan_id)
    if (!plan) throw refuse('plan-not-offered', 'The plan is not offered in the census\'s plan year', `${at}/plan_id`, `plan ${e.plan_id} is not a plan of the plan year for employer ${facts.employer_id}`)
    if (typeAt.has(plan.plan_type)) {
      throw refuse('coverage-overlap', 'The subscriber already has an election of this plan type', `${at}/plan_id`, `${typeAt.get(plan.plan_type)} already elects a ${plan.plan_type} plan for the plan year`)
    }
    typeAt.set(plan.plan_type, at)
    const eff = effectiveDateOf(plan, s.employment_details.start_date, facts, at)
    const electing = e.type === 'election'
    const refs = electing ? (e.covered_member_refs ?? []) : []
    // `id` is the reference as sent (the rules only read relationship and birth date; ids are assigned when written).
    const members = [{ id: 'self', dependent: undefined as number | undefined, relationship: 'self', birth_date: s.birth_date, volume_cents: null, pointer: at }]
    refs.forEach((ref, k) => {
      if (ref === 'self') return
      const d = byRef.get(ref)
      const pointer = `${at}/covered_member_refs/${k}`
      if (d === undefined) throw refuse('member-not-in-family', 'Not a member of the subscriber\'s family', pointer, `no dependent of this subscriber has external_identifier ${ref}`)
      members.push({ id: ref, dependent: d, relationship: deps[d]!.subscriber_relationship, birth_date: deps[d]!.birth_date, volume_cents: null, pointer })
    })
    const policy = dependentPolicyOf(plan.plan_type, plan.rules, facts.settings)
    if (electing) for (const m of members) checkDependentEligible(policy, m, eff, m.pointer)
    const tier = electing ? tierOf({ plan, members, requested_tier: e.coverage_tier, pointer: at }) : null
    const money = electing
      ? electionMoney({ plan_type: plan.plan_type, rules: plan.rules, tier, requested_cents: e.annual_amount_cents ?? 0, effective_date: eff, plan_year_start: plan.py_start, plan_year_end: plan.py_end, subscriber_birth_date: s.birth_date, pointer: `${at}/annual_amount_cents` })
      : { annual_amount_cents: 0, employer_contribution_cents: 0 }
    // Employees of one tier and pay frequency share a schedule: compute it once per request.
    const key = `${money.annual_amount_cents}|${s.employment_details.wage_frequency}|${eff}|${plan.py_start}|${plan.py_end}`
    let schedule = schedules.get(key)
    if (!schedule) schedules.set(key, schedule = deductionSchedule(money.annual_amount_cents, s.employment_details.wage_frequency, eff, plan.py_start, plan.py_end))
    const volume = electing ? e.volume_cents ?? null : null
    planned.push({
      plan, type: e.type, tier, effective_date: eff, annual_amount_cents: money.annual_amount_cents, employer_contribution_cents: money.employer_contribution_cents,
      pay_periods: schedule.length, first_deduction_date: schedule[0]?.pay_date ?? null, volume_cents: volume,
      coverages: electing ? members.map((m) => ({
        dependent: m.dependent, volume_cents: m.dependent === undefined ? volume : null,
        end_date: relationshipKind(m.relationship) === 'child' ? minDate(plan.py_end, childCoverageEnd(m.birth_date, policy.max_age)) : plan.py_end,
      })) : [],
    })
  })
  planned.forEach((p, j) => checkPrerequisites(p, planned, `/employees/${i}/elections/${j}`))
  return planned
}

/** A plan that requires another (an HSA needs HDHP medical) must find it among the employee's elections. */
function checkPrerequisites(p: PlannedElection, all: readonly PlannedElection[], pointer: string): void {
  const prereqs = p.plan.rules.requires_enrollment_in
  if (p.type !== 'election' || !Array.isArray(prereqs)) return
  for (const r of prereqs as { plan_type: string; hdhp?: boolean }[]) {
    const met = all.some((o) => o.type === 'election' && o.plan.plan_type === r.plan_type && o.effective_date <= p.effective_date
      && (r.hdhp === undefined || (o.plan.rules.hdhp === true) === r.hdhp))
    if (!met) {
      const what = r.hdhp === true ? `high-deductible (HDHP) ${r.plan_type}` : r.plan_type
      throw refuse('enrollment-prerequisite-missing', `A ${p.plan.plan_type} election needs ${what} coverage`, pointer, `the employee elects no ${what} coverage from ${p.effective_date} in the census`)
    }
  }
}

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { UnprocessableError } from '../../errors/app-error.js'
import { DEFAULT_SETTINGS, type PlanWithYear } from '../elections/index.js'
import type { Census, CensusEmployee } from './schemas.js'
import { memberProblems, planElections, type CensusFacts } from './validate.js'

const EMPLOYER = '00000000-0000-4000-8000-000000000001'
const plan = (id: string, plan_type: string, rules: Record<string, unknown> = {}): PlanWithYear => ({
  id, employer_id: EMPLOYER, plan_type, rules, plan_year_id: 'py', py_start: '2027-01-01', py_end: '2027-12-31', enrollment_start_date: '2026-11-01', enrollment_end_date: '2026-11-30',
})
const TIERS = ['individual', 'individual_spouse', 'individual_children', 'family']
const facts: CensusFacts = {
  employer_id: EMPLOYER, today: '2026-11-15', settings: DEFAULT_SETTINGS, locations: new Set(), classifications: new Map(),
  plans: new Map([
    ['med', plan('med', 'medical', { coverage_tiers: TIERS, premiums_monthly_cents: { individual: 500_00, individual_spouse: 1000_00, individual_children: 900_00, family: 1500_00 } })],
    ['med2', plan('med2', 'medical')],
    ['den', plan('den', 'dental', { requires_enrollment_in: [{ plan_type: 'medical', hdhp: true }] })],
  ]),
}
const noneTaken = { ssn_hmacs: new Set<string>(), external_identifiers: new Set<string>(), employee_numbers: new Set<string>() }

function subscriber(n: number, extra: Partial<CensusEmployee['subscriber']> = {}): CensusEmployee['subscriber'] {
  return {
    external_identifier: `E${n}`, first_name: 'Ana', last_name: 'Diaz', birth_date: '1984-07-04', gender: 'female', social_security_number: `123-45-${String(6000 + n)}`,
    employment_details: { start_date: '2018-02-01', status: 'full_time', wage_frequency: 'biweekly' }, ...extra,
  }
}
const census = (...employees: CensusEmployee[]): Census => ({ plan_year_id: 'py', employees })

describe('census member checks', () => {
  test('the rules of POST /v1/subscribers apply to each employee, pointing into the census', () => {
    const child = { first_name: 'Bo', last_name: 'Diaz', birth_date: '1980-01-01', gender: 'male', subscriber_relationship: 'child' as const }
    const errors = memberProblems(census({ subscriber: subscriber(1) }, { subscriber: subscriber(2, { dependents: [child] }) }), facts, noneTaken, (d) => d)
    assert.deepEqual(errors.map((e) => e.pointer), ['/employees/1/subscriber/dependents/0/birth_date'])
  })

  test('an SSN or employee number already on file, or given twice, is named where it appears', () => {
    const taken = { ...noneTaken, employee_numbers: new Set(['N7']) }
    const errors = memberProblems(census({ subscriber: subscriber(1, { employee_number: 'N7' }) }, { subscriber: subscriber(2, { social_security_number: '123-45-6001' }) }), facts, taken, (d) => d)
    assert.deepEqual(errors.map((e) => e.pointer), ['/employees/0/subscriber/employee_number', '/employees/1/subscriber/social_security_number'])
  })
})

describe('census elections', () => {
  const spouse = { external_identifier: 'P1', first_name: 'Cy', last_name: 'Diaz', birth_date: '1983-03-03', gender: 'male', subscriber_relationship: 'spouse' as const }

  test('open enrollment takes effect at the plan year start; the tier follows who is covered; the premium is per month', () => {
    const [e] = planElections({ subscriber: subscriber(1, { dependents: [spouse] }), elections: [{ plan_id: 'med', type: 'election', covered_member_refs: ['self', 'P1'] }] }, 0, facts)
    assert.deepEqual([e?.effective_date, e?.tier, e?.annual_amount_cents, e?.pay_periods, e?.coverages.length], ['2027-01-01', 'individual_spouse', 1000_00 * 12, 26, 2])
  })

  test('an unknown dependent reference, a second medical plan and a missing HDHP are each the single endpoint\'s 422', () => {
    const slugOf = (employee: CensusEmployee) => {
      try { planElections(employee, 3, facts) } catch (err) { return err instanceof UnprocessableError ? [err.slug, (err.extra.errors as { pointer: string }[])[0]?.pointer] : err }
      return undefined
    }
    assert.deepEqual(slugOf({ subscriber: subscriber(1), elections: [{ plan_id: 'med', type: 'election', covered_member_refs: ['P9'] }] }), ['member-not-in-family', '/employees/3/elections/0/covered_member_refs/0'])
    assert.deepEqual(slugOf({ subscriber: subscriber(1), elections: [{ plan_id: 'med', type: 'election' }, { plan_id: 'med2', type: 'election' }] }), ['coverage-overlap', '/employees/3/elections/1/plan_id'])
    assert.deepEqual(slugOf({ subscriber: subscriber(1), elections: [{ plan_id: 'med', type: 'election' }, { plan_id: 'den', type: 'election' }] }), ['enrollment-prerequisite-missing', '/employees/3/elections/1'])
    assert.deepEqual(slugOf({ subscriber: subscriber(1), elections: [{ plan_id: 'med', type: 'election', coverage_tier: 'family' }] }), ['coverage-tier-mismatch', '/employees/3/elections/0/coverage_tier'])
  })
})

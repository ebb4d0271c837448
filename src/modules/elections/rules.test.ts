import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkChangeAllowed } from './changes.js'
import {
  birthdayAt, checkDependentEligible, checkEventDate, checkReportingWindow, childCoverageEnd, coverageTierOf, dependentPolicyOf, newHireEffectiveDate,
  qleEffectiveDate, relationshipKind, settingsOf, DEFAULT_SETTINGS,
} from './rules.js'
import { productLineAccepts } from './product-lines.js'

function slugOf(fn: () => unknown): string | undefined {
  try { fn() } catch (e) { return (e as { slug?: string }).slug }
  return undefined
}

const plan = { hire_date: null, plan_year_start: '2026-01-01', waiting_period_rule: 'first_of_month_after' as const, waiting_period_days: 0 }

describe('reporting window', () => {
  test('a QLE reported on day 30 is accepted, on day 31 refused (qle-reporting-window-closed)', () => {
    assert.equal(slugOf(() => checkReportingWindow('marriage', '2026-02-18', '2026-03-20')), undefined)
    assert.equal(slugOf(() => checkReportingWindow('marriage', '2026-02-17', '2026-03-20')), 'qle-reporting-window-closed')
  })
  test('Medicaid/CHIP: day 60 accepted, day 61 refused', () => {
    assert.equal(slugOf(() => checkReportingWindow('medicaid_chip', '2026-01-19', '2026-03-20')), undefined)
    assert.equal(slugOf(() => checkReportingWindow('medicaid_chip', '2026-01-18', '2026-03-20')), 'qle-reporting-window-closed')
  })
  test('an employer may change the window; unknown or malformed overrides are ignored', () => {
    const s = settingsOf({ reporting_window_days: 45, bogus: 1, new_hire_max_days: 'x' })
    assert.equal(s.reporting_window_days, 45)
    assert.equal(s.new_hire_max_days, 90)
    assert.equal(slugOf(() => checkReportingWindow('birth', '2026-02-10', '2026-03-20', s)), undefined)
  })
})

describe('event dates', () => {
  test('a birth cannot be reported before it happens; a new hire up to 60 days ahead', () => {
    assert.equal(slugOf(() => checkEventDate('birth', '2026-03-21', '2026-03-20')), 'qle-event-in-future')
    assert.equal(slugOf(() => checkEventDate('birth', '2026-03-20', '2026-03-20')), undefined)
    assert.equal(slugOf(() => checkEventDate('new_hire', '2026-05-19', '2026-03-20')), undefined)
    assert.equal(slugOf(() => checkEventDate('new_hire', '2026-05-20', '2026-03-20')), 'qle-event-in-future')
  })
})

describe('effective dates', () => {
  test('birth and adoption: the event date, even when reported weeks later', () => {
    assert.equal(qleEffectiveDate('birth', '2026-02-27', plan), '2026-02-27')
    assert.equal(qleEffectiveDate('adoption', '2026-03-05', plan), '2026-03-05')
  })
  test('a birth before the employee could be covered (born Nov 20, hired Dec 1) takes effect when the employee\'s coverage starts', () => {
    // Before, the birth moved the employee's and the partner's coverage back to Nov 20, before the hire.
    const hiredDec1 = { ...plan, hire_date: '2026-12-01', waiting_period_rule: 'first_of_month_after' as const, waiting_period_days: 0 }
    assert.equal(qleEffectiveDate('birth', '2026-11-20', hiredDec1), '2026-12-01')
    assert.equal(qleEffectiveDate('birth', '2026-12-20', hiredDec1), '2026-12-20')
    assert.equal(qleEffectiveDate('adoption', '2026-11-20', { ...hiredDec1, hire_date: '2026-11-15' }), '2026-12-01', 'hired Nov 15, first of the month after: covered from Dec 1')
  })
  test('marriage on Mar 15 and loss of other coverage start coverage the first of the following month', () => {
    assert.equal(qleEffectiveDate('marriage', '2026-03-15', plan), '2026-04-01')
    assert.equal(qleEffectiveDate('loss_of_other_coverage', '2026-12-31', plan), '2027-01-01')
  })
  test('mid-month hire (Mar 15): first of the month after → Apr 1; after 30 days → Apr 14; date of hire → Mar 15', () => {
    assert.equal(newHireEffectiveDate('2026-03-15', 'first_of_month_after', 0), '2026-04-01')
    assert.equal(newHireEffectiveDate('2026-03-15', 'after_days', 30), '2026-04-14')
    assert.equal(newHireEffectiveDate('2026-03-15', 'date_of_hire', 0), '2026-03-15')
  })
  test('a hire on the first of the month with no waiting period starts that day (seed 003 first_of_current_month)', () => {
    assert.equal(newHireEffectiveDate('2026-11-01', 'first_of_month_after', 0), '2026-11-01')
    assert.equal(qleEffectiveDate('new_hire', '2026-11-23', { ...plan, hire_date: '2026-11-01' }), '2026-11-01')
  })
  test('never more than 90 days after hire', () => {
    assert.equal(newHireEffectiveDate('2026-03-15', 'first_of_month_after', 90), '2026-06-13')
    assert.equal(newHireEffectiveDate('2026-03-15', 'after_days', 120), '2026-06-13')
  })
  test('open enrollment: the plan year start', () => {
    assert.equal(qleEffectiveDate('open_enrollment', '2026-11-15', { ...plan, plan_year_start: '2027-01-01' }), '2027-01-01')
  })
})

describe('tiers and dependents', () => {
  test('tier from who is covered; spouse-like includes life_partner and registered_domestic_partner', () => {
    assert.equal(coverageTierOf(['self']), 'individual')
    assert.equal(coverageTierOf(['self', 'registered_domestic_partner']), 'individual_spouse')
    assert.equal(coverageTierOf(['self', 'child', 'step_son']), 'individual_children')
    assert.equal(coverageTierOf(['self', 'life_partner', 'adopted_child']), 'family')
    assert.equal(relationshipKind('grandfather'), 'other')
  })
  test('Feb 29 birthday: 26 on Mar 1 of a common year, so coverage ends Mar 31; on Feb 29 of a leap year, Feb 29', () => {
    assert.equal(birthdayAt('2000-02-29', 26), '2026-03-01')
    assert.equal(childCoverageEnd('2000-02-29', 26), '2026-03-31')
    assert.equal(birthdayAt('2004-02-29', 24), '2028-02-29')
    assert.equal(childCoverageEnd('2004-02-29', 24), '2028-02-29')
  })
  test('a child turning 26 on Jul 10 is covered through Jul 31, not Aug 1', () => {
    const policy = dependentPolicyOf('medical', { dependent_max_age: 26 })
    const child = { relationship: 'child', birth_date: '2000-07-10' }
    assert.equal(slugOf(() => checkDependentEligible(policy, child, '2026-07-31', '/x')), undefined)
    assert.equal(slugOf(() => checkDependentEligible(policy, child, '2026-08-01', '/x')), 'dependent-not-eligible')
  })
  test('domestic partners: refused by health plans unless the plan or employer allows; allowed by voluntary life (seed 003)', () => {
    const partner = { relationship: 'registered_domestic_partner', birth_date: '1991-01-10' }
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('medical', { domestic_partners_eligible: false, spouse_eligible: true }), partner, '2026-04-01', '/x')), 'dependent-not-eligible')
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('medical', { domestic_partners_eligible: true }), partner, '2026-04-01', '/x')), undefined)
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('medical', { domestic_partners_eligible: false }, { ...DEFAULT_SETTINGS, domestic_partners_eligible: true }), partner, '2026-04-01', '/x')), undefined)
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('voluntary_life', { spouse_coverage_available: true }), partner, '2026-04-01', '/x')), undefined)
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('basic_life', { spouse_coverage_available: false }), partner, '2026-04-01', '/x')), 'dependent-not-eligible')
    assert.equal(slugOf(() => checkDependentEligible(dependentPolicyOf('ltd', {}), partner, '2026-04-01', '/x')), 'dependent-not-eligible')
  })
})

describe('changes consistent with the event', () => {
  const current = { plan_id: 'ppo', type: 'election' as const, member_ids: ['s'] }
  const self = { id: 's', relationship: 'self' }
  test('a birth adds the child (tier may change) but not a spouse, and does not switch plans', () => {
    assert.equal(checkChangeAllowed('birth', current, { plan_id: 'ppo', type: 'election', members: [self, { id: 'c', relationship: 'child' }] }, '/p'), 'change_members')
    assert.equal(slugOf(() => checkChangeAllowed('birth', current, { plan_id: 'ppo', type: 'election', members: [self, { id: 'w', relationship: 'spouse' }] }, '/p')), 'qle-change-not-allowed')
    assert.equal(slugOf(() => checkChangeAllowed('birth', current, { plan_id: 'hmo', type: 'election', members: [self] }, '/p')), 'qle-change-not-allowed')
    assert.equal(checkChangeAllowed('birth', current, { plan_id: 'ppo', type: 'election', members: [self] }, '/p'), 'unchanged')
  })
  test('divorce removes the spouse but adds no one; relocation may switch plans; gain of other coverage may waive', () => {
    const married = { ...current, member_ids: ['s', 'w'] }
    assert.equal(checkChangeAllowed('divorce', married, { plan_id: 'ppo', type: 'election', members: [self] }, '/p'), 'change_members')
    assert.equal(slugOf(() => checkChangeAllowed('divorce', current, { plan_id: 'ppo', type: 'election', members: [self, { id: 'c', relationship: 'child' }] }, '/p')), 'qle-change-not-allowed')
    assert.equal(checkChangeAllowed('relocation', current, { plan_id: 'hmo', type: 'election', members: [self] }, '/p'), 'switch_plan')
    assert.equal(checkChangeAllowed('gain_of_other_coverage', current, { plan_id: 'ppo', type: 'waiver', members: [] }, '/p'), 'waive')
    assert.equal(slugOf(() => checkChangeAllowed('death', current, { plan_id: 'ppo', type: 'waiver', members: [] }, '/p')), 'qle-change-not-allowed')
  })
  test('product lines of seed 003 map to plan types', () => {
    assert.ok(productLineAccepts('voluntary_life_accidental_death_dismemberment', 'voluntary_life'))
    assert.ok(productLineAccepts('life_accidental_death_dismemberment', 'basic_life'))
    assert.ok(productLineAccepts('long_term_disability', 'ltd'))
    assert.ok(!productLineAccepts('short_term_disability', 'ltd'))
  })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { validateRulesShape } from './validate-shape.js'
import { errorsOf, pointersOf } from './test-support.js'

describe('rules shape errors point at the field', () => {
  test('an unknown rule points at itself', () => {
    assert.deepEqual(pointersOf('hsa', { annual_contribution_maximum: 1 }), ['/rules/annual_contribution_maximum'])
    assert.deepEqual(pointersOf('hsa', { employer_contributions: { individual: { type: 'fixed', annual_amount_cents: 1, note: 'x' } } }),
      ['/rules/employer_contributions/individual/note'])
  })

  test('carrier_id is refused inside rules: it belongs on the plan', () => {
    assert.deepEqual(pointersOf('medical', { carrier_id: '3f2c7d0e-8a4b-4c1e-9d2f-5b6a7c8d9e0f' }), ['/rules/carrier_id'])
  })

  test('a missing required field inside a union branch points at the field itself', () => {
    assert.deepEqual(pointersOf('hsa', { employer_contributions: { family: { type: 'match', match_bps: 5000 } } }),
      ['/rules/employer_contributions/family/match_cap_cents'])
    assert.deepEqual(pointersOf('basic_life', { volume: { basis: 'salary_multiple', salary_multiple: 2 } }), ['/rules/volume/max_volume_cents'])
    assert.deepEqual(pointersOf('health_fsa', { merchant_category_networks: [{ mcc_codes: ['5912'] }] }), ['/rules/merchant_category_networks/0/name'])
  })

  test('a union member is chosen by its type tag, so only that branch\'s errors are reported', () => {
    const errors = errorsOf('medical', { employer_contributions: { individual: { type: 'percent', percent_bps: 10001 } } })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/employer_contributions/individual/percent_bps'])
    assert.match(errors[0]!.detail, /10000/)
  })

  test('a missing or unknown type tag points at the tag and names the choices', () => {
    const missing = errorsOf('hsa', { employer_contributions: { individual: { annual_amount_cents: 1 } } })
    assert.deepEqual(missing.map((e) => e.pointer), ['/rules/employer_contributions/individual/type'])
    assert.match(missing[0]!.detail, /fixed, percent, match/)
    assert.deepEqual(pointersOf('basic_life', { volume: { basis: 'per_head' } }), ['/rules/volume/basis'])
    assert.deepEqual(pointersOf('basic_life', { volume: 50000 }), ['/rules/volume'])
  })

  test('money is integer cents, never a string or a fraction', () => {
    assert.deepEqual(pointersOf('hsa', { annual_contribution_max_cents: '440000' }), ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('hsa', { annual_contribution_max_cents: 4400.5 }), ['/rules/annual_contribution_max_cents'])
    assert.deepEqual(pointersOf('hsa', { annual_contribution_min_cents: -1 }), ['/rules/annual_contribution_min_cents'])
  })

  test('every problem is reported at once', () => {
    assert.deepEqual(pointersOf('std', { benefit_bps: 0, elimination_days: 500, color: 'red' }).sort(),
      ['/rules/benefit_bps', '/rules/color', '/rules/elimination_days'])
  })

  test('an MCC is four digits; a duplicate code points at the repeat', () => {
    assert.deepEqual(pointersOf('commuter_transit', { merchant_category_networks: [{ name: 'transit', mcc_codes: ['411', '4111', '4111'] }] }),
      ['/rules/merchant_category_networks/0/mcc_codes/0', '/rules/merchant_category_networks/0/mcc_codes/2'])
  })

  test('an enum value outside the list names the allowed values', () => {
    const errors = errorsOf('health_fsa', { claims_substantiation: 'sometimes' })
    assert.deepEqual(errors.map((e) => e.pointer), ['/rules/claims_substantiation'])
    assert.match(errors[0]!.detail, /auto, manual/)
  })

  test('rules that are not an object are refused at /rules', () => {
    assert.deepEqual(pointersOf('hsa', [1]), ['/rules'])
    assert.deepEqual(pointersOf('hsa', 'x'), ['/rules'])
  })

  test('the caller\'s object is left untouched; defaults go on a copy', () => {
    const input = { annual_contribution_max_cents: 100 }
    const result = validateRulesShape('hsa', input)
    assert.ok(result.ok)
    assert.deepEqual(input, { annual_contribution_max_cents: 100 })
    assert.equal(result.rules.hsa_family_max_cents, null)
  })

  test('eligibility classes are distinct UUIDs', () => {
    assert.deepEqual(pointersOf('medical', { eligibility_classes: ['not-a-uuid'] }), ['/rules/eligibility_classes/0'])
    const id = '3f2c7d0e-8a4b-4c1e-9d2f-5b6a7c8d9e0f'
    assert.deepEqual(pointersOf('medical', { eligibility_classes: [id, id] }), ['/rules/eligibility_classes/1'])
    assert.deepEqual(pointersOf('medical', { eligibility_classes: [id] }), [])
  })
})

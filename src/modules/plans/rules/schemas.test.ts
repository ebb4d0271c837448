import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compileBodySchema } from '../../../http/validation.js'
import { normalizePlanRules } from './normalize.js'
import { PLAN_TYPES } from './plan-types.js'
import { PLAN_RULES_SCHEMAS, PlanRules } from './schemas.js'

const PLAN_YEAR_2026 = { plan_year_start: '2026-01-01', plan_year_end: '2026-12-31' }

/** Every object property in a schema, with its path, walking into arrays and unions. */
function propertiesOf(schema: unknown, path = ''): { path: string; name: string; schema: Record<string, unknown> }[] {
  if (typeof schema !== 'object' || schema === null) return []
  const s = schema as Record<string, unknown>
  const out: { path: string; name: string; schema: Record<string, unknown> }[] = []
  for (const [name, child] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    out.push({ path: `${path}/${name}`, name, schema: child }, ...propertiesOf(child, `${path}/${name}`))
  }
  if (s.items) out.push(...propertiesOf(s.items, `${path}/*`))
  for (const branch of (s.anyOf ?? []) as unknown[]) out.push(...propertiesOf(branch, path))
  return out
}

describe('plan rules schemas', () => {
  test('there is a schema for exactly the 18 plan types', () => {
    assert.deepEqual(Object.keys(PLAN_RULES_SCHEMAS).sort(), [...PLAN_TYPES].sort())
    assert.equal(PLAN_TYPES.length, 18)
  })

  test('over 50 distinct rule parameters across plan types (seed 001: "over 50 parameters")', () => {
    const names = new Set(Object.values(PLAN_RULES_SCHEMAS).flatMap((s) => propertiesOf(s).map((p) => p.name)))
    assert.ok(names.size > 50, `only ${names.size} parameters`)
    const topLevel = new Set(Object.values(PLAN_RULES_SCHEMAS).flatMap((s) => Object.keys(s.properties)))
    assert.ok(topLevel.size > 50, `only ${topLevel.size} top-level parameters`)
  })

  for (const planType of PLAN_TYPES) {
    test(`${planType}: every field is described, snake_case, closed to unknown fields, and top-level fields have defaults`, () => {
      const schema = PLAN_RULES_SCHEMAS[planType] as unknown as Record<string, unknown>
      assert.equal(schema.additionalProperties, false)
      assert.equal(schema.required, undefined, 'top-level fields are all optional')
      for (const p of propertiesOf(schema)) {
        assert.equal(typeof p.schema.description, 'string', `${p.path} has no description`)
        assert.match(p.name, /^[a-z][a-z0-9_]*$/, p.path)
        if (p.schema.type === 'object') assert.equal(p.schema.additionalProperties, false, `${p.path} accepts unknown fields`)
      }
      for (const [name, field] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
        assert.ok('default' in field, `${planType}.${name} has no default`)
      }
    })

    test(`${planType}: {} and omitted rules normalise to the same complete defaults`, () => {
      const fromEmpty = normalizePlanRules(planType, {}, PLAN_YEAR_2026)
      const fromMissing = normalizePlanRules(planType, undefined, PLAN_YEAR_2026)
      assert.ok(fromEmpty.ok, JSON.stringify(!fromEmpty.ok && fromEmpty.errors))
      assert.ok(fromMissing.ok)
      assert.deepEqual(fromMissing.rules, fromEmpty.rules)
      assert.deepEqual(Object.keys(fromEmpty.rules).sort(), Object.keys(PLAN_RULES_SCHEMAS[planType].properties).sort())
    })
  }

  test('no plan type carries carrier_id (it is a top-level plan field)', () => {
    for (const schema of Object.values(PLAN_RULES_SCHEMAS)) assert.equal(propertiesOf(schema).some((p) => p.name === 'carrier_id'), false)
  })

  test('the HSA defaults to requiring an HDHP medical plan', () => {
    const r = normalizePlanRules('hsa', {}, PLAN_YEAR_2026)
    assert.ok(r.ok)
    assert.deepEqual(r.rules.requires_enrollment_in, [{ plan_type: 'medical', hdhp: true }])
    assert.equal(r.rules.annual_contribution_max_cents, null)
    assert.equal(r.rules.catch_up_contributions_allowed, true)
  })

  test('medical, dental and vision cover children to 26 by default', () => {
    for (const planType of ['medical', 'dental', 'vision'] as const) {
      const r = normalizePlanRules(planType, {}, PLAN_YEAR_2026)
      assert.ok(r.ok)
      assert.equal(r.rules.dependent_max_age, 26)
      assert.deepEqual(r.rules.coverage_tiers, ['individual', 'individual_spouse', 'individual_children', 'family'])
    }
  })

  test('defaults are fresh copies: changing one normalised plan does not change the next', () => {
    const first = normalizePlanRules('health_fsa', {}, PLAN_YEAR_2026)
    assert.ok(first.ok)
    ;(first.rules.merchant_category_networks as { mcc_codes: string[] }[])[0]!.mcc_codes.push('9999')
    ;(first.rules.eligible_expense_categories as string[]).pop()
    const second = normalizePlanRules('health_fsa', {}, PLAN_YEAR_2026)
    assert.ok(second.ok)
    assert.deepEqual((second.rules.merchant_category_networks as { mcc_codes: string[] }[])[0]!.mcc_codes, ['5122', '5912'])
    assert.equal((second.rules.eligible_expense_categories as string[]).length, 5)
  })

  test('PlanRules documents every plan type and accepts each one\'s normalised rules', () => {
    assert.equal(PlanRules.anyOf.length, PLAN_TYPES.length)
    assert.equal(typeof (PlanRules as { description?: unknown }).description, 'string')
    const validate = compileBodySchema(PlanRules)
    for (const planType of PLAN_TYPES) {
      const r = normalizePlanRules(planType, {}, PLAN_YEAR_2026)
      assert.ok(r.ok)
      assert.equal(validate(r.rules), true, planType)
    }
    assert.equal(validate({ no_such_rule: 1 }), false)
  })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { normalizePlanRules } from './normalize.js'
import { PLAN_TYPES, type PlanType } from './plan-types.js'
import { PLAN_RULES_SCHEMAS } from './schemas.js'
import { planYear } from './test-support.js'

type Json = Record<string, unknown>

/**
 * Random values for the JSON Schema subset the rules schemas use, drawn from the schemas
 * themselves so new fields are covered without touching this test. Optional fields appear or
 * not at random; numbers lean small so that caps fall under the IRS limits often enough.
 */
function arbitraryOf(schema: Json): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Json[]).map(arbitraryOf))
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  if (Array.isArray(schema.type)) return fc.oneof(...(schema.type as string[]).map((type) => arbitraryOf({ ...schema, type })))
  const min = typeof schema.minimum === 'number' ? schema.minimum : 0
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000
  switch (schema.type) {
    case 'null': return fc.constant(null)
    case 'boolean': return fc.boolean()
    case 'integer': return fc.oneof(
      { arbitrary: fc.integer({ min, max: Math.min(max, min + 1_000) }), weight: 3 },
      { arbitrary: fc.integer({ min, max: Math.min(max, min + 2_000_000) }), weight: 2 },
      { arbitrary: fc.integer({ min, max }), weight: 1 })
    case 'number': return fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2)
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 })
      if (schema.pattern === '^[0-9]{4}$') return fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'))
      return fc.constantFrom('pharmacy', 'vision', 'rx_only', 'transit', 'custom_1')
    case 'array': {
      const item = arbitraryOf(schema.items as Json)
      const constraints = { minLength: typeof schema.minItems === 'number' ? schema.minItems : 0, maxLength: 4 }
      return schema.uniqueItems ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(item, constraints)
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>
      const required = (schema.required ?? []) as string[]
      const optional = Object.keys(properties).filter((k) => !required.includes(k))
      // A few optional fields at a time: a plan rarely sets thirty rules, and each one set is a chance to fail a check.
      return fc.subarray(optional, { maxLength: Math.min(4, optional.length) }).chain((chosen) =>
        fc.record(Object.fromEntries([...required, ...chosen].map((k) => [k, arbitraryOf(properties[k]!)]))))
    }
    default: throw new Error(`no arbitrary for ${JSON.stringify(schema).slice(0, 80)}`)
  }
}

const rulesInput = fc.constantFrom(...PLAN_TYPES).chain((planType) =>
  fc.tuple(fc.constant<PlanType>(planType), arbitraryOf(PLAN_RULES_SCHEMAS[planType] as unknown as Json), fc.constantFrom(2024, 2025, 2026)))

test('normalisation is idempotent: normalising normalised rules changes nothing', () => {
  let accepted = 0
  fc.assert(fc.property(rulesInput, ([planType, rules, year]) => {
    const once = normalizePlanRules(planType, rules, planYear(year))
    if (!once.ok) {
      assert.ok(once.errors.length > 0)
      for (const e of once.errors) assert.match(e.pointer, /^\/rules(\/|$)/)
      return
    }
    accepted++
    const twice = normalizePlanRules(planType, once.rules, planYear(year))
    assert.ok(twice.ok, JSON.stringify(!twice.ok && twice.errors))
    assert.deepEqual(twice.rules, once.rules)
    assert.deepEqual(Object.keys(once.rules).sort(), Object.keys(PLAN_RULES_SCHEMAS[planType].properties).sort())
  }), { numRuns: 600 })
  // The property is only worth something if a fair share of random rules is accepted.
  assert.ok(accepted >= 300, `only ${accepted} of 600 random rules were accepted`)
})

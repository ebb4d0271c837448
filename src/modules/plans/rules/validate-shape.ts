import type { ErrorObject, ValidateFunction } from 'ajv'
import type { FieldError } from '../../../errors/app-error.js'
import { compileBodySchema } from '../../../http/validation.js'
import type { PlanType } from './plan-types.js'
import { PLAN_RULES_SCHEMAS } from './schemas.js'

const validators = new Map<PlanType, ValidateFunction>()

function validatorFor(planType: PlanType): ValidateFunction {
  let validate = validators.get(planType)
  if (!validate) {
    validate = compileBodySchema(PLAN_RULES_SCHEMAS[planType])
    validators.set(planType, validate)
  }
  return validate
}

/**
 * Checks `rules` against the plan type's schema and fills defaults, on a copy: the caller's
 * object is never changed. `undefined` and `null` mean "no rules" (all defaults). Errors carry
 * JSON pointers under `/rules`; a missing required field and an unknown field point at themselves.
 */
export function validateRulesShape(planType: PlanType, rules: unknown):
  { ok: true; rules: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  let data: unknown
  try {
    data = rules === undefined || rules === null ? {} : structuredClone(rules)
  } catch {
    return { ok: false, errors: [{ pointer: '/rules', detail: 'must be plain JSON data' }] }
  }
  const validate = validatorFor(planType)
  if (validate(data)) return { ok: true, rules: data as Record<string, unknown> }
  return { ok: false, errors: toFieldErrors(validate.errors ?? [], PLAN_RULES_SCHEMAS[planType], data, planType) }
}

/** Turns ajv errors into field errors, resolving discriminated unions to the branch the data chose. */
function toFieldErrors(errors: readonly ErrorObject[], schema: unknown, data: unknown, planType: PlanType): FieldError[] {
  const dropped = new Set<ErrorObject>()
  const replaced: FieldError[] = []
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  for (const union of unions) {
    if (dropped.has(union)) continue
    dropped.add(union)
    const branchErrors = errors.filter((e) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`))
    for (const e of branchErrors) dropped.add(e)
    const branches = at(schema, union.schemaPath.slice(2).split('/').map(unescape))
    const value = at(data, union.instancePath.split('/').slice(1).map(unescape))
    const choice = discriminate(branches, value)
    if (choice.kind === 'branch') {
      for (const e of branchErrors) if (e.schemaPath.startsWith(`${union.schemaPath}/${choice.index}/`)) dropped.delete(e)
    } else if (choice.kind === 'bad-tag') {
      const detail = choice.value === undefined ? `is required: one of ${choice.allowed.join(', ')}` : `must be one of: ${choice.allowed.join(', ')}`
      replaced.push({ pointer: `/rules${union.instancePath}/${choice.key}`, detail })
    } else {
      replaced.push({ pointer: `/rules${union.instancePath}`, detail: choice.detail })
    }
  }
  const mapped = errors.filter((e) => !dropped.has(e)).map((e) => toFieldError(e, planType))
  const seen = new Set<string>()
  return [...mapped, ...replaced].filter((e) => {
    const key = `${e.pointer}\u0000${e.detail}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

type Choice =
  | { kind: 'branch'; index: number }
  | { kind: 'bad-tag'; key: string; value: unknown; allowed: string[] }
  | { kind: 'other'; detail: string }

/** Finds the branch of a union whose `const` tag (e.g. `type`, `basis`) the value carries. */
function discriminate(branches: unknown, value: unknown): Choice {
  if (!Array.isArray(branches)) return { kind: 'other', detail: 'must match one of the allowed shapes' }
  const key = tagKey(branches)
  if (key === undefined) return { kind: 'other', detail: 'must match one of the allowed shapes' }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'other', detail: 'must be an object' }
  const tags = branches.map((b) => String(at(b, ['properties', key, 'const'])))
  const tag = (value as Record<string, unknown>)[key]
  const index = tags.indexOf(String(tag))
  if (typeof tag === 'string' && index >= 0) return { kind: 'branch', index }
  return { kind: 'bad-tag', key, value: tag, allowed: tags }
}

function tagKey(branches: readonly unknown[]): string | undefined {
  const first = at(branches[0], ['properties'])
  if (typeof first !== 'object' || first === null) return undefined
  return Object.keys(first).find((k) => branches.every((b) => typeof at(b, ['properties', k, 'const']) === 'string'))
}

function at(root: unknown, path: readonly string[]): unknown {
  let node = root
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}

function unescape(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~')
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

function toFieldError(e: ErrorObject, planType: PlanType): FieldError {
  const pointer = `/rules${e.instancePath}`
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return { pointer: `${pointer}/${escape(String(params.missingProperty))}`, detail: 'is required' }
    case 'additionalProperties':
      return {
        pointer: `${pointer}/${escape(String(params.additionalProperty))}`,
        detail: e.instancePath === '' ? `is not a rule of ${planType} plans` : 'is not an allowed field here',
      }
    case 'enum':
      return { pointer, detail: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` }
    case 'type': {
      const types = String(params.type).split(',').map((t) => (t === 'integer' ? 'an integer' : t === 'null' ? 'null' : t === 'array' ? 'an array' : t === 'object' ? 'an object' : `a ${t}`))
      return { pointer, detail: `must be ${types.join(' or ')}` }
    }
    case 'maximum':
      return { pointer, detail: e.instancePath.endsWith('_bps') && params.limit === 10_000 ? 'must be at most 10000 basis points (100%)' : `must be at most ${String(params.limit)}` }
    case 'minimum':
      return { pointer, detail: `must be at least ${String(params.limit)}` }
    case 'uniqueItems':
      return { pointer: `${pointer}/${Math.max(Number(params.i), Number(params.j))}`, detail: `repeats item ${Math.min(Number(params.i), Number(params.j))}` }
    case 'pattern':
      return { pointer, detail: e.instancePath.includes('mcc') ? 'must be a 4-digit merchant category code' : `must match ${String(params.pattern)}` }
    default:
      return { pointer, detail: e.message ?? `fails ${e.keyword}` }
  }
}

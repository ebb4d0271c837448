import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, PreconditionError, UnprocessableError, type FieldError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import { newId } from '../../shared/ids.js'
import { appendEvents, type Actor } from '../audit/index.js'
import { getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'
import type { Carrier, CarrierUpdate, CoveragePeriod, NewCarrier, NewCoveragePeriod } from './schemas.js'

type Executor = Kysely<Database>

onConstraint('carriers_payer_unique', () => new ConflictError('duplicate', 'Your organization already has a carrier with this payer_id'))
onConstraint('coverage_periods_no_overlap', () => new ConflictError('coverage-period-overlap', 'This employer already has a coverage period with this carrier that overlaps these dates'))

export async function createCarrier(tx: Executor, auth: AuthContext, input: NewCarrier, now: string): Promise<Carrier> {
  return q.insertCarrier(tx, { id: newId(), organization_id: auth.organization_id, name: input.name, payer_id: input.payer_id, now })
}

/** The carrier, or 404 when it does not exist or belongs to another organization. */
export async function getCarrier(db: Executor, auth: AuthContext, id: string): Promise<Carrier> {
  const row = await q.findCarrier(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Carrier ${id} not found`)
  return row
}

export async function updateCarrier(db: Executor, auth: AuthContext, id: string, input: CarrierUpdate, version: number, now: string): Promise<Carrier> {
  await getCarrier(db, auth, id)
  const row = await q.updateCarrier(db, auth, id, version, { name: input.name, payer_id: input.payer_id, now })
  if (!row) throw new PreconditionError('version-mismatch', `Carrier ${id} was changed since version ${version}; GET it again and reapply your change`)
  return row
}

export function listCarriers(db: Executor, auth: AuthContext, f: { limit: number; cursor?: Cursor | undefined; payer_id?: string | undefined }): Promise<Carrier[]> {
  return q.listCarriers(db, auth, f)
}

/**
 * Records that `carrier_id` insures `plan_ids` of an employer over a period, and ties each plan
 * without a carrier to it. A plan of another employer, or already insured by another carrier,
 * is a 422 pointing at it; an overlapping period for the same employer and carrier is a 409.
 */
export async function createCoveragePeriod(tx: Executor, auth: AuthContext, actor: Actor, input: NewCoveragePeriod, now: string): Promise<CoveragePeriod> {
  await getEmployer(tx, auth, input.employer_id)
  if (input.end_date < input.start_date) throw InvalidError.fields('invalid-date-range', 'end_date is before start_date', [{ pointer: '/end_date', detail: `must be on or after start_date (${input.start_date})` }])
  const errors: FieldError[] = []
  const carrier = await q.findCarrier(tx, auth, input.carrier_id)
  if (!carrier) errors.push({ pointer: '/carrier_id', detail: 'is not a carrier of your organization' })
  const plans = new Map((await q.plansOf(tx, input.plan_ids)).map((p) => [p.id, p]))
  input.plan_ids.forEach((id, i) => {
    const plan = plans.get(id)
    if (!plan || plan.employer_id !== input.employer_id) errors.push({ pointer: `/plan_ids/${i}`, detail: 'is not a plan of this employer' })
    else if (plan.carrier_id !== null && plan.carrier_id !== input.carrier_id) errors.push({ pointer: `/plan_ids/${i}`, detail: `is insured by another carrier (${plan.carrier_id})` })
    // A period in which the plan does not exist would make its carrier insure nothing of it.
    else if (plan.py_end < input.start_date || plan.py_start > input.end_date) errors.push({ pointer: `/plan_ids/${i}`, detail: `its plan year (${plan.py_start} to ${plan.py_end}) does not overlap the period (${input.start_date} to ${input.end_date})` })
  })
  if (errors.length > 0) throw UnprocessableError.fields('coverage-period-invalid', 'The coverage period cannot be recorded', errors)

  const period = await q.insertCoveragePeriod(tx, { id: newId(), employer_id: input.employer_id, carrier_id: input.carrier_id, start_date: input.start_date, end_date: input.end_date, now })
  await q.linkPlans(tx, period.id, input.employer_id, input.plan_ids)
  await q.assignCarrier(tx, input.plan_ids, input.carrier_id, now)
  // A concurrent period may have tied a plan to another carrier between our read and our update.
  const after = await q.plansOf(tx, input.plan_ids)
  const taken = input.plan_ids.flatMap((id, i) => after.some((p) => p.id === id && p.carrier_id !== input.carrier_id) ? [{ pointer: `/plan_ids/${i}`, detail: 'is insured by another carrier' }] : [])
  if (taken.length > 0) throw UnprocessableError.fields('coverage-period-invalid', 'The coverage period cannot be recorded', taken)
  const result = { ...period, plan_ids: [...input.plan_ids] }
  await appendEvents(tx, actor, [{ employer_id: period.employer_id, aggregate_type: 'coverage_period', aggregate_id: period.id, type: 'coverage_period.created', after: result }], now)
  return result
}

export async function getCoveragePeriod(db: Executor, auth: AuthContext, id: string): Promise<CoveragePeriod> {
  const row = await q.findCoveragePeriod(db, auth, id)
  if (!row) throw new NotFoundError('not-found', `Coverage period ${id} not found`)
  const ids = await q.planIdsOf(db, [row.id])
  return { ...row, plan_ids: ids.get(row.id) ?? [] }
}

export async function listCoveragePeriods(db: Executor, auth: AuthContext, f: { limit: number; cursor?: Cursor | undefined; employer_id?: string | undefined; carrier_id?: string | undefined }): Promise<CoveragePeriod[]> {
  const rows = await q.listCoveragePeriods(db, auth, f)
  const ids = await q.planIdsOf(db, rows.map((r) => r.id))
  return rows.map((r) => ({ ...r, plan_ids: ids.get(r.id) ?? [] }))
}

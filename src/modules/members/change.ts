import { isDeepStrictEqual } from 'node:util'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { NotFoundError, PreconditionError, type FieldError } from '../../errors/app-error.js'
import { addDays } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import { appendEvents, type DomainEvent } from '../audit/index.js'
import { findClassification, findLocation } from '../employers/index.js'
import * as q from './queries.js'
import { maskSsn } from '../../shared/phi.js'
import { checkClassification, checkFamily, memberInvalid, normalizeGender, refuseIfAny, ssnProblem } from './rules.js'
import { seal, type Sealed } from './seal.js'
import type { Member, MemberChange } from './schemas.js'
import type { MemberContext } from './service.js'
import { employmentView, memberViews } from './view.js'

type Executor = Kysely<Database>

const DEMOGRAPHIC = ['first_name', 'middle_name', 'last_name', 'suffix', 'residential_address', 'mailing_address', 'phone_numbers', 'emails'] as const
const SUBSCRIBER_ONLY = ['location_id', 'employment_details', 'class', 'subgroup', 'employee_number'] as const


const EMPLOYMENT = ['status', 'wage_frequency', 'compensation', 'hours_per_week', 'annual_earnings_cents', 'earnings_effective_date', 'termination_date', 'location_id'] as const

/** Two stored values are the same (numbers as numeric text included: 40 and '40'). */
function same(a: unknown, b: unknown): boolean {
  if ((typeof a === 'number' || typeof b === 'number') && a !== null && b !== null && a !== undefined && b !== undefined) return Number(a) === Number(b)
  return isDeepStrictEqual(a, b)
}

/**
 * A change dated before later records must reach them: each record is a whole snapshot, so a later
 * one still holds the value from before the change and would bring it back. For every field the
 * change set (`before` → `after`), a later record that still holds the `before` value — it had
 * inherited it — takes the `after` value; a field the later record changed itself keeps its own
 * value. Returns the later record rebased, or undefined when nothing in it changes.
 */
function rebased<R extends object>(later: R, before: R | undefined, after: Record<string, unknown>, fields: readonly string[]): R | undefined {
  let out: Record<string, unknown> | undefined
  for (const f of fields) {
    const was = before === undefined ? undefined : (before as Record<string, unknown>)[f]
    const has = (later as Record<string, unknown>)[f]
    if (!same(was, after[f]) && same(has, was)) {
      out ??= { ...(later as Record<string, unknown>) }
      out[f] = after[f]
    }
  }
  return out as R | undefined
}

function demographicsOf(d: q.DemographicsRow | undefined) {
  return d ? { effective_date: d.effective_date, first_name: d.first_name, middle_name: d.middle_name, last_name: d.last_name, suffix: d.suffix, residential_address: d.residential_address, mailing_address: d.mailing_address, phone_numbers: d.phone_numbers, emails: d.emails } : null
}

/**
 * Applies an effective-dated change: new demographics and employment rows from `effective_date`
 * (earlier rows stay as they were), class/subgroup ranges closed the day before and opened on it.
 * Guarded by the member's version (If-Match); every part appends its event.
 */
export async function changeMember(tx: Executor, ctx: MemberContext, id: string, change: MemberChange, version: number, onlySubscriber: boolean): Promise<Member> {
  const member = await q.findMemberRow(tx, ctx.auth, id)
  if (!member || (onlySubscriber && member.subscriber_id !== null)) throw new NotFoundError('not-found', `${onlySubscriber ? 'Subscriber' : 'Member'} ${id} not found`)
  const isSubscriber = member.subscriber_id === null
  const date = change.effective_date
  const errors: FieldError[] = []
  if (!isSubscriber) for (const k of SUBSCRIBER_ONLY) if (change[k] !== undefined) errors.push({ pointer: `/${k}`, detail: 'applies to subscribers only' })
  const relationship = change.subscriber_relationship !== undefined && change.subscriber_relationship !== member.relationship ? change.subscriber_relationship : undefined
  if (relationship !== undefined) {
    // A divorce makes a spouse an ex_spouse; the family rules apply to the new relationship.
    if (isSubscriber) errors.push({ pointer: '/subscriber_relationship', detail: "a subscriber is always 'self'" })
    else {
      const subscriber = await q.findMemberRow(tx, ctx.auth, member.subscriber_id!)
      const others = (await q.dependentRows(tx, [member.subscriber_id!])).filter((d) => d.id !== id)
      errors.push(...checkFamily({ birth_date: subscriber!.birth_date }, others.map((d) => ({ subscriber_relationship: d.relationship, birth_date: d.birth_date })),
        [{ subscriber_relationship: relationship, birth_date: member.birth_date, at: '' }]))
    }
  }
  const ssn = change.social_security_number === undefined ? undefined : await correctedSsn(tx, ctx, member, change.social_security_number, errors)
  const gender = change.gender === undefined ? undefined : normalizeGender(change.gender)
  refuseIfAny(errors)

  const bumped = await q.bumpVersion(tx, id, version, ctx.now, {
    ...(change.external_identifier !== undefined ? { external_identifier: change.external_identifier } : {}),
    ...(change.employee_number !== undefined ? { employee_number: change.employee_number } : {}),
    ...(relationship !== undefined ? { relationship } : {}),
    ...(gender !== undefined ? { gender } : {}),
    ...(ssn?.changed === true ? ssn.sealed : {}),
  })
  if (!bumped) throw new PreconditionError('version-mismatch', `Member ${id} was changed since version ${version}; GET it again and reapply your change`)
  const events: DomainEvent[] = []
  const event = (type: string, before: unknown, after: unknown): void => { events.push({ employer_id: member.employer_id, aggregate_type: 'member', aggregate_id: id, type, before, after }) }

  if (DEMOGRAPHIC.some((k) => change[k] !== undefined)) {
    const current = (await q.demographicsAsOf(tx, [id], date, true)).get(id)
    const next: q.NewDemographics = {
      id: newId(), member_id: id, effective_date: date,
      first_name: change.first_name ?? current?.first_name ?? '', last_name: change.last_name ?? current?.last_name ?? '',
      middle_name: change.middle_name !== undefined ? change.middle_name : current?.middle_name ?? null,
      suffix: change.suffix !== undefined ? change.suffix : current?.suffix ?? null,
      residential_address: change.residential_address !== undefined ? change.residential_address : current?.residential_address ?? null,
      mailing_address: change.mailing_address !== undefined ? change.mailing_address : current?.mailing_address ?? null,
      phone_numbers: change.phone_numbers ?? current?.phone_numbers ?? [], emails: change.emails ?? current?.emails ?? [],
    }
    const carried = (await q.laterRecords(tx, 'member_demographics', id, date))
      .map((later) => rebased(later, current, next, DEMOGRAPHIC))
      .filter((r) => r !== undefined)
      .map(({ recorded_at: _, ...r }) => ({ ...r, id: newId() }) as q.NewDemographics)
    await q.insertDemographics(tx, [next, ...carried])
    event('member.demographics_changed', demographicsOf(current), { ...next, id: undefined, member_id: undefined, ...(carried.length > 0 ? { carried_into: carried.map((r) => r.effective_date) } : {}) })
  }

  if (isSubscriber && (change.employment_details !== undefined || change.location_id !== undefined)) {
    const current = (await q.employmentAsOf(tx, [id], date, false)).get(id)
    if (!current) throw memberInvalid([{ pointer: '/effective_date', detail: 'is before the employment starts; change the hire instead' }])
    const e = change.employment_details ?? {}
    if (change.location_id !== undefined) {
      const loc = await findLocation(tx, ctx.auth, change.location_id)
      if (!loc || loc.employer_id !== member.employer_id) throw memberInvalid([{ pointer: '/location_id', detail: "is not a location of the subscriber's employer" }])
    }
    const earningsChanged = e.annual_earnings !== undefined && e.annual_earnings !== current.annual_earnings_cents
    const next = {
      ...current, id: newId(), effective_date: date,
      status: e.status ?? current.status,
      wage_frequency: e.wage_frequency ?? current.wage_frequency,
      compensation: e.compensation ?? current.compensation,
      hours_per_week: e.hours_per_week ?? current.hours_per_week,
      annual_earnings_cents: e.annual_earnings ?? current.annual_earnings_cents,
      earnings_effective_date: e.earnings_effective_date ?? (earningsChanged ? date : current.earnings_effective_date),
      termination_date: e.termination_date !== undefined ? e.termination_date : current.termination_date,
      location_id: change.location_id ?? current.location_id,
    }
    if (next.earnings_effective_date !== null && next.earnings_effective_date < next.hire_date) throw memberInvalid([{ pointer: '/employment_details/earnings_effective_date', detail: `is before the hire date (${next.hire_date})` }])
    if (next.termination_date !== null && next.termination_date < next.hire_date) throw memberInvalid([{ pointer: '/employment_details/termination_date', detail: `is before the hire date (${next.hire_date})` }])
    const { recorded_at: _, ...row } = next
    await q.insertEmployment(tx, row)
    const carried: string[] = []
    for (const later of await q.laterRecords(tx, 'member_employment', id, date)) {
      const r = rebased(later, current, next, EMPLOYMENT)
      if (!r) continue
      const { recorded_at: _recorded, ...carriedRow } = r
      await q.insertEmployment(tx, { ...carriedRow, id: newId() })
      carried.push(r.effective_date)
    }
    event('member.employment_changed', employmentView(current), { ...employmentView({ ...next, hours_per_week: next.hours_per_week === null ? null : String(next.hours_per_week) }), ...(carried.length > 0 ? { carried_into: carried } : {}) })
  }

  for (const kind of ['class', 'subgroup'] as const) {
    const ref = change[kind]
    if (!isSubscriber || !ref) continue
    const found = await findClassification(tx, ctx.auth, ref.employment_classification_id)
    refuseIfAny(checkClassification(found, { kind, employer_id: member.employer_id, date }, `/${kind}`))
    const later = await q.laterAssignments(tx, id, kind, date)
    if (later.length > 0) throw memberInvalid([{ pointer: '/effective_date', detail: `a ${kind} assignment already starts on ${later[0]!.start_date}; date the change after it` }])
    const current = await q.assignmentOn(tx, id, kind, date)
    if (current) await q.endAssignment(tx, current.id, addDays(date, -1))
    await q.insertAssignment(tx, { id: newId(), member_id: id, classification_id: ref.employment_classification_id, kind, start_date: date, end_date: current?.end_date ?? null })
    event('member.classification_changed', current ? { kind, employment_classification_id: current.classification_id, effective_date: current.start_date } : null, { kind, employment_classification_id: ref.employment_classification_id, effective_date: date })
  }
  if (relationship !== undefined) event('member.relationship_changed', { subscriber_relationship: member.relationship, effective_date: date }, { subscriber_relationship: relationship, effective_date: date })
  if (change.external_identifier !== undefined || change.employee_number !== undefined) {
    event('member.identifiers_changed', { external_identifier: member.external_identifier, employee_number: member.employee_number }, { external_identifier: bumped.external_identifier, employee_number: bumped.employee_number })
  }
  // Masked in the event as in every response: the outbox never holds an SSN.
  if (ssn?.changed === true) {
    event('member.ssn_corrected', { social_security_number: maskSsn(member.ssn_last4) }, { social_security_number: maskSsn(ssn.sealed.ssn_last4) })
  }
  if (gender !== undefined && gender !== member.gender) event('member.gender_corrected', { gender: member.gender }, { gender })
  await appendEvents(tx, ctx.actor, events, ctx.now)
  const [view] = await memberViews(tx, [bumped], date, { fallback: true, withDependents: true })
  return view!
}

/**
 * A corrected SSN (a mistyped one is common, and a carrier matches members by it), sealed as at
 * creation, with whether it differs from the one on file; problems go to `errors`: not an SSN that
 * can have been issued, or the SSN of another member of the family or of another subscriber of the
 * employer (the unique indexes decide races).
 */
async function correctedSsn(tx: Executor, ctx: MemberContext, member: q.MemberRow, ssn: string | null, errors: FieldError[]): Promise<{ sealed: Sealed; changed: boolean }> {
  const pointer = '/social_security_number'
  if (ssn !== null) {
    const problem = ssnProblem(ssn)
    if (problem) { errors.push({ pointer, detail: problem }); return { sealed: seal(ctx.phi, null), changed: false } }
  }
  const sealed = seal(ctx.phi, ssn)
  const current = await q.ssnHmacOf(tx, member.id)
  if (sealed.ssn_hmac === current) return { sealed, changed: false }
  if (sealed.ssn_hmac !== null) {
    const family = member.subscriber_id ?? member.id
    // As adding a dependent does: a concurrent change in the family waits, so two members can
    // never take one SSN (the unique index covers dependents among themselves, not the subscriber).
    await q.lockFamily(tx, family)
    if ((await q.familySsnHashes(tx, family)).includes(sealed.ssn_hmac)) errors.push({ pointer, detail: 'is the SSN of another member of this family' })
    else if (member.subscriber_id === null && await q.subscriberWithSsn(tx, member.employer_id, sealed.ssn_hmac)) errors.push({ pointer, detail: 'belongs to another subscriber of this employer' })
  }
  return { sealed, changed: true }
}

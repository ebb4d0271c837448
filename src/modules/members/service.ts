import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, UnprocessableError, type FieldError } from '../../errors/app-error.js'
import type { Cursor } from '../../http/pagination.js'
import type { PlainDate } from '../../shared/dates.js'
import { newId } from '../../shared/ids.js'
import type { PhiCipher } from '../../shared/phi.js'
import { appendEvents, type Actor } from '../audit/index.js'
import { findClassification, findLocation, getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import * as q from './queries.js'
import { checkClassification, checkEmployment, checkFamily, checkPerson, memberInvalid, normalizeGender, refuseIfAny, ssnDigits } from './rules.js'
import type { ClassificationRef, Member, NewDependent, NewSubscriber } from './schemas.js'
import { seal } from './seal.js'
import { memberViews } from './view.js'

type Executor = Kysely<Database>

onConstraint('members_subscriber_ssn_unique', () => UnprocessableError.fields('member-invalid', 'Another subscriber of this employer has this SSN', [{ pointer: '/social_security_number', detail: 'belongs to another subscriber of this employer' }]))
onConstraint('members_family_ssn_unique', () => UnprocessableError.fields('member-invalid', 'Another member of this family has this SSN', [{ pointer: '/social_security_number', detail: 'belongs to another member of this family' }]))
onConstraint('members_external_identifier_unique', () => new ConflictError('duplicate', 'The employer already has a member with this external_identifier'))
onConstraint('members_employee_number_unique', () => new ConflictError('duplicate', 'The employer already has a member with this employee_number'))

/** What the member services need besides the database. */
export interface MemberContext {
  readonly auth: AuthContext
  readonly actor: Actor
  readonly phi: PhiCipher
  readonly now: string
  readonly today: PlainDate
}



/** The employer of a new subscriber: the location's, or employer_id; both must agree. */
async function employerOf(db: Executor, auth: AuthContext, s: NewSubscriber, at: string): Promise<string> {
  if (s.location_id === undefined) {
    if (s.employer_id === undefined) throw memberInvalid([{ pointer: `${at}/employer_id`, detail: 'is required when location_id is not given' }])
    return (await getEmployer(db, auth, s.employer_id)).id
  }
  const location = await findLocation(db, auth, s.location_id)
  if (!location) throw memberInvalid([{ pointer: `${at}/location_id`, detail: 'is not a location of an employer you can see' }])
  if (s.employer_id !== undefined && s.employer_id !== location.employer_id) throw memberInvalid([{ pointer: `${at}/location_id`, detail: `is a location of another employer (${location.employer_id})` }])
  return location.employer_id
}

async function checkRefs(db: Executor, auth: AuthContext, employerId: string, refs: { class?: ClassificationRef | undefined; subgroup?: ClassificationRef | undefined }, at: string): Promise<FieldError[]> {
  const errors: FieldError[] = []
  for (const kind of ['class', 'subgroup'] as const) {
    const ref = refs[kind]
    if (!ref) continue
    const found = await findClassification(db, auth, ref.employment_classification_id)
    errors.push(...checkClassification(found, { kind, employer_id: employerId, date: ref.effective_date }, `${at}/${kind}`))
  }
  return errors
}

function demographicsOf(memberId: string, effective: PlainDate, p: NewDependent | NewSubscriber): q.NewDemographics {
  return {
    id: newId(), member_id: memberId, effective_date: effective, first_name: p.first_name, middle_name: p.middle_name ?? null,
    last_name: p.last_name, suffix: p.suffix ?? null, residential_address: p.residential_address ?? null,
    mailing_address: p.mailing_address ?? null, phone_numbers: p.phone_numbers ?? [], emails: p.emails ?? [],
  }
}

async function insertDependent(tx: Executor, ctx: MemberContext, subscriber: { id: string; employer_id: string }, d: NewDependent): Promise<q.MemberRow> {
  const row = await q.insertMember(tx, {
    id: newId(), employer_id: subscriber.employer_id, subscriber_id: subscriber.id, relationship: d.subscriber_relationship,
    external_identifier: d.external_identifier ?? null, employee_number: null, birth_date: d.birth_date, gender: normalizeGender(d.gender),
    ...seal(ctx.phi, d.social_security_number),
  }, ctx.now)
  await q.insertDemographics(tx, [demographicsOf(row.id, ctx.today < d.birth_date ? d.birth_date : ctx.today, d)])
  return row
}

/**
 * Creates a subscriber with employment, class, subgroup and dependents (seed 003). Every
 * semantic problem is a 422 `member-invalid` listing pointers into the request as sent.
 */
export async function createSubscriber(tx: Executor, ctx: MemberContext, s: NewSubscriber, at: string): Promise<Member> {
  const employerId = await employerOf(tx, ctx.auth, s, at)
  const errors: FieldError[] = [...checkPerson(s, at, ctx.today), ...checkEmployment(s.employment_details, `${at}/employment_details`)]
  const deps = s.dependents ?? []
  deps.forEach((d, i) => errors.push(...checkPerson(d, `${at}/dependents/${i}`, ctx.today)))
  const digits = (ssn: string | null | undefined) => (ssn == null ? undefined : ssnDigits(ssn))
  errors.push(...checkFamily({ birth_date: s.birth_date, ssn: digits(s.social_security_number) }, [],
    deps.map((d, i) => ({ subscriber_relationship: d.subscriber_relationship, birth_date: d.birth_date, ssn: digits(d.social_security_number), at: `${at}/dependents/${i}` }))))
  errors.push(...await checkRefs(tx, ctx.auth, employerId, s, at))
  const sealed = seal(ctx.phi, s.social_security_number)
  if (sealed.ssn_hmac && await q.subscriberWithSsn(tx, employerId, sealed.ssn_hmac)) {
    errors.push({ pointer: `${at}/social_security_number`, detail: 'belongs to another subscriber of this employer' })
  }
  refuseIfAny(errors)

  const e = s.employment_details
  const row = await q.insertMember(tx, {
    id: newId(), employer_id: employerId, subscriber_id: null, relationship: 'self', external_identifier: s.external_identifier ?? null,
    employee_number: s.employee_number ?? null, birth_date: s.birth_date, gender: normalizeGender(s.gender), ...sealed,
  }, ctx.now)
  // Demographics are known from the earlier of today and the hire date (a hire keyed ahead of time).
  await q.insertDemographics(tx, [demographicsOf(row.id, e.start_date < ctx.today ? e.start_date : ctx.today, s)])
  await q.insertEmployment(tx, {
    id: newId(), member_id: row.id, effective_date: e.start_date, hire_date: e.start_date, termination_date: null, status: e.status,
    hours_per_week: e.hours_per_week ?? null, wage_frequency: e.wage_frequency, compensation: e.compensation ?? null,
    annual_earnings_cents: e.annual_earnings ?? null, earnings_effective_date: e.earnings_effective_date ?? (e.annual_earnings !== undefined ? e.start_date : null),
    location_id: s.location_id ?? null,
  })
  for (const kind of ['class', 'subgroup'] as const) {
    const ref = s[kind]
    if (ref) await q.insertAssignment(tx, { id: newId(), member_id: row.id, classification_id: ref.employment_classification_id, kind, start_date: ref.effective_date, end_date: null })
  }
  const dependents = []
  for (const d of deps) dependents.push(await insertDependent(tx, ctx, row, d))
  const [view] = await memberViews(tx, [row], ctx.today, { fallback: true, withDependents: true })
  const { dependents: shown = [], ...subscriber } = view!
  await appendEvents(tx, ctx.actor, [
    { employer_id: employerId, aggregate_type: 'member', aggregate_id: row.id, type: 'member.created', after: subscriber },
    ...shown.map((d) => ({ employer_id: employerId, aggregate_type: 'member' as const, aggregate_id: d.id, type: 'member.dependent_added', after: d })),
  ], ctx.now)
  return view!
}

/** Adds a dependent to an existing subscriber (a birth, a marriage, an adoption). */
export async function addDependent(tx: Executor, ctx: MemberContext, subscriberId: string, d: NewDependent): Promise<Member> {
  const subscriber = await q.findMemberRow(tx, ctx.auth, subscriberId)
  if (!subscriber || subscriber.subscriber_id !== null) throw new NotFoundError('not-found', `Subscriber ${subscriberId} not found`)
  await q.lockFamily(tx, subscriberId)
  const existing = await q.dependentRows(tx, [subscriberId])
  const errors = checkPerson(d, '', ctx.today)
  const ssn = d.social_security_number == null ? undefined : ssnDigits(d.social_security_number)
  errors.push(...checkFamily({ birth_date: subscriber.birth_date }, existing.map((e) => ({ subscriber_relationship: e.relationship, birth_date: e.birth_date })),
    [{ subscriber_relationship: d.subscriber_relationship, birth_date: d.birth_date, ssn, at: '' }]))
  if (ssn && (await q.familySsnHashes(tx, subscriberId)).includes(ctx.phi.lookupHash(ssn))) {
    errors.push({ pointer: '/social_security_number', detail: 'is the SSN of another member of this family' })
  }
  refuseIfAny(errors)
  const row = await insertDependent(tx, ctx, subscriber, d)
  const [view] = await memberViews(tx, [row], ctx.today, { fallback: true, withDependents: false })
  await appendEvents(tx, ctx.actor, [{ employer_id: row.employer_id, aggregate_type: 'member', aggregate_id: row.id, type: 'member.dependent_added', after: view }], ctx.now)
  return view!
}

/** Any member (subscriber with dependents, or dependent) as of a date; 404 when invisible. */
export async function getMember(db: Executor, auth: AuthContext, id: string, asOf: PlainDate | undefined, today: PlainDate, onlySubscriber = false): Promise<Member> {
  const row = await q.findMemberRow(db, auth, id)
  if (!row || (onlySubscriber && row.subscriber_id !== null)) throw new NotFoundError('not-found', `${onlySubscriber ? 'Subscriber' : 'Member'} ${id} not found`)
  const [view] = await memberViews(db, [row], asOf ?? today, { fallback: asOf === undefined, withDependents: true })
  return view!
}

export async function listSubscribers(db: Executor, auth: AuthContext, phi: PhiCipher, f: Omit<q.SubscriberFilter, 'ssn_hmac'> & { ssn?: string | undefined; as_of?: PlainDate | undefined }, today: PlainDate): Promise<Member[]> {
  let ssnHmac: string | undefined
  if (f.ssn !== undefined) {
    const digits = ssnDigits(f.ssn)
    if (!digits) throw InvalidError.fields('validation', 'ssn must be 9 digits', [{ pointer: '/ssn', detail: 'must be 9 digits (dashes allowed)' }])
    ssnHmac = phi.lookupHash(digits)
  }
  const rows = await q.listSubscriberRows(db, auth, { ...f, ssn_hmac: ssnHmac })
  return memberViews(db, rows, f.as_of ?? today, { fallback: f.as_of === undefined, withDependents: true })
}

export type { Cursor }

import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { UnprocessableError } from '../../errors/app-error.js'
import type { PlainDate } from '../../shared/dates.js'
import { MemorySink, validate834, write834, type Member } from '../../x12/index.js'
import { getCarrier } from '../carriers/index.js'
import { getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import { coverageChanges, demographicChange, knownAt, memberMaintenance, memberStandings } from './changes.js'
import { familyMembers, fullFileHeader, INSURANCE_LINES, memberOf, sendable, subscriberIdentifier, type CarrierAddress, type CarrierCoverage, type CarrierFamily, type CarrierPerson } from './full-file.js'
import * as q from './queries.js'
import type { CarrierFile } from './schemas.js'

type Executor = Kysely<Database>

/** The record in force on `date` of a member's history (oldest first), else its first. */
function inForce<R extends { effective_date: string }>(history: readonly R[] | undefined, date: PlainDate): R | undefined {
  if (history === undefined) return undefined
  let found: R | undefined
  for (const r of history) if (r.effective_date <= date) found = r
  return found ?? history[0]
}

function groupBy<R>(rows: readonly R[], key: (r: R) => string): Map<string, R[]> {
  const out = new Map<string, R[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

const firstContact = (list: unknown[] | undefined): string | null => {
  const first = (list ?? [])[0] as { contact?: unknown } | undefined
  return typeof first?.contact === 'string' ? first.contact : null
}

/** How long a change file's window must be over before it is read (longer than any request that records enrollments). */
export const CHANGES_SETTLE_MS = 60_000

type Employer = Awaited<ReturnType<typeof getEmployer>>
type Carrier = Awaited<ReturnType<typeof getCarrier>>

/** The employer and carrier a file is for (404 when the caller cannot see either), and a payer id ISA08 can hold. */
async function parties(db: Executor, auth: AuthContext, employerId: string, carrierId: string): Promise<{ employer: Employer; carrier: Carrier }> {
  const employer = await getEmployer(db, auth, employerId)
  const carrier = await getCarrier(db, auth, carrierId)
  if (carrier.payer_id.length > 15) {
    throw UnprocessableError.fields('payer-id-too-long', 'The carrier\'s payer id cannot be an interchange receiver id', [{ pointer: '/carrier_id', detail: `payer id ${carrier.payer_id} is longer than ISA08's 15 characters` }])
  }
  return { employer, carrier }
}

/** The employer's people as of a date: a person with the coverage given, and a subscriber with employment. */
async function population(db: Executor, employerId: string, asOf: PlainDate) {
  const [people, demographics, employment] = await Promise.all([q.employerMembers(db, employerId), q.employerDemographics(db, employerId), q.employerEmployment(db, employerId)])
  const demoOf = groupBy(demographics, (d) => d.member_id)
  const jobOf = groupBy(employment, (e) => e.member_id)
  const personOf = new Map(people.map((p) => [p.id, p]))
  const person = (id: string, coverages: readonly CarrierCoverage[]): CarrierPerson => {
    const p = personOf.get(id)!
    const d = inForce(demoOf.get(id), asOf)
    return {
      id, relationship: p.subscriber_id === null ? 'self' : p.relationship, birth_date: p.birth_date, gender: p.gender,
      first_name: d?.first_name ?? '', middle_name: d?.middle_name ?? null, last_name: d?.last_name ?? '', suffix: d?.suffix ?? null,
      residential_address: (d?.residential_address ?? null) as CarrierAddress | null, phone: firstContact(d?.phone_numbers), email: firstContact(d?.emails),
      coverages,
    }
  }
  const subscriber = (id: string, coverages: readonly CarrierCoverage[]): CarrierFamily['subscriber'] => {
    const job = inForce(jobOf.get(id), asOf)
    return { ...person(id, coverages), employee_number: personOf.get(id)!.employee_number, hire_date: job?.hire_date ?? null, employment_status: job?.status ?? null }
  }
  const position = new Map(people.map((p, i) => [p.id, p.subscriber_id === null ? -1 : i]))
  const order = (id: string): number => position.get(id) ?? Number.MAX_SAFE_INTEGER
  return { people, personOf, person, subscriber, order }
}

/** Coverage an 834 cannot carry, per plan. */
function omittedOf(coverages: readonly CarrierCoverage[]): CarrierFile['omitted'] {
  const omitted = new Map<string, CarrierFile['omitted'][number]>()
  for (const c of coverages) {
    const reason = sendable(c)
    if (reason === undefined) continue
    const seen = omitted.get(c.plan_id)
    if (seen) seen.coverages++
    else omitted.set(c.plan_id, { plan_id: c.plan_id, plan_type: c.plan_type, coverages: 1, reason })
  }
  return [...omitted.values()]
}

/** Writes the members as one interchange to the carrier, validates it with our validator, and answers both. */
async function fileOf(
  p: { employer: Employer; carrier: Carrier }, input: { usage: 'T' | 'P'; control_number: number }, members: Member[],
  file: { as_of: PlainDate; reference: string; action: '4' | '2'; omitted: CarrierFile['omitted'] }, now: Date, today: PlainDate,
): Promise<CarrierFile> {
  const { employer, carrier } = p
  const subscribers = members.filter((m) => m.INS.INS01 === 'Y').length
  const sink = new MemorySink()
  await write834(sink, {
    sender_id: employer.tax_id?.replace(/\D/g, '') || 'OPENENROLL', ...(employer.tax_id ? { sender_qualifier: '30' } : {}),
    receiver_id: carrier.payer_id, usage: input.usage, interchange_control_number: input.control_number, date: now,
    header: fullFileHeader({
      as_of: file.as_of, created_at: now, reference: file.reference,
      sponsor: { name: employer.name, tax_id: employer.tax_id, id: employer.id }, payer: { name: carrier.name, payer_id: carrier.payer_id },
    }, { subscribers, dependents: members.length - subscribers }, file.action),
    members,
  })
  const x12 = sink.text()
  const result = await validate834(x12, { today })
  return {
    employer_id: employer.id, carrier_id: carrier.id, as_of: file.as_of, interchange_control_number: input.control_number,
    subscribers, dependents: members.length - subscribers, coverages: members.reduce((n, m) => n + (m.health_coverages?.length ?? 0), 0),
    omitted: file.omitted,
    validation: {
      valid: result.valid, error_count: result.error_count, warning_count: result.warning_count,
      findings: result.findings.map((f) => ({
        code: f.code, severity: f.severity, segment_id: f.location.segment_id, segment_index: f.location.segment_index,
        ...(f.location.element !== undefined ? { element: f.location.element } : {}), loop: f.location.loop_path,
      })),
    },
    x12,
  }
}

/**
 * The carrier's full file for an employer on `as_of`: every member with coverage in force under a
 * plan the carrier insures then, as an 834 the carrier can reconcile its roll against, checked by
 * our own validator. The API never answers an SSN, so members are identified by employee number
 * (or OpenEnroll id) in REF*0F and NM108/NM109 are left out; a file delivered to the carrier over
 * its own channel would carry them (`CarrierPerson.ssn`).
 */
export async function carrierFullFile(db: Executor, auth: AuthContext, input: { employer_id: string; carrier_id: string; as_of: PlainDate; usage: 'T' | 'P'; control_number: number }, now: Date, today: PlainDate): Promise<CarrierFile> {
  const p = await parties(db, auth, input.employer_id, input.carrier_id)
  const [coverages, pop] = await Promise.all([q.carrierCoverages(db, p.employer.id, p.carrier.id, input.as_of), population(db, p.employer.id, input.as_of)])
  const byMember = groupBy(coverages, (c) => c.member_id)
  const dependentsOf = groupBy(pop.people.filter((x) => x.subscriber_id !== null && byMember.has(x.id)), (x) => x.subscriber_id!)
  const families: CarrierFamily[] = []
  for (const subscriberId of new Set(coverages.map((c) => c.subscriber_id))) {
    if (!pop.personOf.has(subscriberId)) continue
    const dependents = (dependentsOf.get(subscriberId) ?? []).map((x) => pop.person(x.id, byMember.get(x.id) ?? []))
    families.push({ subscriber: pop.subscriber(subscriberId, byMember.get(subscriberId) ?? []), dependents })
  }
  const members = families.flatMap(familyMembers)
  const omitted = omittedOf(coverages)
  // A full file lists everyone covered: an empty one would tell the carrier to end every coverage.
  if (members.length === 0) {
    const left = omitted.length === 0 ? '' : ` (${omitted.reduce((n, o) => n + o.coverages, 0)} coverage records of plan types an 834 cannot carry)`
    throw UnprocessableError.fields('carrier-file-empty', 'Nobody to send: a full file with no members would end every coverage at the carrier', [{ pointer: '/as_of', detail: `no coverage an 834 can carry is in force on ${input.as_of} under plans ${p.carrier.name} insures${left}` }])
  }
  return fileOf(p, input, members, { as_of: input.as_of, reference: `FULL-${input.as_of}-${input.control_number}`, action: '4', omitted }, now, today)
}

/**
 * The carrier's change file (BGN08 2): what changed in the employer's coverage under plans the
 * carrier insures between `since` and `until` (recorded times), per member: coverage added (021),
 * ended or cancelled (024, with DTP*349 and the member's DTP*357 when all of it ends), reinstated
 * (025) or otherwise changed (001). Members appear as they are known at `until`; dependents come
 * after their subscriber when both changed, alone otherwise (the carrier matches them by REF*0F).
 */
export async function carrierChangeFile(db: Executor, auth: AuthContext, input: { employer_id: string; carrier_id: string; since: string; until: string; usage: 'T' | 'P'; control_number: number }, now: Date, today: PlainDate): Promise<CarrierFile> {
  if (Date.parse(input.since) >= Date.parse(input.until)) {
    throw UnprocessableError.fields('invalid-date-range', 'since must be before until', [{ pointer: '/since', detail: `must be before until (${input.until})` }])
  }
  // A change is recorded with its request's start time and committed later: a window that ends
  // too close to now could miss one still in flight, which the next window (from this until) would
  // then take as already sent.
  const settled = new Date(now.getTime() - CHANGES_SETTLE_MS).toISOString()
  if (Date.parse(input.until) > Date.parse(settled)) {
    throw UnprocessableError.fields('invalid-date-range', 'until is too recent: changes still being written could be missed', [{ pointer: '/until', detail: `must be on or before ${settled} (${CHANGES_SETTLE_MS / 1000} s before now)` }])
  }
  const p = await parties(db, auth, input.employer_id, input.carrier_id)
  const asOf = input.until.slice(0, 10)
  const [history, pop] = await Promise.all([q.carrierHistory(db, p.employer.id, p.carrier.id), population(db, p.employer.id, asOf)])
  const changes = coverageChanges(history, input.since, input.until)
  const standings = memberStandings(history.filter((r) => INSURANCE_LINES[r.plan_type] !== undefined), input.since, input.until)
  const sendableChanges = changes.filter((c) => sendable(c.coverage) === undefined)
  // Members on the carrier's roll at `until` whose name or address changed in the window (INS03 001, INS04 25 or 43).
  const until = Date.parse(input.until)
  const onRoll = new Set(history.filter((r) => INSURANCE_LINES[r.plan_type] !== undefined && r.status !== 'cancelled' && knownAt(r, until)).map((r) => r.member_id))
  const moved = new Map<string, 'name' | 'address'>()
  for (const e of await q.demographicEvents(db, p.employer.id, input.since, input.until)) {
    if (!onRoll.has(e.aggregate_id)) continue
    // A corrected SSN or gender is identifying data (INS04 25), as a name is.
    const change = e.type === 'member.demographics_changed' ? demographicChange(e.before, e.after) : 'name'
    if (change !== undefined && moved.get(e.aggregate_id) !== 'name') moved.set(e.aggregate_id, change)
  }
  if (sendableChanges.length === 0 && moved.size === 0) {
    throw UnprocessableError.fields('carrier-file-empty', 'Nothing changed to send', [{ pointer: '/since', detail: `no change an 834 can carry to coverage under plans ${p.carrier.name} insures, nor to its members' names or addresses, was recorded between ${input.since} and ${input.until}` }])
  }
  const byMember = groupBy(sendableChanges, (c) => c.member_id)
  const familyOf = new Map<string, Set<string>>()
  const add = (subscriberId: string, memberId: string): void => { const set = familyOf.get(subscriberId) ?? new Set([subscriberId]); set.add(memberId); familyOf.set(subscriberId, set) }
  for (const c of sendableChanges) add(c.subscriber_id, c.member_id)
  for (const id of moved.keys()) add(pop.personOf.get(id)?.subscriber_id ?? id, id)
  const members: Member[] = []
  for (const [subscriberId, family] of familyOf) {
    if (!pop.personOf.has(subscriberId)) continue
    const subscriber = pop.subscriber(subscriberId, [])
    const id = subscriberIdentifier({ subscriber, dependents: [] })
    // The subscriber first (sent without changes of its own, INS03 001, when only dependents
    // changed: dependents follow their subscriber), then the dependents as the family lists them.
    for (const memberId of [...family].sort((a, b) => pop.order(a) - pop.order(b))) {
      const coverages = (byMember.get(memberId) ?? []).map((c) => c.coverage)
      const employment = memberId === subscriberId ? { hire_date: subscriber.hire_date, status: subscriber.employment_status } : undefined
      const demographic = moved.get(memberId)
      const reason = demographic === 'address' ? '43' : demographic === 'name' ? '25' : 'XN'
      let maintenance: { INS03: string; INS04: string; eligibility_end?: string } = coverages.length === 0 ? { INS03: '001', INS04: reason } : memberMaintenance(coverages, standings.get(memberId))
      if (maintenance.INS03 === '001' && maintenance.INS04 === 'XN') maintenance = { ...maintenance, INS04: reason }
      const member = memberOf(pop.person(memberId, coverages), id, employment, maintenance)
      // INS04 43 promises the new address: one X12 cannot carry (or none) is an identifying-data change.
      if (member.INS.INS04 === '43' && member.member_name.N3 === undefined) member.INS.INS04 = '25'
      members.push(member)
    }
  }
  const stamp = (t: string): string => t.replace(/[-:]/g, '').slice(0, 13)
  return fileOf(p, input, members, { as_of: asOf, reference: `CHG-${stamp(input.since)}-${stamp(input.until)}-${input.control_number}`, action: '2', omitted: omittedOf(changes.map((c) => c.coverage)) }, now, today)
}

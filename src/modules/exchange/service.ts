import type { Kysely } from 'kysely'
import type { Database } from '../../db/types.js'
import { UnprocessableError } from '../../errors/app-error.js'
import type { PlainDate } from '../../shared/dates.js'
import { MemorySink, validate834, write834 } from '../../x12/index.js'
import { getCarrier } from '../carriers/index.js'
import { getEmployer } from '../employers/index.js'
import type { AuthContext } from '../organizations/index.js'
import { familyMembers, fullFileHeader, sendable, type CarrierAddress, type CarrierCoverage, type CarrierFamily, type CarrierPerson } from './full-file.js'
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

/**
 * The carrier's full file for an employer on `as_of`: every member with coverage in force under a
 * plan the carrier insures then, as an 834 the carrier can reconcile its roll against, checked by
 * our own validator. The API never answers an SSN, so members are identified by employee number
 * (or OpenEnroll id) in REF*0F and NM108/NM109 are left out; a file delivered to the carrier over
 * its own channel would carry them (`CarrierPerson.ssn`).
 */
export async function carrierFullFile(db: Executor, auth: AuthContext, input: { employer_id: string; carrier_id: string; as_of: PlainDate; usage: 'T' | 'P'; control_number: number }, now: Date, today: PlainDate): Promise<CarrierFile> {
  const employer = await getEmployer(db, auth, input.employer_id)
  const carrier = await getCarrier(db, auth, input.carrier_id)
  if (carrier.payer_id.length > 15) {
    throw UnprocessableError.fields('payer-id-too-long', 'The carrier\'s payer id cannot be an interchange receiver id', [{ pointer: '/carrier_id', detail: `payer id ${carrier.payer_id} is longer than ISA08's 15 characters` }])
  }
  const [coverages, people, demographics, employment] = await Promise.all([
    q.carrierCoverages(db, employer.id, carrier.id, input.as_of), q.employerMembers(db, employer.id),
    q.employerDemographics(db, employer.id), q.employerEmployment(db, employer.id),
  ])
  const byMember = groupBy(coverages, (c) => c.member_id)
  const demoOf = groupBy(demographics, (d) => d.member_id)
  const jobOf = groupBy(employment, (e) => e.member_id)
  const personOf = new Map(people.map((p) => [p.id, p]))
  const dependentsOf = groupBy(people.filter((p) => p.subscriber_id !== null && byMember.has(p.id)), (p) => p.subscriber_id!)

  const person = (id: string): CarrierPerson => {
    const p = personOf.get(id)!
    const d = inForce(demoOf.get(id), input.as_of)
    return {
      id, relationship: p.subscriber_id === null ? 'self' : p.relationship, birth_date: p.birth_date, gender: p.gender,
      first_name: d?.first_name ?? '', middle_name: d?.middle_name ?? null, last_name: d?.last_name ?? '', suffix: d?.suffix ?? null,
      residential_address: (d?.residential_address ?? null) as CarrierAddress | null, phone: firstContact(d?.phone_numbers), email: firstContact(d?.emails),
      coverages: (byMember.get(id) ?? []).map((c): CarrierCoverage => ({ ...c, coverage_tier: c.coverage_tier })),
    }
  }
  const families: CarrierFamily[] = []
  for (const subscriberId of new Set(coverages.map((c) => c.subscriber_id))) {
    const s = personOf.get(subscriberId)
    if (s === undefined) continue
    const job = inForce(jobOf.get(subscriberId), input.as_of)
    const dependents = (dependentsOf.get(subscriberId) ?? []).map((p) => person(p.id))
    families.push({ subscriber: { ...person(subscriberId), employee_number: s.employee_number, hire_date: job?.hire_date ?? null, employment_status: job?.status ?? null }, dependents })
  }

  const members = families.flatMap(familyMembers)
  const subscribers = members.filter((m) => m.INS.INS01 === 'Y').length
  const omitted = new Map<string, CarrierFile['omitted'][number]>()
  for (const c of coverages) {
    const reason = sendable(c)
    if (reason === undefined) continue
    const seen = omitted.get(c.plan_id)
    if (seen) seen.coverages++
    else omitted.set(c.plan_id, { plan_id: c.plan_id, plan_type: c.plan_type, coverages: 1, reason })
  }
  // A full file lists everyone covered: an empty one would tell the carrier to end every coverage.
  if (members.length === 0) {
    const left = omitted.size === 0 ? '' : ` (${[...omitted.values()].reduce((n, o) => n + o.coverages, 0)} coverage records of plan types an 834 cannot carry)`
    throw UnprocessableError.fields('carrier-file-empty', 'Nobody to send: a full file with no members would end every coverage at the carrier', [{ pointer: '/as_of', detail: `no coverage an 834 can carry is in force on ${input.as_of} under plans ${carrier.name} insures${left}` }])
  }
  const sink = new MemorySink()
  await write834(sink, {
    sender_id: employer.tax_id?.replace(/\D/g, '') || 'OPENENROLL', ...(employer.tax_id ? { sender_qualifier: '30' } : {}),
    receiver_id: carrier.payer_id, usage: input.usage, interchange_control_number: input.control_number, date: now,
    header: fullFileHeader({
      as_of: input.as_of, created_at: now, reference: `FULL-${input.as_of}-${input.control_number}`,
      sponsor: { name: employer.name, tax_id: employer.tax_id, id: employer.id }, payer: { name: carrier.name, payer_id: carrier.payer_id },
    }, { subscribers, dependents: members.length - subscribers }),
    members,
  })
  const x12 = sink.text()
  const result = await validate834(x12, { today })
  return {
    employer_id: employer.id, carrier_id: carrier.id, as_of: input.as_of, interchange_control_number: input.control_number,
    subscribers, dependents: members.length - subscribers, coverages: members.reduce((n, m) => n + (m.health_coverages?.length ?? 0), 0),
    omitted: [...omitted.values()],
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

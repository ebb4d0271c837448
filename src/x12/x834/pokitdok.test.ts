import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { validate834 } from '../validate/validate-834.js'
import { parse834 } from './parser.js'
import { envelope834, format834 } from './write.js'
import type { Interchange834, Member } from './model.js'
import {
  ACTIONS, BENEFIT_STATUSES, BENEFIT_TYPES, COB_STATUSES, COMMUNICATION_TYPES, EMPLOYMENT_STATUSES, GENDERS,
  INS03_CODES, MAINTENANCE_REASONS, MAINTENANCE_TYPES, PAYER_RESPONSIBILITIES, PURPOSES, RELATIONSHIPS,
  relationshipLabel, STUDENT_STATUSES, type CodeTable,
} from './pokitdok-codes.js'
import { PokitdokError } from './pokitdok-issues.js'
import { parsePokitdokJson } from './pokitdok-json.js'
import { normalizePokitdok } from './pokitdok-normalize.js'
import type { PokitdokMember, PokitdokRequest } from './pokitdok-schema.js'
import { membersToPokitdok, notCarried, pokitdokToMembers } from './pokitdok.js'

const NOW = new Date('2026-03-01T12:00:00Z')
const FIXTURES = ['enroll-subscriber', 'add-dependent', 'terminate-subscriber'] as const

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/pokitdok-${name}.json`, import.meta.url), 'utf8')
}

/** JSON → 834 text → parsed model → JSON, the way the CLI's from-json | to-json does it. */
function throughX12(value: unknown): { text: string; back: PokitdokRequest[] } {
  const { header, members, receiver } = pokitdokToMembers(value, { now: NOW, controlNumber: '0001' })
  const { ISA, GS } = envelope834({ sender_id: 'OPENENROLL', receiver_id: receiver ?? 'CARRIER',
    interchange_control_number: 1, date: NOW })
  const text = format834([{ ISA, delimiters: { element: '*', component: ':', repetition: '^', segment: '~' },
    groups: [{ GS, transactions: [{ header, members }] }] }])
  const [interchange] = parse834(text)
  const group = interchange?.groups[0]
  const tx = group?.transactions[0]
  assert.ok(interchange && group && tx)
  return { text, back: [...membersToPokitdok(tx.header, tx.members, { ISA: interchange.ISA, GS: group.GS })] }
}

/** What a request reads back as: the normalised form, with shared relationship codes resolved by gender. */
function expectedBack(value: unknown, receiver: string): PokitdokRequest {
  const { request } = normalizePokitdok(value)
  const relabel = (m: PokitdokMember): PokitdokMember => {
    if (m.relationship === undefined) return m
    const code = RELATIONSHIPS.codeOf(m.relationship) ?? ''
    return { ...m, relationship: relationshipLabel(code, m.gender === undefined ? undefined : GENDERS.codeOf(m.gender)) }
  }
  return {
    ...request,
    trading_partner_id: request.trading_partner_id ?? receiver,
    subscriber: relabel(request.subscriber),
    dependents: (request.dependents ?? []).map(relabel),
  }
}

describe('seed 000 examples', () => {
  for (const name of FIXTURES) {
    test(`${name}: pasted as documented (trailing comma) it converts to an 834 the validator accepts`, async () => {
      const { value, warnings } = parsePokitdokJson(fixture(name))
      assert.deepEqual(warnings.map((w) => w.code), ['trailing-comma'])
      const { text } = throughX12(value)
      const result = await validate834(text, { today: '2026-03-01' })
      assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`), [])
      assert.equal(result.valid, true)
    })

    test(`${name}: JSON → 834 → JSON keeps everything the 834 carries`, () => {
      const { value } = parsePokitdokJson(fixture(name))
      const { back } = throughX12(value)
      assert.deepEqual(back, [expectedBack(value, 'MOCKPAYER')])
    })
  }

  test('enroll-subscriber: the fields land in the guide\'s segments', () => {
    const { value } = parsePokitdokJson(fixture('enroll-subscriber'))
    const { text } = throughX12(value)
    const lines = text.split('\n')
    for (const expected of [
      'BGN*00*0001*20260301*1200*UT***2~', 'REF*38*ABCD012354~', 'N1*P5**FI*999888777~', 'N1*IN**FI*654456654~',
      'INS*Y*18*021*20*A***FT**N~', 'REF*0F*123456789~', 'REF*1L*123456001~', 'REF*23*123456789~',
      'DTP*356*D8*20140101~', 'NM1*IL*1*DOE*JOHN*P***34*123456789~', 'PER*IP**HP*7172343334*WP*7172341240~',
      'N3*100 MARKET ST*APT 3G~', 'N4*CAMP HILL*PA*17011**CY*CUMBERLAND~', 'DMG*D8*19400101*M~', 'HLH*N~',
      'HD*021**HLT******N~', 'DTP*348*D8*20150101~', 'COB*P*890111*5~', 'HD*021**DEN******N~', 'HD*021**VIS******N~',
    ]) assert.ok(lines.includes(expected), `${expected} in\n${text}`)
  })

  test('a birth date after the file\'s date (now) is an error with its pointer, like the other semantic errors', () => {
    const value = parsePokitdokJson(fixture('add-dependent')).value as { dependents: { birth_date?: string }[] }
    const dependent = value.dependents[0] as { birth_date?: string }
    dependent.birth_date = '2026-03-02'
    assert.throws(() => pokitdokToMembers(value, { now: NOW }), (err: unknown) => err instanceof PokitdokError
      && err.issues.some((i) => i.pointer === '/dependents/0/birth_date' && i.code === 'conflict' && /2026-03-02 is after today \(2026-03-01\)/.test(i.message)))
    dependent.birth_date = '2026-03-01'
    assert.doesNotThrow(() => pokitdokToMembers(value, { now: NOW }))
  })

  test('the leading-space date is trimmed with a warning that points at it', () => {
    const { value } = parsePokitdokJson(fixture('enroll-subscriber'))
    const { warnings } = pokitdokToMembers(value, { now: NOW })
    assert.deepEqual(warnings.map((w) => `${w.pointer} ${w.code}`), ['/subscriber/benefits/0/begin_date trimmed'])
  })

  test('add-dependent: the reference-only subscriber gets no 2000 loop; the child goes out with its school', () => {
    const { value } = parsePokitdokJson(fixture('add-dependent'))
    const { members, warnings } = pokitdokToMembers(value, { now: NOW })
    assert.deepEqual(members.map((m) => [m.INS.INS01, m.INS.INS02, m.INS.INS03, m.INS.INS04, m.INS.INS09]),
      [['N', '19', '021', '28', 'F']])
    assert.equal(members[0]?.schools?.[0]?.NM1.NM103, 'PENN STATE UNIVERSITY')
    assert.deepEqual(members[0]?.DTP, [{ DTP01: '351', DTP02: 'D8', DTP03: '20160101' }])
    assert.deepEqual(warnings.map((w) => `${w.pointer} ${w.code}`), ['/subscriber not-carried'])
  })

  test('terminate-subscriber: INS 024/08 with DTP*357 and employment status TE', () => {
    const { value } = parsePokitdokJson(fixture('terminate-subscriber'))
    const [member] = pokitdokToMembers(value, { now: NOW }).members
    assert.deepEqual([member?.INS.INS03, member?.INS.INS04, member?.INS.INS08], ['024', '08', 'TE'])
    assert.deepEqual(member?.DTP, [{ DTP01: '357', DTP02: 'D8', DTP03: '20150101' }])
  })
})

describe('errors', () => {
  test('a value containing a delimiter is refused with its pointer', () => {
    const { value } = parsePokitdokJson(fixture('terminate-subscriber'))
    const request = value as { subscriber: Record<string, unknown> }
    request.subscriber.last_name = 'DOE~SMITH'
    assert.throws(() => pokitdokToMembers(request), (err: unknown) =>
      err instanceof PokitdokError && err.issues[0]?.pointer === '/subscriber/last_name' && err.code === 'invalid-value')
  })
})

describe('834 → JSON', () => {
  test('a subscriber and its dependents become one request; a lone dependent gets a reference subscriber', () => {
    const base: Omit<Member, 'INS' | 'REF'> = { member_name: { NM1: { NM101: 'IL', NM102: '1', NM103: 'DOE' } } }
    const m = (ins01: string, ins02: string, ref: string): Member =>
      ({ ...base, INS: { INS01: ins01, INS02: ins02, INS03: '021', INS05: 'A' }, REF: [{ REF01: '0F', REF02: ref }] })
    const { header } = pokitdokToMembers(JSON.parse(fixture('terminate-subscriber').replace(/,(\s*})\s*$/, '$1')) as unknown)
    const requests = [...membersToPokitdok(header, [m('Y', '18', 'A'), m('N', '01', 'A'), m('N', '19', 'A'), m('N', '19', 'B'),
      m('Y', '18', 'C')])]
    assert.deepEqual(requests.map((r) => [r.subscriber.subscriber_number, r.subscriber.last_name, r.dependents?.length]),
      [['A', 'DOE', 2], ['B', undefined, 1], ['C', 'DOE', 0]])
  })

  test('public sample files convert without losing a member', () => {
    for (const name of ['pyx12_834_deident_family.txt', 'lfh_add-dependent.834', 'edifabric_BenefitEnrollment_bom.txt',
      'pyx12_834_ls_le_ls.txt', 'sarun_EDI834_dummy_input.txt']) {
      const text = readFileSync(fileURLToPath(new URL(`../../../../shared/x12/samples/${name}`, import.meta.url)), 'latin1')
      for (const ic of parse834(text)) {
        for (const g of ic.groups) {
          for (const t of g.transactions) {
            const requests = [...membersToPokitdok(t.header, t.members, { GS: g.GS })]
            const count = requests.reduce((n, r) => n + (r.subscriber.last_name ? 1 : 0) + (r.dependents?.length ?? 0), 0)
            assert.equal(count, t.members.length, name)
          }
        }
      }
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Property: any valid request survives JSON → 834 text → JSON (modulo the documented rules).

const SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,\'#&()/-'.split('')
const text = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...SAFE), { minLength: min, maxLength: max }).map((cs) => cs.join('').trim())
    .filter((s) => s.length >= min)
const digits = (n: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n })
  .map((cs) => cs.join(''))
const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
/** Birth dates are never after the file's date (pokitdokToMembers refuses them). */
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: NOW, noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const datePair = fc.tuple(fc.option(date, { nil: undefined }), fc.option(date, { nil: undefined }))
  .map(([a, b]) => (a !== undefined && b !== undefined && b < a ? [b, a] : [a, b]) as [string | undefined, string | undefined])

/** A label in a random accepted spelling (case, `_`/`-`/space). */
function label(table: CodeTable, codes?: ReadonlySet<string>): fc.Arbitrary<string> {
  const labels = table.entries.filter((e) => !codes || codes.has(e.code)).map((e) => e.label)
  return fc.tuple(fc.constantFrom(...labels), fc.constantFrom('same', 'upper', 'lower', 'snake'))
    .map(([l, how]) => how === 'upper' ? l.toUpperCase() : how === 'lower' ? l.toLowerCase() : how === 'snake'
      ? l.replace(/[ -]/g, '_') : l)
}

const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 })

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

const benefit = (maintenanceType: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> => fc.record({
  benefit_type: label(BENEFIT_TYPES),
  maintenance_type: maintenanceType,
  dates: datePair,
  late_enrollment: opt(fc.boolean()),
  group_or_policy_number: opt(text(1, 20)),
  coordination_of_benefits: opt(fc.array(fc.record({
    payer_responsibility: label(PAYER_RESPONSIBILITIES), status: label(COB_STATUSES),
    group_or_policy_number: opt(text(1, 20)),
  }).map(withoutUndefined), { maxLength: 3 })),
}).map(({ dates, ...b }) => withoutUndefined({ ...b, begin_date: dates[0] ?? (dates[1] ? undefined : '2026-01-01'),
  end_date: dates[1] }))

const contactNumber = fc.tuple(label(COMMUNICATION_TYPES), text(1, 30))

/** Maintenance types a file with this action allows (change file: INS03 001/021/024/025; full file: 030 everywhere). */
function typesFor(action: string): { ins: fc.Arbitrary<string>; hd: fc.Arbitrary<string> } {
  const code = ACTIONS.codeOf(action)
  if (code === '4') return { ins: fc.constant('Audit or Compare'), hd: fc.constant('audit_or_compare') }
  if (code === '2') return { ins: label(MAINTENANCE_TYPES, new Set(['001', '021', '024', '025'])), hd: label(MAINTENANCE_TYPES) }
  return { ins: label(MAINTENANCE_TYPES, INS03_CODES), hd: label(MAINTENANCE_TYPES) }
}

function member(isSubscriber: boolean, action: string): fc.Arbitrary<Record<string, unknown>> {
  const types = typesFor(action)
  return fc.record({
    first_name: opt(text(1, 35)), middle_name: opt(text(1, 25)), last_name: text(1, 60), suffix: opt(text(1, 10)),
    ssn: opt(digits(9)), member_id: opt(text(1, 50)), group_or_policy_number: opt(text(1, 50)),
    relationship: isSubscriber ? opt(fc.constant('Self')) : label(RELATIONSHIPS, new Set([...new Set(
      RELATIONSHIPS.entries.map((e) => e.code))].filter((c) => c !== '18'))),
    demographics: opt(fc.tuple(birthDate, label(GENDERS))),
    maintenance_type: types.ins, maintenance_reason: opt(label(MAINTENANCE_REASONS)),
    benefit_status: label(BENEFIT_STATUSES), employment_status: opt(label(EMPLOYMENT_STATUSES)),
    student_status: opt(label(STUDENT_STATUSES)), handicapped: opt(fc.boolean()), late_enrollment: opt(fc.boolean()),
    tobacco_use: opt(fc.boolean()), substance_abuse: opt(fc.boolean()),
    eligibility: datePair, education: datePair,
    address: opt(fc.record({ line: text(1, 55), line2: opt(text(1, 55)), city: text(2, 30),
      state: opt(fc.constantFrom('PA', 'NY', 'CA')), postal_code: opt(digits(5)), county: opt(text(1, 30)) })
      .map(withoutUndefined)),
    contacts: opt(fc.tuple(contactNumber, opt(contactNumber), opt(contactNumber)).map(([a, b, c]) => [withoutUndefined({
      primary_communication_type: a[0], primary_communication_number: a[1],
      communication_type2: b?.[0], communication_number2: b?.[1], communication_type3: c?.[0], communication_number3: c?.[1],
    })])),
    school: opt(text(1, 60).map((name) => ({ name }))),
    benefits: opt(fc.array(benefit(types.hd), { maxLength: 4 })),
  }).map(({ demographics, eligibility, education, ...m }) => withoutUndefined({
    ...m,
    birth_date: demographics?.[0], gender: demographics?.[1],
    eligibility_begin_date: eligibility[0], eligibility_end_date: eligibility[1],
    education_begin_date: education[0], education_end_date: education[1],
  }))
}

const request = label(ACTIONS).chain((action) => fc.record({
  action: fc.constant(action), purpose: label(PURPOSES), master_policy_number: opt(text(1, 50)),
  trading_partner_id: opt(text(2, 15).map((s) => s.replace(/ /g, 'X'))),
  sponsor: fc.record({ name: opt(text(1, 60)), tax_id: digits(9) }).map(withoutUndefined),
  payer: fc.record({ name: opt(text(1, 60)), tax_id: digits(9) }).map(withoutUndefined),
  subscriber_number: text(1, 20),
  subscriber: ACTIONS.codeOf(action) === '4' ? member(true, action)
    : fc.oneof({ weight: 4, arbitrary: member(true, action) }, { weight: 1, arbitrary: fc.constant(undefined) }),
  dependents: fc.array(member(false, action), { maxLength: 3 }),
})).filter((r) => r.subscriber !== undefined || r.dependents.length > 0)
  .map(({ subscriber_number, subscriber, ...r }) => withoutUndefined({
    ...r,
    subscriber: subscriber ? { ...subscriber, subscriber_number } : { subscriber_number },
    dependents: r.dependents,
  }))

test('property: any valid request survives JSON → 834 → JSON', () => {
  fc.assert(fc.property(request, (value) => {
    const { back } = throughX12(value)
    assert.deepEqual(back, [expectedBack(value, 'CARRIER')])
  }), { numRuns: 300 })
})

test('property: the 834 we write validates clean', async () => {
  await fc.assert(fc.asyncProperty(request, async (value) => {
    const { text: x12 } = throughX12(value)
    const result = await validate834(x12, { today: '2100-01-01' })
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.location.segment_id}: ${f.message}`), [])
  }), { numRuns: 60 })
})

describe('what the JSON leaves out', () => {
  const SAMPLES = fileURLToPath(new URL('../../../../shared/x12/samples/', import.meta.url))
  const membersOf = (name: string): Member[] => parse834(readFileSync(SAMPLES + name), { lenient: true })
    .flatMap((i) => i.groups.flatMap((g) => g.transactions.flatMap((t) => t.members)))

  test('notCarried names each segment and element with no PokitDok field, found by converting back', () => {
    // lfh enroll-employee-managed-care: a primary care provider (2310 LX/NM1*P3) and DTP*358, which PokitDok cannot say.
    assert.deepEqual(notCarried(membersOf('lfh_enroll-employee-managed-care.834')[0]!).sort(), ['DTP*358', 'LX', 'NM1*P3'])
    // pyx12 family: the coverage level HD05 (FAM) of a carried HD.
    assert.deepEqual(membersOf('pyx12_834_deident_family.txt').map(notCarried), [['HD05'], [], []])
    // A member made from PokitDok JSON loses nothing on the way back.
    assert.deepEqual(membersOf('lfh_enroll-employee-multiple-products.834').map(notCarried), [[]])
  })
})

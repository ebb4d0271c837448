import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MemorySink, parse834, validate834, write834 } from '../../x12/index.js'
import { familyMembers, fullFileHeader, x12Text, type CarrierCoverage, type CarrierFamily } from './full-file.js'

const PLAN_YEAR_END = '2026-12-31'
const medical = (over: Partial<CarrierCoverage> = {}): CarrierCoverage => ({
  plan_id: 'p-med', plan_name: 'Blue PPO 500', plan_type: 'medical', coverage_tier: 'family', status: 'active',
  start_date: '2026-01-01', end_date: PLAN_YEAR_END, plan_year_end: PLAN_YEAR_END, ...over,
})

/** Seed 003's family shape: an employee, a spouse and a child, on medical; the employee also on basic life. */
function family(over: { ssn?: boolean; employee_number?: string | null } = {}): CarrierFamily {
  return {
    subscriber: {
      id: '0193f1d2-7c1a-7000-8000-00000000000a', relationship: 'self', first_name: 'Zoë', middle_name: 'Q', last_name: "O'Brien-Núñez", suffix: 'Jr',
      birth_date: '1985-04-12', gender: 'female', ...(over.ssn === true ? { ssn: '123456789' } : {}),
      residential_address: { address_line_1: '100 Main St*Apt~2', address_line_2: null, city: 'Springfield', state: 'IL', zip: '62701-1234' },
      phone: '(217) 555-0100', email: 'zoe@example.com', employee_number: over.employee_number === undefined ? 'E-1001' : over.employee_number,
      hire_date: '2024-03-15', employment_status: 'full_time',
      coverages: [medical(), { ...medical(), plan_id: 'p-life', plan_name: 'Basic Life 1x', plan_type: 'basic_life', coverage_tier: null }],
    },
    dependents: [
      { id: 'd1', relationship: 'spouse', first_name: 'Sam', middle_name: null, last_name: 'Núñez', suffix: null, birth_date: '1984-01-02', gender: 'male', residential_address: null, phone: null, email: null, coverages: [medical()] },
      // A child who turns 26 in June: coverage ends with the month, before the plan year's end.
      { id: 'd2', relationship: 'child', first_name: 'Kai', middle_name: null, last_name: 'Núñez', suffix: null, birth_date: '2000-06-10', gender: 'unknown', residential_address: null, phone: null, email: null, coverages: [medical({ end_date: '2026-06-30' })] },
      { id: 'd3', relationship: 'child', first_name: 'Uncovered', middle_name: null, last_name: 'Núñez', suffix: null, birth_date: '2010-01-01', gender: 'male', residential_address: null, phone: null, email: null, coverages: [] },
    ],
  }
}

async function fileOf(families: CarrierFamily[]): Promise<string> {
  const members = families.flatMap(familyMembers)
  const subscribers = members.filter((m) => m.INS.INS01 === 'Y').length
  const sink = new MemorySink()
  await write834(sink, {
    sender_id: 'ACME', receiver_id: 'GUARD', interchange_control_number: 7, usage: 'T', date: new Date('2026-11-23T12:00:00Z'),
    header: fullFileHeader({ as_of: '2026-11-23', created_at: new Date('2026-11-23T12:00:00Z'), reference: 'FULL-20261123', sponsor: { name: 'Acme Corp', tax_id: '12-3456789', id: 'e1' }, payer: { name: 'Guardian', payer_id: 'GUARD' } }, { subscribers, dependents: members.length - subscribers }),
    members,
  })
  return sink.text()
}

describe('a carrier full file from enrolled data', () => {
  test('an employee, spouse and child on family medical make a file our validator accepts with no finding at all', async () => {
    const text = await fileOf([family()])
    const result = await validate834(text, { today: '2026-11-23' })
    assert.deepEqual(result.findings.map((f) => `${f.code} ${f.location.element ?? f.location.segment_id}: ${f.message}`), [])
    assert.equal(result.valid, true)
  })

  test('each member reads back as sent: INS, REF*0F shared by the family, names cleaned for X12, DMG, HD 030 with the tier, DTP*349 only for an early end', async () => {
    const [interchange] = parse834(await fileOf([family()]))
    const t = interchange!.groups[0]!.transactions[0]!
    assert.equal(t.header.BGN.BGN08, '4')
    assert.deepEqual(t.header.QTY, [{ QTY01: 'ET', QTY02: '1' }, { QTY01: 'DT', QTY02: '2' }, { QTY01: 'TO', QTY02: '3' }])
    assert.deepEqual(t.header.sponsor.N1, { N101: 'P5', N102: 'Acme Corp', N103: 'FI', N104: '123456789' })
    const [s, spouse, child, ...rest] = t.members
    assert.equal(rest.length, 0, 'the uncovered child is not on the file')
    assert.deepEqual(s!.INS, { INS01: 'Y', INS02: '18', INS03: '030', INS04: 'XN', INS05: 'A', INS08: 'FT' })
    assert.deepEqual([spouse!.INS.INS02, child!.INS.INS02], ['01', '19'])
    assert.deepEqual(t.members.map((m) => m.REF[0]), Array(3).fill({ REF01: '0F', REF02: 'E-1001' }))
    assert.deepEqual(s!.member_name.NM1, { NM101: 'IL', NM102: '1', NM103: "O'Brien-Nunez", NM104: 'Zoe', NM105: 'Q', NM107: 'Jr' })
    assert.deepEqual(s!.member_name.N3, { N301: '100 Main St Apt 2' })
    assert.deepEqual(s!.member_name.N4, { N401: 'Springfield', N402: 'IL', N403: '627011234' })
    assert.deepEqual(s!.member_name.PER, { PER01: 'IP', PER03: 'TE', PER04: '2175550100', PER05: 'EM', PER06: 'zoe@example.com' })
    assert.deepEqual(s!.member_name.DMG, { DMG01: 'D8', DMG02: '19850412', DMG03: 'F' })
    assert.deepEqual(child!.member_name.DMG?.DMG03, 'U')
    assert.deepEqual(s!.DTP, [{ DTP01: '336', DTP02: 'D8', DTP03: '20240315' }])
    // Basic life has no HD03 code in this guide: only the medical loop goes.
    assert.deepEqual(s!.health_coverages, [{ HD: { HD01: '030', HD03: 'HLT', HD04: 'Blue PPO 500', HD05: 'FAM' }, DTP: [{ DTP01: '348', DTP02: 'D8', DTP03: '20260101' }] }])
    assert.deepEqual(child!.health_coverages?.[0]?.DTP, [{ DTP01: '348', DTP02: 'D8', DTP03: '20260101' }, { DTP01: '349', DTP02: 'D8', DTP03: '20260630' }])
  })

  test('with SSNs (a file for delivery) NM108/NM109 and REF*0F carry them; without an employee number REF*0F is the member id', async () => {
    const [withSsn] = familyMembers(family({ ssn: true }))
    assert.deepEqual([withSsn!.member_name.NM1.NM108, withSsn!.member_name.NM1.NM109, withSsn!.REF[0]!.REF02], ['34', '123456789', '123456789'])
    const [noNumber] = familyMembers(family({ employee_number: null }))
    assert.equal(noNumber!.REF[0]!.REF02, '0193f1d27c1a7000800000000000000a')
    assert.equal(noNumber!.member_name.NM1.NM108, undefined)
    const text = await fileOf([family({ ssn: true }), family({ employee_number: null })])
    assert.equal((await validate834(text, { today: '2026-11-23' })).valid, true)
  })

  test('a family whose only coverage cannot go on an 834 (basic life) sends nothing; a covered child alone brings the subscriber as anchor', () => {
    const f = family()
    assert.deepEqual(familyMembers({ subscriber: { ...f.subscriber, coverages: [f.subscriber.coverages[1]!] }, dependents: [] }), [])
    const childOnly = familyMembers({ subscriber: { ...f.subscriber, coverages: [] }, dependents: [f.dependents[1]!] })
    assert.deepEqual(childOnly.map((m) => [m.INS.INS01, m.health_coverages?.length ?? 0]), [['Y', 0], ['N', 1]])
  })

  test("one member written in another script, or with an employee number X12 cannot carry as it is, leaves the employer's file valid", async () => {
    // Review case: a Cyrillic name and street, a city 'Ō', an employee number '社員' gave an empty
    // REF02, N3*. and N4*O: one member made the whole employer's file invalid.
    const f = family()
    const odd: CarrierFamily = {
      subscriber: {
        ...f.subscriber, id: '0193f1d2-7c1a-7000-8000-00000000000b', first_name: 'Иван', last_name: 'Петров', employee_number: '社員',
        residential_address: { address_line_1: 'ул. Ленина', city: 'Ō', state: 'IL', zip: '62701' }, phone: '+1 (217) 555-0100 ext. 12', email: 'a^b*c@example.com',
      },
      dependents: [],
    }
    const long: CarrierFamily = { subscriber: { ...f.subscriber, id: '0193f1d2-7c1a-7000-8000-00000000000c', employee_number: `${'X'.repeat(50)}A` }, dependents: [] }
    const [m] = familyMembers(odd)
    assert.equal(m!.REF[0]!.REF02, '0193f1d27c1a7000800000000000000b', 'the member id, not an empty REF02')
    assert.deepEqual([m!.member_name.NM1.NM103, m!.member_name.NM1.NM104], ['UNKNOWN', undefined])
    assert.equal(m!.member_name.N3, undefined)
    assert.equal(m!.member_name.N4, undefined)
    assert.deepEqual(m!.member_name.PER, { PER01: 'IP', PER03: 'TE', PER04: '12175550100' }, 'no extension glued on; an email X12 would alter is left out')
    assert.equal(familyMembers(long)[0]!.REF[0]!.REF02, '0193f1d27c1a7000800000000000000c', 'an employee number longer than REF02 is not cut (two could then match)')
    const text = await fileOf([family(), odd, long])
    const result = await validate834(text, { today: '2026-11-23' })
    assert.deepEqual(result.findings.map((x) => `${x.code} ${x.location.element ?? x.location.segment_id}`), [])
  })

  test('x12Text drops delimiters, accents and control characters, and keeps to the element length', () => {
    assert.equal(x12Text('Ångström*~:^\u0007 Ltd', 60), 'Angstrom Ltd')
    assert.equal(x12Text('A'.repeat(70), 60).length, 60)
  })
})

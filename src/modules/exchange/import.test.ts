import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parse834, type Member } from '../../x12/index.js'
import { familyMembers, type CarrierFamily } from './full-file.js'
import { importFamilies, type FamilyInput, type ImportedFamily } from './import.js'

const SAMPLES = fileURLToPath(new URL('../../../../shared/x12/samples/', import.meta.url))
const membersOf = (file: string): Member[] => parse834(readFileSync(SAMPLES + file)).flatMap((i) => i.groups.flatMap((g) => g.transactions.flatMap((t) => t.members)))
async function families(members: Iterable<FamilyInput>): Promise<ImportedFamily[]> {
  const out: ImportedFamily[] = []
  for await (const f of importFamilies(members)) out.push(f)
  return out
}

const coverage = { plan_id: 'p', plan_name: 'Blue PPO 500', plan_type: 'medical', coverage_tier: 'individual_spouse', status: 'active', start_date: '2026-03-01', end_date: '2026-12-31', plan_year_end: '2026-12-31' } as const
const family: CarrierFamily = {
  subscriber: {
    id: 's', relationship: 'self', first_name: 'Ana', middle_name: 'M', last_name: 'Garcia', suffix: null, birth_date: '1988-02-03', gender: 'female', ssn: '512349876',
    residential_address: { address_line_1: '1 Elm St', address_line_2: 'Unit 4', city: 'Winchester', state: 'VA', zip: '22601-1234' }, phone: '5405550100', email: 'ana@example.com',
    employee_number: 'E-77', hire_date: '2026-02-02', employment_status: 'part_time', coverages: [coverage, { ...coverage, plan_name: 'Short-term disability', plan_type: 'std', coverage_tier: null }],
  },
  dependents: [
    { id: 'd', relationship: 'mother', first_name: 'Rosa', middle_name: null, last_name: 'Garcia', suffix: null, birth_date: '1960-05-06', gender: 'female', ssn: '512349877', residential_address: null, phone: null, email: null, coverages: [{ ...coverage, status: 'terminated', end_date: '2026-06-30' }] },
  ],
}

describe('an 834 read back into OpenEnroll\'s shapes (the way back from the carrier file)', () => {
  test('OpenEnroll → 834 → OpenEnroll keeps everything the 834 carries: names, dates, relationship, SSN, address, contacts, employment, coverage', async () => {
    const [back] = await families(familyMembers(family))
    assert.deepEqual(back, {
      subscriber_identifier: '512349876',
      subscriber: {
        first_name: 'Ana', middle_name: 'M', last_name: 'Garcia', birth_date: '1988-02-03', gender: 'female', social_security_number: '512349876',
        residential_address: { address_line_1: '1 Elm St', address_line_2: 'Unit 4', city: 'Winchester', state: 'VA', zip: '22601-1234' },
        phone_numbers: [{ type: 'phone', contact: '5405550100' }], emails: [{ type: 'email', contact: 'ana@example.com' }],
        employment_details: { start_date: '2026-02-02', status: 'part_time' },
      },
      dependents: [{ external_identifier: '512349876-1', first_name: 'Rosa', last_name: 'Garcia', birth_date: '1960-05-06', gender: 'female', subscriber_relationship: 'mother', social_security_number: '512349877' }],
      coverages: [
        { member: 'self', maintenance: '030', insurance_line: 'HLT', plan_type: 'medical', plan_name: 'Blue PPO 500', coverage_tier: 'individual_spouse', start_date: '2026-03-01', end_date: null },
        { member: 'self', maintenance: '030', insurance_line: 'STD', plan_type: 'std', plan_name: 'Short-term disability', coverage_tier: null, start_date: '2026-03-01', end_date: null },
        { member: '512349876-1', maintenance: '030', insurance_line: 'HLT', plan_type: 'medical', plan_name: 'Blue PPO 500', coverage_tier: 'individual_spouse', start_date: '2026-03-01', end_date: '2026-06-30' },
      ],
    })
  })

  test("pyx12's family sample: one family of three, the spouse and child named by INS02, HD05 FAM read as the family tier", async () => {
    const [f, ...rest] = await families(membersOf('pyx12_834_deident_family.txt'))
    assert.equal(rest.length, 0)
    assert.ok(f!.subscriber !== null)
    assert.deepEqual(f!.dependents.map((d) => [d.subscriber_relationship, d.external_identifier]), [['spouse', 'M000003'], ['child', 'M000004']], 'each member has its own REF*0F here: it names the dependent')
    assert.ok(f!.coverages.length > 0)
    assert.ok(f!.coverages.every((c) => c.maintenance === '021'))
    assert.ok(f!.coverages.some((c) => c.coverage_tier === 'family'))
  })

  test('a dependent sent without its subscriber (LinuxForHealth add-dependent) is a family with subscriber null', async () => {
    const [f] = await families(membersOf('lfh_add-dependent.834'))
    assert.equal(f!.subscriber, null)
    assert.equal(f!.dependents.length, 1)
    assert.equal(f!.dependents[0]!.subscriber_relationship, 'child')
    assert.deepEqual(f!.coverages.map((c) => [c.insurance_line, c.plan_type, c.maintenance]), [['HLT', 'medical', '021']])
  })

  test('a family never spans two transaction sets: a dependent first in the next ST is a family of its own', async () => {
    const [subscriber, dependent] = familyMembers(family)
    const first = {}
    const second = {}
    const all = await families([{ member: subscriber!, context: first }, { member: dependent!, context: second }])
    assert.deepEqual(all.map((f) => [f.subscriber === null, f.dependents.length]), [[false, 0], [true, 1]])
  })

  test('sarun\'s full file: 15 members in 10 families, every dependent after its own subscriber', async () => {
    const all = await families(membersOf('sarun_EDI834_dummy_input.txt'))
    assert.equal(all.length, 10)
    assert.equal(all.reduce((n, f) => n + 1 + f.dependents.length, 0), 15)
    assert.ok(all.every((f) => f.subscriber !== null))
  })
})

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import {
  ACTIONS, BENEFIT_STATUSES, BENEFIT_TYPES, CODE_TABLES, COB_STATUSES, COMMUNICATION_TYPES, EMPLOYMENT_STATUSES,
  GENDERS, healthCode, healthFlags, INS03_CODES, labelKey, MAINTENANCE_REASONS, MAINTENANCE_TYPES,
  PAYER_RESPONSIBILITIES, PURPOSES, RELATIONSHIPS, relationshipLabel, STUDENT_STATUSES, type CodeTable,
} from './pokitdok-codes.js'

// The 005010X220A1 map the validator uses: every code we produce must be in the element's list.
interface MapNode { id?: string; children?: MapNode[]; loops?: MapNode[]; elements?: { ref: string; codes?: string[] }[] }
const map = JSON.parse(readFileSync(new URL('../validate/maps/834_005010X220A1.json', import.meta.url), 'utf8')) as MapNode

/** Codes of `ref` in the segment `segment` of loop `loop` (first match in map order). */
function mapCodes(loop: string, segment: string, ref: string): Set<string> {
  const find = (node: MapNode, inLoop: boolean): string[] | undefined => {
    for (const child of [...(node.loops ?? []), ...(node.children ?? [])]) {
      if (child.elements && inLoop && child.id === segment) {
        const el = child.elements.find((e) => e.ref === ref)
        if (el?.codes) return el.codes
      }
      const found = find(child, inLoop || child.id === loop)
      if (found) return found
    }
    return undefined
  }
  const codes = find(map, false)
  assert.ok(codes, `${loop} ${ref} has codes in the map`)
  return new Set(codes)
}

function codesOf(t: CodeTable): Set<string> {
  return new Set(t.entries.map((e) => e.code))
}

describe('PokitDok code tables against the 005010X220A1 map', () => {
  const cases: [CodeTable, string, string, string][] = [
    [RELATIONSHIPS, '2000', 'INS', 'INS02'],
    [MAINTENANCE_REASONS, '2000', 'INS', 'INS04'],
    [BENEFIT_STATUSES, '2000', 'INS', 'INS05'],
    [EMPLOYMENT_STATUSES, '2000', 'INS', 'INS08'],
    [STUDENT_STATUSES, '2000', 'INS', 'INS09'],
    [GENDERS, '2100A', 'DMG', 'DMG03'],
    [COMMUNICATION_TYPES, '2100A', 'PER', 'PER03'],
    [MAINTENANCE_TYPES, '2300', 'HD', 'HD01'],
    [BENEFIT_TYPES, '2300', 'HD', 'HD03'],
    [PURPOSES, 'HEADER', 'BGN', 'BGN01'],
    [ACTIONS, 'HEADER', 'BGN', 'BGN08'],
    [PAYER_RESPONSIBILITIES, '2320', 'COB', 'COB01'],
    [COB_STATUSES, '2320', 'COB', 'COB03'],
  ]
  for (const [table, loop, segment, ref] of cases) {
    test(`${table.field} covers exactly the ${ref} code list`, () => {
      assert.deepEqual([...codesOf(table)].sort(), [...mapCodes(loop, segment, ref)].sort())
    })
  }

  test('INS03 allows exactly the member-level maintenance types', () => {
    assert.deepEqual([...INS03_CODES].sort(), [...mapCodes('2000', 'INS', 'INS03')].sort())
  })

  test('every table lists each spelling once and every code has a label', () => {
    for (const table of CODE_TABLES) {
      const keys = table.entries.map((e) => labelKey(e.label))
      assert.equal(new Set(keys).size, keys.length, table.field)
      for (const code of codesOf(table)) assert.ok(table.labelOf(code), `${table.field} ${code}`)
    }
  })
})

describe('seed 000 labels', () => {
  test('all 39 relationship labels map to the guide\'s INS02 codes', () => {
    const expected: Record<string, string> = {
      spouse: '01', father: '03', mother: '03', grandfather: '04', grandmother: '04', grandson: '05',
      granddaughter: '05', aunt: '06', uncle: '06', nephew: '07', niece: '07', cousin: '08', adopted_child: '09',
      foster_child: '10', son_in_law: '11', daughter_in_law: '11', brother_in_law: '12', sister_in_law: '12',
      mother_in_law: '13', father_in_law: '13', brother: '14', sister: '14', ward: '15', step_parent: '16',
      step_son: '17', step_daughter: '17', self: '18', child: '19', sponsored_dependent: '23',
      dependent_of_minor_dependent: '24', ex_spouse: '25', guardian: '26', court_appointed_guardian: '31',
      collateral_dependent: '38', life_partner: '53', annuitant: '60', trustee: 'D2', other_relationship: 'G8',
      other_relative: 'G9',
    }
    assert.equal(Object.keys(expected).length, 39)
    assert.equal(RELATIONSHIPS.entries.length, 39)
    for (const [label, code] of Object.entries(expected)) assert.equal(RELATIONSHIPS.codeOf(label), code, label)
  })

  test('a shared relationship code reads back by gender, else as the label the seed lists first', () => {
    assert.equal(relationshipLabel('03', 'F'), 'mother')
    assert.equal(relationshipLabel('03', 'M'), 'father')
    assert.equal(relationshipLabel('03', 'U'), 'father')
    assert.equal(relationshipLabel('13', 'M'), 'father_in_law')
    assert.equal(relationshipLabel('13', undefined), 'mother_in_law')
    assert.equal(relationshipLabel('19', 'F'), 'child')
    for (const entry of RELATIONSHIPS.entries) {
      const back = [relationshipLabel(entry.code, 'M'), relationshipLabel(entry.code, 'F')]
      assert.ok(back.includes(entry.label), `${entry.label} reads back for one gender`)
    }
  })

  test('maintenance types, reasons and statuses use the seed\'s codes', () => {
    const types = { Change: '001', Delete: '002', Addition: '021', 'Cancellation or Termination': '024',
      Reinstatement: '025', Correction: '026', 'Audit or Compare': '030', 'Employee Information Not Applicable': '032' }
    for (const [label, code] of Object.entries(types)) assert.equal(MAINTENANCE_TYPES.codeOf(label), code)
    const reasons: Record<string, string> = { Divorce: '01', Birth: '02', Death: '03', Retirement: '04', Adoption: '05',
      Strike: '06', 'Termination of Benefits': '07', 'Termination of Employment': '08',
      'Consolidation Omnibus Budget Reconciliation Act (COBRA)': '09',
      'Consolidation Omnibus Budget Reconciliation Act (COBRA) Premium Paid': '10', 'Surviving Spouse': '11',
      'Voluntary Withdrawal': '14', 'Primary Care Provider (PCP) Change': '15', Quit: '16', Fired: '17',
      Suspended: '18', Active: '20', Disability: '21', 'Plan Change': '22', 'Change in Identifying Data Elements': '25',
      'Declined Coverage': '26', 'Pre-Enrollment': '27', 'Initial Enrollment': '28', 'Benefit Selection': '29',
      'Legal Separation': '31', Marriage: '32', 'Personnel Data': '33', 'Leave of Absence with Benefits': '37',
      'Leave of Absence without Benefits': '38', 'Lay Off with Benefits': '39', 'Lay Off without Benefits': '40',
      'Re-enrollment': '41', 'Change of Location': '43', 'Non Payment': '59' }
    assert.equal(Object.keys(reasons).length, 34)
    for (const [label, code] of Object.entries(reasons)) assert.equal(MAINTENANCE_REASONS.codeOf(label), code, label)
    assert.equal(BENEFIT_STATUSES.codeOf('Tax Equity and Fiscal Responsibility Act (TEFRA)'), 'T')
    assert.equal(EMPLOYMENT_STATUSES.codeOf('Active Military - USA'), 'AU')
    assert.equal(EMPLOYMENT_STATUSES.codeOf('Leave of Absence'), 'L1')
    assert.equal(COMMUNICATION_TYPES.codeOf('Alternate Telephone'), 'AP')
    assert.equal(COMMUNICATION_TYPES.codeOf('Beeper Number'), 'BN')
  })

  test('labels match whatever the case and separators', () => {
    assert.equal(EMPLOYMENT_STATUSES.codeOf('full_time'), 'FT')
    assert.equal(EMPLOYMENT_STATUSES.codeOf('FULL TIME'), 'FT')
    assert.equal(EMPLOYMENT_STATUSES.codeOf('active military usa'), 'AU')
    assert.equal(RELATIONSHIPS.codeOf('Adopted Child'), '09')
    assert.equal(RELATIONSHIPS.codeOf('son-in-law'), '11')
    assert.equal(MAINTENANCE_TYPES.canonicalLabel('cancellation_or_termination'), 'Cancellation or Termination')
    assert.equal(MAINTENANCE_TYPES.codeOf('Add'), undefined)
    assert.equal(RELATIONSHIPS.codeOf('18'), undefined, 'bare codes are not labels')
  })
})

test('tobacco and substance flags share HLH01', () => {
  assert.equal(healthCode(undefined, undefined), undefined)
  const pairs: [boolean, boolean, string][] = [[false, false, 'N'], [true, false, 'T'], [false, true, 'S'], [true, true, 'X']]
  for (const [tobacco, substance, code] of pairs) {
    assert.equal(healthCode(tobacco, substance), code)
    assert.deepEqual(healthFlags(code), { tobacco_use: tobacco, substance_abuse: substance })
  }
  assert.deepEqual(healthFlags('U'), {})
})

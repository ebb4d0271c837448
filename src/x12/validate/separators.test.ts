import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { validate834, createValidator } from './validate-834.js'
import { tokenizeSync } from '../tokenizer.js'
import type { ValidationResult } from './result.js'
import { build999 } from '../ack/build.js'
import { codes, replaceOnce, sample } from './test-helpers.js'

/*
 * Delimiters inside data. ISA11 is the repetition separator from 00501 on. In an 834 only DMG05 (C056, race or ethnicity)
 * repeats, up to 10 times: a member who reports two races sends `DMG*D8*…*M**H:RET^A:RET`. Any
 * other element that holds the separator carries data X12 cannot escape (a name like O^BRIEN
 * when ISA11 is ^), and the file is in error (IK403 12, too many repetitions).
 */

const TODAY = '2026-11-23'
// lfh_add-dependent uses ISA11 '>' and component separator ':'; its dependent has DMG*D8*19770816*M.
// (It adds a dependent alone, which is warned about: these tests look at errors.)
const base = sample('lfh_add-dependent.834')
const withDmg = (dmg: string): string => replaceOnce(base, 'DMG*D8*19770816*M~', `${dmg}~`)

/** The same input through the byte path (validate834) and the Segment path (createValidator().push): one result. */
async function both(text: string): Promise<ValidationResult> {
  const bytes = await validate834(Buffer.from(text, 'latin1'), { today: TODAY })
  const v = createValidator({ today: TODAY })
  for (const seg of tokenizeSync(text)) v.push(seg)
  const segments = v.end()
  assert.deepEqual(segments.findings, bytes.findings)
  return bytes
}

describe('repetition separator (ISA11)', () => {
  test('DMG05 with two race codes (H:RET>A:RET) is valid', async () => {
    const r = await both(withDmg('DMG*D8*19770816*M**H:RET>A:RET'))
    assert.deepEqual(codes(r.findings, 'error'), [])
    assert.equal(r.valid, true)
  })

  test('a bad code in the second occurrence points at that occurrence: DMG05-01, repetition 2, IK401 5:1:2', async () => {
    const r = await both(withDmg('DMG*D8*19770816*M**H:RET>Q:RET'))
    assert.deepEqual(codes(r.findings, 'error'), ['element-invalid-code'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.element, 'DMG05-01')
    assert.equal(f.location.component, 1)
    assert.equal(f.location.repetition, 2)
    assert.equal(f.ack.bad_value, 'Q')
    assert.match(build999(r, { interchange_control_number: 1 }), /IK4\*5:1:2\*1109\*7\*Q~/)
  })

  test('DMG05 may occur 10 times, not 11', async () => {
    const ten = Array.from({ length: 10 }, () => 'H:RET').join('>')
    assert.deepEqual(codes((await both(withDmg(`DMG*D8*19770816*M**${ten}`))).findings, 'error'), [])
    const r = await both(withDmg(`DMG*D8*19770816*M**${ten}>H:RET`))
    assert.deepEqual(codes(r.findings, 'error'), ['element-too-many-repetitions'])
    assert.equal(r.findings.find((x) => x.severity === 'error')?.ack.ik403, '12')
  })

  test('the separator inside an element that does not repeat (NM103 O>BRIEN) is an error, IK403 12', async () => {
    const r = await both(replaceOnce(base, 'NM1*IL*1*', 'NM1*IL*1*O>'))
    assert.deepEqual(codes(r.findings, 'error'), ['element-too-many-repetitions'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.element, 'NM103')
    assert.equal(f.ack.ik403, '12')
    assert.equal(r.valid, false)
  })

  test('before 00501 ISA11 is the standards id U, not a separator: U in data is just a letter', async () => {
    // The edifabric sample declares ISA11 U; its names hold U's.
    const r = await both(sample('edifabric_BenefitEnrollment_bom.txt').replace(/^\uFEFF/, ''))
    assert.deepEqual(codes(r.findings, 'error'), [])
  })
})

describe('component separator (ISA16) and trailing separators', () => {
  test('a simple element holding the component separator (N301 100 MARKET:ST) is an invalid character, IK403 6', async () => {
    // pyx12_834_deident_family: ISA16 ':', a subscriber at N3*200 OAK AVE.
    const r = await both(replaceOnce(sample('pyx12_834_deident_family.txt'), 'N3*200 OAK AVE~', 'N3*200 OAK:AVE~'))
    assert.deepEqual(codes(r.findings, 'error'), ['element-invalid-character'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.element, 'N301')
    assert.equal(f.ack.bad_value, '200 OAK:AVE')
    assert.equal(f.ack.ik403, '6')
  })

  test('a segment ending in an element separator (NM1*…*~) is an error, IK304 8, and the 999 rejects the set', async () => {
    const nm1 = /NM1\*IL\*[^~]*~/.exec(base)![0]
    const r = await both(replaceOnce(base, nm1, nm1.replace('~', '*~')))
    assert.deepEqual(codes(r.findings, 'error'), ['segment-trailing-separators'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.segment_id, 'NM1')
    assert.equal(f.ack.ik304, '8')
    assert.match(build999(r, { interchange_control_number: 1 }), /IK3\*NM1\*\d+\*2100\*8~\s*IK5\*R/)
  })

  test('DMG05 ending in a component or repetition separator (H:RET:, H:RET^) is an error, IK304 8, as a trailing element separator is', async () => {
    // X12 leaves trailing empty components and repetitions out as it does elements (BizTalk:
    // "Segment has trailing delimiter(s) at component or sub-component level"); before, both passed.
    const family = sample('pyx12_834_deident_family.txt') // ISA11 '^', ISA16 ':'
    for (const [value, repetition] of [['H:RET:', undefined], ['H:RET^', 2], ['H:RET^A:RET:', 2]] as const) {
      const r = await both(replaceOnce(family, 'DMG*D8*19750820*M~', `DMG*D8*19750820*M**${value}~`))
      assert.deepEqual(codes(r.findings, 'error'), ['element-trailing-separators'], value)
      const f = r.findings.find((x) => x.severity === 'error')!
      assert.equal(f.location.element, 'DMG05')
      assert.equal(f.location.repetition, repetition, value)
      assert.equal(f.ack.ik304, '8')
    }
    assert.deepEqual(codes((await both(replaceOnce(family, 'DMG*D8*19750820*M~', 'DMG*D8*19750820*M**H:RET^A:RET~'))).findings, 'error'), [])
  })

  test('trailing separators past the last element the map defines are the same error, once', async () => {
    const r = await both(replaceOnce(base, 'DMG*D8*19770816*M~', 'DMG*D8*19770816*M***********~'))
    assert.deepEqual(codes(r.findings, 'error'), ['segment-trailing-separators'])
  })

  test('a trailing separator on an envelope segment (SE*…*~) is not reported: no TA1/AK9/IK5 code says it, and a wrong one would reject the file', async () => {
    const se = /SE\*[^~]*~/.exec(base)![0]
    const r = await both(replaceOnce(base, se, se.replace('~', '*~')))
    assert.deepEqual(codes(r.findings, 'error'), [])
  })
})

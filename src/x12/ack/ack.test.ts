import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { validate834 } from '../validate/validate-834.js'
import { validate999 } from '../validate/validate-999.js'
import { SAMPLES, recount, replaceOnce, sample } from '../validate/test-helpers.js'
import { build999, buildTA1 } from './build.js'
import { parseAcknowledgement } from './parse.js'

const now = new Date('2026-11-23T14:05:00Z')
const TODAY = '2026-11-23'
const family = sample('pyx12_834_deident_family.txt')
const samples834 = readdirSync(SAMPLES).filter((f) => !f.endsWith('.md') && !f.includes('.999.'))

describe('999 generation', () => {
  test('the 999 for a clean change file accepts it, echoing GS and ST, with swapped sender/receiver', async () => {
    const ack = build999(await validate834(family, { today: TODAY }), { now, interchange_control_number: 7 })
    assert.equal(ack, [
      'ISA*00*          *00*          *ZZ*CAREPLUS       *ZZ*WIDGETCORP     *261123*1405*^*00501*000000007*0*T*:~',
      'GS*FA*CAREPLUS*WIDGETCORP*20261123*1405*1*X*005010X231A1~',
      'ST*999*0001*005010X231A1~',
      'AK1*BE*100002*005010X220A1~',
      'AK2*834*0001*005010X220A1~',
      'IK5*A~',
      'AK9*A*1*1*1~',
      'SE*6*0001~',
      'GE*1*1~',
      'IEA*1*000000007~',
      '',
    ].join('\n'))
  })

  for (const name of samples834) {
    test(`the 999 for ${name} validates against the 999 map and reads back to the same verdicts`, async () => {
      const result = await validate834(sample(name), { today: TODAY })
      const ack = build999(result, { now })
      const check = await validate999(ack)
      assert.deepEqual(check.findings, [])
      const report = await parseAcknowledgement(ack)
      const sets = report.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transaction_sets))
      const expected = result.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transaction_sets))
      assert.deepEqual(sets.map((t) => [t.control_number, t.accepted]), expected.map((t) => [t.st02, t.accepted]))
      for (const g of report.interchanges.flatMap((ic) => ic.groups)) {
        assert.equal(g.received, g.transaction_sets.length)
        assert.equal(g.accepted_count, g.transaction_sets.filter((t) => t.accepted).length)
      }
    })
  }

  test('a rejected set carries IK3 (segment, position, loop, IK304=8) and IK4 (position, element 374, IK403=7, bad value)', async () => {
    const result = await validate834(sample('lfh_enroll-employee-managed-care.834'), { today: TODAY })
    const report = await parseAcknowledgement(build999(result, { now }))
    const set = report.interchanges[0]?.groups[0]?.transaction_sets[0]
    assert.equal(set?.status.code, 'R')
    assert.deepEqual(set?.segment_errors, [{
      segment_id: 'DTP', position: 8, loop_id: '2000', error: { code: '8', description: 'Segment has data element errors' }, context: [],
      element_errors: [{ position: 1, component: undefined, repetition: undefined, data_element: '374', error: { code: '7', description: 'Invalid code value' }, bad_value: '358' }],
    }])
    assert.deepEqual(set?.errors.map((e) => e.code), ['5'])
    assert.equal(report.all_accepted, false)
  })

  test('one bad set of two gives AK9*P with 2 included, 2 received, 1 accepted', async () => {
    const second = family.slice(family.indexOf('ST*834'), family.indexOf('GE*')).replace('ST*834*0001', 'ST*834*0002').replace('SE*25*0001', 'SE*25*0002').replace('INS*Y*18*', 'INS*Y*01*')
    const twoSets = replaceOnce(family, 'GE*1*100002', `${second}GE*2*100002`)
    const ack = build999(await validate834(twoSets, { today: TODAY }), { now })
    assert.match(ack, /AK9\*P\*2\*2\*1~/)
    assert.deepEqual((await validate999(ack)).findings, [])
    const report = await parseAcknowledgement(ack)
    assert.deepEqual(report.interchanges[0]?.groups[0]?.transaction_sets.map((t) => t.status.code), ['A', 'R'])
    assert.equal(report.interchanges[0]?.groups[0]?.status?.code, 'P')
  })

  test('group envelope errors go to AK905 and reject the group (GE01 says 3 for 1 set)', async () => {
    const ack = build999(await validate834(replaceOnce(family, 'GE*1*100002', 'GE*3*100002'), { today: TODAY }), { now })
    assert.match(ack, /IK5\*A~\nAK9\*R\*3\*1\*1\*5~/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })

  test('a GS error without an AK905 code (GS02 too short) is noted, not rejected: AK9*E', async () => {
    const ack = build999(await validate834(replaceOnce(family, 'GS*BE*WIDGETCORP*', 'GS*BE*W*'), { today: TODAY }), { now })
    assert.match(ack, /IK5\*A~\nAK9\*E\*1\*1\*1~/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })

  test('SE01 wrong shows as IK5*R*4 (number of included segments does not match)', async () => {
    const ack = build999(await validate834(replaceOnce(family, 'SE*25*0001', 'SE*24*0001'), { today: TODAY }), { now })
    assert.match(ack, /IK5\*R\*4~/)
    const report = await parseAcknowledgement(ack)
    assert.equal(report.interchanges[0]?.groups[0]?.transaction_sets[0]?.errors[0]?.description, 'Number of included segments does not match actual count')
  })

  test('warnings stay out of the 999 unless asked for, then the set is IK5*E (accepted, errors noted)', async () => {
    const result = await validate834(sample('lfh_add-dependent.834'), { today: TODAY })
    assert.match(build999(result, { now }), /IK5\*A~/)
    const noted = build999(result, { now, include_warnings: true })
    assert.match(noted, /IK3\*INS\*6\*2000\*I6~\nIK5\*E\*5~\nAK9\*E\*1\*1\*1~/)
    assert.deepEqual((await validate999(noted)).findings, [])
  })

  test('a bad value containing a delimiter is not echoed raw into IK404', async () => {
    // INS05 is a simple element: the component separator in it is an invalid character (IK403 6), as pyx12 reports it.
    const result = await validate834(replaceOnce(family, 'INS*Y*18*021*XN*A*', 'INS*Y*18*021*XN*Q:Z*'), { today: TODAY })
    const ack = build999(result, { now })
    assert.match(ack, /IK4\*5\*1216\*6\*QZ~/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })

  test('a bad value outside printable ASCII (DUPRÉ) is echoed without the character X12 cannot carry', async () => {
    const result = await validate834(Buffer.from(replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT', 'NM1*IL*1*DUPRÉ*ROBERT'), 'latin1'), { today: TODAY })
    const ack = build999(result, { now })
    assert.match(ack, /IK4\*3\*1035\*6\*DUPR~/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })

  test('a garbled one-letter segment still gives a valid 999 that rejects the set', async () => {
    const result = await validate834(recount(replaceOnce(family, 'INS*Y*18*021*XN*A*', 'INS*Y*18*021*XN*A~Z*')), { today: TODAY })
    const ack = build999(result, { now })
    assert.match(ack, /IK5\*R/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })
})

describe('TA1', () => {
  test('an IEA02 that does not match ISA13 gets TA1*…*R*001 in a TA1-only interchange (IEA01=0)', async () => {
    const result = await validate834(replaceOnce(family, 'IEA*1*000000002', 'IEA*1*000000003'), { today: TODAY })
    const ta1 = buildTA1(result, { now, interchange_control_number: 12 })
    assert.equal(ta1, [
      'ISA*00*          *00*          *ZZ*CAREPLUS       *ZZ*WIDGETCORP     *261123*1405*^*00501*000000012*0*T*:~',
      'TA1*000000002*260401*0900*R*001~',
      'IEA*0*000000012~',
      '',
    ].join('\n'))
    assert.deepEqual((await validate999(ta1)).findings, [])
    const report = await parseAcknowledgement(ta1)
    assert.deepEqual(report.interchanges[0]?.ta1[0]?.note, { code: '001', description: 'The interchange control number in the header and trailer do not match' })
    assert.equal(report.interchanges[0]?.ta1[0]?.accepted, false)
    assert.equal(report.all_accepted, false)
  })

  test('a clean interchange gets TA1 A/000; IEA01 wrong gets 021; a truncated file gets 023', async () => {
    assert.match(buildTA1(await validate834(family, { today: TODAY }), { now }), /TA1\*000000002\*260401\*0900\*A\*000~/)
    assert.match(buildTA1(await validate834(replaceOnce(family, 'IEA*1*', 'IEA*2*'), { today: TODAY }), { now }), /\*R\*021~/)
    assert.match(buildTA1(await validate834(family.slice(0, family.indexOf('IEA')), { today: TODAY }), { now }), /\*R\*023~/)
  })

  test('a group a 999 cannot echo (GS01=XX) gets no 999 and a TA1 rejection 024 (invalid interchange content)', async () => {
    const result = await validate834(replaceOnce(family, 'GS*BE*', 'GS*XX*'), { today: TODAY })
    assert.equal(build999(result, { now }), '')
    assert.match(buildTA1(result, { now }), /TA1\*000000002\*260401\*0900\*R\*024~/)
  })

  test('acknowledging a file of two interchanges: per-interchange selection, and set verdicts stay with their interchange', async () => {
    const second = replaceOnce(replaceOnce(replaceOnce(family, '*000000002*0*T*', '*000000005*0*T*'), 'IEA*1*000000002', 'IEA*1*000000005'), 'INS*Y*18*', 'INS*Y*01*')
    const garbledFirst = replaceOnce(family, 'GS*BE*', 'GS*XX*')
    const result = await validate834(garbledFirst + second, { today: TODAY })
    const ta1 = buildTA1(result, { now, interchanges: [0] })
    assert.equal(ta1.match(/^TA1/gm)?.length, 1)
    assert.match(ta1, /TA1\*000000002\*260401\*0900\*R\*024~/)
    const ack = build999(result, { now, interchanges: [1] })
    assert.match(ack, /AK2\*834\*0001\*005010X220A1~\nIK3\*INS\*5\*2000\*8~\nIK4\*2\*1069\*I6\*01~\nIK5\*R\*5~/)
    assert.equal(build999(result, { now }), ack)
    assert.equal(build999(result, { now, interchanges: [0] }), '')
  })

  test('when the sender asks for one (ISA14=1) the 999 interchange carries the TA1 after its ISA', async () => {
    const asked = replaceOnce(family, '*000000002*0*T*', '*000000002*1*T*')
    const ack = build999(await validate834(asked, { today: TODAY }), { now })
    assert.match(ack, /^ISA[^\n]*\nTA1\*000000002\*260401\*0900\*A\*000~\nGS\*FA/)
    assert.deepEqual((await validate999(ack)).findings, [])
  })
})

describe('the acknowledgement envelope', () => {
  test('an inbound ISA15 that is neither T nor P is answered as a test (T), never as production', async () => {
    for (const [inbound, answered] of [['X', 'T'], [' ', 'T'], ['T', 'T'], ['P', 'P']]) {
      const result = await validate834(replaceOnce(family, '*000000002*0*T*', `*000000002*0*${inbound}*`), { today: TODAY })
      for (const ack of [build999(result, { now }), buildTA1(result, { now })]) {
        assert.match(ack, new RegExp(`^ISA\\*[^\\n]*\\*000000002\\*0\\*${answered}\\*:~\\n`), `ISA15 '${inbound}'`)
      }
    }
  })

  test('TA102/TA103 echo ISA09/ISA10 only when they are a valid date and time; otherwise the acknowledgement\'s own', async () => {
    const cases = [['261332', '1030', '261123*1030'], ['260229', '1030', '261123*1030'], ['240229', '2460', '240229*1405'], ['260401', '0900', '260401*0900']]
    for (const [date, time, expected] of cases) {
      const result = await validate834(replaceOnce(family, '*260401*0900*', `*${date}*${time}*`), { today: TODAY })
      assert.match(buildTA1(result, { now }), new RegExp(`\\nTA1\\*000000002\\*${expected?.replace('*', '\\*')}\\*[AR]\\*\\d{3}~`), `${date} ${time}`)
      const ta1 = buildTA1(result, { now })
      assert.deepEqual((await validate999(ta1)).findings.filter((f) => /TA10[23]/.test(f.location.element ?? '')), [])
    }
  })

  test('a non-numeric ISA13 (00000010A in ISA13 and IEA02) gets TA1 R 018, and TA101 is zeros: the TA1 stays valid X12', async () => {
    // Before: TA105 001 ("ISA13 and IEA02 differ", though they match) and TA101 00000010A, invalid N0 9/9.
    const text = family.replace('*000000002*0*T*', '*00000010A*0*T*').replace('IEA*1*000000002', 'IEA*1*00000010A')
    const ta1 = buildTA1(await validate834(text, { today: TODAY }), { now, interchange_control_number: 5 })
    assert.match(ta1, /\nTA1\*000000000\*260401\*0900\*R\*018~/)
    assert.equal((await validate999(ta1)).valid, true)
  })

  test('an invalid ISA05 qualifier (XX) is not sent back in the reply ISA07: ZZ stands in, and the TA1 is valid', async () => {
    const text = family.replace('*ZZ*WIDGETCORP     *', '*XX*WIDGETCORP     *')
    const result = await validate834(text, { today: TODAY })
    const ta1 = buildTA1(result, { now, interchange_control_number: 5 })
    assert.match(ta1, /^ISA\*00\*          \*00\*          \*ZZ\*CAREPLUS       \*ZZ\*WIDGETCORP     \*/)
    assert.match(ta1, /TA1\*000000002\*260401\*0900\*R\*005~/)
    assert.equal((await validate999(ta1)).valid, true)
  })

  test('a GS error no AK905 code names (GS04 20261301) brings a TA1 E 024 with the 999, so the sender learns what AK9*E is about', async () => {
    const result = await validate834(replaceOnce(family, '*20260401*0900*100002*', '*20261301*0900*100002*'), { today: TODAY })
    const ack = build999(result, { now, interchange_control_number: 5 })
    assert.match(ack, /\nTA1\*000000002\*260401\*0900\*E\*024~\nGS\*FA\*/)
    assert.match(ack, /AK9\*E\*1\*1\*1~/)
    assert.equal((await validate999(ack)).valid, true)
    assert.doesNotMatch(build999(await validate834(family, { today: TODAY }), { now }), /TA1/)
  })

  test('control numbers of several replies wrap from 999999999 to 1 (ISA13 is 9 digits)', async () => {
    const result = await validate834(family + family.replaceAll('000000002', '000000003'), { today: TODAY })
    const ack = build999(result, { now, interchange_control_number: 999_999_999 })
    assert.deepEqual([...ack.matchAll(/IEA\*\d\*(\d+)~/g)].map((m) => m[1]), ['999999999', '000000001'])
    assert.equal((await validate999(ack)).valid, true)
  })
})

describe('reading acknowledgements from carriers', () => {
  test('pyx12 999 for the ls_le_ls file: group 146 and set 146001 accepted', async () => {
    const report = await parseAcknowledgement(sample('pyx12_834_ls_le_ls_5010.999.txt'))
    const g = report.interchanges[0]?.groups[0]
    assert.deepEqual([g?.functional_id, g?.group_control_number, g?.status?.code, g?.included, g?.received, g?.accepted_count], ['BE', '146', 'A', 1, 1, 1])
    assert.deepEqual(g?.transaction_sets.map((t) => [t.control_number, t.accepted]), [['146001', true]])
    assert.equal(report.all_accepted, true)
  })

  test('pyx12 999 with 2 GS x 2 ST: four acknowledgements, all accepted; its GS08/ST03 005010X231 (the guide before the A1 errata) is accepted', async () => {
    const report = await parseAcknowledgement(sample('pyx12_834_lui_id_5010.999.txt'))
    const groups = report.interchanges.flatMap((ic) => ic.groups)
    assert.deepEqual(groups.map((g) => g.ack_control_number), ['0001', '0002', '0003', '0004'])
    assert.ok(groups.every((g) => g.accepted && g.transaction_sets.every((t) => t.accepted)))
    assert.equal(report.all_accepted, true)
    assert.deepEqual(report.findings, [])
  })

  test('a rejection reads with readable reasons per segment and element', async () => {
    const result = await validate834(recount(sample('mpulse_CHOICE-TEST-5010-nohipaa-metlife.edi')), { today: TODAY })
    const report = await parseAcknowledgement(build999(result, { now }))
    const g = report.interchanges[0]?.groups[0]
    assert.deepEqual(g?.errors, [{ code: '2', description: 'Functional group version not supported' }])
    const bgn = g?.transaction_sets[0]?.segment_errors.find((s) => s.segment_id === 'BGN')
    assert.deepEqual(bgn?.element_errors.map((e) => [e.position, e.error.description]), [
      [1, 'Data element too long'], [1, 'Invalid code value'], [7, 'Implementation "not used" data element present'], [8, 'Required data element missing'],
    ])
  })

  test('a carrier 999 whose AK9 contradicts its IK5s is flagged (AK9*A*1*1*0; IK5*A over an IK3)', async () => {
    const ok = sample('pyx12_834_ls_le_ls_5010.999.txt')
    const counts = await validate999(replaceOnce(ok, 'AK9*A*1*1*1', 'AK9*A*1*1*0'))
    assert.deepEqual(counts.findings.filter((f) => f.code.startsWith('ak9')).map((f) => f.code), ['ak9-count-mismatch', 'ak9-status-mismatch'])
    const ik5 = await validate999(recount(replaceOnce(ok, 'IK5*A', 'IK3*NM1*8*2100*8~\nIK5*A')))
    assert.ok(ik5.findings.some((f) => f.code === 'ik5-status-mismatch'))
  })

  test('garbage is reported as a finding, not thrown', async () => {
    const report = await parseAcknowledgement('not x12 at all')
    assert.deepEqual(report.interchanges, [])
    assert.equal(report.all_accepted, false)
    assert.equal(report.findings[0]?.code, 'tokenizer-error')
  })
})

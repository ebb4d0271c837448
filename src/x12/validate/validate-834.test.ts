import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { tokenizeSync } from '../tokenizer.js'
import { readFileSync } from 'node:fs'
import { createValidator, runValidation, validate834 } from './validate-834.js'
import { createMapValidator } from './engine.js'
import { compileMap } from './map.js'
import type { ValidationResult } from './result.js'
import { codes, recount, replaceOnce, sample } from './test-helpers.js'
import { build999 } from '../ack/build.js'

const TODAY = '2026-11-23'
const check = (text: string, today = TODAY): Promise<ValidationResult> => validate834(text, { today })
const errors = (r: ValidationResult): string[] => codes(r.findings, 'error')
const warnings = (r: ValidationResult): string[] => codes(r.findings, 'warning')

describe('834 samples (samples/PROVENANCE.md)', () => {
  for (const name of [
    'pyx12_834_deident_family.txt', 'pyx12_834_deident_term.txt', 'pyx12_834_ls_le_ls.txt',
    'lfh_add-dependent.834', 'lfh_cancel-dependent.834', 'lfh_change-subscriber-information.834',
    'lfh_enroll-employee-multiple-products.834', 'edifabric_BenefitEnrollment_bom.txt',
  ]) {
    test(`${name} (pyx12: VALID) has no errors`, async () => {
      const r = await check(sample(name))
      assert.deepEqual(errors(r), [])
      assert.equal(r.valid, true)
      assert.equal(r.interchanges[0]?.groups[0]?.transaction_sets[0]?.accepted, true)
    })
  }

  test('lfh_terminate-subscriber-eligibility passes pyx12 but sends INS*Y*19: a subscriber must be INS02=18 (self)', async () => {
    const r = await check(sample('lfh_terminate-subscriber-eligibility.834'))
    assert.deepEqual(errors(r), ['ins02-subscriber-not-self'])
    assert.equal(r.findings[0]?.location.element, 'INS02')
  })

  test('pyx12_834_deident_term terminates with INS05=T: warned, T is TEFRA status, not "terminated"', async () => {
    const r = await check(sample('pyx12_834_deident_term.txt'))
    assert.deepEqual(warnings(r), ['ins05-tefra-on-termination', 'ins05-tefra-on-termination'])
    assert.deepEqual(codes((await check(term.replaceAll('*024*XN*T*', '*024*XN*A*'))).findings), [])
  })

  test('lfh_add-dependent adds a dependent with no subscriber loop: a warning in a change file', async () => {
    const r = await check(sample('lfh_add-dependent.834'))
    assert.deepEqual(warnings(r), ['dependent-without-subscriber'])
  })

  test('pyx12 example full file is invalid for INS06-01 "C   " (too long, not a Medicare plan code)', async () => {
    const r = await check(sample('pyx12_example834_5010_full_file.txt'))
    assert.deepEqual(errors(r).sort(), ['element-invalid-code', 'element-too-long'])
    for (const f of r.findings) {
      assert.equal(f.location.element, 'INS06-01')
      assert.equal(f.location.component, 1)
      assert.equal(f.ack.bad_value, 'C   ')
    }
  })

  test('lfh managed-care enrollment is invalid: DTP*358 is not a 2000 DTP01 code in X220A1', async () => {
    const r = await check(sample('lfh_enroll-employee-managed-care.834'))
    assert.deepEqual(errors(r), ['element-invalid-code'])
    const f = r.findings[0]
    assert.equal(f?.location.element, 'DTP01')
    assert.equal(f?.location.loop_path, '2000')
    assert.equal(f?.ack.bad_value, '358')
    assert.equal(f?.ack.ik403, '7')
  })

  test('mpulse exchange feed is invalid: its ISA is not fixed width (ISA08 "IBX" not padded)', async () => {
    const r = await check(sample('mpulse_AnP-IHG-add-dep-to-sub-and-spouse.edi'))
    assert.ok(errors(r).includes('isa-not-fixed-width'))
    assert.ok(r.findings.some((f) => f.location.element === 'ISA08' && f.code === 'element-too-short'))
  })

  test('mpulse MetLife file is invalid: GS08/ST03 are not 005010X220A1', async () => {
    const r = await check(sample('mpulse_CHOICE-TEST-5010-nohipaa-metlife.edi'))
    const gs08 = r.findings.find((f) => f.location.element === 'GS08')
    assert.equal(gs08?.code, 'element-invalid-code')
    assert.equal(gs08?.ack.ak905, '2')
    assert.ok(r.findings.some((f) => f.location.element === 'ST03' && f.code === 'element-required-missing'))
    assert.ok(r.findings.some((f) => f.location.element === 'BGN08' && f.code === 'element-required-missing'))
  })

  test('sarun full file is invalid: SE01 69113 for 184 segments, and HD01=021 in a full file', async () => {
    const r = await check(sample('sarun_EDI834_dummy_input.txt'))
    const se = r.findings.find((f) => f.code === 'se01-segment-count')
    assert.match(se?.message ?? '', /69113.*184/)
    assert.equal(se?.ack.ik502, '4')
    assert.ok(errors(r).includes('full-file-hd01-not-030'))
    assert.deepEqual(r.interchanges[0]?.groups[0]?.transaction_sets[0]?.members, 15)
    assert.deepEqual(r.interchanges[0]?.groups[0]?.transaction_sets[0]?.subscribers, 10)
  })
})

const family = sample('pyx12_834_deident_family.txt')
const term = sample('pyx12_834_deident_term.txt')
const fullFile = replaceOnce(sample('pyx12_example834_5010_full_file.txt'), '*C   **', '*C**')

describe('834 business rules (README "Rules schema validation does not fully cover")', () => {
  test('the repaired pyx12 full file (BGN08=4, INS03/HD01=030) validates clean', async () => {
    assert.deepEqual(errors(await check(fullFile)), [])
  })

  test('a subscriber sent as INS*Y*01 is rejected: the subscriber is always INS02=18 (self), pyx12 lets it pass', async () => {
    const r = await check(replaceOnce(family, 'INS*Y*18*', 'INS*Y*01*'))
    assert.deepEqual(errors(r), ['ins02-subscriber-not-self'])
    assert.equal(r.findings.find((f) => f.severity === 'error')?.ack.ik403, 'I6')
  })

  test('a spouse sent as INS*N*18 is rejected: a dependent cannot be "self"', async () => {
    const r = await check(replaceOnce(family, 'INS*N*01*', 'INS*N*18*'))
    assert.deepEqual(errors(r), ['ins02-dependent-is-self'])
  })

  test('a full-file audit (BGN08=4) that sends INS03=021 is rejected: carriers treat full files as snapshots', async () => {
    const r = await check(replaceOnce(fullFile, 'INS*Y*18*030*', 'INS*Y*18*021*'))
    assert.deepEqual(errors(r), ['full-file-ins03-not-030'])
  })

  test('a full file whose coverage says HD*021 is rejected: HD01 must be 030 in an audit file (sarun sample)', async () => {
    const r = await check(replaceOnce(fullFile, 'HD*030*', 'HD*021*'))
    assert.deepEqual(errors(r), ['full-file-hd01-not-030'])
  })

  test('a change file (BGN08=2) that sends INS03=030 is rejected: audit records belong in full files', async () => {
    const r = await check(replaceOnce(family, 'INS*Y*18*021*', 'INS*Y*18*030*'))
    assert.deepEqual(errors(r), ['change-file-ins03-invalid'])
  })

  test('INS03=026 in a change file is one error, an unknown INS03 code, not also a change-file error', async () => {
    const r = await check(replaceOnce(family, 'INS*Y*18*021*', 'INS*Y*18*026*'))
    assert.deepEqual(errors(r), ['ins03-invalid-code'])
  })

  test('HD01=027 is rejected with its own code: HD01 allows 001 002 021 024 025 026 030 032 only', async () => {
    const r = await check(replaceOnce(family, 'HD*021*', 'HD*027*'))
    assert.deepEqual(errors(r), ['hd01-invalid-code'])
  })

  test('INS03=026 is rejected: 026 (correction) is an HD-only maintenance type', async () => {
    const r = await check(replaceOnce(family, 'INS*Y*18*021*', 'INS*Y*18*026*'))
    assert.ok(errors(r).includes('ins03-invalid-code'))
  })

  test('a termination (INS03=024) without DTP*357 is warned: carriers need the eligibility end date', async () => {
    const r = await check(recount(replaceOnce(term, 'DTP*357*D8*20260331~\nNM1*IL*1*JONES', 'NM1*IL*1*JONES')))
    assert.deepEqual(errors(r), [])
    assert.deepEqual(warnings(r).filter((c) => c !== 'ins05-tefra-on-termination'), ['termination-missing-dtp-357'])
  })

  test('a coverage termination HD*024 without DTP*349 is warned: the plan needs the coverage end date', async () => {
    const r = await check(replaceOnce(term, 'HD*024**PPO**EMP~\nDTP*349*D8*20260331~\nINS', 'HD*024**PPO**EMP~\nDTP*348*D8*20210101~\nINS'))
    assert.deepEqual(errors(r), [])
    assert.deepEqual(warnings(r).filter((c) => c !== 'ins05-tefra-on-termination'), ['hd-termination-missing-dtp-349'])
  })

  test('a coverage added (HD*021) without DTP*348 is warned: the carrier needs the benefit begin date', async () => {
    // The mirror of HD*024 without DTP*349: an addition that only says when it ends (DTP*349) starts nowhere.
    const r = await check(replaceOnce(family, 'HD*021**PPO**FAM~\nDTP*348*D8*20260401~', 'HD*021**PPO**FAM~\nDTP*349*D8*20261231~'))
    assert.deepEqual(errors(r), [])
    // (The sample's dependents carry member ids of their own: warned as dependent-subscriber-mismatch.)
    const baseline = warnings(await check(family))
    assert.deepEqual(warnings(r).filter((c) => !baseline.includes(c)), ['hd-addition-missing-dtp-348'])
    const f = r.findings.find((x) => x.code === 'hd-addition-missing-dtp-348')!
    // IK304 I6 ("implementation dependent segment missing") names the missing segment, DTP, at the HD's line.
    assert.equal(f.location.segment_id, 'DTP')
    assert.equal(f.location.loop_path, '2000/2300')
    assert.equal(f.ack.ik304, 'I6')
    assert.equal(f.location.line, 15) // the HD*021 line of the sample
    assert.match(build999(r, { include_warnings: true, interchange_control_number: 1 }), /IK3\*DTP\*\d+\*2300\*I6~/)
    assert.ok(!baseline.includes('hd-addition-missing-dtp-348'))
  })

  test('HD01=030 (audit) in a change file (BGN08=2) is warned, as INS03=030 there is an error', async () => {
    const r = await check(replaceOnce(family, 'HD*021**PPO**FAM~', 'HD*030**PPO**FAM~'))
    assert.deepEqual(errors(r), [])
    const baseline = warnings(await check(family))
    assert.deepEqual(warnings(r).filter((c) => !baseline.includes(c)), ['change-file-hd01-audit'])
    assert.equal(r.findings.find((x) => x.code === 'change-file-hd01-audit')?.location.element, 'HD01')
  })

  test('a coverage that ends (DTP*349 20260331) before it begins (DTP*348 20260401) is rejected', async () => {
    const r = await check(recount(replaceOnce(term, 'HD*024**PPO**EMP~\nDTP*349*D8*20260331~\nINS', 'HD*024**PPO**EMP~\nDTP*348*D8*20260401~\nDTP*349*D8*20260331~\nINS')))
    assert.deepEqual(errors(r), ['coverage-end-before-begin'])
  })

  test('eligibility that ends (DTP*357 20200331) before it begins (DTP*356 20210101) is rejected, at the DTP*357', async () => {
    // A termination keyed a year early: carriers reject it, and before it passed (only coverage dates were compared).
    const r = await check(replaceOnce(term, 'DTP*356*D8*20210101~\nDTP*357*D8*20260331~', 'DTP*356*D8*20210101~\nDTP*357*D8*20200331~'))
    assert.deepEqual(errors(r), ['eligibility-end-before-begin'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.element, 'DTP03')
    assert.equal(f.location.line, 11)
    assert.deepEqual(errors(await check(term)), [])
  })

  test('INS04=43 (change of location) on an add is hinted: an address move is INS03=001', async () => {
    const r = await check(replaceOnce(family, 'INS*Y*18*021*XN*', 'INS*Y*18*021*43*'))
    assert.deepEqual(warnings(r).filter((c) => c === 'address-change-hint'), ['address-change-hint'])
  })

  test('INS*001*43 without the new N3/N4 address is hinted; with it, it is clean', async () => {
    const change = sample('lfh_change-subscriber-information.834')
    const noAddress = await check(replaceOnce(change, 'INS*Y*18*001*25*', 'INS*Y*18*001*43*'))
    assert.deepEqual(warnings(noAddress), ['address-change-hint'])
    const withAddress = await check(recount(replaceOnce(replaceOnce(change, 'INS*Y*18*001*25*', 'INS*Y*18*001*43*'),
      'DMG*D8*19500415*M~', 'N3*1 NEW ST~\nN4*HARRISBURG*PA*17101~\nDMG*D8*19500415*M~')))
    assert.deepEqual(codes(withAddress.findings), [])
  })

  test('an eligibility begin date sent as RD8 in the 2000 loop is rejected: RD8 is only for 2300 HD dates and 2750', async () => {
    const r = await check(replaceOnce(family, 'DTP*356*D8*20260401~\nNM1*IL*1*SMITH*ROBERT', 'DTP*356*RD8*20260401-20261231~\nNM1*IL*1*SMITH*ROBERT'))
    assert.deepEqual(errors(r), ['date-format-not-allowed'])
    const ok = await check(replaceOnce(family, 'DTP*348*D8*20260401', 'DTP*348*RD8*20260401-20261231'))
    assert.deepEqual(errors(ok), [])
  })

  test('a coverage begin of February 30 is rejected: DTP03 must be a real calendar date', async () => {
    const r = await check(replaceOnce(family, 'DTP*348*D8*20260401', 'DTP*348*D8*20260230'))
    assert.deepEqual(errors(r), ['date-invalid'])
    assert.equal(r.findings[0]?.location.element, 'DTP03')
    assert.equal(r.findings[0]?.ack.ik403, '8')
  })

  test('an RD8 coverage range that ends before it starts is rejected', async () => {
    const r = await check(replaceOnce(family, 'DTP*348*D8*20260401', 'DTP*348*RD8*20261231-20260401'))
    assert.deepEqual(errors(r), ['date-range-reversed'])
  })

  test('a birth date in 2099 is rejected (DMG*D8*20990315): pyx12 lets it pass', async () => {
    const r = await check(replaceOnce(family, 'DMG*D8*20100612*M', 'DMG*D8*20990315*M'))
    assert.deepEqual(errors(r), ['birth-date-in-future'])
    const yesterday = await check(replaceOnce(family, 'DMG*D8*20100612*M', 'DMG*D8*20261122*M'))
    assert.deepEqual(errors(yesterday), [])
  })

  test('a member without REF*0F is rejected with its own code: every 2000 loop carries the subscriber id', async () => {
    const r = await check(recount(replaceOnce(family, 'REF*0F*M000003~\n', '')))
    assert.deepEqual(errors(r), ['member-missing-ref-0f'])
    assert.equal(r.findings.find((f) => f.code === 'member-missing-ref-0f')?.ack.ik304, '3')
  })

  test("a dependent whose REF*0F is not its subscriber's is warned (dependents must follow their own subscriber)", async () => {
    const same = replaceOnce(replaceOnce(family, 'REF*0F*M000003', 'REF*0F*M000002'), 'REF*0F*M000004', 'REF*0F*M000002')
    assert.deepEqual(codes((await check(same)).findings), [])
    const r = await check(replaceOnce(same, 'REF*0F*M000002~\nDTP*356*D8*20260401~\nNM1*IL*1*SMITH*MARY', 'REF*0F*M000099~\nDTP*356*D8*20260401~\nNM1*IL*1*SMITH*MARY'))
    assert.deepEqual(warnings(r), ['dependent-subscriber-mismatch'])
    assert.equal(r.findings[0]?.location.element, 'REF02')
  })

  test('a dependent before any subscriber is an error in a full file (a snapshot must hold the whole family)', async () => {
    const dependentFirst = replaceOnce(fullFile, 'INS*Y*18*030*', 'INS*N*19*030*')
    const r = await check(dependentFirst)
    assert.deepEqual(errors(r), ['dependent-without-subscriber'])
  })

  test('a 2100A member name with NM101=QC is rejected: the member is IL (or 74 when correcting)', async () => {
    const r = await check(replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT', 'NM1*QC*1*SMITH*ROBERT'))
    assert.deepEqual(errors(r), ['member-name-qualifier'])
  })

  test('a 2100A member id qualified NM108=SY is rejected: 5010 uses 34 (SSN) or ZZ', async () => {
    const r = await check(replaceOnce(family, 'SMITH*ROBERT*J***34*', 'SMITH*ROBERT*J***SY*'))
    assert.deepEqual(errors(r), ['member-id-qualifier'])
  })

  test('header QTY totals that do not match the counted members are rejected; matching ones pass', async () => {
    const good = recount(replaceOnce(family, '****2~\n', '****2~\nQTY*ET*1~\nQTY*DT*2~\nQTY*TO*3~\n'))
    assert.deepEqual(codes((await check(good)).findings, 'error'), [])
    const bad = recount(replaceOnce(family, '****2~\n', '****2~\nQTY*DT*5~\nQTY*TO*3~\n'))
    const r = await check(bad)
    assert.deepEqual(errors(r), ['qty-total-mismatch'])
    assert.match(r.findings.find((f) => f.code === 'qty-total-mismatch')?.message ?? '', /DT says 5.*2 dependents/)
  })
})

describe('segments and loops at the same position come in any order', () => {
  // The guide orders a loop's children by position number: the 2000 REFs (0F, 1L, others) all sit at
  // 0200 and loops 2100A–2100G all at 0300, so senders list them in any order (pyx12 accepts it).
  test('REF*1L before REF*0F in loop 2000 is valid (and REF*0F is not "missing")', async () => {
    const r = await check(replaceOnce(family, 'REF*0F*M000002~\nREF*1L*GRP002~', 'REF*1L*GRP002~\nREF*0F*M000002~'))
    assert.deepEqual(errors(r), [])
  })

  test('loop 2100G (NM1*QD, responsible person) before 2100C (NM1*31, mailing address) is valid', async () => {
    const r = await check(recount(replaceOnce(family, 'DMG*D8*19750820*M~\n', 'DMG*D8*19750820*M~\nNM1*QD*1*SMITH*JOHN~\nNM1*31*1~\nN3*PO BOX 1~\nN4*RIVERSIDE*CA*92501~\n')))
    assert.deepEqual(errors(r), [])
  })

  test('but the member name loop 2100A (required) comes before its situational siblings: 2100C first is "2100A missing", as pyx12 says', async () => {
    const r = await check(recount(replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT*J***34*000000002~', 'NM1*31*1~\nN3*PO BOX 1~\nN4*RIVERSIDE*CA*92501~\nNM1*IL*1*SMITH*ROBERT*J***34*000000002~')))
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.message), ['required loop 2100A (NM1) missing in loop 2000'])
  })

  test('a member with no 2100A but loops 2100C and 2100G: 2100A missing, reported once', async () => {
    const r = await check(recount(replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT*J***34*000000002~\nN3*200 OAK AVE~\nN4*RIVERSIDE*CA*92501~\nDMG*D8*19750820*M~\n',
      'NM1*31*1~\nN3*PO BOX 1~\nN4*RIVERSIDE*CA*92501~\nNM1*QD*1*SMITH*JOHN~\n')))
    assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.message), ['required loop 2100A (NM1) missing in loop 2000'])
  })

  test('order between positions still holds: DTP*356 (0250) before REF*1L (0200) is out of order', async () => {
    const r = await check(replaceOnce(family, 'REF*1L*GRP002~\nDTP*356*D8*20260401~', 'DTP*356*D8*20260401~\nREF*1L*GRP002~'))
    assert.deepEqual(errors(r), ['segment-out-of-order'])
  })

  test('a required child of a run is still missing when the walk leaves the run without it', async () => {
    const r = await check(recount(replaceOnce(family, 'REF*0F*M000002~\nREF*1L*GRP002~', 'REF*1L*GRP002~')))
    assert.deepEqual(r.findings.map((f) => [f.code, f.message]), [['member-missing-ref-0f', 'required REF*0F missing in loop 2000']])
  })

  test('the same REF twice in its run is used too often, not out of order', async () => {
    const r = await check(recount(replaceOnce(family, 'REF*1L*GRP002~', 'REF*1L*GRP002~\nREF*0F*M000002~')))
    assert.deepEqual(errors(r), ['segment-exceeds-max-use'])
  })
})

describe('element syntax', () => {
  test('an R value ends in a digit: AMT02 5. is refused (5.5 and .5 are fine), as pyx12 refuses it', async () => {
    const dmg = 'DMG*D8*19750820*M~'
    const withAmt = (amount: string): string => recount(replaceOnce(family, dmg, `${dmg}\nAMT*D2*${amount}~`))
    for (const ok of ['5.5', '.5', '-5', '5']) assert.deepEqual(errors(await check(withAmt(ok))), [], ok)
    const r = await check(withAmt('5.'))
    assert.deepEqual(errors(r), ['element-invalid-character'])
    assert.equal(r.findings.find((f) => f.severity === 'error')?.location.element, 'AMT02')
  })

  test('a latin1 É (0xC9) in a name is outside the X12 character sets: an invalid character, on both paths', async () => {
    const text = replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT*J', 'NM1*IL*1*SMITH*ROBÉRT*J')
    const r = await check(text)
    assert.deepEqual(errors(r), ['element-invalid-character'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.element, 'NM104')
    assert.match(f.message, /'É', outside the X12 character set/)
    const v = createValidator({ today: TODAY })
    for (const seg of tokenizeSync(text)) v.push(seg)
    assert.deepEqual(v.end().findings, r.findings)
  })

  test('a date before 1800 is a keying slip, not a birth date: DMG02 00000101 is invalid', async () => {
    const r = await check(replaceOnce(family, 'DMG*D8*19750820*M~', 'DMG*D8*00000101*M~'))
    assert.deepEqual(errors(r), ['date-invalid'])
    assert.deepEqual(errors(await check(replaceOnce(family, 'DMG*D8*19750820*M~', 'DMG*D8*18000101*M~'))), [])
  })
})

describe('structure and envelope', () => {
  test('junk after the last IEA (a stray line, NUL padding) does not hide the interchange: it is validated, and the junk is one error of no interchange', async () => {
    for (const junk of ['X\n', '\u0000\u0000\u0000\u0000']) {
      const r = await check(family + junk)
      assert.equal(r.interchanges.length, 1, JSON.stringify(junk))
      assert.equal(r.interchanges[0]?.groups[0]?.transaction_sets[0]?.accepted, true)
      const errs = r.findings.filter((f) => f.severity === 'error')
      assert.deepEqual(errs.map((f) => [f.code, f.location.isa13, f.ack.interchange]), [['tokenizer-error', undefined, undefined]])
      assert.equal(r.valid, false)
      // A big input takes the streaming path, slice by slice: the same.
      const streamed = await validate834((async function* () { yield Buffer.from(family + junk, 'latin1') })(), { today: TODAY })
      assert.deepEqual(streamed.findings, r.findings)
    }
  })

  test('messages name the envelope as a reader would, and a lower-case segment id says ids are upper case', async () => {
    const isa = family.slice(0, family.indexOf('GS*'))
    const empty = await check(`${isa}IEA*0*000000002~`)
    assert.deepEqual(empty.findings.map((f) => f.message), ['required GS missing in the interchange'])
    const lower = await check(replaceOnce(family, 'N3*200 OAK AVE~', 'n3*200 OAK AVE~'))
    assert.match(lower.findings.find((f) => f.code === 'segment-unrecognized')?.message ?? '', /segment n3 is not defined in .* \(segment ids are upper case: N3\)$/)
  })

  test('a missing BGN is reported as a required segment missing (IK304=3)', async () => {
    const r = await check(recount(replaceOnce(family, 'BGN*00*20260401-002*20260401*0900****2~\n', '')))
    const f = r.findings.find((x) => x.code === 'segment-required-missing')
    assert.equal(f?.location.segment_id, 'BGN')
    assert.equal(f?.ack.ik304, '3')
    assert.equal(r.valid, false)
  })

  test('REF*0F after DTP*356 is out of order (IK304=7)', async () => {
    const r = await check(replaceOnce(family, 'REF*0F*M000003~\nDTP*356*D8*20260401~', 'DTP*356*D8*20260401~\nREF*0F*M000003~'))
    const f = r.findings.find((x) => x.code === 'segment-out-of-order')
    assert.equal(f?.location.segment_id, 'REF')
    assert.equal(f?.ack.ik304, '7')
  })

  test('an unknown segment id is unrecognized (IK304=1); a second BGN exceeds max use (IK304=5)', async () => {
    const r = await check(recount(replaceOnce(family, 'N1*P5*', 'ZZZ*1~\nBGN*00*X*20260401*0900****2~\nN1*P5*')))
    assert.deepEqual(errors(r), ['segment-unrecognized', 'segment-exceeds-max-use'])
  })

  test('a bad code (INS05=Q) and a too-long name (NM103 of 61 chars) are element errors with IK4 data', async () => {
    const r = await check(replaceOnce(replaceOnce(family, 'INS*Y*18*021*XN*A*', 'INS*Y*18*021*XN*Q*'), '*SMITH*ROBERT*', `*${'S'.repeat(61)}*ROBERT*`))
    const code = r.findings.find((f) => f.code === 'element-invalid-code')
    assert.equal(code?.location.element, 'INS05')
    assert.deepEqual([code?.ack.element_position, code?.ack.data_element, code?.ack.ik403], [5, '1216', '7'])
    const long = r.findings.find((f) => f.code === 'element-too-long')
    assert.equal(long?.location.element, 'NM103')
    assert.equal(long?.location.loop_path, '2000/2100A')
    assert.equal(long?.ack.ik403, '5')
  })

  test('a required element left empty and a P0304 pair half sent are reported', async () => {
    const r = await check(replaceOnce(replaceOnce(family, 'NM1*IL*1*SMITH*ROBERT*J***34*000000002', 'NM1*IL*1**ROBERT*J***34*'), 'N1*IN*CAREPLUS HEALTH PLAN*FI*876543219', 'N1*IN*CAREPLUS HEALTH PLAN*FI'))
    assert.ok(r.findings.some((f) => f.code === 'element-required-missing' && f.location.element === 'NM103'))
    assert.ok(r.findings.some((f) => f.code === 'element-conditional-missing' && f.location.element === 'NM109'))
    // N104 is required in 1000B: reported once as required (IK403 1), not also as half of P0304 (IK403 2).
    assert.deepEqual(r.findings.filter((f) => f.location.element === 'N104').map((f) => f.code), ['element-required-missing'])
  })

  test('SE01 off by one is reported (IK502=4)', async () => {
    const r = await check(replaceOnce(family, 'SE*25*0001', 'SE*26*0001'))
    assert.deepEqual(errors(r), ['se01-segment-count'])
    assert.equal(r.interchanges[0]?.groups[0]?.transaction_sets[0]?.accepted, false)
  })

  test('mismatched control numbers ISA13/IEA02, GS06/GE02, ST02/SE02 and wrong GE01/IEA01 counts are reported', async () => {
    let text = replaceOnce(family, 'IEA*1*000000002', 'IEA*2*000000009')
    text = replaceOnce(text, 'GE*1*100002', 'GE*3*100009')
    text = replaceOnce(text, 'SE*25*0001', 'SE*25*0002')
    const r = await check(text)
    assert.deepEqual(errors(r).sort(), ['ge01-transaction-count', 'gs06-ge02-mismatch', 'iea01-group-count', 'isa13-iea02-mismatch', 'st02-se02-mismatch'])
    assert.equal(r.findings.find((f) => f.code === 'isa13-iea02-mismatch')?.ack.ta105, '001')
    assert.equal(r.findings.find((f) => f.code === 'gs06-ge02-mismatch')?.ack.ak905, '4')
  })

  test('duplicate ST02 in a group and a missing SE/GE/IEA are reported', async () => {
    const body = family.slice(family.indexOf('ST*834'), family.indexOf('GE*'))
    const twice = replaceOnce(family, 'GE*1*100002', `${body}GE*2*100002`)
    assert.deepEqual(errors(await check(twice)), ['st02-duplicate'])
    const cut = family.slice(0, family.indexOf('SE*'))
    assert.deepEqual(errors(await check(cut)).sort(), ['ge-missing', 'iea-missing', 'se-missing'])
  })

  test('a third 1000C TPA/broker loop exceeds its repeat of 2 (IK304=4)', async () => {
    const broker = 'N1*BO*BROKER*FI*123456789~\n'
    const r = await check(recount(replaceOnce(family, 'INS*Y*18*', `${broker}${broker}${broker}INS*Y*18*`)))
    assert.deepEqual(errors(r), ['loop-exceeds-max'])
    assert.equal(r.findings[0]?.ack.ik304, '4')
    assert.equal(r.findings[0]?.ack.loop_id, '1000C')
  })

  test('a repeated ISA13 and a repeated GS06 are duplicates (TA1 025, AK905 19)', async () => {
    const group = family.slice(family.indexOf('GS*'), family.indexOf('IEA*'))
    const twoGroups = replaceOnce(family, 'IEA*1*', `${group}IEA*2*`)
    const r = await check(twoGroups)
    assert.deepEqual(errors(r), ['gs06-duplicate'])
    assert.equal(r.findings.find((f) => f.code === 'gs06-duplicate')?.ack.ak905, '19')
    const twice = await check(family + family)
    assert.deepEqual(errors(twice), ['isa13-duplicate'])
    assert.equal(twice.findings.find((f) => f.code === 'isa13-duplicate')?.ack.ta105, '025')
    assert.equal(twice.interchanges.length, 2)
  })

  test('a segment id with a leading space (pyx12: "Segment contains a leading space") is reported', () => {
    const v = createValidator({ today: TODAY })
    for (const seg of tokenizeSync(family)) v.push(seg.id === 'N1' && seg.elements[1] === 'IN' ? { ...seg, id: ' N1' } : seg)
    assert.deepEqual(codes(v.end().findings, 'error'), ['segment-leading-whitespace'])
  })

  test('a line of junk pasted between two segments (it joins the next id, "@@ note @@\\nINS") is one error, not a cascade', async () => {
    // Before: the member's INS was "unrecognized", and every later segment of the member was out of
    // place (10 errors for one pasted line), while `x12 to-json` converted no member at all.
    const junk = replaceOnce(family, 'INS*Y*', '@@ checked by J. @@\nINS*Y*')
    const r = await check(junk)
    assert.deepEqual(errors(r), ['segment-stray-text'])
    const f = r.findings.find((x) => x.code === 'segment-stray-text')!
    assert.match(f.message, /^text '@@ checked by J\. @@' before segment INS is not part of any segment/)
    assert.equal(f.location.segment_id, '@@ checked by J. @@\\nINS', 'the id as received, its line break written as an escape')
    assert.equal(f.ack.ik304, '1')
    assert.equal(f.location.loop_path, '2000', 'reported at the loop the INS opened')
    // Before GS, ST, GE or IEA the text is outside any transaction set: the control structure's error, TA1 022.
    const beforeSt = await check(replaceOnce(family, 'ST*834*', 'junk line\nST*834*'))
    assert.deepEqual(errors(beforeSt), ['interchange-invalid-structure'])
    assert.equal(beforeSt.findings.find((x) => x.severity === 'error')?.ack.ta105, '022')
    // Text that does not end in an id-shaped tail stays an unrecognized segment.
    assert.deepEqual(errors(await check(replaceOnce(family, 'INS*Y*', '@@ note @@\nins*Y*'))).slice(0, 1), ['segment-unrecognized'])
  })

  test('a value holding a line break is quoted with the break escaped, so a finding stays on one line', async () => {
    const r = await check(replaceOnce(family, '*260401*0900*', '*260401*09\n00*'))
    assert.ok(r.findings.length > 0)
    for (const f of r.findings) assert.doesNotMatch(f.message, /[\r\n]/)
    assert.ok(r.findings.some((f) => f.message === "ISA10 '09\\n00' is not a valid time"))
  })

  test('an LS needs its LE, and LS/LE with nothing between them is not sent (X12.6 bounded loops); IK303 names loop 2000', async () => {
    // pyx12's map has LE and loop 2700 situational; the guide requires them once LS is used. Before,
    // a file ending its 2700 loops without LE*2700 was valid and the 999 accepted it.
    const lsle = sample('pyx12_834_ls_le_ls.txt')
    const noLe = recount(replaceOnce(lsle, 'LE*2700~\n', ''))
    const r = await check(noLe)
    assert.deepEqual(errors(r), ['segment-required-missing'])
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.equal(f.location.segment_id, 'LE')
    assert.equal(f.ack.loop_id, '2000', "LS/LE belong to loop 2000: pyx12's LS_LOOP wrapper is no IK303 loop id")
    const empty = recount(lsle.slice(0, lsle.indexOf('LS*2700~')) + 'LS*2700~\nLE*2700~\n' + lsle.slice(lsle.indexOf('SE*')))
    assert.deepEqual(errors(await check(empty)), ['segment-required-missing'])
    assert.deepEqual(errors(await check(lsle)), [])
  })

  test('a segment out of place whose loop lost its first segment says so: LX then REF without N1*75 (loop 2750)', async () => {
    const lsle = sample('pyx12_834_ls_le_ls.txt')
    const r = await check(recount(replaceOnce(lsle, 'LX*1~\nN1*75*NEWBORN INDICATOR~\n', 'LX*1~\n')))
    const f = r.findings.find((x) => x.severity === 'error')!
    assert.match(f.message, /\(REF belongs in loop 2750, which starts with N1\*75: is that N1 missing\?\)$/)
    // The qualifier counts: a REF*0F out of place does not belong in 2300 (whose REFs are 17, 1L, …), so no hint.
    const late = await check(replaceOnce(family, 'REF*0F*M000002~\nREF*1L*GRP002~\nDTP*356*D8*20260401~', 'REF*1L*GRP002~\nDTP*356*D8*20260401~\nREF*0F*M000002~'))
    assert.ok(late.findings.some((x) => x.code === 'segment-out-of-order'))
    assert.ok(late.findings.every((x) => !x.message.includes('belongs in loop')), late.findings.map((x) => x.message).join('\n'))
  })

  test("ISA11 'U' in an 00501 interchange (a 4010 habit) is warned: no element can repeat there", async () => {
    const r = await check(replaceOnce(family, '*0900*^*00501*', '*0900*U*00501*'))
    assert.deepEqual(errors(r), [])
    const f = r.findings.find((x) => x.code === 'isa11-not-a-separator')!
    assert.equal(f.severity, 'warning')
    assert.equal(f.location.element, 'ISA11')
  })

  test('messages say what is wrong: a birth date before 1800, a UTF-8 É', async () => {
    const early = await check(replaceOnce(family, 'DMG*D8*19750820*M', 'DMG*D8*17990101*M'))
    assert.equal(early.findings.find((x) => x.code === 'date-invalid')?.message, "DMG02 '17990101' is before 1800: not accepted as a D8 date")
    const utf8 = await validate834(Buffer.from(family.replace('NM1*IL*1*', 'NM1*IL*1*DUPR\u00c9'), 'utf8'), { today: TODAY })
    assert.match(utf8.findings.find((x) => x.code === 'element-invalid-character')?.message ?? '', /^NM103 contains 'É' written in UTF-8 \(bytes 0xc3 0x89\)/)
  })

  test('element types, lengths and syntax rules: each X12 element check has its finding', async () => {
    const cases: [string, string, string, string][] = [
      ['BGN*00*20260401-002*20260401*0900', 'BGN*00*20260401-002*20260230*0900', 'element-invalid-date', 'BGN03'],
      ['BGN*00*20260401-002*20260401*0900', 'BGN*00*20260401-002*20260401*2599', 'element-invalid-time', 'BGN04'],
      ['BGN*00*20260401-002*20260401*0900****2', 'BGN*00*20260401-002*20260401*0900***X*2', 'element-not-used', 'BGN07'],
      ['DMG*D8*19750820*M', 'DMG*D8*19750820*M*********X', 'element-too-many', 'DMG12'],
      ['N4*RIVERSIDE*CA*92501', 'N4*RIVERSIDE*CA*92501*US***ON', 'element-exclusion-violated', 'N407'],
      ['INS*Y*18*021*XN*A*C**FT', 'INS*Y*18*021*XN*A*C::::X**FT', 'element-too-many-components', 'INS06'],
      ['N3*200 OAK AVE~', 'N3*200 OAK AVE  ~', 'element-trailing-spaces', 'N301'],
    ]
    for (const [from, to, code, element] of cases) {
      const r = await check(replaceOnce(family, from, to))
      const f = r.findings.find((x) => x.code === code)
      assert.equal(f?.location.element, element, `${code} for ${to}`)
    }
    const lx = await check(recount(replaceOnce(sample('lfh_enroll-employee-managed-care.834'), 'LX*01~', 'LX*0A~')))
    assert.ok(lx.findings.some((f) => f.code === 'element-invalid-character' && f.location.element === 'LX01'))
  })

  test('HD in the header is unexpected (IK304=2); INS after SE is outside the control structure', async () => {
    const r = await check(recount(replaceOnce(family, 'N1*P5*', 'HD*021**HLT~\nN1*P5*')))
    assert.equal(r.findings.find((f) => f.code === 'segment-unexpected')?.ack.ik304, '2')
    const after = await check(replaceOnce(family, 'GE*1*', 'INS*Y*18*021*XN*A~\nGE*1*'))
    assert.deepEqual(errors(after), ['interchange-invalid-structure'])
    assert.equal(after.findings.find((f) => f.code === 'interchange-invalid-structure')?.ack.ta105, '022')
  })

  test('the engine is generic over a map: mark 2000 DTP "not used" and the same file reports segment-not-used', async () => {
    const json = JSON.parse(readFileSync(new URL('./maps/834_005010X220A1.json', import.meta.url), 'utf8')) as { loops: unknown[] }
    const stack: unknown[] = [...json.loops]
    while (stack.length > 0) {
      const node = stack.pop() as { id?: string, kind?: string, usage?: string, children?: unknown[] }
      if (node.kind === 'loop' && node.id === '2000') {
        for (const c of node.children ?? []) { const seg = c as { id?: string, usage?: string }; if (seg.id === 'DTP') seg.usage = 'N' }
      }
      stack.push(...(node.children ?? []))
    }
    const r = await runValidation(createMapValidator(compileMap(json)), family)
    assert.deepEqual(errors(r), ['segment-not-used', 'segment-not-used', 'segment-not-used'])
    assert.equal(r.findings[0]?.ack.ik304, 'I4')
  })

  test('an ISA field with a bad value maps to its TA1 note (ISA12 04010 → 017)', async () => {
    const r = await check(replaceOnce(family, '*00501*', '*00401*'))
    const f = r.findings.find((x) => x.location.element === 'ISA12')
    assert.equal(f?.code, 'element-invalid-code')
    assert.equal(f?.ack.ta105, '017')
  })

  test('findings carry ISA13/GS06/ST02, line, segment index and loop path', async () => {
    const r = await check(replaceOnce(family, 'DTP*348*D8*20260401', 'DTP*348*D8*20260431'))
    const loc = r.findings[0]?.location
    assert.deepEqual(loc, { isa13: '000000002', gs06: '100002', st02: '0001', segment_index: 15, segment_id: 'DTP', line: 16, offset: loc?.offset, loop_path: '2000/2300', element: 'DTP03', component: undefined, repetition: undefined })
    assert.equal(family.slice(loc?.offset ?? 0, (loc?.offset ?? 0) + 7), 'DTP*348')
    assert.deepEqual([r.findings[0]?.ack.segment_position, r.findings[0]?.ack.loop_id], [14, '2300'])
  })

  test('findings stop at max_findings with a final too-many-findings note; counts stay exact', async () => {
    const r = await validate834(sample('sarun_EDI834_dummy_input.txt'), { today: TODAY, max_findings: 3 })
    assert.equal(r.findings.length, 4)
    assert.equal(r.findings[3]?.code, 'too-many-findings')
    assert.equal(r.error_count, 19)
  })

  test('unreadable input becomes a finding, not an exception', async () => {
    const r = await check('hello world')
    assert.equal(r.valid, false)
    assert.equal(r.findings[0]?.code, 'tokenizer-error')
  })

  test('streaming in 7-byte chunks gives the same result as the whole string; push API matches too', async () => {
    const text = sample('pyx12_834_ls_le_ls.txt')
    async function* chunks(): AsyncGenerator<string> { for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7) }
    const whole = await check(text)
    const streamed = await validate834(chunks(), { today: TODAY })
    assert.deepEqual(streamed, whole)
    const v = createValidator({ today: TODAY })
    for (const seg of tokenizeSync(text)) v.push(seg)
    assert.deepEqual(v.end(), whole)
  })
})

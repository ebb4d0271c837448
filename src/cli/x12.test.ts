import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { validate834 } from '../x12/index.js'
import { CliError } from './command.js'
import { runX12 } from './x12.js'
import type { CliIo } from './x12-io.js'

const SAMPLES = fileURLToPath(new URL('../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout
const FIXTURES = new URL('../x12/x834/fixtures/', import.meta.url).pathname
const ROOT = new URL('../../', import.meta.url).pathname
const tmp = mkdtempSync(join(tmpdir(), 'openenroll-x12-cli-'))

/** In-memory streams for one command run. */
function givenIo(stdin = ''): CliIo & { out(): string; err(): string } {
  const out: Buffer[] = []
  let err = ''
  return {
    stdout: { write: (chunk) => { out.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)); return true } },
    stderr: { write: (text: string) => { err += text }, isTTY: false },
    stdin: (async function* () { if (stdin) yield Buffer.from(stdin) })(),
    out: () => Buffer.concat(out).toString('latin1'),
    err: () => err,
  }
}

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = givenIo(stdin)
  const code = await runX12(argv, io)
  return { code, out: io.out(), err: io.err() }
}

function write(name: string, text: string): string {
  const path = join(tmp, name)
  writeFileSync(path, text)
  return path
}

describe('x12 validate', () => {
  test('a valid sample exits 0 with a summary line', async () => {
    const r = await run(['validate', SAMPLES + 'lfh_add-dependent.834'])
    assert.equal(r.code, 0)
    assert.match(r.out, /lfh_add-dependent\.834: valid \(\d+ segments, 1 member,/)
  })

  test('an invalid sample exits 1; each finding names file:line, envelope, loop, element, severity and code', async () => {
    const r = await run(['validate', SAMPLES + 'lfh_terminate-subscriber-eligibility.834'])
    assert.equal(r.code, 1)
    assert.match(r.out, /lfh_terminate-subscriber-eligibility\.834:7: 000010216\/20213\/0001 loop 2000 INS02 error ins02-subscriber-not-self: /)
    assert.match(r.out, /: invalid \(1 error, 0 warnings\)\n$/)
  })

  test('a file written on one line still locates each finding: by its segment position', async () => {
    // sarun's sample is one line; its HD*021 in a full file is segment 20 (ISA = 1)
    const r = await run(['validate', SAMPLES + 'sarun_EDI834_dummy_input.txt'])
    assert.equal(r.code, 1)
    assert.match(r.out, /sarun_EDI834_dummy_input\.txt:1: \S+ loop 2000\/2300 HD01 error full-file-hd01-not-030: .* \(segment 20, position 18 in ST \d+\)\n/)
  })

  test('not X12 or missing exits 2, even next to valid files', async () => {
    const r = await run(['validate', SAMPLES + 'lfh_add-dependent.834', SAMPLES + 'PROVENANCE.md', join(tmp, 'missing.834')])
    assert.equal(r.code, 2)
    assert.match(r.out, /PROVENANCE\.md: unreadable: no-isa/)
    assert.match(r.out, /missing\.834: unreadable: no such file/)
  })

  test('a file of only whitespace is unreadable (exit 2) like an empty one, and no finding says line 0', async () => {
    const blank = write('blank.834', '   \n\n')
    const empty = write('empty.834', '')
    const r = await run(['validate', blank])
    assert.equal(r.code, 2)
    assert.match(r.out, /blank\.834: unreadable: no-isa: /)
    const json = await run(['validate', '--json', blank, empty])
    assert.equal(json.code, 2)
    const doc = JSON.parse(json.out) as { files: { status: string; findings: { location: { line: number } }[] }[] }
    assert.deepEqual(doc.files.map((f) => f.status), ['unreadable', 'unreadable'])
    assert.deepEqual(doc.files.flatMap((f) => f.findings.map((x) => x.location.line)).filter((line) => line < 1), [])
    for (const sub of ['stats', 'to-json']) {
      const other = await run([sub, blank])
      assert.equal(other.code, 2)
      assert.doesNotMatch(other.err, /:0:/, sub)
      assert.match(other.err, /blank\.834: /, sub)
    }
  })

  test('--json gives one document with a status per file', async () => {
    const r = await run(['validate', '--json', SAMPLES + 'lfh_add-dependent.834', SAMPLES + 'sarun_EDI834_dummy_input.txt'])
    assert.equal(r.code, 1)
    const doc = JSON.parse(r.out) as { files: { status: string; error_count: number; findings: { code: string }[] }[] }
    assert.deepEqual(doc.files.map((f) => f.status), ['valid', 'invalid'])
    assert.ok(doc.files[1]?.findings.some((f) => f.code === 'qty-total-mismatch'))
  })

  test('a file of 999s (GS01 FA) is validated as a 999: the public samples and our own ack are valid, a broken AK9 is not', async () => {
    const samples = ['pyx12_834_ls_le_ls_5010.999.txt', 'pyx12_834_lui_id_5010.999.txt'].map((f) => SAMPLES + f)
    const ours = write('ours.999', (await run(['ack', SAMPLES + 'sarun_EDI834_dummy_input.txt'])).out)
    const r = await run(['validate', ...samples, ours])
    assert.equal(r.code, 0, r.out)
    assert.equal(r.out.match(/: valid \(\d+ segments, 999 acknowledgement\)/g)?.length, 3)
    // AK9*R*1*1*0 says no set was accepted; change it to claim one was (AK904 1): IK5 rejects it, so AK9 contradicts IK5.
    const broken = write('broken.999', readFileSync(ours, 'latin1').replace(/AK9\*R\*1\*1\*0/, 'AK9*A*1*1*1'))
    const bad = await run(['validate', '--json', broken])
    assert.equal(bad.code, 1)
    const doc = JSON.parse(bad.out) as { files: { document: string; status: string }[] }
    assert.deepEqual(doc.files.map((f) => [f.document, f.status]), [['999', 'invalid']])
  })

  test('ack answers a good interchange followed by junk, and says on stderr what no acknowledgement carries', async () => {
    const file = write('junk.834', readFileSync(SAMPLES + 'lfh_add-dependent.834', 'latin1') + 'X\n')
    const r = await run(['ack', file])
    assert.equal(r.code, 1)
    assert.match(r.out, /AK9\*A\*1\*1\*1~/)
    assert.doesNotMatch(r.out, /TA1\*/)
    assert.match(r.err, /no-isa: Expected an ISA header after IEA \(outside every interchange/)
  })

  test('- reads stdin: x12 ack in.834 | x12 validate - checks our own 999', async () => {
    const ack = (await run(['ack', SAMPLES + 'lfh_add-dependent.834'])).out
    const r = await run(['validate', '-'], ack)
    assert.equal(r.code, 0, r.out)
    assert.match(r.out, /^<stdin>: valid \(\d+ segments, 999 acknowledgement\)\n$/)
    const doc = await run(['validate', '-'], readFileSync(SAMPLES + 'sarun_EDI834_dummy_input.txt', 'latin1'))
    assert.equal(doc.code, 1)
    assert.match(doc.out, /<stdin>:\d+: .* qty-total-mismatch/)
  })
})

describe('x12 to-json', () => {
  test('a 999 given to to-json is named as one (exit 2), not read as an 834 whose header lacks BGN', async () => {
    const r = await run(['to-json', SAMPLES + 'pyx12_834_ls_le_ls_5010.999.txt'])
    assert.equal(r.code, 2)
    assert.match(r.err, /ST01 999: this transaction set is a 999 acknowledgement, not an 834/)
    assert.doesNotMatch(r.err, /no member/)
  })

  test('segments the guide does not allow where they stand are named on stderr, since no line carries them', async () => {
    const family = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')
    const odd = write('odd.834', family.replace('DMG*D8*', 'ZZZ*1*2~DMG*D8*').replace(/SE\*(\d+)\*/, (_, n: string) => `SE*${Number(n) + 1}*`))
    const r = await run(['to-json', odd])
    assert.equal(r.code, 0)
    assert.equal(r.err.split('\n')[0], `${odd}: warning: 1 segment the 834 guide does not allow where it stands was left out (the first: ZZZ*1); 'x12 validate' says why`)
    // The family's coverage level (HD05 FAM) has no PokitDok field: said once, not silently dropped.
    const family834 = SAMPLES + 'pyx12_834_deident_family.txt'
    assert.equal((await run(['to-json', family834])).err, `${family834}: note: 834 data that PokitDok's JSON has no field for was left out: HD05 ×1\n`)
    assert.equal((await run(['to-json', SAMPLES + 'lfh_enroll-employee-multiple-products.834'])).err, '')
  })

  test('one PokitDok request per member; dependents carry a reference subscriber', async () => {
    const r = await run(['to-json', SAMPLES + 'pyx12_834_deident_family.txt'])
    assert.equal(r.code, 0)
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as {
      subscriber: { last_name?: string; subscriber_number?: string }; dependents: { relationship: string }[]
      source: { line: number }; trading_partner_id: string; action: string })
    assert.equal(lines.length, 3)
    assert.equal(lines[0]?.subscriber.last_name, 'SMITH')
    assert.deepEqual(lines.slice(1).map((l) => [Object.keys(l.subscriber), l.dependents[0]?.relationship]),
      [[['subscriber_number'], 'spouse'], [['subscriber_number'], 'child']])
    assert.deepEqual(lines.map((l) => l.source.line), [7, 17, 22])
    assert.equal(lines[0]?.action, 'Change')
    assert.equal(lines[0]?.trading_partner_id, 'CAREPLUS')
  })

  test('--openenroll: one line per family in OpenEnroll\'s shapes (the subscriber as POST /v1/subscribers takes it, with coverage), no PokitDok note', async () => {
    const r = await run(['to-json', '--openenroll', SAMPLES + 'pyx12_834_deident_family.txt'])
    assert.equal(r.code, 0, r.err)
    assert.equal(r.err, '', 'HD05 is carried here: no note')
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { subscriber: { last_name: string; gender: string }; dependents: { subscriber_relationship: string }[]; coverages: { member: string; plan_type: string; coverage_tier: string }[] })
    assert.equal(lines.length, 1)
    assert.deepEqual([lines[0]!.subscriber.last_name, lines[0]!.subscriber.gender], ['SMITH', 'male'])
    assert.deepEqual(lines[0]!.dependents.map((d) => d.subscriber_relationship), ['spouse', 'child'])
    assert.deepEqual(lines[0]!.coverages[0], { member: 'self', maintenance: '021', insurance_line: 'PPO', plan_type: 'medical', plan_name: null, coverage_tier: 'family', start_date: '2026-04-01', end_date: null })
  })

  test('to-json | from-json | to-json gives the same members', async () => {
    const first = await run(['to-json', SAMPLES + 'edifabric_BenefitEnrollment_bom.txt'])
    const x12 = await run(['from-json', '-'], first.out)
    assert.equal(x12.code, 0, x12.err)
    const again = await run(['to-json', write('again.834', x12.out)])
    const strip = (s: string): string => s.replace(/,"source":\{[^}]*\}/g, '')
    assert.equal(strip(again.out), strip(first.out))
  })

  test('--validate: members on stdout, findings on stderr, exit 1 when invalid', async () => {
    const valid = await run(['to-json', '--validate', '--today', '2026-11-23', SAMPLES + 'pyx12_834_deident_family.txt'])
    assert.equal(valid.code, 0, valid.err)
    assert.equal(valid.out.trimEnd().split('\n').length, 3)
    assert.match(valid.err, /pyx12_834_deident_family\.txt: valid \(29 segments, 3 members, 2 warnings\)\n$/)
    const invalid = await run(['to-json', '--validate', SAMPLES + 'sarun_EDI834_dummy_input.txt'])
    assert.equal(invalid.code, 1)
    assert.ok(invalid.out.trimEnd().split('\n').length > 0)
    assert.match(invalid.err, /sarun_EDI834_dummy_input\.txt:1: \S+ loop 2000\/2300 HD01 error full-file-hd01-not-030: /)
    assert.match(invalid.err, /: invalid \(\d+ errors/)
  })

  test('--validate --threads 2 (validated on a second thread) gives what validate gives', async () => {
    // The family sample's three members, 12,000 times over (~5 MB), with SE01 counting them.
    const one = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')
    const [st, ins, se] = [one.indexOf('ST*'), one.indexOf('INS*'), one.lastIndexOf('SE*')]
    const segments = (text: string): number => text.split('~').length - 1
    const members = one.slice(ins, se)
    const seCount = segments(one.slice(st, ins)) + segments(members) * 12_000 + 1
    const big = one.slice(0, ins) + members.repeat(12_000) + one.slice(se).replace(/^SE\*\d+\*/, `SE*${seCount}*`)
    const path = write('big.834', big)
    assert.ok(big.length > 4 << 20)
    const r = await run(['to-json', '--validate', '--threads', '2', '--today', '2026-11-23', path])
    assert.equal(r.out.trimEnd().split('\n').length, 36_000)
    assert.deepEqual(await run(['to-json', '--validate', '--threads', '1', '--today', '2026-11-23', path]), r)
    await assert.rejects(run(['to-json', '--validate', '--threads', '3', path]), (err: unknown) => err instanceof CliError && /--threads is 1 or 2, not 3/.test(err.message))
    const expected = await validate834(readFileSync(path), { today: '2026-11-23' })
    assert.equal(expected.valid, true, JSON.stringify(expected.findings.slice(0, 3)))
    assert.equal(r.code, 0)
    assert.equal(r.err.trimEnd().split('\n').length, expected.findings.length + 1)
    assert.ok(r.err.endsWith(`big.834: valid (${expected.segment_count} segments, 36000 members, ${expected.warning_count} warnings)\n`))
  })

  test('a file that is not X12 exits 2 with the reason on stderr', async () => {
    const r = await run(['to-json', SAMPLES + 'PROVENANCE.md'])
    assert.equal(r.code, 2)
    assert.match(r.err, /PROVENANCE\.md:\d+: no-isa: /)
  })
})

describe('x12 from-json', () => {
  for (const name of ['enroll-subscriber', 'add-dependent', 'terminate-subscriber']) {
    test(`seed 000 ${name}, pasted with its trailing comma, becomes a valid 834`, async () => {
      const r = await run(['from-json', FIXTURES + `pokitdok-${name}.json`, '--sender', 'ACME', '--usage', 'P'])
      assert.equal(r.code, 0, r.err)
      assert.match(r.err, /:\d+: \/ warning trailing-comma: trailing comma at line \d+ column 38/)
      assert.match(r.out, /^ISA\*00\*          \*00\*          \*ZZ\*ACME           \*ZZ\*MOCKPAYER      \*\d{6}\*\d{4}\*\^\*00501\*000000001\*0\*P\*:~/)
      const result = await validate834(r.out)
      assert.equal(result.valid, true, JSON.stringify(result.findings))
    })
  }

  test('the leading-space date is trimmed with a warning pointing at it', async () => {
    const r = await run(['from-json', FIXTURES + 'pokitdok-enroll-subscriber.json'])
    assert.match(r.err, /: \/subscriber\/benefits\/0\/begin_date warning trimmed: /)
    assert.match(r.out, /DTP\*348\*D8\*20150101~/)
  })

  test('an array of requests: one transaction set per distinct header, control numbers in order', async () => {
    const docs = ['enroll-subscriber', 'terminate-subscriber', 'add-dependent']
      .map((n) => readFileSync(FIXTURES + `pokitdok-${n}.json`, 'utf8'))
    const r = await run(['from-json', '-', '--control-number', '42'], `[${docs.join(',')}]`)
    assert.equal(r.code, 0, r.err)
    assert.deepEqual(r.out.match(/^ST\*834\*\d+/gm), ['ST*834*0001', 'ST*834*0002', 'ST*834*0003'])
    assert.match(r.out, /IEA\*1\*000000042~/)
    assert.equal((await validate834(r.out)).valid, true)
  })

  test('an invalid request exits 1 with every error and its pointer, and no complete 834', async () => {
    const bad = JSON.stringify({ action: 'Change', purpose: 'Original', sponsor: { tax_id: '999888777' },
      payer: { tax_id: '654456654' }, trading_partner_id: 'MOCKPAYER', subscriber: { last_name: 'DOE',
        subscriber_number: '1', maintenance_type: 'Add', benefit_status: 'Active', gender: 'Male' } })
    const good = readFileSync(FIXTURES + 'pokitdok-terminate-subscriber.json', 'utf8').replace(/\s+/g, ' ')
    const r = await run(['from-json', '-'], `${good}\n${bad}\n`)
    assert.equal(r.code, 1)
    assert.match(r.err, /<stdin>:2: \/subscriber\/maintenance_type error unknown-label: /)
    assert.match(r.err, /<stdin>:2: \/subscriber\/birth_date error required: /)
    assert.doesNotMatch(r.out, /IEA/)
  })

  test('a syntax error is reported with line and column', async () => {
    const r = await run(['from-json', '-'], '{\n  "action": "Change"\n  "purpose": "Original"\n}\n')
    assert.equal(r.code, 1)
    assert.match(r.err, /<stdin>:3: \/ error invalid-json: invalid JSON at line 3 column 3/)
  })

  test('--sender and --receiver are 2–15 characters without a delimiter: otherwise a usage error (exit 2) naming the option', async () => {
    const file = FIXTURES + 'pokitdok-terminate-subscriber.json'
    const cases: [string, string, RegExp][] = [
      ['--sender', 'A', /--sender must be 2–15 characters/],
      ['--receiver', 'B', /--receiver must be 2–15 characters/],
      ['--sender', 'SIXTEEN_CHARS_ID', /--sender must be 2–15 characters/],
      ['--sender', 'A*B', /--sender must not contain '\*': X12 delimiters/],
      ['--receiver', 'X~Y', /--receiver must not contain '~': X12 delimiters/],
      ['--sender', 'ÉACME', /--sender must not contain 'É': X12 delimiters and anything outside printable ASCII/],
    ]
    for (const [option, value, message] of cases) {
      await assert.rejects(run(['from-json', file, option, value]),
        (err: unknown) => err instanceof CliError && err.exitCode === 2 && message.test(err.message) && !err.message.includes(file), `${option} ${value}`)
    }
    const ok = await run(['from-json', file, '--sender', 'AB', '--receiver', 'FIFTEEN_CHARSID'])
    assert.equal(ok.code, 0, ok.err)
  })

  test('a birth date after today is an error with its pointer, and no 834', async () => {
    const doc = readFileSync(FIXTURES + 'pokitdok-add-dependent.json', 'utf8').replace('"birth_date": "1999-01-01"', '"birth_date": "2999-01-01"')
    const r = await run(['from-json', '-', '--receiver', 'CARRIER'], doc)
    assert.equal(r.code, 1)
    assert.match(r.err, /<stdin>: \/dependents\/0\/birth_date error conflict: birth date 2999-01-01 is after today \(\d{4}-\d{2}-\d{2}\)/)
    assert.doesNotMatch(r.out, /IEA/)
  })

  test('no receiver anywhere is a usage error', async () => {
    const doc = readFileSync(FIXTURES + 'pokitdok-terminate-subscriber.json', 'utf8').replace('"trading_partner_id": "MOCKPAYER",', '')
    await assert.rejects(run(['from-json', '-'], doc), (err: unknown) => err instanceof CliError && /--receiver/.test(err.message))
  })
})

describe('x12 stats', () => {
  test('counts members, subscribers, dependents, maintenance types and coverages', async () => {
    const r = await run(['stats', '--json', SAMPLES + 'sarun_EDI834_dummy_input.txt'])
    assert.equal(r.code, 0)
    const s = JSON.parse(r.out) as Record<string, unknown>
    assert.deepEqual([s.members, s.subscribers, s.dependents, s.transaction_sets], [15, 10, 5, 1])
    assert.deepEqual(s.by_maintenance_type, { '030': 15 })
    assert.deepEqual(s.by_coverage, { HLT: { '021': 15 } })
    const text = await run(['stats', SAMPLES + 'edifabric_BenefitEnrollment_bom.txt'])
    assert.match(text.out, /1 member \(1 subscriber, 0 dependents\) in 1 transaction set\n/)
    assert.match(text.out, / {2}DEN Dental +021 Addition +1\n/)
  })
})

describe('x12 ack', () => {
  test('a valid file gets a 999 accepting it', async () => {
    const r = await run(['ack', SAMPLES + 'lfh_add-dependent.834'])
    assert.equal(r.code, 0)
    assert.match(r.out, /AK1\*BE\*20213\*005010X220A1~\nAK2\*834\*0001\*005010X220A1~\nIK5\*A~\nAK9\*A\*1\*1\*1~/)
  })

  test('an invalid file gets a 999 rejecting it (exit 1)', async () => {
    const r = await run(['ack', SAMPLES + 'lfh_terminate-subscriber-eligibility.834'])
    assert.equal(r.code, 1)
    assert.match(r.out, /IK5\*R\*5~\nAK9\*R\*1\*1\*0~/)
  })

  test('--include-warnings: a set accepted with its warnings noted (IK5 E, AK9 E) exits 1, as the help says', async () => {
    const plain = await run(['ack', '--today', '2026-11-23', SAMPLES + 'lfh_add-dependent.834'])
    assert.equal(plain.code, 0)
    assert.match(plain.out, /IK5\*A~/)
    const noted = await run(['ack', '--include-warnings', '--today', '2026-11-23', SAMPLES + 'lfh_add-dependent.834'])
    assert.match(noted.out, /IK5\*E\*5~\nAK9\*E\*1\*1\*1~/)
    assert.equal(noted.code, 1)
    const help = await run(['ack', '--help'])
    assert.match(help.out, /1 something rejected, or accepted with errors noted\s+\(IK5 E, AK9 E: with --include-warnings, warnings too\)/)
  })

  test('an envelope broken before any group gets a TA1 alone', async () => {
    const file = write('broken.834', 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000007*1*T*:~IEA*1*000000008~')
    const r = await run(['ack', file])
    assert.equal(r.code, 1)
    assert.match(r.out, /^ISA\*.*\nTA1\*000000007\*260101\*1200\*R\*\d{3}~\nIEA\*0\*000000007~\n$/)
  })
})

describe('x12 ack: a rejected interchange', () => {
  const family = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')
  const second = family.replace('*000000002*0*T*', '*000000005*0*T*').replace('IEA*1*000000002', 'IEA*1*000000005')

  test('IEA02 ≠ ISA13: the TA1 (R 001) alone, no 999 accepting its group; stderr says why', async () => {
    const r = await run(['ack', '--today', '2026-11-23', write('iea02.834', family.replace('IEA*1*000000002', 'IEA*1*000000003'))])
    assert.equal(r.code, 1)
    assert.match(r.out, /^ISA\*[^\n]*\nTA1\*000000002\*260401\*0900\*R\*001~\nIEA\*0\*000000002~\n$/)
    assert.match(r.err, /iea02\.834: interchange 000000002 rejected \(TA1 R 001: The interchange control number in the header and trailer do not match\): its functional groups are not acknowledged in a 999\n/)
  })

  test('a missing IEA and a wrong IEA01 are rejections too: no 999', async () => {
    for (const text of [family.slice(0, family.indexOf('IEA')), family.replace('IEA*1*', 'IEA*2*')]) {
      const r = await run(['ack', '--today', '2026-11-23', write('trailer.834', text)])
      assert.equal(r.code, 1)
      assert.match(r.out, /\nTA1\*000000002\*260401\*0900\*R\*02[13]~\n/)
      assert.doesNotMatch(r.out, /GS\*FA|AK9/)
    }
  })

  test('in a file of two interchanges, the good one still gets its 999 and the broken one its TA1 alone', async () => {
    const broken = second.replace('IEA*1*000000005', 'IEA*1*000000006')
    const r = await run(['ack', '--today', '2026-11-23', write('two.834', family + broken)])
    assert.equal(r.code, 1)
    assert.deepEqual(r.out.match(/^(ISA|TA1|GS|AK9|IEA)\*[^~]*/gm)?.map((s) => s.split('*').slice(0, 2).join('*')),
      ['ISA*00', 'GS*FA', 'AK9*A', 'IEA*1', 'ISA*00', 'TA1*000000005', 'IEA*0'])
    assert.match(r.err, /interchange 000000005 rejected/)
    assert.doesNotMatch(r.err, /000000002/)
    const good = await run(['ack', '--today', '2026-11-23', write('two-good.834', family + second)])
    assert.deepEqual(good.out.match(/^GS\*FA\*[^~]*/gm)?.map((gs) => gs.split('*')[6]), ['1', '2'])
  })

  test('a sound interchange with --ta1 or ISA14 1 still gets TA1 A inside its 999 interchange', async () => {
    const r = await run(['ack', '--ta1', '--today', '2026-11-23', write('ok.834', family)])
    assert.equal(r.code, 0)
    assert.match(r.out, /^ISA[^\n]*\nTA1\*000000002\*260401\*0900\*A\*000~\nGS\*FA/)
    assert.equal(r.err, '')
  })
})

describe('x12 ack: nothing to acknowledge', () => {
  test('a 999 (GS01 FA) is not acknowledged: exit 2 and the reason on stderr, not silence', async () => {
    const r = await run(['ack', SAMPLES + 'pyx12_834_ls_le_ls_5010.999.txt'])
    assert.equal(r.code, 2)
    assert.equal(r.out, '')
    assert.match(r.err, /pyx12_834_ls_le_ls_5010\.999\.txt: nothing to acknowledge: interchange 000000238: group 146 is GS01 FA, an acknowledgement \(acknowledgements are not acknowledged\)\n$/)
  })

  test('an interchange holding only TA1s is not acknowledged either', async () => {
    const file = write('ta1-only.x12', 'ISA*00*          *00*          *ZZ*CAREPLUS       *ZZ*WIDGETCORP     *261123*1405*^*00501*000000012*0*T*:~\nTA1*000000002*260401*0900*R*001~\nIEA*0*000000012~\n')
    const r = await run(['ack', file])
    assert.equal(r.code, 2)
    assert.equal(r.out, '')
    assert.match(r.err, /ta1-only\.x12: nothing to acknowledge: interchange 000000012 holds only TA1 acknowledgements/)
  })

  test('a group whose GS06 is not a number gets the TA1 (R 024) that X12 allows, and stderr says why', async () => {
    const family = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')
    const r = await run(['ack', '--today', '2026-11-23', write('gs06.834', family.replace('*100002*X*', '*A1*X*').replace('GE*1*100002', 'GE*1*A1'))])
    assert.equal(r.code, 1)
    assert.match(r.out, /\nTA1\*000000002\*260401\*0900\*R\*024~\nIEA\*0\*000000002~\n$/)
    assert.match(r.err, /gs06\.834: interchange 000000002 rejected \(TA1 R 024: .*\): .*; group A1: GS06 is not a number, so no 999 can acknowledge it \(AK102\)\n/)
  })
})

describe('x12 ack: clashing delimiters in a readable ISA', () => {
  const family = readFileSync(SAMPLES + 'pyx12_834_deident_family.txt', 'latin1')

  test('component separator = repetition separator: TA1 R 027 (invalid component element separator), not "nothing to acknowledge"', async () => {
    const r = await run(['ack', write('comp-rep.834', family.replace('*^*00501*', '*:*00501*'))])
    assert.equal(r.code, 1)
    assert.match(r.out, /^ISA\*00\*[^\n]*\*ZZ\*CAREPLUS {7}\*ZZ\*WIDGETCORP {5}\*[^\n]*\nTA1\*000000002\*260401\*0900\*R\*027~\nIEA\*0\*000000002~\n$/)
    assert.match(r.err, /comp-rep\.834: interchange 000000002 rejected \(TA1 R 027: Invalid component element separator\)/)
  })

  test('element separator = component separator: TA1 R 026 (invalid data element separator)', async () => {
    const r = await run(['ack', write('elem-comp.834', family.replace('*T*:~', '*T**~'))])
    assert.equal(r.code, 1)
    assert.match(r.out, /\nTA1\*000000002\*260401\*0900\*R\*026~\n/)
  })
})

describe('progress on stderr', () => {
  const big = write('big.txt', 'x'.repeat(17 * 1024 * 1024))

  test('a big file read with stderr on a terminal shows a percentage, then clears the line', async () => {
    const io = { ...givenIo(), stderr: { text: '', isTTY: true, write(t: string) { this.text += t } } }
    assert.equal(await runX12(['stats', big], io), 2)
    assert.match(io.stderr.text, /^\r.*big\.txt: \d+% of 17 MiB/)
    assert.match(io.stderr.text, /\r\x1b\[K/)
  })

  test('without a terminal nothing but the error is written', async () => {
    const r = await run(['stats', big])
    assert.equal(r.code, 2)
    assert.doesNotMatch(r.err, /%/)
  })
})

describe('x12 usage', () => {
  test('--help on each subcommand prints its usage', async () => {
    for (const sub of ['validate', 'to-json', 'from-json', 'ack', 'stats']) {
      const r = await run([sub, '--help'])
      assert.equal(r.code, 0)
      assert.match(r.out, new RegExp(`^usage: openenroll x12 ${sub} `))
    }
  })

  test('unknown options and subcommands are usage errors (exit 2)', async () => {
    await assert.rejects(run(['validate', '--frobnicate', 'x']), (err: unknown) => err instanceof CliError && err.exitCode === 2)
    await assert.rejects(run(['translate']), (err: unknown) => err instanceof CliError && /unknown subcommand/.test(err.message))
    await assert.rejects(run(['from-json', '-', '--usage', 'X']), (err: unknown) => err instanceof CliError)
  })
})

describe('x12 --today', () => {
  test('a value that is not a real YYYY-MM-DD date is a usage error (exit 2) naming the option, on every command that takes it', async () => {
    const file = SAMPLES + 'lfh_add-dependent.834'
    for (const [sub, value] of [['validate', 'foo'], ['ack', '2026-13-45'], ['to-json', '2026-02-30'], ['validate', '20261206']] as const) {
      const extra = sub === 'to-json' ? ['--validate'] : []
      await assert.rejects(run([sub, ...extra, '--today', value, file]),
        (err: unknown) => err instanceof CliError && err.exitCode === 2 && err.message.includes(`x12 ${sub}: --today must be a calendar date YYYY-MM-DD, not '${value}'`),
        `${sub} --today ${value}`)
    }
    assert.equal((await run(['validate', '--today', '2028-02-29', file])).code, 0)
  })
})

describe('./bin/openenroll x12 (spawned)', () => {
  const exec = promisify(execFile)
  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await exec(join(ROOT, 'bin/openenroll'), ['x12', ...args], { cwd: ROOT })
      return { code: 0, stdout, stderr }
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string }
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
    }
  }

  test('validate: exit codes 0, 1 and 2', async () => {
    const [valid, invalid, notX12] = await Promise.all([
      cli(['validate', SAMPLES + 'pyx12_834_deident_term.txt']),
      cli(['validate', SAMPLES + 'pyx12_example834_5010_full_file.txt']),
      cli(['validate', SAMPLES + 'PROVENANCE.md']),
    ])
    assert.deepEqual([valid.code, invalid.code, notX12.code], [0, 1, 2])
  })

  test('from-json on a seed fixture writes an 834 and warns on stderr', async () => {
    const r = await cli(['from-json', FIXTURES + 'pokitdok-add-dependent.json', '--receiver', 'CARRIER'])
    assert.equal(r.code, 0)
    assert.match(r.stdout, /^ISA\*/)
    assert.match(r.stdout, /\nINS\*N\*19\*021\*28\*A\*\*\*\*F\*N~\n/)
    assert.match(r.stderr, /warning not-carried/)
  })

  test('a usage error exits 2 with one line on stderr', async () => {
    const r = await cli(['stats'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /^openenroll: x12 stats: give exactly one FILE/)
  })
})

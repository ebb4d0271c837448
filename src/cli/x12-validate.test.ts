import { test } from 'node:test'
import assert from 'node:assert/strict'
import { validate834 } from '../x12/index.js'
import { sample } from '../x12/validate/test-helpers.js'
import { findingLines, formatFinding } from './x12-validate.js'

// The pyx12 example sends INS06-01 'C   ': the text line names the component once (INS06-01),
// as the TR3 writes a reference designator, not INS06-01-01.
test('a finding line names a component as its reference designator, and a repeated element its occurrence', async () => {
  const r = await validate834(sample('pyx12_example834_5010_full_file.txt'), { today: '2026-11-23' })
  const line = formatFinding('f.834', r.findings[0]!)
  assert.match(line, / loop 2000 INS06-01 error /)
  const repeated = { ...r.findings[0]!, location: { ...r.findings[0]!.location, element: 'DMG05-01', component: 1, repetition: 2 } }
  assert.match(formatFinding('f.834', repeated), / DMG05-01 \(repetition 2\) error /)
})

test('finding lines come in file order, whatever order the validator made them in', async () => {
  const r = await validate834(sample('sarun_EDI834_dummy_input.txt'), { today: '2026-11-23' })
  assert.ok(r.findings.length > 1)
  const reversed = { ...r, findings: [...r.findings].reverse() }
  const segments = findingLines('f.834', reversed).split('\n').flatMap((line) => /\(segment (\d+)(?:, position \d+ in ST \w+)?\)$/.exec(line)?.[1] ?? []).map(Number)
  assert.deepEqual(segments, [...segments].sort((a, b) => a - b))
  assert.equal(segments.length, r.findings.length)
})

test('a file folded at 80 columns (a VAN habit) gets one hint to join its lines, beside the findings', async () => {
  const flat = sample('pyx12_834_deident_family.txt').replaceAll('\n', '')
  const folded = flat.replace(/.{80}/g, '$&\n')
  const lines = findingLines('f.834', await validate834(folded, { today: '2026-11-23' }))
  assert.match(lines, /^f\.834: hint: \d+ segments hold line breaks, as a file folded at a fixed width does; X12 allows none inside a segment: join the lines \(tr -d '\\r\\n' < f\.834\)$/m)
  assert.doesNotMatch(findingLines('f.834', await validate834(flat, { today: '2026-11-23' })), /hint/)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { validate834 } from '../validate/validate-834.js'
import { validate999 } from '../validate/validate-999.js'
import { sample } from '../validate/test-helpers.js'
import { build999, buildTA1 } from './build.js'
import { parseAcknowledgement } from './parse.js'

// Segments of a real 834 that a property run deletes, duplicates, moves or scribbles on.
const base = sample('pyx12_834_ls_le_ls.txt').split('~\n').filter((s) => s !== '')
const now = new Date('2026-11-23T14:05:00Z')

const edit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('scribble' as const), at: fc.nat(), element: fc.nat({ max: 12 }), value: fc.string({ maxLength: 12 }) }),
)

interface Edit { kind: string, at: number, to?: number, element?: number, value?: string }

function apply(segments: string[], edits: readonly Edit[]): string[] {
  const out = [...segments]
  for (const e of edits) {
    if (out.length === 0) break
    const at = e.at % out.length
    if (e.kind === 'drop') out.splice(at, 1)
    else if (e.kind === 'dup') out.splice(at, 0, out[at] as string)
    else if (e.kind === 'move') { const [s] = out.splice(at, 1); out.splice((e.to ?? 0) % (out.length + 1), 0, s as string) }
    else if (at > 0) { // keep the ISA readable so the run reaches the validator
      const fields = (out[at] as string).split('*')
      fields[1 + ((e.element ?? 0) % Math.max(1, fields.length - 1))] = (e.value ?? '').replace(/[~*:^!\r\n]/g, '')
      out[at] = fields.join('*')
    }
  }
  return out
}

test('any mangled 834 validates without throwing, and its 999 and TA1 always pass the 999 map', async () => {
  await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
    const text = apply(base, edits).join('~\n') + '~\n'
    const result = await validate834(text, { today: '2026-11-23' })
    assert.equal(result.valid, result.findings.every((f) => f.severity !== 'error'))
    const ack = build999(result, { now, include_warnings: true })
    if (ack !== '') assert.deepEqual((await validate999(ack)).findings.map((f) => f.message), [])
    if (result.interchanges.length > 0) assert.deepEqual((await validate999(buildTA1(result, { now }))).findings.map((f) => f.message), [])
    const report = await parseAcknowledgement(ack)
    const verdicts = new Map(result.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transaction_sets.map((t) => [`${g.gs06}/${t.st02}`, t.accepted] as const))))
    for (const g of report.interchanges.flatMap((ic) => ic.groups)) {
      for (const t of g.transaction_sets) assert.equal(t.accepted, verdicts.get(`${g.group_control_number}/${t.control_number}`))
      assert.equal(g.accepted_count, g.transaction_sets.filter((t) => t.accepted).length)
    }
  }), { numRuns: 300, seed: 999 })
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createMapValidator } from './engine.js'
import { map834 } from './map.js'
import { Rules834 } from './rules-834.js'
import { runValidation } from './validate-834.js'
import type { ValidationResult } from './result.js'
import { sample } from './test-helpers.js'

/*
 * The engine remembers where a segment fits per loop state (the placement memo). It must give the
 * same findings as searching the open loops every time, also on broken input: segments moved,
 * repeated, dropped, or given another qualifier (which is what tells REF*0F from REF*1L, or a
 * 2100A NM1 from a 2100G one).
 */

const TODAY = '2026-11-23'
const QUALIFIERS = ['IL', '74', '70', '31', '36', 'M8', 'S3', 'QD', '45', 'P5', 'IN', 'BO', 'TV', '75', '1X', 'GW',
  '0F', '1L', '17', '23', '38', '348', '349', '356', '357', '303', '024', '021', 'HLT', 'XX', '', 'LONGER']

function validate(text: string, memo: boolean): Promise<ValidationResult> {
  const engine = createMapValidator(map834(), { plugin: new Rules834({ today: TODAY }), placement_memo: memo })
  return runValidation(engine, text)
}

type Edit =
  | { op: 'qualifier', at: number, value: string }
  | { op: 'repeat', at: number, to: number }
  | { op: 'drop', at: number }
  | { op: 'move', at: number, to: number }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('qualifier' as const), at: fc.nat(), value: fc.constantFrom(...QUALIFIERS) }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
)

/** Applies edits to the segments after the ISA (the ISA stays, so the delimiters are read). */
function mutate(text: string, edits: readonly Edit[]): string {
  const segments = text.split('~').map((s) => s.replace(/^\s+/, '')).filter((s) => s !== '')
  const isa = segments.shift() as string
  for (const e of edits) {
    if (segments.length === 0) break
    const at = e.at % segments.length
    const seg = segments[at] as string
    if (e.op === 'qualifier') {
      const fields = seg.split('*')
      if (fields.length > 1) fields[1] = e.value
      segments[at] = fields.join('*')
    } else if (e.op === 'repeat') {
      segments.splice(e.to % (segments.length + 1), 0, seg)
    } else if (e.op === 'drop') {
      segments.splice(at, 1)
    } else {
      segments.splice(at, 1)
      segments.splice(e.to % (segments.length + 1), 0, seg)
    }
  }
  return [isa, ...segments].join('~') + '~'
}

for (const name of ['pyx12_834_deident_family.txt', 'lfh_enroll-employee-multiple-products.834', 'pyx12_834_ls_le_ls.txt']) {
  test(`placement memo: same findings as a full search on edited ${name}`, async () => {
    const text = sample(name)
    // Two copies of the transaction body, so the second copy meets states the first one remembered.
    const doubled = text.replace(/(INS\*[\s\S]*?)(SE\*)/, '$1$1$2')
    assert.deepEqual(await validate(doubled, true), await validate(doubled, false))
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
      const input = mutate(doubled, edits)
      assert.deepEqual(await validate(input, true), await validate(input, false))
    }), { numRuns: 150, seed: 834 })
  })
}

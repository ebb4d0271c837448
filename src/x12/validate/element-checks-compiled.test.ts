import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { SegmentScanner } from '../tokenizer.js'
import { X12Error } from '../errors.js'
import { map834, map999 } from './map.js'
import type { CompiledMap, LoopNode, SegmentEntry } from './map.js'
import { compileCleanCheck, elementsLookClean } from './element-checks-raw.js'
import { SAMPLES } from './test-helpers.js'

/*
 * The compiled byte-level checks (compileCleanCheck: one generated function per map entry) answer
 * exactly what the interpreted elementsLookClean answers, for every entry of the 834 and 999 maps
 * against every segment of the samples and of randomly edited segments.
 */

function entriesOf(map: CompiledMap): Map<string, SegmentEntry[]> {
  const out = new Map<string, SegmentEntry[]>()
  const seen = new Set<SegmentEntry>()
  const visit = (loop: LoopNode): void => {
    for (const child of loop.children) {
      const entry = child.kind === 'loop' ? child.trigger : child
      if (!seen.has(entry)) { seen.add(entry); out.set(entry.id, [...(out.get(entry.id) ?? []), entry]) }
      if (child.kind === 'loop') visit(child)
    }
  }
  visit(map.root)
  return out
}

const maps = [entriesOf(map834()), entriesOf(map999())]
const compiled = new Map<SegmentEntry, (c: never) => boolean>()
const samples = readdirSync(SAMPLES).filter((n) => !n.endsWith('.md')).map((n) => readFileSync(SAMPLES + n))

/** Compares both checks on every segment of `bytes` against every entry with its id; returns how many comparisons ran. */
function compare(bytes: Uint8Array): number {
  let n = 0
  const scanner = new SegmentScanner({ lenientIsa: true })
  try {
    scanner.feedRaw(bytes, (c) => {
      const id = c.id()
      for (const entries of maps) {
        for (const entry of entries.get(id) ?? []) {
          let check = compiled.get(entry)
          if (check === undefined) compiled.set(entry, check = compileCleanCheck(entry))
          assert.equal(check(c as never), elementsLookClean(c, entry), `${id} at ${c.offset}: ${c.elements().join('|')}`)
          n++
        }
      }
    }, () => {})
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
  }
  return n
}

test('compiled element checks = interpreted ones on every sample segment', () => {
  let n = 0
  for (const bytes of samples) n += compare(bytes)
  assert.ok(n > 500)
})

test('compiled element checks = interpreted ones on edited segments (fast-check)', () => {
  // Values each kind of check tells apart: codes, dates, times, numbers, lengths, spaces, control characters, composites.
  const values = ['', 'Y', 'N', '18', '021', '024', 'D8', 'RD8', '20260101', '20260230', '20260101-20251231', '260101', '1200', '2599', '123456',
    '1', '-1', '1.5', '1.2.3', 'A', 'AB ', ' AB', 'X'.repeat(80), 'A\u0001B', 'IL', '0F', 'HLT', 'FAM', 'C:1', 'C::', '99', 'ZZ']
  fc.assert(fc.property(
    fc.constantFrom(...samples), fc.nat(), fc.array(fc.tuple(fc.nat(20), fc.constantFrom(...values)), { minLength: 1, maxLength: 5 }),
    (bytes, which, edits) => {
      const text = Buffer.from(bytes).toString('latin1')
      const isa = text.indexOf('ISA')
      const sep = text.charAt(isa + 3)
      const term = text.charAt(isa + 105)
      const segments = text.slice(isa + 106).split(term)
      const at = which % Math.max(1, segments.length - 1)
      const fields = (segments[at] ?? '').split(sep)
      for (const [position, value] of edits) {
        while (fields.length <= position + 1) fields.push('')
        fields[position + 1] = value
      }
      segments[at] = fields.join(sep)
      compare(Buffer.from(text.slice(0, isa + 106) + segments.join(term), 'latin1'))
    },
  ), { numRuns: 400, seed: 1250 })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { LoadResult } from './load.js'
import { quantile } from './load.js'
import { figuresTable, replaceSection, roundsList, verdictOf, type DatabaseFigures } from './report.js'

const API = '## API\n\nnew figures\n'

describe('replaceSection', () => {
  test('replaces only the API section and keeps the x12 section after it byte for byte', () => {
    const doc = '# Benchmarks\n\n## API\n\nold figures\n| a |\n\n## x12\n\nx12 figures\n### sub\nkept\n'
    assert.equal(replaceSection(doc, '## API', API), '# Benchmarks\n\n## API\n\nnew figures\n\n## x12\n\nx12 figures\n### sub\nkept\n')
  })

  test('keeps a section before it and its own ### subsections are replaced with it', () => {
    const doc = '# Benchmarks\n\n## x12\n\nx\n\n## API\n\nold\n### detail\nold detail\n'
    assert.equal(replaceSection(doc, '## API', API), '# Benchmarks\n\n## x12\n\nx\n\n## API\n\nnew figures\n')
  })

  test('appends the section when the document has none', () => {
    assert.equal(replaceSection('# Benchmarks\n\n## x12\n\nx\n\n\n', '## API', API), '# Benchmarks\n\n## x12\n\nx\n\n## API\n\nnew figures\n')
    assert.equal(replaceSection('', '## API', API), API)
  })

  test('is idempotent: writing the same section twice changes nothing', () => {
    const doc = '# Benchmarks\n\n## API\n\nold\n\n## x12\n\nx\n'
    const once = replaceSection(doc, '## API', API)
    assert.equal(replaceSection(once, '## API', API), once)
  })

  test('a heading that only starts with "## API" is not the section', () => {
    const doc = '## API notes\n\nkeep\n'
    assert.equal(replaceSection(doc, '## API', API), `## API notes\n\nkeep\n\n${API}`)
  })
})

describe('quantile', () => {
  test('nearest rank: p50 of 1..100 is 50, p99 is 99, p100 is the max', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    assert.equal(quantile(values, 0.5), 50)
    assert.equal(quantile(values, 0.99), 99)
    assert.equal(quantile(values, 1), 100)
    assert.equal(quantile([7], 0.99), 7)
    assert.ok(Number.isNaN(quantile([], 0.5)))
  })
})

function result(rps: number, p99: number, statusCounts: Record<string, number> = { 200: 10 }): LoadResult {
  const non2xx = Object.entries(statusCounts).filter(([c]) => !c.startsWith('2')).reduce((n, [, v]) => n + v, 0)
  return { connections: 10, overallRate: undefined, durationS: 10, responses: 10, rps, non2xx, errors: 0, timeouts: 0, statusCounts, latency: { p50: 1, p90: 2, p99, max: p99 + 1, mean: 1 } }
}

describe('verdictOf and figuresTable', () => {
  const figures: DatabaseFigures = {
    database: 'postgres',
    openenroll: { write: result(400, 1), read: result(1000, 25, { 200: 9, 500: 1 }), writeCpuMicros: 2000, readCpuMicros: 700 },
    baseline: { write: result(1000, 1), read: result(1000, 2), writeCpuMicros: 200, readCpuMicros: 140 },
  }

  test('ratio below 0.5× and p99 over 20 ms are reported as missed, non-2xx counted', () => {
    const v = verdictOf(figures)
    assert.equal(v.writeRatio, 0.4)
    assert.equal(v.writeRatioMet, false)
    assert.equal(v.readP99Met, false)
    assert.equal(v.non2xx, 1)
    const table = figuresTable([figures])
    assert.match(table, /0\.40×\*\* \(target ≥ 0\.5× MISSED\)/)
    assert.match(table, /1×500/)
    assert.match(table, /\| 10\.0× \|/) // write CPU per request, ours ÷ baseline
  })

  test('a fixed-rate run answering under 95% of the rate is flagged as behind', () => {
    const behind = { ...result(570, 30), overallRate: 1000 }
    const table = figuresTable([{ ...figures, openenroll: { ...figures.openenroll, read: behind } }])
    assert.match(table, /570 \(behind the rate\)/)
    assert.doesNotMatch(figuresTable([figures]), /behind the rate/)
  })

  test('targets met are reported as met', () => {
    const v = verdictOf({ ...figures, openenroll: { ...figures.openenroll, write: result(600, 1), read: result(1000, 5) } })
    assert.equal(v.writeRatioMet, true)
    assert.equal(v.readP99Met, true)
  })

  test('with alternating rounds the verdict is the median of the paired ratios, not the ratio of the medians', () => {
    // round 2 ran while something else loaded the machine: both servers slowed, the pair still compares
    const rounds = [{ ours: 4000, baseline: 8000 }, { ours: 2000, baseline: 3000 }, { ours: 4400, baseline: 8000 }]
    const v = verdictOf({ ...figures, writeRounds: rounds })
    assert.equal(v.writeRatio, 0.55) // ratios 0.50, 0.67, 0.55 → median 0.55
    assert.equal(v.writeRatioMet, true)
    const list = roundsList([{ ...figures, writeRounds: rounds }])
    assert.match(list, /4,000 \/ 8,000 \(0\.50×\), 2,000 \/ 3,000 \(0\.67×\), 4,400 \/ 8,000 \(0\.55×\) → median ratio \*\*0\.55×\*\*/)
    assert.equal(verdictOf({ ...figures, writeRounds: [{ ours: 1, baseline: 4 }, { ours: 3, baseline: 4 }] }).writeRatio, 0.5, 'even count: the mean of the middle two')
  })
})

import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { catalogue } from './catalogue.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'x12' ? [] : sources(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

test('every problem slug the code throws is in the catalogue (so it has a title and docs)', () => {
  const src = fileURLToPath(new URL('..', import.meta.url))
  const thrown = new Set<string>()
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:Error|Error\.fields)\(\s*'([a-z0-9-]+)'/g)) thrown.add(m[1]!)
  }
  assert.ok(thrown.size > 10)
  const missing = [...thrown].filter((s) => !(s in catalogue))
  assert.deepEqual(missing, [])
})

import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

// The dependency rules of STYLE.md §2, checked on every import (our no-restricted-imports).
const root = fileURLToPath(new URL('../src/', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') || name.endsWith('.mjs') ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!)
}

// test support files (test-helpers.ts, test-arbitraries.ts) may use test libraries
const sources = files(root).filter((f) => !f.endsWith('.test.ts') && !/\/test-[a-z-]+\.ts$/.test(f))

// The one exception: the validation pool's worker entry registers tsx, the TypeScript loader the
// whole application runs under (bin/openenroll), because a loader is registered per thread.
const X12_LOADER = { file: join(root, 'x12/validate/validation-worker-entry.mjs'), spec: 'tsx/esm/api' }

test('src/x12 imports nothing outside src/x12 (and only node: builtins)', () => {
  const bad: string[] = []
  for (const f of sources.filter((f) => f.startsWith(join(root, 'x12')))) {
    for (const spec of importsOf(f)) {
      if (spec.startsWith('node:')) continue
      if (f === X12_LOADER.file && spec === X12_LOADER.spec) continue
      if (!spec.startsWith('.')) { bad.push(`${relative(root, f)} → ${spec}`); continue }
      if (!resolve(dirname(f), spec).startsWith(join(root, 'x12'))) bad.push(`${relative(root, f)} → ${spec}`)
    }
  }
  assert.deepEqual(bad, [])
})

// Pure computation libraries a rule may use (schema checking).
const PURE_LIBRARIES = ['typebox', 'ajv', 'ajv-formats']

// A rule may import shared/, errors/, schemas, other rules, and same-module files that are
// themselves pure by this definition (e.g. a table of relationship codes).
function impurities(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return []
  seen.add(file)
  const bad: string[] = []
  for (const spec of importsOf(file)) {
    if (!spec.startsWith('.')) {
      if (!PURE_LIBRARIES.some((l) => spec === l || spec.startsWith(`${l}/`))) bad.push(`${relative(root, file)} → ${spec}`)
      continue
    }
    const abs = resolve(dirname(file), spec).replace(/\.js$/, '.ts')
    const target = relative(root, abs)
    if (target.startsWith('shared/') || target.startsWith('errors/') || /(^|\/)(schemas|rules)(\/|\.ts$)/.test(target) || target.includes('/rules/') || target === 'http/validation.ts') continue
    if (dirname(abs) === dirname(file)) { bad.push(...impurities(abs, seen)); continue }
    bad.push(`${relative(root, file)} → ${spec}`)
  }
  return bad
}

test('rules.ts files are pure: only shared/, errors/, schemas, other rules and pure same-module helpers', () => {
  const bad = sources.filter((f) => /\/rules(\/[^/]+)?\.ts$|\/rules\/.*\.ts$/.test(f)).flatMap((f) => impurities(f))
  assert.deepEqual([...new Set(bad)], [])
})

test('modules import each other only through index.ts', () => {
  const bad: string[] = []
  for (const f of sources.filter((f) => f.startsWith(join(root, 'modules')))) {
    const own = relative(join(root, 'modules'), f).split('/')[0]
    for (const spec of importsOf(f).filter((s) => s.startsWith('.'))) {
      const target = relative(join(root, 'modules'), resolve(dirname(f), spec))
      if (target.startsWith('..')) continue
      const [mod, ...rest] = target.split('/')
      if (mod !== own && rest.join('/') !== 'index.js') bad.push(`${relative(root, f)} → ${spec}`)
    }
  }
  assert.deepEqual(bad, [])
})

test('nothing but config.ts reads process.env', () => {
  const bad = sources.filter((f) => !f.endsWith('config.ts') && !f.includes('/cli/') && /process\.env\b/.test(readFileSync(f, 'utf8')))
  assert.deepEqual(bad.map((f) => relative(root, f)), [])
})

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
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!)
}

// test support files (test-helpers.ts, test-arbitraries.ts) may use test libraries
const sources = files(root).filter((f) => !f.endsWith('.test.ts') && !/\/test-[a-z-]+\.ts$/.test(f))

test('src/x12 imports nothing outside src/x12 (and only node: builtins)', () => {
  const bad: string[] = []
  for (const f of sources.filter((f) => f.startsWith(join(root, 'x12')))) {
    for (const spec of importsOf(f)) {
      if (spec.startsWith('node:')) continue
      if (!spec.startsWith('.')) { bad.push(`${relative(root, f)} → ${spec}`); continue }
      if (!resolve(dirname(f), spec).startsWith(join(root, 'x12'))) bad.push(`${relative(root, f)} → ${spec}`)
    }
  }
  assert.deepEqual(bad, [])
})

// Pure computation libraries a rule may use (schema checking).
const PURE_LIBRARIES = ['typebox', 'ajv', 'ajv-formats']

test('rules.ts files are pure: only shared/, errors/, their schemas and other rules', () => {
  const bad: string[] = []
  for (const f of sources.filter((f) => /\/rules(\/[^/]+)?\.ts$|\/rules\/.*\.ts$/.test(f))) {
    for (const spec of importsOf(f)) {
      if (!spec.startsWith('.')) { if (!PURE_LIBRARIES.some((l) => spec === l || spec.startsWith(`${l}/`))) bad.push(`${relative(root, f)} → ${spec}`); continue }
      const target = relative(root, resolve(dirname(f), spec))
      const ok = target.startsWith('shared/') || target.startsWith('errors/') || /(^|\/)(schemas|rules)(\/|\.js$)/.test(target) || target.includes('/rules/')
        || target === 'http/validation.js'
      if (!ok) bad.push(`${relative(root, f)} → ${spec}`)
    }
  }
  assert.deepEqual(bad, [])
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

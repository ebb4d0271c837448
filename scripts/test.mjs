#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and bench/ with node's test runner (through tsx).
// Node 20's --test takes no globs, so the files are listed here. Arguments narrow the set:
// `npm test -- src/x12` runs only the tests under that path.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (name.endsWith('.test.ts')) out.push(relative(root, path))
  }
  return out
}
const filters = process.argv.slice(2)
const files = ['src', 'test', 'bench']
  .flatMap((d) => { try { return walk(join(root, d), []) } catch { return [] } })
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort()
if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root, stdio: 'inherit', env: process.env,
})
process.exit(result.status ?? 1)

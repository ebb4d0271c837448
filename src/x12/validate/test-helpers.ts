import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import type { Finding } from './findings.js'

/*
 * Helpers for tests that edit the public sample files: read a sample as latin1 text, change
 * segments, and put SE01 back in step so only the edited rule fails.
 */

/** Directory of the public sample files (see its PROVENANCE.md). */
export const SAMPLES = fileURLToPath(new URL('../../../../shared/x12/samples/', import.meta.url)) // shared/ beside the checkout

/** A sample file as latin1 text. */
export function sample(name: string): string {
  return readFileSync(SAMPLES + name, 'latin1')
}

/** Replaces exactly one occurrence of `from` (throws if it is absent or ambiguous, so edits can't silently miss). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from)
  if (at < 0) throw new Error(`edit target not found: ${from}`)
  if (text.indexOf(from, at + 1) >= 0) throw new Error(`edit target ambiguous: ${from}`)
  return text.slice(0, at) + to + text.slice(at + from.length)
}

/** Recomputes every SE01 (segments ST..SE) in a `*`/`~` file after segments were added or removed. */
export function recount(text: string): string {
  const parts = text.split('~')
  let count = 0
  for (let i = 0; i < parts.length; i++) {
    const seg = (parts[i] as string).replace(/^\s+/, '')
    if (seg.startsWith('ST*')) count = 0
    count++
    if (seg.startsWith('SE*')) {
      const fields = seg.split('*')
      fields[1] = String(count)
      parts[i] = (parts[i] as string).slice(0, (parts[i] as string).length - seg.length) + fields.join('*')
    }
  }
  return parts.join('~')
}

/** Codes of the findings with a given severity. */
export function codes(findings: readonly Finding[], severity?: Finding['severity']): string[] {
  return findings.filter((f) => severity === undefined || f.severity === severity).map((f) => f.code)
}

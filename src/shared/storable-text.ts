/**
 * Strings PostgreSQL cannot store as sent: `text` refuses U+0000, and an unpaired UTF-16
 * surrogate (a lone `\uD800` escape) would be stored as U+FFFD, so what a client reads back
 * would differ from what it sent. JSON allows both (as escapes); the API refuses them up front.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/

/** True when the raw JSON text may hold such a string (a cheap test before the walk). */
export function mayHoldUnstorableText(json: string): boolean {
  return SUSPECT_ESCAPE.test(json)
}

/**
 * The JSON pointer of every string — value or member name — holding U+0000 or an unpaired
 * surrogate, with what is wrong.
 *
 * @example unstorableStrings({ name: 'A\u0000B' }) // [{ pointer: '/name', detail: 'must not contain U+0000' }]
 */
export function unstorableStrings(value: unknown, pointer = ''): { pointer: string; detail: string }[] {
  if (typeof value === 'string') {
    const problem = problemOf(value)
    return problem ? [{ pointer: pointer || '/', detail: problem }] : []
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableStrings(item, `${pointer}/${i}`))
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, item]) => {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    const problem = problemOf(key)
    return [...(problem ? [{ pointer: at, detail: `member name ${problem}` }] : []), ...unstorableStrings(item, at)]
  })
}

/** String#isWellFormed: in Node 20 (V8 11.3), not yet in our TypeScript lib (ES2024). */
type WellFormedString = string & { isWellFormed(): boolean }

function problemOf(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain U+0000'
  if (!(s as WellFormedString).isWellFormed()) return 'must not contain an unpaired surrogate (\\uD800–\\uDFFF without its pair)'
  return undefined
}

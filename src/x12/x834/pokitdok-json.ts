import { PokitdokError, type PokitdokIssue } from './pokitdok-issues.js'

/** Where a character sits in a text, 1-based. */
export interface TextPosition {
  readonly line: number
  readonly column: number
}

/** The text with trailing commas blanked out, and where each one was. */
export interface CommaFree {
  readonly text: string
  readonly commas: readonly TextPosition[]
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const NEWLINE = 0x0a

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

/**
 * Blanks every comma that is followed (after whitespace) by `}` or `]`, outside strings.
 *
 * Why accept them at all: seed 000's own examples end with `"trading_partner_id": "MOCKPAYER",`
 * before the closing brace, so anyone pasting PokitDok's documentation gets a trailing comma. The
 * intent is unambiguous (JSON5 and JavaScript allow it), so the CLI accepts it and warns on stderr
 * with the comma's line:column; the API can still refuse by treating the warning as an error. Only a
 * comma directly before a closing bracket is touched: `[1,,2]` or `{,}` stay invalid. The comma is
 * replaced by a space, not removed, so later parse-error positions still point into the original text.
 *
 * @example
 * stripTrailingCommas('{"a": [1, 2,],}').text // '{"a": [1, 2 ] }'
 */
export function stripTrailingCommas(text: string): CommaFree {
  let out: string[] | undefined
  let from = 0
  const commas: TextPosition[] = []
  let line = 1
  let lineStart = 0
  let inString = false
  // Last significant character outside strings: a comma right after `{`, `[` or `,` is not trailing.
  let prev = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === NEWLINE) {
      line++
      lineStart = i + 1
      continue
    }
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
      continue
    }
    if (isJsonSpace(c)) continue
    const before = prev
    prev = c
    if (c === QUOTE) {
      inString = true
    } else if (c === COMMA && before !== OPEN_BRACE && before !== OPEN_BRACKET && before !== COMMA) {
      let j = i + 1
      while (j < text.length && isJsonSpace(text.charCodeAt(j))) j++
      const next = text.charCodeAt(j)
      if (next === CLOSE_BRACE || next === CLOSE_BRACKET) {
        commas.push({ line, column: i - lineStart + 1 })
        out ??= []
        out.push(text.slice(from, i), ' ')
        from = i + 1
      }
    }
  }
  if (!out) return { text, commas }
  out.push(text.slice(from))
  return { text: out.join(''), commas }
}

/**
 * Converts a 0-based character offset into a 1-based line and column.
 *
 * @example
 * positionAt('{\n  "a": x\n}', 9) // { line: 2, column: 8 }
 */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === NEWLINE) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/**
 * Finds the offset of the first JSON syntax error (V8's message does not always say). Only called
 * after `JSON.parse` failed, so speed does not matter; returns the text length for "unexpected end".
 */
function firstErrorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const space = (): void => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++
  }
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length
    else fail()
  }
  const string = (): void => {
    i++
    for (;;) {
      if (i >= text.length) fail()
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        i++
        return
      }
      if (c < 0x20) fail()
      if (c === BACKSLASH) {
        i++
        const e = text[i]
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) { i += k; fail() }
          i += 5
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++
        else fail()
      } else i++
    }
  }
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m || m[0] === '' || m[0] === '-') fail()
    i += m?.[0].length ?? 0
  }
  const value = (depth: number): void => {
    if (depth > 1000) fail()
    space()
    const c = text[i]
    if (c === '{') {
      i++
      space()
      if (text[i] === '}') { i++; return }
      for (;;) {
        space()
        if (text[i] !== '"') fail()
        string()
        space()
        if (text[i] !== ':') fail()
        i++
        value(depth + 1)
        space()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        fail()
      }
    } else if (c === '[') {
      i++
      space()
      if (text[i] === ']') { i++; return }
      for (;;) {
        value(depth + 1)
        space()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        fail()
      }
    } else if (c === '"') string()
    else if (c === 't') literal('true')
    else if (c === 'f') literal('false')
    else if (c === 'n') literal('null')
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number()
    else fail()
  }
  try {
    value(0)
    space()
    if (i < text.length) fail()
  } catch (at) {
    if (typeof at === 'number') return at
    throw at
  }
  return text.length
}

/** A parsed JSON text and the warnings the tolerant pre-pass produced. */
export interface ParsedJson {
  readonly value: unknown
  readonly warnings: readonly PokitdokIssue[]
}

/**
 * Parses one JSON text the way the CLI and the API accept PokitDok requests: a leading BOM is
 * ignored, trailing commas are accepted with a `trailing-comma` warning each (see
 * {@link stripTrailingCommas}); any other syntax error throws a {@link PokitdokError} whose one issue
 * (`invalid-json`) gives the line and column. `firstLine` offsets line numbers (for NDJSON).
 *
 * @example
 * const { value, warnings } = parsePokitdokJson('{"action": "Change",}')
 * warnings[0]?.code // 'trailing-comma', at line 1 column 20
 */
export function parsePokitdokJson(text: string, firstLine = 1): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const { text: clean, commas } = stripTrailingCommas(body)
  const warnings: PokitdokIssue[] = commas.map((p) => ({
    pointer: '', code: 'trailing-comma', line: p.line + firstLine - 1, column: p.column,
    message: `trailing comma at line ${p.line + firstLine - 1} column ${p.column} ignored (not valid JSON)`,
  }))
  try {
    return { value: JSON.parse(clean) as unknown, warnings }
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err
    const offset = firstErrorOffset(clean)
    const at = positionAt(clean, offset)
    const line = at.line + firstLine - 1
    const found = offset >= clean.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(clean[offset])}`
    throw new PokitdokError([{ pointer: '', code: 'invalid-json', line, column: at.column,
      message: `invalid JSON at line ${line} column ${at.column}: ${found}` }])
  }
}

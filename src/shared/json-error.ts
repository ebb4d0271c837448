/**
 * Where a JSON text first goes wrong, for error messages (Node 20's JSON.parse does not say).
 * A small recursive-descent scan of RFC 8259; it runs only after JSON.parse has failed.
 *
 * @example locateJsonError('{"a": }') // { position: 6, line: 1, column: 7, expected: 'a value' }
 */
export function locateJsonError(text: string): { position: number; line: number; column: number; expected: string } | undefined {
  let i = 0
  const fail = (expected: string): never => { throw new Stop(i, expected) }
  const ws = () => { while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++ }
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail('a value') }
  const string = () => {
    i++ // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) { i++; return }
      if (c < 0x20) fail('a closing quote (control characters must be escaped)')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i += 2; fail('four hex digits') } i += 6; continue }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) { i++; fail('a valid escape') }
        i += 2
        continue
      }
      i++
    }
    fail('a closing quote')
  }
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m || m[0] === '' || m[0] === '-') fail('a number')
    i += m![0].length
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++; ws()
      if (text[i] === '}') { i++; return }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('a property name in double quotes')
        string(); ws()
        if (text[i] !== ':') fail("':'")
        i++; value(); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        fail("',' or '}'")
      }
    }
    if (c === '[') {
      i++; ws()
      if (text[i] === ']') { i++; return }
      for (;;) {
        value(); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        fail("',' or ']'")
      }
    }
    if (c === '"') return string()
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number()
    fail('a value')
  }
  try {
    value(); ws()
    if (i < text.length) fail('the end of the document')
    return undefined
  } catch (err) {
    if (!(err instanceof Stop)) throw err
    const before = text.slice(0, err.position)
    const line = before.split('\n').length
    return { position: err.position, line, column: err.position - before.lastIndexOf('\n'), expected: err.expected }
  }
}

class Stop {
  constructor(readonly position: number, readonly expected: string) {}
}

/**
 * The value with its object keys in the order PostgreSQL's `jsonb` keeps them — shorter keys
 * first (by UTF-8 byte length), then by bytes — at every depth; arrays keep their order. A
 * response built in memory then serialises exactly as the stored row reads back, so a POST
 * answers with the same JSON text a later GET does. (Integer-like keys such as "10" still come
 * first, as in every JS object — including the row a GET parses — so both sides agree.)
 */
export function inJsonbOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(inJsonbOrder) as T
  if (value === null || typeof value !== 'object') return value
  const keys = Object.keys(value).map((key) => ({ key, bytes: Buffer.byteLength(key) }))
  keys.sort(compareJsonbKeys)
  const out: Record<string, unknown> = {}
  for (const { key } of keys) out[key] = inJsonbOrder((value as Record<string, unknown>)[key])
  return out as T
}

function compareJsonbKeys(a: { key: string; bytes: number }, b: { key: string; bytes: number }): number {
  if (a.bytes !== b.bytes) return a.bytes - b.bytes
  // ASCII: code units order as bytes do. Otherwise compare the UTF-8 bytes (UTF-16 code units
  // put U+E000–U+FFFF after supplementary characters, UTF-8 does not).
  if (a.bytes === a.key.length && b.bytes === b.key.length) return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  return Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))
}

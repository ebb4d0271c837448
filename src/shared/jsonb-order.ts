/**
 * The value with its object keys in the order PostgreSQL's `jsonb` keeps them — shorter keys
 * first (by UTF-8 byte length), then by bytes — at every depth; arrays keep their order. A
 * response built in memory then serialises exactly as the stored row reads back, so a POST
 * answers with the same JSON text a later GET does.
 */
export function inJsonbOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(inJsonbOrder) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort(compareJsonbKeys)) out[key] = inJsonbOrder((value as Record<string, unknown>)[key])
  return out as T
}

function compareJsonbKeys(a: string, b: string): number {
  const la = Buffer.byteLength(a)
  const lb = Buffer.byteLength(b)
  if (la !== lb) return la - lb
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

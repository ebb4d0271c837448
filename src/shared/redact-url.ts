/**
 * A request URL fit for logs and problem documents: the values of query parameters that carry PHI
 * (`?ssn=123456789`, the documented subscriber lookup) are replaced by `[redacted]`, the rest kept.
 *
 * @example
 * redactUrl('/v1/subscribers?ssn=123456789&limit=5') // '/v1/subscribers?ssn=[redacted]&limit=5'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0 || !PHI_PARAM.test(url.slice(q))) return url
  const parts = url.slice(q + 1).split('&').map((part) => {
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    return eq >= 0 && isPhiParam(name) ? `${name}=[redacted]` : part
  })
  return `${url.slice(0, q)}?${parts.join('&')}`
}

/** A quick pre-check: could any parameter name be a PHI one? */
const PHI_PARAM = /ssn|social|birth/i

function isPhiParam(raw: string): boolean {
  let name = raw
  try { name = decodeURIComponent(raw.replaceAll('+', ' ')) } catch { /* keep it as sent */ }
  return PHI_PARAM.test(name)
}

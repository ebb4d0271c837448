/**
 * A request URL fit for logs and problem documents: the values of query parameters that carry PHI
 * (`?ssn=123456789`, the documented subscriber lookup, however it is percent-encoded) are replaced
 * by `[redacted]`, and so is anything shaped like an SSN elsewhere in the URL (a path id sent as
 * `/v1/subscribers/123456789`). The rest is kept.
 *
 * @example
 * redactUrl('/v1/subscribers?ssn=123456789&limit=5') // '/v1/subscribers?ssn=[redacted]&limit=5'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  if (q < 0) return maskEncoded(path)
  const parts = url.slice(q + 1).split('&').map((part) => {
    const decoded = decode(part)
    const eq = decoded.indexOf('=')
    const name = eq < 0 ? decoded : decoded.slice(0, eq)
    if (!PHI_PARAM.test(name)) return maskEncoded(part)
    return eq < 0 ? '[redacted]' : `${encodeURIComponent(name)}=[redacted]`
  })
  return `${maskEncoded(path)}?${parts.join('&')}`
}

/** {@link maskSsns} of `text`, percent-decoded first when an SSN hides in its encoding (`%31%32%33…`). */
function maskEncoded(text: string): string {
  const masked = maskSsns(text)
  if (!text.includes('%')) return masked
  const decoded = decode(text)
  return maskSsns(decoded) === decoded ? masked : maskSsns(decoded)
}

/** Parameter names that carry PHI. */
const PHI_PARAM = /ssn|social|birth/i

/** Nine digits (alone, or 3-2-4 with dashes or spaces, also percent-encoded) not inside a longer number: an SSN's shape. */
const SSN_SHAPE = /(?<![0-9])\d{3}(?:-|%2D|\s|%20|\+)?\d{2}(?:-|%2D|\s|%20|\+)?\d{4}(?![0-9])/gi

/**
 * `text` with every SSN-shaped run of digits replaced by `[redacted]`.
 *
 * @example
 * maskSsns('/ssn=123456789') // '/ssn=[redacted]'
 */
export function maskSsns(text: string): string {
  return text.replace(SSN_SHAPE, '[redacted]')
}

function decode(raw: string): string {
  try { return decodeURIComponent(raw.replaceAll('+', ' ')) } catch { return raw }
}

import { randomUUID } from 'node:crypto'

/** A new UUID v4. @example newId() // '7c4e…' */
export function newId(): string {
  return randomUUID()
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

/** True for a UUID v4 (the only id form the API accepts). @example isUuidV4('not-a-uuid') // false */
export function isUuidV4(s: string): boolean {
  return UUID_V4.test(s)
}

import type { FastifyRequest } from 'fastify'
import { sql, type Expression, type SqlBool } from 'kysely'
import { InvalidError } from '../errors/app-error.js'

/** Position after the last row of a page: lists are ordered by (created_at, id). */
export interface Cursor { readonly created_at: string; readonly id: string }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.created_at, c.id])).toString('base64url')
}

export function decodeCursor(text: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string'
      && !Number.isNaN(Date.parse(v[0])) && /^[0-9a-f-]{36}$/i.test(v[1])) return { created_at: v[0], id: v[1] }
  } catch { /* fall through */ }
  throw InvalidError.fields('invalid-cursor', 'The cursor is not one this API issued', [{ pointer: '/cursor', detail: 'is not a valid cursor' }])
}

/** The keyset condition for rows after `cursor` on `(created_at, id)` of `table`. */
export function after(table: string, cursor: Cursor): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) > (${cursor.created_at}::timestamptz, ${cursor.id}::uuid)`
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only says another page exists.
 * `next` repeats the request's query with the new cursor.
 */
export function pageOf<T extends { created_at: string; id: string }>(req: FastifyRequest, rows: T[], limit: number): { data: T[]; next_cursor: string | null; next: string | null } {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  if (rows.length <= limit || !last) return { data, next_cursor: null, next: null }
  const next_cursor = encodeCursor(last)
  const url = new URL(req.url, 'http://x')
  url.searchParams.set('cursor', next_cursor)
  return { data, next_cursor, next: `${url.pathname}${url.search}` }
}

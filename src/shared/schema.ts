import { Type, type TSchema } from 'typebox'

/** A UUID (v4 is what we mint; lookups accept any well-formed UUID so they can answer 404). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID v4', examples: ['3f2c7d0e-8a4b-4c1e-9d2f-5b6a7c8d9e0f'] })

/** A calendar date, ISO 8601 `YYYY-MM-DD`. */
export const PlainDate = Type.String({ format: 'date', description: 'ISO 8601 calendar date (YYYY-MM-DD)', examples: ['2026-01-01'] })

/** A UTC timestamp, ISO 8601 with `Z`. */
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC timestamp' })

/** Integer cents, never negative. */
export const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Money in integer cents' })

/** The largest version a resource can reach (the column is a PostgreSQL integer). */
export const MAX_VERSION = 2_147_483_647

/** Optimistic-locking version of a resource, echoed in its ETag. */
export const Version = Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'Incremented on every change; send it back as If-Match' })

/** `T | null`, for optional fields that can be cleared. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()])
}

/** A page of results with the opaque cursor for the next page. */
export function Page<T extends TSchema>(item: T, name: string) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Nullable(Type.String()),
    next: Nullable(Type.String({ description: 'URL of the next page' })),
  }, { $id: `${name}Page`, additionalProperties: false })
}

/** Query parameters every list accepts. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
}

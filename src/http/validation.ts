import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { isPlainDate } from '../shared/dates.js'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional: false, useDefaults: true, ...options })
  addFormats(ajv)
  // 'date' is a real calendar date (2026-02-30 is refused), 'uuid' any RFC 4122 form.
  ajv.addFormat('date', { type: 'string', validate: isPlainDate })
  // 'date-time' as ajv-formats reads it, but not in year 0000, which PostgreSQL has no timestamp for.
  const dateTime = ajv.formats['date-time']
  if (dateTime !== undefined && typeof dateTime === 'object' && 'validate' in dateTime && typeof dateTime.validate === 'function') {
    const base = dateTime.validate as (s: string) => boolean
    ajv.addFormat('date-time', { type: 'string', validate: (s: string) => base(s) && !s.startsWith('0000') })
  }
  return ajv
}

// Bodies are validated as sent (no coercion: "100" is not 100 cents); the query string and
// path parameters are text by nature and are coerced to their schema types.
const bodyAjv = makeAjv({ coerceTypes: false })
const textAjv = makeAjv({ coerceTypes: 'array' })

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>
}

/** Compiles a schema for use outside a route (e.g. plan rules chosen by plan_type). */
export function compileBodySchema(schema: object) {
  return bodyAjv.compile(schema)
}

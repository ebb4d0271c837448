import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { inJsonbOrder } from './jsonb-order.js'
import { freshDatabase } from '../../test/support/databases.js'
import { sql } from 'kysely'

test('keys come out as jsonb keeps them: shorter first, then by bytes, at every depth', () => {
  const ordered = inJsonbOrder({ family: 1, individual: { zz: 1, a: [{ bb: 1, c: 2 }] }, b: 2 })
  assert.equal(JSON.stringify(ordered), '{"b":2,"family":1,"individual":{"a":[{"c":2,"bb":1}],"zz":1}}')
})

test('agrees with PostgreSQL jsonb on random objects, non-ASCII keys included (PGlite)', async () => {
  const database = await freshDatabase('pglite')
  try {
    const key = fc.string({ unit: 'binary', maxLength: 6 }).filter((k) => !k.includes('\u0000')) // jsonb refuses NUL
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.boolean(), fc.dictionary(key, tie('node'), { maxKeys: 5 }), fc.array(tie('node'), { maxLength: 3 })),
    })).node
    await fc.assert(fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 8 }), async (object) => {
      const text = JSON.stringify(object)
      const { rows } = await sql<{ t: string }>`select (${text}::jsonb)::text as t`.execute(database.db)
      // jsonb's text form has a space after ':' and ','; compare parsed key orders instead
      assert.equal(JSON.stringify(JSON.parse(rows[0]!.t)), JSON.stringify(inJsonbOrder(object)))
    }), { numRuns: 200 })
  } finally {
    await database.close()
  }
})

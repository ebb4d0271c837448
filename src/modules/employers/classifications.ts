import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { Database } from '../../db/types.js'
import { onConstraint } from '../../db/constraint-errors.js'
import { ConflictError, InvalidError, NotFoundError, PreconditionError } from '../../errors/app-error.js'
import { newId } from '../../shared/ids.js'
import { Nullable, Page, PageQuery, PlainDate, Timestamp, Uuid, Version } from '../../shared/schema.js'
import { after, type Cursor } from '../../http/pagination.js'
import { canSeeEmployer, type AuthContext } from '../organizations/index.js'
import { getEmployer } from './service.js'

type Executor = Kysely<Database>

onConstraint('employment_classifications_name_unique', () => new ConflictError('duplicate', 'The employer already has a classification of this kind and name from this date'))

export const ClassificationKind = Type.Union([Type.Literal('class'), Type.Literal('subgroup')], { description: "'class' (e.g. full-time salaried) or 'subgroup' (e.g. a state); both usable in plan eligibility" })

/** An employment classification; `end_date` is inclusive, null = open-ended. */
export const Classification = Type.Object({
  id: Uuid,
  employer_id: Uuid,
  kind: ClassificationKind,
  name: Type.String(),
  effective_date: PlainDate,
  end_date: Nullable(PlainDate),
  version: Version,
  created_at: Timestamp,
  updated_at: Timestamp,
}, { $id: 'EmploymentClassification', additionalProperties: false })
export type Classification = Static<typeof Classification>

export const NewClassification = Type.Object({
  kind: ClassificationKind,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  effective_date: PlainDate,
  end_date: Type.Optional(Nullable(PlainDate)),
}, { $id: 'NewEmploymentClassification', additionalProperties: false })
export type NewClassification = Static<typeof NewClassification>

export const ClassificationUpdate = Type.Object({
  kind: Type.Optional(ClassificationKind),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  effective_date: PlainDate,
  end_date: Type.Optional(Nullable(PlainDate)),
  version: Type.Optional(Version),
}, { $id: 'EmploymentClassificationUpdate', additionalProperties: false, description: 'Full replacement; kind cannot change' })
export type ClassificationUpdate = Static<typeof ClassificationUpdate>

export const ClassificationPage = Page(Classification, 'EmploymentClassification')
export const ClassificationQuery = Type.Object({ ...PageQuery, kind: Type.Optional(ClassificationKind) }, { additionalProperties: false })
export const ClassificationParams = Type.Object({ employer_id: Uuid, classification_id: Uuid })

const COLUMNS = ['id', 'employer_id', 'kind', 'name', 'effective_date', 'end_date', 'version', 'created_at', 'updated_at'] as const
const QUALIFIED = COLUMNS.map((c) => `employment_classifications.${c}` as const)

function checkDates(effective: string, end: string | null | undefined): void {
  if (end != null && end < effective) throw InvalidError.fields('invalid-date-range', 'end_date is before effective_date', [{ pointer: '/end_date', detail: `must be on or after effective_date (${effective})` }])
}

/** A classification of a visible employer, or undefined. */
export function findClassification(db: Executor, auth: AuthContext, id: string): Promise<Classification | undefined> {
  return db.selectFrom('employment_classifications').select(QUALIFIED).where('employment_classifications.id', '=', id)
    .where(canSeeEmployer(auth, 'employment_classifications.employer_id')).executeTakeFirst()
}

export async function createClassification(tx: Executor, auth: AuthContext, employerId: string, input: NewClassification, now: string): Promise<Classification> {
  await getEmployer(tx, auth, employerId)
  checkDates(input.effective_date, input.end_date)
  return tx.insertInto('employment_classifications')
    .values({ id: newId(), employer_id: employerId, kind: input.kind, name: input.name, effective_date: input.effective_date, end_date: input.end_date ?? null, created_at: now, updated_at: now })
    .returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function getClassification(db: Executor, auth: AuthContext, employerId: string, id: string): Promise<Classification> {
  const row = await findClassification(db, auth, id)
  if (!row || row.employer_id !== employerId) throw new NotFoundError('not-found', `Employment classification ${id} not found`)
  return row
}

export async function listClassifications(db: Executor, auth: AuthContext, employerId: string, q: { limit: number; cursor?: Cursor | undefined; kind?: 'class' | 'subgroup' | undefined }): Promise<Classification[]> {
  await getEmployer(db, auth, employerId)
  let query = db.selectFrom('employment_classifications').select(QUALIFIED).where('employment_classifications.employer_id', '=', employerId)
  if (q.kind) query = query.where('employment_classifications.kind', '=', q.kind)
  if (q.cursor) query = query.where(after('employment_classifications', q.cursor))
  return query.orderBy('employment_classifications.created_at').orderBy('employment_classifications.id').limit(q.limit + 1).execute()
}

export async function updateClassification(db: Executor, auth: AuthContext, employerId: string, id: string, input: ClassificationUpdate, version: number, now: string): Promise<Classification> {
  const current = await getClassification(db, auth, employerId, id)
  if (input.kind !== undefined && input.kind !== current.kind) throw InvalidError.fields('validation', 'kind cannot change', [{ pointer: '/kind', detail: `cannot change (is ${current.kind}); create a new classification instead` }])
  checkDates(input.effective_date, input.end_date)
  const row = await db.updateTable('employment_classifications')
    .set({ name: input.name, effective_date: input.effective_date, end_date: input.end_date ?? null, updated_at: now, version: (eb) => eb('version', '+', 1) })
    .where('id', '=', id).where('version', '=', version)
    .returning(COLUMNS).executeTakeFirst()
  if (!row) throw new PreconditionError('version-mismatch', `Employment classification ${id} was changed since version ${version}; GET it again and reapply your change`)
  return row
}

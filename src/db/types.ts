import type { ColumnType, Generated } from 'kysely'

/** A column the database fills in (default or generated); optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>
/** A column computed by the database; never written. */
type Computed<T> = ColumnType<T, never, never>

export interface SchemaMigrationsTable {
  name: string
  checksum: string
  applied_at: Defaulted<string>
}

export interface OrganizationsTable {
  id: string
  name: string
  type: 'employer' | 'broker' | 'administrator'
  created_at: Defaulted<string>
}

export interface ApiClientsTable {
  client_id: string
  organization_id: string
  name: Defaulted<string>
  secret_hash: string
  scopes: string[]
  created_at: Defaulted<string>
  revoked_at: string | null
}

export interface SigningKeysTable {
  kid: string
  algorithm: string
  private_jwk: ColumnType<Record<string, unknown>, string, string>
  public_jwk: ColumnType<Record<string, unknown>, string, string>
  created_at: Defaulted<string>
  retired_at: string | null
}

export interface EmployersTable {
  id: string
  organization_id: string | null
  name: string
  tax_id: string | null
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface EmployerAccessTable {
  employer_id: string
  organization_id: string
  role: 'owner' | 'creator' | 'grantee'
  created_at: Defaulted<string>
}

export interface PlanYearsTable {
  id: string
  employer_id: string
  name: string
  start_date: string
  end_date: string
  coverage: Computed<string>
  enrollment_start_date: string | null
  enrollment_end_date: string | null
  runout_end_date: string | null
  grace_period_end_date: string | null
  closed_at: string | null
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface PlansTable {
  id: string
  plan_year_id: string
  employer_id: string
  name: string
  plan_type: string
  rules: ColumnType<Record<string, unknown>, string, string>
  annual_contribution_min_cents: Computed<number | null>
  annual_contribution_max_cents: Computed<number | null>
  carrier_id: string | null
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface IdempotencyKeysTable {
  client_id: string
  key: string
  method: string
  path: string
  request_hash: string
  state: 'in_flight' | 'done'
  response_status: number | null
  response_body: string | null
  resource_location: string | null
  created_at: Defaulted<string>
  completed_at: string | null
}

/** Foundation tables; modules that add tables extend `Database` below with their own interface. */
export interface FoundationTables {
  schema_migrations: SchemaMigrationsTable
  organizations: OrganizationsTable
  api_clients: ApiClientsTable
  signing_keys: SigningKeysTable
  employers: EmployersTable
  employer_access: EmployerAccessTable
  plan_years: PlanYearsTable
  plans: PlansTable
  idempotency_keys: IdempotencyKeysTable
}

// Module table interfaces are added here as `extends FoundationTables, MembersTables, …`.
export interface Database extends FoundationTables {}

export type { Generated }

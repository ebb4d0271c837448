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
  response_status: number
  response_body: string
  resource_location: string | null
  created_at: Defaulted<string>
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


// ── 0002: members, reference data, elections, enrollments, events ──

export interface EmployerLocationsTable {
  id: string
  employer_id: string
  name: string
  address_line_1: string
  address_line_2: string | null
  city: string
  state: string
  zip: string
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface EmploymentClassificationsTable {
  id: string
  employer_id: string
  kind: 'class' | 'subgroup'
  name: string
  effective_date: string
  end_date: string | null
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface CarriersTable {
  id: string
  organization_id: string
  name: string
  payer_id: string
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface CoveragePeriodsTable {
  id: string
  employer_id: string
  carrier_id: string
  start_date: string
  end_date: string
  period: Computed<string>
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface CoveragePeriodPlansTable {
  coverage_period_id: string
  plan_id: string
  employer_id: string
}

export interface MembersTable {
  id: string
  employer_id: string
  subscriber_id: string | null
  relationship: string
  external_identifier: string | null
  employee_number: string | null
  birth_date: string
  gender: 'male' | 'female' | 'unknown'
  ssn_ciphertext: string | null
  ssn_hmac: string | null
  ssn_last4: string | null
  version: Defaulted<number>
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface MemberDemographicsTable {
  id: string
  member_id: string
  effective_date: string
  first_name: string
  middle_name: string | null
  last_name: string
  suffix: string | null
  residential_address: ColumnType<Record<string, unknown> | null, string | null, string | null>
  mailing_address: ColumnType<Record<string, unknown> | null, string | null, string | null>
  phone_numbers: ColumnType<unknown[], string | undefined, string>
  emails: ColumnType<unknown[], string | undefined, string>
  recorded_at: Defaulted<string>
}

export interface MemberEmploymentTable {
  id: string
  member_id: string
  effective_date: string
  hire_date: string
  termination_date: string | null
  status: string
  /** numeric: returned as text by both drivers */
  hours_per_week: ColumnType<string | null, number | string | null, number | string | null>
  wage_frequency: 'weekly' | 'biweekly' | 'semimonthly' | 'monthly'
  compensation: string | null
  annual_earnings_cents: number | null
  earnings_effective_date: string | null
  location_id: string | null
  recorded_at: Defaulted<string>
}

export interface MemberClassificationsTable {
  id: string
  member_id: string
  classification_id: string
  kind: 'class' | 'subgroup'
  start_date: string
  end_date: string | null
  effective: Computed<string>
}

export interface QualifyingLifeEventsTable {
  id: string
  employer_id: string
  subscriber_id: string
  event: string
  event_date: string
  reported_date: string
  eligibility_start_date: string | null
  coverage_period_id: string | null
  effective_date: string
  request: ColumnType<Record<string, unknown>, string, string>
  created_by: string
  created_at: Defaulted<string>
}

export type PayFrequency = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly'
export type CoverageTier = 'individual' | 'individual_spouse' | 'individual_children' | 'family'

export interface ElectionsTable {
  id: string
  employer_id: string
  subscriber_id: string
  plan_id: string
  plan_year_id: string
  qualifying_life_event_id: string | null
  type: 'election' | 'waiver'
  coverage_tier: CoverageTier | null
  effective_date: string
  end_date: string | null
  annual_amount_cents: Defaulted<number>
  employer_contribution_cents: Defaulted<number>
  pay_frequency: PayFrequency
  pay_periods: number
  first_deduction_date: string | null
  volume_cents: number | null
  superseded_at: string | null
  superseded_by: string | null
  created_at: Defaulted<string>
}

export interface EnrollmentsTable {
  id: string
  employer_id: string
  subscriber_id: string
  member_id: string
  plan_id: string
  plan_type: string
  plan_year_id: string
  election_id: string | null
  coverage_tier: CoverageTier | null
  status: 'active' | 'terminated' | 'cancelled'
  start_date: string
  end_date: string | null
  coverage: Computed<string>
  volume_cents: number | null
  recorded_at: Defaulted<string>
  superseded_at: string | null
  supersedes_id: string | null
}

export interface EventsTable {
  seq: Generated<number>
  id: string
  employer_id: string
  aggregate_type: string
  aggregate_id: string
  type: string
  before: ColumnType<unknown, string | null, never>
  after: ColumnType<unknown, string | null, never>
  actor: string
  request_id: string | null
  occurred_at: Defaulted<string>
}

export interface EmployerEnrollmentRulesTable {
  employer_id: string
  settings: ColumnType<Record<string, unknown>, string, string>
  updated_at: Defaulted<string>
}

export interface MemberTables {
  employer_enrollment_rules: EmployerEnrollmentRulesTable
  employer_locations: EmployerLocationsTable
  employment_classifications: EmploymentClassificationsTable
  carriers: CarriersTable
  coverage_periods: CoveragePeriodsTable
  coverage_period_plans: CoveragePeriodPlansTable
  members: MembersTable
  member_demographics: MemberDemographicsTable
  member_employment: MemberEmploymentTable
  member_classifications: MemberClassificationsTable
  qualifying_life_events: QualifyingLifeEventsTable
  elections: ElectionsTable
  enrollments: EnrollmentsTable
  events: EventsTable
}

// ── 0003: operator-supplied IRS limits ──

export interface IrsLimitsTable {
  year: number
  limits: ColumnType<Record<string, unknown>, string, string>
  source: string
  created_at: Defaulted<string>
  updated_at: Defaulted<string>
}

export interface OperatorTables {
  irs_limits: IrsLimitsTable
}

export interface Database extends FoundationTables, MemberTables, OperatorTables {}

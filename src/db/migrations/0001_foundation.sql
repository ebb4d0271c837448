-- Foundation: organizations, API clients and signing keys, employers and access grants,
-- plan years, plans, idempotency keys. Runs unchanged on PostgreSQL 15+ and PGlite.
create extension if not exists btree_gist;

create table organizations (
  id uuid primary key,
  name text not null check (length(name) between 1 and 200),
  type text not null check (type in ('employer', 'broker', 'administrator')),
  created_at timestamptz not null default now(),
  constraint organizations_name_unique unique (name)
);

create table api_clients (
  client_id text primary key,
  organization_id uuid not null references organizations (id),
  name text not null default '',
  -- scrypt$N$r$p$salt$hash, never the secret itself
  secret_hash text not null,
  scopes text[] not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_clients_organization on api_clients (organization_id);

-- JWT signing keys; the newest unretired key signs, every key verifies until removed (rotation by kid).
create table signing_keys (
  kid text primary key,
  algorithm text not null,
  private_jwk jsonb not null,
  public_jwk jsonb not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);

create table employers (
  id uuid primary key,
  -- the employer's own organization, when the employer itself has API clients
  organization_id uuid references organizations (id),
  name text not null check (length(name) between 1 and 200),
  tax_id text check (tax_id ~ '^[0-9]{2}-?[0-9]{7}$'),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint employers_one_per_organization unique (organization_id)
);

-- Who may act for an employer: its own organization, the broker or administrator that created
-- it, and any organization the employer has granted access to. Every tenant filter joins here.
create table employer_access (
  employer_id uuid not null references employers (id) on delete cascade,
  organization_id uuid not null references organizations (id),
  role text not null check (role in ('owner', 'creator', 'grantee')),
  created_at timestamptz not null default now(),
  primary key (employer_id, organization_id)
);
create index employer_access_organization on employer_access (organization_id, employer_id);

create table plan_years (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  name text not null check (length(name) between 1 and 120),
  start_date date not null,
  end_date date not null,             -- inclusive, as in the API
  -- half-open [start, end + 1) for range logic; derived so it can never disagree
  coverage daterange generated always as (daterange(start_date, end_date, '[]')) stored,
  enrollment_start_date date,
  enrollment_end_date date,
  runout_end_date date,
  grace_period_end_date date,
  closed_at timestamptz,
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint plan_years_dates_ordered check (end_date >= start_date),
  constraint plan_years_enrollment_window_paired check ((enrollment_start_date is null) = (enrollment_end_date is null)),
  constraint plan_years_enrollment_window_ordered check (enrollment_end_date >= enrollment_start_date),
  constraint plan_years_enrollment_window_before_end check (enrollment_start_date <= end_date),
  constraint plan_years_runout_after_end check (runout_end_date >= end_date),
  constraint plan_years_grace_after_end check (grace_period_end_date >= end_date),
  constraint plan_years_id_employer unique (id, employer_id),
  constraint plan_years_no_overlap exclude using gist (employer_id with =, coverage with &&)
);
create index plan_years_employer on plan_years (employer_id, start_date);

create table plans (
  id uuid primary key,
  plan_year_id uuid not null,
  employer_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  plan_type text not null check (plan_type in (
    'hsa', 'health_fsa', 'limited_purpose_fsa', 'dependent_care_fsa', 'hra', 'commuter_transit',
    'commuter_parking', 'medical', 'dental', 'vision', 'basic_life', 'voluntary_life', 'add', 'std',
    'ltd', 'accident', 'critical_illness', 'hospital_indemnity')),
  rules jsonb not null default '{}'::jsonb check (jsonb_typeof(rules) = 'object'),
  -- money invariants of the rules, checked by the database as well as by the API
  annual_contribution_min_cents bigint generated always as ((rules ->> 'annual_contribution_min_cents')::bigint) stored,
  annual_contribution_max_cents bigint generated always as ((rules ->> 'annual_contribution_max_cents')::bigint) stored,
  carrier_id uuid,
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the denormalised employer must be the plan year's (tenant filters read it without a join)
  constraint plans_plan_year_employer foreign key (plan_year_id, employer_id) references plan_years (id, employer_id),
  constraint plans_name_unique_per_plan_year unique (plan_year_id, name),
  constraint plans_contribution_min_nonnegative check (annual_contribution_min_cents >= 0),
  constraint plans_contribution_max_nonnegative check (annual_contribution_max_cents >= 0),
  constraint plans_contribution_min_le_max check (annual_contribution_min_cents <= annual_contribution_max_cents)
);
create index plans_plan_year on plans (plan_year_id, created_at, id);
create index plans_employer on plans (employer_id, created_at, id);

-- Every POST's Idempotency-Key, per client, for at least 24 hours, with the response it got.
-- The row is written in the same transaction as the write it records (under a transaction-scoped
-- advisory lock on the key), so a key has a stored response exactly when its write committed.
create table idempotency_keys (
  client_id text not null,
  key uuid not null,
  method text not null,
  path text not null,
  request_hash text not null,
  response_status integer not null,
  response_body text not null,
  resource_location text,
  created_at timestamptz not null default now(),
  primary key (client_id, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

-- Members, reference data (locations, employment classifications, carriers, coverage periods),
-- qualifying life events, elections, effective-dated enrollments and the event outbox.

create table employer_locations (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  name text not null check (length(name) between 1 and 200),
  address_line_1 text not null,
  address_line_2 text,
  city text not null,
  state text not null check (state ~ '^[A-Z]{2}$'),
  zip text not null check (zip ~ '^[0-9]{5}(-?[0-9]{4})?$'),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint employer_locations_id_employer unique (id, employer_id),
  constraint employer_locations_name_unique unique (employer_id, name)
);

-- kind 'class' (e.g. full-time salaried) or 'subgroup' (e.g. a state); used in plan eligibility.
create table employment_classifications (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  kind text not null check (kind in ('class', 'subgroup')),
  name text not null check (length(name) between 1 and 200),
  effective_date date not null,
  end_date date,                     -- inclusive; null = open-ended
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint employment_classifications_dates_ordered check (end_date >= effective_date),
  constraint employment_classifications_id_employer unique (id, employer_id),
  constraint employment_classifications_name_unique unique (employer_id, kind, name, effective_date)
);

-- Carriers belong to the organization that configured them (their trading-partner settings are its own).
create table carriers (
  id uuid primary key,
  organization_id uuid not null references organizations (id),
  name text not null check (length(name) between 1 and 200),
  payer_id text not null check (payer_id ~ '^[A-Za-z0-9-]{1,80}$'),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint carriers_payer_unique unique (organization_id, payer_id)
);

alter table plans add constraint plans_carrier_fk foreign key (carrier_id) references carriers (id);
alter table plans add constraint plans_id_employer unique (id, employer_id);
alter table plans add constraint plans_id_type unique (id, plan_type);

-- Which carrier insures which plans of an employer, over a period (seed 003).
create table coverage_periods (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  carrier_id uuid not null references carriers (id),
  start_date date not null,
  end_date date not null,            -- inclusive
  period daterange generated always as (daterange(start_date, end_date, '[]')) stored,
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint coverage_periods_dates_ordered check (end_date >= start_date),
  constraint coverage_periods_id_employer unique (id, employer_id),
  constraint coverage_periods_no_overlap exclude using gist (employer_id with =, carrier_id with =, period with &&)
);

create table coverage_period_plans (
  coverage_period_id uuid not null,
  plan_id uuid not null,
  employer_id uuid not null,
  primary key (coverage_period_id, plan_id),
  constraint coverage_period_plans_period foreign key (coverage_period_id, employer_id) references coverage_periods (id, employer_id) on delete cascade,
  constraint coverage_period_plans_plan foreign key (plan_id, employer_id) references plans (id, employer_id)
);
create index coverage_period_plans_plan on coverage_period_plans (plan_id);

-- A person: a subscriber (relationship 'self') or a dependent of one, within one employer.
create table members (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  subscriber_id uuid,                -- null for a subscriber; the subscriber for a dependent
  relationship text not null,        -- 'self' or one of the dependent relationship codes
  external_identifier text,
  employee_number text,
  birth_date date not null,
  gender text not null check (gender in ('male', 'female', 'unknown')),
  -- PHI: AES-256-GCM ciphertext (base64 of iv|tag|ct), a keyed HMAC for exact lookup, last four for masking
  ssn_ciphertext text,
  ssn_hmac text,
  ssn_last4 text check (ssn_last4 ~ '^[0-9]{4}$'),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint members_id_employer unique (id, employer_id),
  constraint members_subscriber_same_employer foreign key (subscriber_id, employer_id) references members (id, employer_id),
  constraint members_self_iff_subscriber check ((subscriber_id is null) = (relationship = 'self')),
  constraint members_ssn_parts check ((ssn_ciphertext is null) = (ssn_hmac is null) and (ssn_hmac is null) = (ssn_last4 is null))
);
create unique index members_external_identifier_unique on members (employer_id, external_identifier) where external_identifier is not null;
create unique index members_employee_number_unique on members (employer_id, employee_number) where employee_number is not null;
-- One SSN is one subscriber per employer; a spouse who also works there is a subscriber and a dependent.
create unique index members_subscriber_ssn_unique on members (employer_id, ssn_hmac) where subscriber_id is null and ssn_hmac is not null;
create unique index members_family_ssn_unique on members (subscriber_id, ssn_hmac) where subscriber_id is not null and ssn_hmac is not null;
create index members_subscriber on members (subscriber_id);
create index members_employer_created on members (employer_id, created_at, id);

-- Effective-dated demographics: a change adds a row from its effective date; nothing is overwritten.
create table member_demographics (
  id uuid primary key,
  member_id uuid not null references members (id),
  effective_date date not null,
  first_name text not null,
  middle_name text,
  last_name text not null,
  suffix text,
  residential_address jsonb,
  mailing_address jsonb,
  phone_numbers jsonb not null default '[]'::jsonb,
  emails jsonb not null default '[]'::jsonb,
  recorded_at timestamptz not null default now(),
  constraint member_demographics_one_per_day unique (member_id, effective_date, recorded_at)
);
create index member_demographics_member on member_demographics (member_id, effective_date desc, recorded_at desc);

-- Effective-dated employment of a subscriber (status, earnings, pay frequency, location, hours).
create table member_employment (
  id uuid primary key,
  member_id uuid not null references members (id),
  effective_date date not null,
  hire_date date not null,
  termination_date date,
  status text not null,
  hours_per_week numeric(5, 2) check (hours_per_week between 0 and 168),
  wage_frequency text not null check (wage_frequency in ('weekly', 'biweekly', 'semimonthly', 'monthly')),
  compensation text check (compensation in ('salary', 'hourly', 'commission', 'other')),
  annual_earnings_cents bigint check (annual_earnings_cents >= 0),
  earnings_effective_date date,
  location_id uuid references employer_locations (id),
  recorded_at timestamptz not null default now(),
  constraint member_employment_one_per_day unique (member_id, effective_date, recorded_at)
);
create index member_employment_member on member_employment (member_id, effective_date desc, recorded_at desc);

-- Class / subgroup assignments, effective-dated; one of each kind at a time.
create table member_classifications (
  id uuid primary key,
  member_id uuid not null references members (id),
  classification_id uuid not null references employment_classifications (id),
  kind text not null check (kind in ('class', 'subgroup')),
  start_date date not null,
  end_date date,                     -- inclusive; null = open-ended
  effective daterange generated always as (daterange(start_date, end_date, '[]')) stored,
  constraint member_classifications_dates_ordered check (end_date >= start_date),
  constraint member_classifications_no_overlap exclude using gist (member_id with =, kind with =, effective with &&)
);

create table qualifying_life_events (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  subscriber_id uuid not null references members (id),
  event text not null,
  event_date date not null,
  reported_date date not null,
  eligibility_start_date date,
  coverage_period_id uuid references coverage_periods (id),
  effective_date date not null,
  request jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index qualifying_life_events_subscriber on qualifying_life_events (subscriber_id, created_at);

-- An election (or waiver) of one plan by a subscriber for a period; replaced, never edited.
create table elections (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  subscriber_id uuid not null references members (id),
  plan_id uuid not null references plans (id),
  plan_year_id uuid not null references plan_years (id),
  qualifying_life_event_id uuid references qualifying_life_events (id),
  type text not null check (type in ('election', 'waiver')),
  coverage_tier text check (coverage_tier in ('individual', 'individual_spouse', 'individual_children', 'family')),
  effective_date date not null,
  end_date date,                     -- inclusive; null = through the plan year end
  annual_amount_cents bigint not null default 0 check (annual_amount_cents >= 0),
  employer_contribution_cents bigint not null default 0 check (employer_contribution_cents >= 0),
  pay_frequency text not null check (pay_frequency in ('weekly', 'biweekly', 'semimonthly', 'monthly')),
  pay_periods integer not null check (pay_periods between 1 and 53),
  first_deduction_date date,
  volume_cents bigint check (volume_cents >= 0),
  superseded_at timestamptz,
  superseded_by uuid references elections (id),
  created_at timestamptz not null default now(),
  constraint elections_waiver_has_no_money check (type = 'election' or (annual_amount_cents = 0 and employer_contribution_cents = 0)),
  constraint elections_dates_ordered check (end_date >= effective_date)
);
create index elections_subscriber on elections (subscriber_id, plan_year_id);
create index elections_plan on elections (plan_id);
-- one current election per subscriber and plan (older ones are superseded, not deleted)
create unique index elections_one_current on elections (subscriber_id, plan_id) where superseded_at is null;

-- The definitive, effective-dated record of one member's coverage in one plan. Bitemporal:
-- valid time is [start_date, end_date] (inclusive in the API, half-open in `coverage`); what we
-- knew when is [recorded_at, superseded_at). A change supersedes rows and records new ones.
create table enrollments (
  id uuid primary key,
  employer_id uuid not null references employers (id),
  subscriber_id uuid not null references members (id),
  member_id uuid not null references members (id),
  plan_id uuid not null,
  plan_type text not null,
  plan_year_id uuid not null references plan_years (id),
  election_id uuid references elections (id),
  coverage_tier text check (coverage_tier in ('individual', 'individual_spouse', 'individual_children', 'family')),
  status text not null check (status in ('active', 'terminated', 'cancelled')),
  start_date date not null,
  end_date date,                     -- inclusive; null = open-ended
  coverage daterange generated always as (daterange(start_date, end_date, '[]')) stored,
  volume_cents bigint check (volume_cents >= 0),
  recorded_at timestamptz not null default now(),
  superseded_at timestamptz,
  supersedes_id uuid references enrollments (id),
  constraint enrollments_plan_type foreign key (plan_id, plan_type) references plans (id, plan_type),
  constraint enrollments_dates_ordered check (end_date >= start_date),
  constraint enrollments_known_interval check (superseded_at is null or superseded_at >= recorded_at),
  -- No member holds two overlapping current coverages of the same plan type.
  constraint enrollments_no_overlap exclude using gist (member_id with =, plan_type with =, coverage with &&)
    where (superseded_at is null and status <> 'cancelled')
);
create index enrollments_member_current on enrollments (member_id, plan_type) where superseded_at is null;
create index enrollments_subscriber on enrollments (subscriber_id, recorded_at);
create index enrollments_employer on enrollments (employer_id, recorded_at, id);

-- Outbox: every change to members, elections and enrollments, appended in the same transaction.
-- Carrier files and webhooks are generated from it in order of seq.
create table events (
  seq bigint generated always as identity primary key,
  id uuid not null unique,
  employer_id uuid not null references employers (id),
  aggregate_type text not null,
  aggregate_id uuid not null,
  type text not null,
  before jsonb,
  after jsonb,
  actor text not null,
  request_id text,
  occurred_at timestamptz not null default now()
);
create index events_employer_seq on events (employer_id, seq);
create index events_aggregate on events (aggregate_id, seq);

-- Per-employer overrides of the enrollment rules (QLE reporting windows, new-hire cap, domestic
-- partners); keys and defaults are documented in src/modules/elections/rules.ts (EnrollmentSettings).
create table employer_enrollment_rules (
  employer_id uuid primary key references employers (id),
  settings jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now()
);

-- IRS limits for years OpenEnroll's built-in table (src/modules/plans/rules/irs-limits.ts) does not
-- carry yet, or corrections to it. The IRS publishes next year's figures while this year's open
-- enrollment runs; the operator adds them with `openenroll irs-limits set --year Y --file F`
-- instead of waiting for a release. One row per calendar year; figures are integer cents.
create table irs_limits (
  year integer primary key check (year between 2000 and 2100),
  limits jsonb not null check (jsonb_typeof(limits) = 'object'),
  source text not null check (length(source) between 1 and 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

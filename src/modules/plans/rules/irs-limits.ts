import type { Cents } from '../../../shared/money.js'
import type { PlanType } from './plan-types.js'

/**
 * Published IRS (and, for QSEHRA/excepted-benefit HRAs, Treasury/DOL/HHS) dollar limits for one
 * calendar year, in integer cents.
 *
 * Which year applies to a plan: the calendar year of its plan year's `start_date`
 * (a plan year 2026-07-01..2027-06-30 uses the 2026 figures). See {@link limitYearOf}.
 *
 * Sources: HSA/HDHP — Rev. Proc. 2023-23 (2024), 2024-25 (2025), 2025-19 (2026); health FSA,
 * commuter, QSEHRA — Rev. Proc. 2023-34 (2024), 2024-40 (2025), 2025-32 (2026); dependent care —
 * IRC §129(a)(2)(A), raised to $7,500 from 2026 by the One Big Beautiful Bill Act (P.L. 119-21);
 * excepted-benefit HRA — 29 CFR 2590.732(c)(3)(viii) indexed amounts.
 */
export interface IrsLimits {
  readonly year: number
  /** HSA contribution limit, self-only HDHP coverage (IRC §223(b)). */
  readonly hsa_self_only_cents: Cents
  /** HSA contribution limit, family HDHP coverage. */
  readonly hsa_family_cents: Cents
  /** HSA additional (catch-up) contribution for account holders 55 or older; not indexed. */
  readonly hsa_catch_up_cents: Cents
  /** HDHP minimum annual deductible, self-only. */
  readonly hdhp_min_deductible_self_only_cents: Cents
  /** HDHP minimum annual deductible, family. */
  readonly hdhp_min_deductible_family_cents: Cents
  /** HDHP maximum out-of-pocket expenses, self-only. */
  readonly hdhp_max_out_of_pocket_self_only_cents: Cents
  /** HDHP maximum out-of-pocket expenses, family. */
  readonly hdhp_max_out_of_pocket_family_cents: Cents
  /** Health FSA salary reduction limit (IRC §125(i)); also applies to limited-purpose FSAs. */
  readonly health_fsa_cents: Cents
  /** Maximum unused health FSA amount carried over into the next plan year (Notice 2013-71, indexed). */
  readonly health_fsa_carryover_cents: Cents
  /** Dependent care assistance exclusion per household (IRC §129). */
  readonly dependent_care_cents: Cents
  /** Dependent care exclusion for married filing separately. */
  readonly dependent_care_married_separately_cents: Cents
  /** Qualified transportation fringe, transit pass and commuter highway vehicle, per month (IRC §132(f)). */
  readonly commuter_transit_monthly_cents: Cents
  /** Qualified parking, per month. */
  readonly commuter_parking_monthly_cents: Cents
  /** QSEHRA permitted benefit, self-only (IRC §9831(d)). */
  readonly qsehra_self_only_cents: Cents
  /** QSEHRA permitted benefit, family. */
  readonly qsehra_family_cents: Cents
  /** Excepted-benefit HRA maximum annual amount newly made available. */
  readonly excepted_benefit_hra_cents: Cents
}

const TABLE: Readonly<Record<number, IrsLimits>> = {
  2024: {
    year: 2024,
    hsa_self_only_cents: 4_150_00, hsa_family_cents: 8_300_00, hsa_catch_up_cents: 1_000_00,
    hdhp_min_deductible_self_only_cents: 1_600_00, hdhp_min_deductible_family_cents: 3_200_00,
    hdhp_max_out_of_pocket_self_only_cents: 8_050_00, hdhp_max_out_of_pocket_family_cents: 16_100_00,
    health_fsa_cents: 3_200_00, health_fsa_carryover_cents: 640_00,
    dependent_care_cents: 5_000_00, dependent_care_married_separately_cents: 2_500_00,
    commuter_transit_monthly_cents: 315_00, commuter_parking_monthly_cents: 315_00,
    qsehra_self_only_cents: 6_150_00, qsehra_family_cents: 12_450_00,
    excepted_benefit_hra_cents: 2_100_00,
  },
  2025: {
    year: 2025,
    hsa_self_only_cents: 4_300_00, hsa_family_cents: 8_550_00, hsa_catch_up_cents: 1_000_00,
    hdhp_min_deductible_self_only_cents: 1_650_00, hdhp_min_deductible_family_cents: 3_300_00,
    hdhp_max_out_of_pocket_self_only_cents: 8_300_00, hdhp_max_out_of_pocket_family_cents: 16_600_00,
    health_fsa_cents: 3_300_00, health_fsa_carryover_cents: 660_00,
    dependent_care_cents: 5_000_00, dependent_care_married_separately_cents: 2_500_00,
    commuter_transit_monthly_cents: 325_00, commuter_parking_monthly_cents: 325_00,
    qsehra_self_only_cents: 6_350_00, qsehra_family_cents: 12_800_00,
    excepted_benefit_hra_cents: 2_150_00,
  },
  2026: {
    year: 2026,
    hsa_self_only_cents: 4_400_00, hsa_family_cents: 8_750_00, hsa_catch_up_cents: 1_000_00,
    hdhp_min_deductible_self_only_cents: 1_700_00, hdhp_min_deductible_family_cents: 3_400_00,
    hdhp_max_out_of_pocket_self_only_cents: 8_500_00, hdhp_max_out_of_pocket_family_cents: 17_000_00,
    health_fsa_cents: 3_400_00, health_fsa_carryover_cents: 680_00,
    dependent_care_cents: 7_500_00, dependent_care_married_separately_cents: 3_750_00,
    commuter_transit_monthly_cents: 340_00, commuter_parking_monthly_cents: 340_00,
    qsehra_self_only_cents: 6_450_00, qsehra_family_cents: 13_100_00,
    excepted_benefit_hra_cents: 2_200_00,
  },
}

/**
 * Figures the operator added for years the built-in table does not carry yet (the IRS publishes
 * next year's limits during this year's open enrollment) or corrected: `openenroll irs-limits set`
 * stores them in the database, and each server process loads them at start and every minute
 * (plans/service.ts `refreshIrsLimits`). They take precedence over the built-in table.
 */
let operatorLimits: ReadonlyMap<number, IrsLimits> = new Map()

/** Replaces the operator-supplied figures (see operatorLimits). */
export function useOperatorIrsLimits(limits: readonly IrsLimits[]): void {
  operatorLimits = new Map(limits.map((l) => [l.year, l]))
}

/** Calendar years with figures in {@link irsLimits} (built in or operator-supplied), ascending. */
export function irsLimitYears(): number[] {
  return [...new Set([...Object.keys(TABLE).map(Number), ...operatorLimits.keys()])].sort((a, b) => a - b)
}

/** Thrown by {@link irsLimits} for a year whose figures OpenEnroll does not carry. */
export class UnknownIrsYearError extends RangeError {
  constructor(readonly year: number) {
    super(`IRS limits for ${year} are not known to OpenEnroll (known years: ${irsLimitYears().join(', ')})`)
    this.name = 'UnknownIrsYearError'
  }
}

/** Whether `year`'s figures are built in (and not replaced by the operator's). */
export function isBuiltInIrsYear(year: number): boolean {
  return Object.hasOwn(TABLE, year)
}

/**
 * The IRS limits for calendar `year`, or undefined when the year is not known.
 *
 * @example findIrsLimits(2026)?.hsa_self_only_cents // 440000
 */
export function findIrsLimits(year: number): IrsLimits | undefined {
  return operatorLimits.get(year) ?? (Object.hasOwn(TABLE, year) ? TABLE[year] : undefined)
}

/** The fields of {@link IrsLimits} besides `year`, all integer cents. */
export const IRS_LIMIT_FIELDS = [
  'hsa_self_only_cents', 'hsa_family_cents', 'hsa_catch_up_cents',
  'hdhp_min_deductible_self_only_cents', 'hdhp_min_deductible_family_cents', 'hdhp_max_out_of_pocket_self_only_cents', 'hdhp_max_out_of_pocket_family_cents',
  'health_fsa_cents', 'health_fsa_carryover_cents', 'dependent_care_cents', 'dependent_care_married_separately_cents',
  'commuter_transit_monthly_cents', 'commuter_parking_monthly_cents', 'qsehra_self_only_cents', 'qsehra_family_cents', 'excepted_benefit_hra_cents',
] as const satisfies readonly (Exclude<keyof IrsLimits, 'year'>)[]

/**
 * Checks a year's figures as an operator supplies them (JSON): every field of IrsLimits, integer
 * cents ≥ 0, family figures not below self-only ones, the FSA carryover not above the FSA limit.
 * Errors carry JSON pointers into `raw`.
 */
export function parseIrsLimits(year: number, raw: unknown): { ok: true; limits: IrsLimits } | { ok: false; errors: { pointer: string; detail: string }[] } {
  const errors: { pointer: string; detail: string }[] = []
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.push({ pointer: '/year', detail: 'must be a calendar year (2000–2100)' })
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [...errors, { pointer: '', detail: 'must be an object of the limits in integer cents' }] }
  const o = raw as Record<string, unknown>
  if (o.year !== undefined && o.year !== year) errors.push({ pointer: '/year', detail: `is ${String(o.year)}, but the figures are for ${year}` })
  const known = new Set<string>([...IRS_LIMIT_FIELDS, 'year'])
  for (const k of Object.keys(o)) if (!known.has(k)) errors.push({ pointer: `/${k}`, detail: `is not an IRS limit (known: ${IRS_LIMIT_FIELDS.join(', ')})` })
  for (const f of IRS_LIMIT_FIELDS) {
    const v = o[f]
    if (v === undefined) errors.push({ pointer: `/${f}`, detail: 'is required' })
    else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) errors.push({ pointer: `/${f}`, detail: 'must be a whole number of cents ≥ 0' })
  }
  if (errors.length > 0) return { ok: false, errors }
  const n = (f: (typeof IRS_LIMIT_FIELDS)[number]) => o[f] as number
  for (const [self, family] of [['hsa_self_only_cents', 'hsa_family_cents'], ['hdhp_min_deductible_self_only_cents', 'hdhp_min_deductible_family_cents'], ['hdhp_max_out_of_pocket_self_only_cents', 'hdhp_max_out_of_pocket_family_cents'], ['qsehra_self_only_cents', 'qsehra_family_cents']] as const) {
    if (n(family) < n(self)) errors.push({ pointer: `/${family}`, detail: `is below ${self} (${n(self)})` })
  }
  if (n('health_fsa_carryover_cents') > n('health_fsa_cents')) errors.push({ pointer: '/health_fsa_carryover_cents', detail: 'is above health_fsa_cents' })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, limits: Object.fromEntries([['year', year], ...IRS_LIMIT_FIELDS.map((f) => [f, n(f)])]) as unknown as IrsLimits }
}

/**
 * The IRS limits for calendar `year`; throws {@link UnknownIrsYearError} for other years.
 *
 * @example irsLimits(2026).dependent_care_cents // 750000
 */
export function irsLimits(year: number): IrsLimits {
  const limits = findIrsLimits(year)
  if (!limits) throw new UnknownIrsYearError(year)
  return limits
}

/**
 * The calendar year whose IRS limits govern a plan year: the year of its `start_date`.
 *
 * @example limitYearOf('2026-07-01') // 2026
 */
export function limitYearOf(planYearStart: string): number {
  return Number(planYearStart.slice(0, 4))
}

/** An IRS limit and the period it applies to (commuter benefits are monthly, the rest annual). */
export interface IrsLimit {
  readonly amount_cents: Cents
  readonly per: 'year' | 'month'
}

/** HRA kinds; only QSEHRAs and excepted-benefit HRAs have a dollar limit. */
export type HraType = 'integrated' | 'ichra' | 'qsehra' | 'excepted_benefit'

/**
 * The IRS limit on what a participant may contribute (or, for HRAs, be made available) under a
 * plan of `planType` in `year`, for self-only or family coverage. Null when the law sets no dollar
 * limit (medical, life, an integrated HRA or ICHRA…). HSA figures exclude the 55+ catch-up
 * (see {@link hsaLimitCents}); dependent care is the household limit whatever the tier.
 *
 * @example irsLimitFor('hsa', 'family', 2026) // { amount_cents: 875000, per: 'year' }
 * @example irsLimitFor('hra', 'self_only', 2026, { hra_type: 'qsehra' }) // { amount_cents: 645000, per: 'year' }
 */
export function irsLimitFor(
  planType: PlanType,
  tier: 'self_only' | 'family',
  year: number,
  options: { readonly hra_type?: HraType } = {},
): IrsLimit | null {
  const l = irsLimits(year)
  const yearly = (amount_cents: Cents): IrsLimit => ({ amount_cents, per: 'year' })
  switch (planType) {
    case 'hsa': return yearly(tier === 'self_only' ? l.hsa_self_only_cents : l.hsa_family_cents)
    case 'health_fsa':
    case 'limited_purpose_fsa': return yearly(l.health_fsa_cents)
    case 'dependent_care_fsa': return yearly(l.dependent_care_cents)
    case 'commuter_transit': return { amount_cents: l.commuter_transit_monthly_cents, per: 'month' }
    case 'commuter_parking': return { amount_cents: l.commuter_parking_monthly_cents, per: 'month' }
    case 'hra':
      if (options.hra_type === 'qsehra') return yearly(tier === 'self_only' ? l.qsehra_self_only_cents : l.qsehra_family_cents)
      if (options.hra_type === 'excepted_benefit') return yearly(l.excepted_benefit_hra_cents)
      return null
    default: return null
  }
}

/**
 * The annual HSA contribution limit (employee plus employer) for `coverage`, plus the $1,000
 * catch-up when the account holder is 55 or older by the end of the tax year.
 *
 * @example hsaLimitCents(2026, 'self_only', true) // 540000
 */
export function hsaLimitCents(year: number, coverage: 'self_only' | 'family', age55OrOlder: boolean): Cents {
  const l = irsLimits(year)
  return (coverage === 'self_only' ? l.hsa_self_only_cents : l.hsa_family_cents) + (age55OrOlder ? l.hsa_catch_up_cents : 0)
}

/**
 * The dependent care exclusion for a household, or for a married employee filing separately.
 *
 * @example dependentCareLimitCents(2026, true) // 375000
 */
export function dependentCareLimitCents(year: number, marriedFilingSeparately: boolean): Cents {
  const l = irsLimits(year)
  return marriedFilingSeparately ? l.dependent_care_married_separately_cents : l.dependent_care_cents
}

/**
 * An annual limit prorated to `eligibleMonths` of 12 (HSA eligibility by month, IRC §223(b)(2)):
 * `floor(annual × months / 12)` — rounded down to the cent so the prorated limit is never exceeded.
 *
 * @example monthlyProratedLimit(440000, 7) // 256666
 */
export function monthlyProratedLimit(annualLimitCents: Cents, eligibleMonths: number): Cents {
  if (!Number.isSafeInteger(annualLimitCents) || annualLimitCents < 0) throw new RangeError(`annualLimitCents must be non-negative integer cents, got ${annualLimitCents}`)
  if (!Number.isInteger(eligibleMonths) || eligibleMonths < 0 || eligibleMonths > 12) throw new RangeError(`eligibleMonths must be an integer 0–12, got ${eligibleMonths}`)
  return Math.floor((annualLimitCents * eligibleMonths) / 12)
}

/**
 * Seed 003 keys `plan_elections` by product line. The known keys and the plan types each takes;
 * a key that is itself a plan type takes that type. Unknown keys are refused (422 product-line-mismatch).
 */
export const PRODUCT_LINES: Readonly<Record<string, readonly string[]>> = {
  medical: ['medical'],
  dental: ['dental'],
  vision: ['vision'],
  life: ['basic_life'],
  basic_life: ['basic_life'],
  life_accidental_death_dismemberment: ['basic_life', 'add'],
  basic_life_accidental_death_dismemberment: ['basic_life', 'add'],
  voluntary_life: ['voluntary_life'],
  voluntary_life_accidental_death_dismemberment: ['voluntary_life', 'add'],
  accidental_death_dismemberment: ['add'],
  short_term_disability: ['std'],
  long_term_disability: ['ltd'],
  accident: ['accident'],
  critical_illness: ['critical_illness'],
  hospital_indemnity: ['hospital_indemnity'],
  health_savings_account: ['hsa'],
  flexible_spending_account: ['health_fsa', 'limited_purpose_fsa'],
  dependent_care: ['dependent_care_fsa'],
  health_reimbursement_arrangement: ['hra'],
  commuter: ['commuter_transit', 'commuter_parking'],
}

/** Whether a plan of `planType` may be elected under product line `key`. @example productLineAccepts('short_term_disability', 'std') // true */
export function productLineAccepts(key: string, planType: string): boolean {
  return key === planType || (PRODUCT_LINES[key]?.includes(planType) ?? false)
}

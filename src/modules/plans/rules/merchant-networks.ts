import { Type, type Static } from 'typebox'

/** A 4-digit ISO 18245 merchant category code. */
export const Mcc = Type.String({ pattern: '^[0-9]{4}$', description: 'A 4-digit merchant category code (ISO 18245), e.g. 5912.', examples: ['5912'] })

/** An inclusive range of MCCs; `from` must not come after `to`. */
export const MccRange = Type.Object({
  from: Mcc,
  to: Mcc,
}, { additionalProperties: false, description: 'An inclusive range of merchant category codes (from ≤ to).' })

/**
 * A named set of merchants where the benefits debit card may be used. Standard names are
 * pharmacy, vision, dental, medical, transit, parking and childcare; custom names are allowed.
 */
export const MerchantCategoryNetwork = Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Network name, snake_case (pharmacy, vision, dental, medical, transit, parking, childcare or a custom name); unique within the plan.' }),
  mcc_codes: Type.Optional(Type.Array(Mcc, { uniqueItems: true, default: [], description: 'Single merchant category codes in the network.' })),
  mcc_ranges: Type.Optional(Type.Array(MccRange, { default: [], description: 'Inclusive MCC ranges in the network.' })),
}, { additionalProperties: false, description: 'A merchant category network; at least one code or range.' })
export type MerchantCategoryNetwork = Required<Static<typeof MerchantCategoryNetwork>>

/** Standard network names. */
export const STANDARD_NETWORK_NAMES = ['pharmacy', 'vision', 'dental', 'medical', 'transit', 'parking', 'childcare'] as const

/**
 * The standard networks and the MCCs card processors use for them (Visa/Mastercard MCC lists):
 * transit leaves out 4121 (taxis and limousines, not a qualified transit pass).
 */
export const STANDARD_MERCHANT_NETWORKS: Readonly<Record<(typeof STANDARD_NETWORK_NAMES)[number], MerchantCategoryNetwork>> = {
  pharmacy: { name: 'pharmacy', mcc_codes: ['5122', '5912'], mcc_ranges: [] },
  medical: { name: 'medical', mcc_codes: ['4119', '5047', '5975', '5976', '8011', '8031', '8041', '8049', '8050', '8062', '8071', '8099'], mcc_ranges: [] },
  dental: { name: 'dental', mcc_codes: ['8021'], mcc_ranges: [] },
  vision: { name: 'vision', mcc_codes: ['8042', '8043'], mcc_ranges: [] },
  transit: { name: 'transit', mcc_codes: ['4111', '4112', '4131', '4789'], mcc_ranges: [] },
  parking: { name: 'parking', mcc_codes: ['7523'], mcc_ranges: [] },
  childcare: { name: 'childcare', mcc_codes: ['8351'], mcc_ranges: [] },
}

/** The debit card fields of an account plan, defaulting to the given standard networks. */
export function debitCardFields(defaultEnabled: boolean, defaultNetworks: readonly (typeof STANDARD_NETWORK_NAMES)[number][]) {
  return {
    debit_card_enabled: Type.Optional(Type.Boolean({ default: defaultEnabled, description: 'Whether participants get a benefits debit card.' })),
    merchant_category_networks: Type.Optional(Type.Array(MerchantCategoryNetwork, {
      default: defaultNetworks.map((n) => structuredClone(STANDARD_MERCHANT_NETWORKS[n])),
      description: `Merchant networks where the card may be used; empty means no card restriction beyond the processor's. Default: ${defaultNetworks.join(', ') || 'none'}.`,
    })),
  }
}

/** True when `mcc` is in `network` (a listed code or inside a range). @example isMccInNetwork('5912', STANDARD_MERCHANT_NETWORKS.pharmacy) // true */
export function isMccInNetwork(mcc: string, network: MerchantCategoryNetwork): boolean {
  return network.mcc_codes.includes(mcc) || network.mcc_ranges.some((r) => r.from <= mcc && mcc <= r.to)
}

/**
 * Relationship of a dependent to the subscriber: the 39 codes of seed 000 (PokitDok's enrollment
 * API, mapped to INS02 on the 834) plus `registered_domestic_partner` (seed 003). `self` is the
 * subscriber only.
 */
export const RELATIONSHIPS = [
  'spouse', 'father', 'mother', 'grandfather', 'grandmother', 'grandson', 'granddaughter', 'aunt', 'uncle',
  'nephew', 'niece', 'cousin', 'adopted_child', 'foster_child', 'son_in_law', 'daughter_in_law',
  'brother_in_law', 'sister_in_law', 'mother_in_law', 'father_in_law', 'brother', 'sister', 'ward',
  'step_parent', 'step_son', 'step_daughter', 'self', 'child', 'sponsored_dependent',
  'dependent_of_minor_dependent', 'ex_spouse', 'guardian', 'court_appointed_guardian',
  'collateral_dependent', 'life_partner', 'annuitant', 'trustee', 'other_relationship', 'other_relative',
  'registered_domestic_partner',
] as const
export type Relationship = (typeof RELATIONSHIPS)[number]

/** Partners: at most one at a time per subscriber. */
export const PARTNER_RELATIONSHIPS: ReadonlySet<string> = new Set(['spouse', 'registered_domestic_partner', 'life_partner'])

/** Children of the subscriber (or of the partner): cannot be older than the subscriber. */
export const CHILD_RELATIONSHIPS: ReadonlySet<string> = new Set(['child', 'adopted_child', 'foster_child', 'step_son', 'step_daughter'])

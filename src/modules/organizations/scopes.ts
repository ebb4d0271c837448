/**
 * OAuth scopes. The first six are exactly seed 001's; the rest cover the resources OpenEnroll
 * adds. `admin` manages access grants and implies nothing else.
 */
export const SCOPES = {
  'read:planyears': 'View plan year configurations and deadlines',
  'write:planyears': 'Create or modify benefit cycles',
  'read:plans': 'View benefit catalogs and granular rules',
  'write:plans': 'Configure new benefit offerings or update logic',
  'read:enrollments': 'Access consumer participation records',
  'read:elections': 'Access consumer contribution and selection data',
  'write:enrollments': 'Create or change enrollments',
  'write:elections': 'Record elections, waivers and qualifying life events',
  'read:members': 'View subscribers and dependents (SSNs masked)',
  'write:members': 'Create or change subscribers and dependents',
  'read:employers': 'View employers, locations and employment classifications',
  'write:employers': 'Create or change employers, locations and employment classifications',
  'read:carriers': 'View carriers and coverage periods',
  'write:carriers': 'Create or change carriers and coverage periods',
  admin: 'Grant other organizations access to an employer',
} as const

export type Scope = keyof typeof SCOPES
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[]

export function isScope(s: string): s is Scope {
  return Object.hasOwn(SCOPES, s)
}

/** Parses a space- or comma-separated scope list, rejecting unknown scopes. */
export function parseScopes(text: string): { scopes: Scope[]; unknown: string[] } {
  const words = text.split(/[\s,]+/).filter(Boolean)
  const scopes = [...new Set(words.filter(isScope))]
  const unknown = words.filter((w) => !isScope(w))
  return { scopes, unknown }
}

export { memberRoutes } from './routes.js'
export { findMember, findFamily, employmentAsOf, resolveMemberId, type MemberFacts, type EmploymentFacts, type IdentifierType } from './lookup.js'
export { RELATIONSHIPS, PARTNER_RELATIONSHIPS, CHILD_RELATIONSHIPS, type Relationship } from './relationships.js'
export { Member } from './schemas.js'

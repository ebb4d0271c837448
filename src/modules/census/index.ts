export { censusRoutes, CENSUS_BODY_LIMIT } from './routes.js'
export { enrollCensus, type CensusContext } from './service.js'
export { Census, CensusResult, MAX_CENSUS_EMPLOYEES } from './schemas.js'

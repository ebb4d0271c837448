export { carrierRoutes } from './routes.js'
export { getCarrier, getCoveragePeriod } from './service.js'
export { findCarrier } from './queries.js'
export { Carrier, CoveragePeriod } from './schemas.js'

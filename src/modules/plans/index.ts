export { planRoutes } from './routes.js'
export { getPlan } from './service.js'
export { Plan, PlanRulesDoc } from './schemas.js'

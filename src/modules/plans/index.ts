export { planRoutes } from './routes.js'
export { getPlan } from './service.js'
export { Plan, PlanRulesDoc } from './schemas.js'
export {
  dependentCareLimitCents, findIrsLimits, hsaLimitCents, irsLimits, irsTierOf, limitYearOf, monthlyProratedLimit, IRS_LIMIT_YEARS,
} from './rules/index.js'

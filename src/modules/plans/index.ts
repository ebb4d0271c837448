export { planRoutes } from './routes.js'
export { getPlan } from './service.js'
export { Plan, PlanRulesDoc, PlanType } from './schemas.js'
export {
  dependentCareLimitCents, findIrsLimits, hsaLimitCents, irsLimits, irsTierOf, limitYearOf, monthlyProratedLimit, irsLimitYears,
} from './rules/index.js'
export { refreshIrsLimits, setIrsLimits, knownIrsLimits, type KnownIrsLimits } from './irs-limits.js'

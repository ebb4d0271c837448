export { planYearRoutes } from './routes.js'
export { getPlanYear } from './service.js'
export { isEnrollmentWindowOpen, planYearStatus, type PlanYearDates } from './rules.js'
export { PlanYear } from './schemas.js'

export { planRoutes } from './routes.js'
export { getPlan } from './service.js'
export { Plan } from './schemas.js'

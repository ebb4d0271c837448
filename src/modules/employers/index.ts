export { employerRoutes } from './routes.js'
export { getEmployer } from './service.js'
export { Employer } from './schemas.js'

export { memberRoutes } from './routes.js'

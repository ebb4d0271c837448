export { enrollmentRoutes } from './routes.js'
export { endCoverageBefore, recordEnrollments, toEnrollment, getEnrollment } from './service.js'
export { currentCoverage, enrollmentsOfElection, successorOf, type EnrollmentRow } from './queries.js'
export { Enrollment } from './schemas.js'

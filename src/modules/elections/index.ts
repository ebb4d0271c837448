export { electionRoutes } from './routes.js'
export { QLE_EVENTS, DEFAULT_SETTINGS, settingsOf, type EnrollmentSettings } from './rules.js'
export { deductionSchedule, resplitOnFrequencyChange, payDates, PERIODS_PER_YEAR } from './deductions.js'

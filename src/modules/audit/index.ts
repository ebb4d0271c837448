export { appendEvents, type Actor, type DomainEvent } from './events.js'

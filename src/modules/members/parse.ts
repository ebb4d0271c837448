import { InvalidError } from '../../errors/app-error.js'
import { compileBodySchema } from '../../http/validation.js'
import { fieldErrorsOf } from '../../http/problem.js'
import { NewSubscriber } from './schemas.js'

const validate = compileBodySchema(NewSubscriber)

/**
 * The subscriber in a POST /v1/subscribers body: seed 003 wraps it (`{ "subscriber": {…} }`),
 * the unwrapped object is accepted too. `at` is where it sits, so pointers name fields as sent.
 */
export function parseNewSubscriber(body: unknown): { subscriber: NewSubscriber; at: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw InvalidError.fields('validation', 'The body must be a subscriber object', [{ pointer: '', detail: 'must be an object' }])
  }
  const wrapped = Object.hasOwn(body, 'subscriber')
  if (wrapped && Object.keys(body).length > 1) {
    const extra = Object.keys(body).filter((k) => k !== 'subscriber')
    throw InvalidError.fields('validation', 'Send the subscriber alone, or its fields without the wrapper', extra.map((k) => ({ pointer: `/${k}`, detail: 'is not a recognised field (put it inside subscriber)' })))
  }
  const candidate = wrapped ? (body as { subscriber: unknown }).subscriber : body
  const at = wrapped ? '/subscriber' : ''
  if (!validate(candidate)) {
    const errors = fieldErrorsOf(validate.errors ?? [], 'body').map((e) => ({ ...e, pointer: at + e.pointer }))
    throw InvalidError.fields('validation', 'The subscriber does not have the expected shape', errors)
  }
  return { subscriber: candidate as NewSubscriber, at }
}

import type { ByteSource } from '../tokenizer.js'
import { createMapValidator } from './engine.js'
import { map999 } from './map.js'
import type { ValidationResult } from './result.js'
import { runValidation } from './validate-834.js'

/**
 * Validates a 999 (005010X231A1) acknowledgement against its implementation-guide map with the
 * same engine as the 834: structure, element types/lengths/codes, and the X12 envelope.
 *
 * @example
 * const { valid, findings } = await validate999(build999(await validate834(file)))
 */
export async function validate999(source: ByteSource | string | Uint8Array): Promise<ValidationResult> {
  return runValidation(createMapValidator(map999()), source)
}

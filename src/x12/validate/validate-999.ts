import type { ByteSource } from '../tokenizer.js'
import { createMapValidator } from './engine.js'
import { map999 } from './map.js'
import type { ValidationResult } from './result.js'
import { runValidation } from './validate-834.js'
import { Rules999 } from './rules-999.js'

/**
 * Validates a 999 (005010X231A1) acknowledgement against its implementation-guide map with the
 * same engine as the 834: structure, element types/lengths/codes, the X12 envelope, and the
 * AK9/IK5 consistency rules.
 *
 * @example
 * const { valid, findings } = await validate999(build999(await validate834(file)))
 */
export async function validate999(source: ByteSource | string | Uint8Array): Promise<ValidationResult> {
  return runValidation(createMapValidator(map999(), { plugin: new Rules999() }), source)
}

import type { PhiCipher } from '../../shared/phi.js'
import { ssnDigits } from './rules.js'

/** How an SSN is stored: encrypted, an HMAC for lookups and uniqueness, and the last four digits for masked display. */
export interface Sealed { ssn_ciphertext: string | null; ssn_hmac: string | null; ssn_last4: string | null }

/** Seals an SSN sent with or without dashes; null, undefined or a non-SSN seal to nothing. */
export function seal(phi: PhiCipher, ssn: string | null | undefined): Sealed {
  const digits = ssn == null ? undefined : ssnDigits(ssn)
  if (!digits) return { ssn_ciphertext: null, ssn_hmac: null, ssn_last4: null }
  return { ssn_ciphertext: phi.encrypt(digits), ssn_hmac: phi.lookupHash(digits), ssn_last4: digits.slice(5) }
}

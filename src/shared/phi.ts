import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Protects SSNs: AES-256-GCM encryption at rest (random 96-bit IV per value), an HMAC-SHA256
 * under a separate derived key for exact lookup and duplicate detection, and masking.
 *
 * @example
 * const phi = new PhiCipher(randomBytes(32))
 * const sealed = phi.encrypt('123456789'); phi.decrypt(sealed) // '123456789'
 */
export class PhiCipher {
  readonly #encKey: Buffer
  readonly #macKey: Buffer

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the PHI key must be 32 bytes (base64 of 32 random bytes)')
    this.#encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'openenroll ssn encryption', 32))
    this.#macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'openenroll ssn lookup', 32))
  }

  /** base64(iv ‖ tag ‖ ciphertext) */
  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv)
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')
  }

  decrypt(sealed: string): string {
    const buf = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, buf.subarray(0, 12))
    decipher.setAuthTag(buf.subarray(12, 28))
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8')
  }

  /** Keyed hash for equality lookups (not reversible without the key). */
  lookupHash(plain: string): string {
    return createHmac('sha256', this.#macKey).update(plain).digest('base64url')
  }
}

/** `***-**-6789` @example maskSsn('6789') // '***-**-6789' */
export function maskSsn(last4: string | null): string | null {
  return last4 === null ? null : `***-**-${last4}`
}

/**
 * The PHI key: from configuration (base64 of 32 bytes), or — embedded mode only — generated once
 * into `<dataDir>/phi.key` (mode 0600). PostgreSQL deployments must supply OPENENROLL_PHI_KEY.
 */
export function loadPhiKey(opts: { configured: string | undefined; dataDir: string; embedded: boolean }): Buffer {
  if (opts.configured) {
    const key = Buffer.from(opts.configured, 'base64')
    if (key.length !== 32) throw new Error('OPENENROLL_PHI_KEY must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)')
    return key
  }
  if (!opts.embedded) throw new Error('OPENENROLL_PHI_KEY is required with DATABASE_URL (base64 of 32 random bytes, e.g. `openssl rand -base64 32`); keep it in your secret store')
  mkdirSync(opts.dataDir, { recursive: true })
  const path = join(opts.dataDir, 'phi.key')
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' })
  }
  chmodSync(path, 0o600)
  return loadPhiKey({ configured: readFileSync(path, 'utf8').trim(), dataDir: opts.dataDir, embedded: true })
}

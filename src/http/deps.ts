import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.js'
import type { Database$, Db } from '../db/connect.js'
import type { TokenService } from '../modules/organizations/index.js'
import type { PhiCipher } from '../shared/phi.js'

/** What the HTTP layer and the services it calls are given; never module singletons. */
export interface Deps {
  readonly db: Db
  readonly database: Database$
  readonly config: Config
  readonly tokens: TokenService
  readonly clock: () => Date
  /** SSN encryption, lookup hashing. */
  readonly phi: PhiCipher
  readonly log?: FastifyBaseLogger
}

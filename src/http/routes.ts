import type { FastifyPluginAsync } from 'fastify'
import type { Deps } from './deps.js'
import { employerReferenceRoutes, employerRoutes } from '../modules/employers/index.js'
import { planYearRoutes } from '../modules/plan-years/index.js'
import { planRoutes } from '../modules/plans/index.js'
import { carrierRoutes } from '../modules/carriers/index.js'
import { electionRoutes } from '../modules/elections/index.js'
import { enrollmentRoutes } from '../modules/enrollments/index.js'
import { memberRoutes } from '../modules/members/index.js'
import { censusRoutes } from '../modules/census/index.js'
import { exchangeRoutes } from '../modules/exchange/index.js'

/** Every /v1 resource; each module contributes one Fastify plugin. */
export const apiRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  await app.register(employerRoutes, { deps })
  await app.register(employerReferenceRoutes, { deps })
  await app.register(planYearRoutes, { deps })
  await app.register(planRoutes, { deps })
  await app.register(carrierRoutes, { deps })
  await app.register(electionRoutes, { deps })
  await app.register(enrollmentRoutes, { deps })
  await app.register(memberRoutes, { deps })
  await app.register(censusRoutes, { deps })
  await app.register(exchangeRoutes, { deps })
}

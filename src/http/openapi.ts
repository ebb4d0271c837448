import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { SCOPES } from '../modules/organizations/index.js'
import { Problem } from './problem.js'

/** OpenAPI 3.1 generated from the route schemas (the same TypeBox schemas that validate), UI at /docs. */
export async function registerOpenApi(app: FastifyInstance, documented: readonly { $id: string }[] = []): Promise<void> {
  app.addSchema(Problem)
  for (const schema of documented) app.addSchema(schema)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenEnroll API',
        version: '0.1.0',
        description: 'Benefits enrollment: employers, plan years, plans, members, elections, effective-dated enrollments. '
          + 'Every POST needs an Idempotency-Key (UUID v4); every PUT needs If-Match. Errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            description: 'OAuth 2.0 client credentials (HTTP Basic or form body).',
            flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { ...SCOPES } } },
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

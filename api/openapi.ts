// The OpenAPI 3.1 document, generated from the routes' own zod schemas (api/routing.ts registers
// each route as it is mounted), and the browsable UI.
import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { describeFields } from './openapi-field-descriptions';

export function buildOpenApiDocument(registry: OpenAPIRegistry) {
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from POST /v1/users (shown once), `npm run seed`, or ADMIN_TOKEN; or a service account token.',
  });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'af_session',
    description: 'The session cookie set by POST /v1/session. Writes (POST, DELETE) also need its CSRF token in the X-CSRF-Token header.',
  });
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'AllianceFlow API',
      version: '1',
      // package.json's licence: not licensed for use by others.
      license: { name: 'UNLICENSED: proprietary, no licence granted', identifier: 'LicenseRef-UNLICENSED' },
      description:
        'Agreement signing, apprenticeship placement and certification review for school-industry alliances. ' +
        'Errors are RFC 9457 problem+json, their title and detail in zh-CN or English by Accept-Language (English when none is stated). ' +
        'Every POST accepts an Idempotency-Key header. GET /v1 lists the resources.',
    },
    servers: [{ url: '/' }],
  });
  describeFields(document);
  return document;
}

// The Express application: thin by design. Routes are declared with defineRoute (routing.ts), which
// authenticates, authorizes, validates and documents them; every failure becomes problem+json in one
// place (errors.ts).
import { randomUUID } from 'node:crypto';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { authenticate } from './auth/authenticate';
import { authorize } from './auth/authorize';
import type { ApiDependencies } from './dependencies';
import { NotFoundProblem, problemHandler } from './errors';
import { idempotent } from './idempotency';
import { buildOpenApiDocument } from './openapi';
import { type AnyRoute, mountRoutes, type RouteHooks } from './routing';
import { agreementRoutes } from './routes/agreements';
import { healthRoutes } from './routes/health';

export const BODY_LIMIT = '1mb';

/** Every /v1 route, in one list: the OpenAPI document and the authorization matrix test read it. */
export const v1Routes: AnyRoute[] = [...agreementRoutes];
export const operationalRoutes: AnyRoute[] = [...healthRoutes];

const hooks: RouteHooks = { authenticate, authorize, idempotent };

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Flat query strings only: nested `a[b]=c` objects are a prototype-pollution door we keep shut.
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
    }),
  );
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));

  const registry = new OpenAPIRegistry();
  app.use(mountRoutes(operationalRoutes, { basePath: '', deps, hooks, registry }));
  app.use('/v1', mountRoutes(v1Routes, { basePath: '/v1', deps, hooks, registry }));

  const openApiDocument = buildOpenApiDocument(registry);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument as never, { customSiteTitle: 'AllianceFlow API' }));

  app.use((req, _res, next) => next(new NotFoundProblem(`Route ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}

// The Express application: thin by design. Routes are declared with defineRoute (routing.ts), which
// authenticates, authorizes, validates and documents them; every failure becomes problem+json in one
// place (errors.ts).
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import cors from 'cors';
import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { authenticate } from './auth/authenticate';
import { authorize, authorizeScope } from './auth/authorize';
import type { ApiDependencies } from './dependencies';
import { NotFoundProblem, problemHandler } from './errors';
import { idempotent } from './idempotency';
import { accessLog } from './access-log';
import { traceRequests } from './request-tracing';
import { httpMetrics } from './metrics';
import { buildOpenApiDocument } from './openapi';
import { createRateLimit } from './rate-limit';
import { startServerTiming } from './server-timing';
import { type AnyRoute, mountRoutes, type RouteHooks } from './routing';
import { agreementRoutes } from './agreements/routes';
import { apiIndexRoutes } from './routes/api-index';
import { allianceRoutes } from './routes/alliances';
import { certificateRoutes } from './certification/certificate-routes';
import { documentRoutes } from './routes/documents';
import { certificationApplicationRoutes } from './certification/application-routes';
import { certificationProgrammeRoutes } from './certification/programme-routes';
import { codecRoutes } from './routes/codec';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { notificationRoutes } from './routes/notifications';
import { organizationRoutes } from './routes/organizations';
import { reviewTaskRoutes } from './certification/review-task-routes';
import { userRoutes } from './routes/users';
import { placementApiRoutes } from './routes/placement-api';
import { commissionerApiRoutes } from './routes/commissioner-api';
import { talentApiRoutes } from './routes/talent-api';
import { webhookRoutes } from './routes/webhooks';
import { invitationRoutes } from './routes/invitations';
import { meRoutes } from './routes/me';
import { passwordResetRoutes } from './routes/password-resets';
import { securityEventRoutes } from './routes/security-events';
import { serviceAccountRoutes } from './routes/service-accounts';
import { sessionRoutes } from './routes/session';
import { ssoRoutes } from './routes/sso';
import { baseAccreditationRoutes } from './base-accreditations/routes';
import { continuingEducationDashboardRoutes } from './continuing-education/dashboard';
import { hoursLedgerRoutes } from './training-cohorts/hours-ledger-routes';
import { trainingCohortRoutes } from './training-cohorts/routes';
import { idempotencyKey } from './idempotency';
import { securityHeaders } from './security-headers';
import { inspectJson } from './validation';
import { webConsole } from './web-console';

export const BODY_LIMIT = '1mb';

/**
 * Idle keep-alive connections live longer here than at any client or load balancer in front (60 s is
 * common), so the peer always closes first: a server closing a connection while the peer sends the next
 * request on it makes a spurious "socket hang up" for that request.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function configureHttpServer<S extends { keepAliveTimeout: number; headersTimeout: number }>(server: S): S {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return server;
}

/** Signing in (api/accounts/): sessions, me, person invitations, password resets, the security log, service accounts, single sign-on. */
const accountRoutes: AnyRoute[] = [
  ...sessionRoutes,
  ...meRoutes,
  ...invitationRoutes,
  ...passwordResetRoutes,
  ...securityEventRoutes,
  ...serviceAccountRoutes,
  ...ssoRoutes,
];

/** Every /v1 route, in one list: the OpenAPI document and the authorization matrix test read it. */
export const v1Routes: AnyRoute[] = [
  ...apiIndexRoutes,
  ...organizationRoutes,
  ...allianceRoutes,
  ...userRoutes,
  ...agreementRoutes,
  ...documentRoutes,
  ...notificationRoutes,
  ...webhookRoutes,
  ...certificationProgrammeRoutes,
  ...certificationApplicationRoutes,
  ...reviewTaskRoutes,
  ...certificateRoutes,
  ...placementApiRoutes,
  ...commissionerApiRoutes,
  ...talentApiRoutes,
  ...trainingCohortRoutes,
  ...hoursLedgerRoutes,
  ...baseAccreditationRoutes,
  ...continuingEducationDashboardRoutes,
  ...codecRoutes,
  ...accountRoutes,
];
export const operationalRoutes: AnyRoute[] = [...healthRoutes, ...metricsRoutes];

/** Every route with the prefix it is mounted under (tests and the policy table iterate this). */
export const mountedRoutes: { basePath: string; routes: AnyRoute[] }[] = [
  { basePath: '', routes: operationalRoutes },
  { basePath: '/v1', routes: v1Routes },
];

const hooks: RouteHooks = { authenticate, authorize, authorizeScope, idempotent, checkIdempotencyKey: (req) => void idempotencyKey(req) };

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Flat query strings only: nested `a[b]=c` objects are a prototype-pollution door we keep shut.
  app.set('query parser', 'simple');
  // Whose X-Forwarded-For / -Proto to believe: the client address (rate limit) and https (HSTS).
  app.set('trust proxy', deps.config.http.trustProxy);
  // Where each request's time goes, in its answer's Server-Timing header (api/server-timing.ts).
  app.use(startServerTiming);
  app.use(securityHeaders());
  app.use(traceRequests);
  app.use(accessLog(deps.log));
  app.use(httpMetrics);
  // Before the body is parsed: a client over its budget costs as little as possible.
  app.use(createRateLimit(deps.config.rateLimit, deps.config.database.url, deps.log));
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  // Depth, NUL and lone surrogates, before anything walks the body (the idempotency hash does).
  app.use((req, _res, next) => {
    if (req.body !== undefined) inspectJson(req.body, 'body');
    next();
  });

  // GET /v1/me derives the caller's allowed actions from the same route declarations (api/routes/me.ts).
  app.locals.mountedRoutes = mountedRoutes;
  // The Temporal Web UI calls the codec endpoint from the operator's browser, on another origin: only
  // the configured origins (TEMPORAL_CODEC_CORS_ORIGINS; the local dev UI by default) may, and only there.
  // With credentials: the UI may send a signed-in admin's session cookie ("include cross-origin
  // credentials"); the answer then names the exact origin, never "*" (the cors package echoes a listed
  // origin only), and the route checks Origin itself (api/routes/codec.ts).
  app.use(
    '/v1/codec',
    cors({
      origin: deps.config.payloadCodec?.corsOrigins ?? [],
      credentials: true,
      methods: ['POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
      maxAge: 600,
    }),
  );

  const registry = new OpenAPIRegistry();
  app.use(mountRoutes(operationalRoutes, { basePath: '', deps, hooks, registry }));
  app.use('/v1', mountRoutes(v1Routes, { basePath: '/v1', deps, hooks, registry }));

  const openApiDocument = buildOpenApiDocument(registry);
  app.get('/openapi.json', (_req, res) => {
    res.locals.route = '/openapi.json';
    res.json(openApiDocument);
  });
  app.use(
    '/docs',
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.locals.route = '/docs';
      next();
    },
    swaggerUi.serve,
    swaggerUi.setup(openApiDocument as never, { customSiteTitle: 'AllianceFlow API' }),
  );

  // Last before the 404: the web console at / (its files, and index.html for client-side routes).
  app.use(webConsole());

  app.use((req, _res, next) => next(new NotFoundProblem(`Route ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}

// The one way to add an API route. A route is declared once, with its zod schemas, its access policy
// and its handler; from that single declaration it is mounted on Express (authentication, authorization,
// validation, idempotency, metrics) and described in the OpenAPI document. A route cannot exist without
// being documented and without a policy.
//
// The order of the checks for every request:
//   1. authenticate (401)  2. the route's roles (403)  3. a POST body must be JSON (415)
//   4. Idempotency-Key (replay / 422 / 409)  5. params, query, body through zod (400)
//   6. the route's organisation scope (404, or 403 where the caller named the target)  7. the handler
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Principal } from './auth/principal';
import type { Role } from './auth/roles';
import type { ApiDependencies } from './dependencies';
import { MethodNotAllowedProblem, UnauthorizedProblem, UnsupportedMediaTypeProblem } from './errors';
import { problemResponseSchema } from './problem-schema';
import { negotiateProblemLanguage } from './problem-language';
import { parseRequest } from './validation';
import { markPhase, serverTimingHeader } from './server-timing';

export interface ScopeContext<P = unknown, Q = unknown, B = unknown> {
  params: P;
  query: Q;
  body: B;
  deps: ApiDependencies;
  /** The caller: a target named as the caller's own organisation needs no query to exist. */
  principal: Principal;
}

/**
 * A resource-level rule: the target of the request belongs to one organisation, and callers other
 * than admins may act on it only when it is their own. Enforced by mountRoutes (api/auth/authorize.ts),
 * documented in docs/authorization.md and checked cell by cell by test/api/authorization-matrix.test.ts.
 */
export interface OrganizationScope<P = unknown, Q = unknown, B = unknown> {
  /** What the target is, for the 404 ("User was not found."). */
  resource: string;
  /** The rule in words, for the policy table: "the user's organisation". */
  describe: string;
  /**
   * The organisation the target belongs to, or the organisations that share it (an agreement: its
   * parties' and the secretariat's); null when the target does not exist (404 for everyone).
   */
  organizationOf(ctx: ScopeContext<P, Q, B>): Promise<string | readonly string[] | null>;
  /**
   * The answer to a caller outside the scope: 404 (default) so that existence does not leak; 403 when
   * the caller named the target in the body and its existence is no secret (e.g. a public organisation).
   */
  denial?: 403 | 404;
}

export type Access<P = unknown, Q = unknown, B = unknown> =
  /** No authentication (health, metrics, public certificate verification). */
  | { public: true }
  | {
      /** Roles admitted to the route (admin always passes); 'any' admits every authenticated caller. */
      roles: readonly Role[] | 'any';
      /** Resource-level rule, checked after validation for every caller but an admin. */
      scope?: OrganizationScope<P, Q, B>;
      /** What else the handler restricts (a list filtered to the caller's organisation), for the policy table. */
      note?: string;
    };

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  req: Request;
  deps: ApiDependencies;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-JSON bodies (an HTML certificate page, Prometheus text). */
  contentType?: string;
  /**
   * A body written as it is produced (an export of many rows): piped to the response, never held whole.
   * With it, `body` is ignored; a failure after the first bytes ends the response (the status is sent).
   */
  stream?: Readable;
  /**
   * What a replay of this request (same Idempotency-Key) answers instead of `body`. Set it when the body
   * holds a secret shown once (an API token): the idempotency store keeps this version, never the secret.
   */
  replayBody?: unknown;
}

type ZodObjectSchema = z.ZodObject;

export type RouteMethod = 'get' | 'post' | 'delete';

export interface RouteDefinition<P extends ZodObjectSchema, Q extends ZodObjectSchema, B extends z.ZodType> {
  method: RouteMethod;
  /** Express-style path relative to the router's mount point, e.g. "/agreements/:id". */
  path: string;
  summary: string;
  tags: string[];
  access: Access<z.infer<P>, z.infer<Q>, z.infer<B>>;
  /** Path parameters. Omitted: the route has none. */
  params?: P;
  /** Query parameters (a strict object). Omitted: any query parameter is refused (400). */
  query?: Q;
  /** The JSON body (strict objects). Omitted on a POST: only an empty body or {} is accepted. */
  body?: B;
  /**
   * A valid body, published as the request's `example` in the OpenAPI document (typed by the body
   * schema; test/api/openapi.test.ts checks that the schema accepts it). Required in effect:
   * that test fails for a route with a body and no example.
   */
  bodyExample?: z.input<B>;
  /** Successful responses by status; problem responses are added for every route. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<HandlerResult>;
  /**
   * false: a POST whose Idempotency-Key is checked but never stored or replayed, because its body holds
   * a password (the stored request hash would be a fast, unsalted hash of it) or its answer hands out a
   * fresh secret (a session cookie) that a replay could not give again.
   */
  replay?: false;
  /**
   * A POST whose body is not JSON but a file upload the handler reads from `req` itself, as it streams
   * (api/document-upload.ts): the body is described as multipart/form-data with one `file` field.
   */
  fileUpload?: true;
  /**
   * A write that browser pages of these origins send with a session cookie but cannot add the CSRF
   * token to (the Temporal Web UI's codec calls): for a cookie, the request's Origin header must be one
   * of them instead of the token (a missing or another Origin is 403). Bearer tokens are unaffected.
   */
  sessionOrigins?: (config: ApiDependencies['config']) => readonly string[];
}

/** A route as the registry keeps it (the generic parameters erased once the types have been checked). */
export interface AnyRoute {
  method: RouteMethod;
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: ZodObjectSchema;
  query?: ZodObjectSchema;
  body?: z.ZodType;
  bodyExample?: unknown;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler: (ctx: HandlerContext<unknown, unknown, unknown>) => Promise<HandlerResult>;
  replay?: false;
  fileUpload?: true;
  sessionOrigins?: (config: ApiDependencies['config']) => readonly string[];
}

export function defineRoute<P extends ZodObjectSchema, Q extends ZodObjectSchema, B extends z.ZodType>(route: RouteDefinition<P, Q, B>): AnyRoute {
  return route as unknown as AnyRoute;
}

/** "/agreements/:id" -> "/agreements/{id}"; a base path's own root ("/v1" + "/") has no trailing slash. */
export function openApiPath(basePath: string, path: string): string {
  const full = (basePath + path).replace(/:(\w+)/g, '{$1}');
  return full.length > 1 && full.endsWith('/') ? full.slice(0, -1) : full;
}

const pascal = (text: string) => text.replace(/(^|[-_])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * The operationId of a route, derived from its method and path so that it is stable and unique without
 * being declared: "POST /agreements/:id/sign" -> "postAgreementsByIdSign", "GET /" -> "getIndex".
 */
export function operationIdOf(route: Pick<AnyRoute, 'method' | 'path'>): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${pascal(segment.slice(1))}` : pascal(segment)));
  return route.method + (words.length ? words.join('') : 'Index');
}

/** "POST /v1/users/:id/tokens": how tests, metrics and the policy table name a route. */
export function routeKey(basePath: string, route: Pick<AnyRoute, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${basePath}${route.path}`;
}

const noParameters = z.object({}).strict();
const emptyBody = z.object({}).strict();

/** The schemas a request is actually held to: an omitted query or body schema admits nothing. */
export function effectiveSchemas(route: AnyRoute): { params: z.ZodType; query: z.ZodType; body: z.ZodType | undefined } {
  return {
    params: route.params ?? noParameters,
    query: route.query ?? noParameters,
    body: route.method === 'post' ? (route.body ?? emptyBody) : undefined,
  };
}

/** Whether the request carries a body at all (RFC 9112: a length or a transfer coding). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export interface RouteHooks {
  /** `sessionOrigins`: the route's (see RouteDefinition.sessionOrigins), when it declares them. */
  authenticate(req: Request, deps: ApiDependencies, sessionOrigins?: readonly string[]): Promise<Principal | null>;
  /** Route level: does the caller hold one of the route's roles, and may its credential call the route? (403) */
  authorize(principal: Principal, access: Access, route?: string): void;
  /** Resource level: is the target in the caller's organisation? (404, or 403 as the scope says) */
  authorizeScope(principal: Principal, scope: OrganizationScope, ctx: ScopeContext): Promise<void>;
  /** Wraps a POST handler so a repeated Idempotency-Key replays the first response. */
  idempotent(req: Request, principal: Principal | null, run: () => Promise<HandlerResult>, deps: ApiDependencies): Promise<HandlerResult>;
  /** A POST that is not replayed (`replay: false`) still has its Idempotency-Key checked (400). */
  checkIdempotencyKey?(req: Request): void;
}

async function send(res: Response, result: HandlerResult): Promise<void> {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  const timing = serverTimingHeader(res);
  if (timing) res.setHeader('Server-Timing', timing);
  res.status(result.status);
  if (result.stream) {
    if (result.contentType) res.type(result.contentType);
    await pipeline(result.stream, res);
  } else if (result.body === undefined) {
    res.end();
  } else if (result.contentType) {
    res.type(result.contentType).send(result.body);
  } else {
    res.json(result.body);
  }
}

export function mountRoutes(routes: AnyRoute[], options: { basePath: string; deps: ApiDependencies; hooks: RouteHooks; registry: OpenAPIRegistry }): Router {
  const router = Router();
  const { deps, hooks, registry, basePath } = options;

  for (const route of routes) {
    registerOpenApi(registry, basePath, route);
    const schemas = effectiveSchemas(route);
    const pattern = basePath + route.path;
    router[route.method](route.path, async (req, res) => {
      // The route pattern, not the raw URL, labels metrics (api/metrics.ts) and the request log line.
      res.locals.route = pattern;
      // From the rate limit to here: the body read and parsed, the other middleware.
      markPhase(res, 'body');
      const access = route.access;
      let principal: Principal | null = null;
      if (!('public' in access)) {
        principal = await hooks.authenticate(req, deps, route.sessionOrigins?.(deps.config));
        markPhase(res, 'auth');
        if (!principal) throw new UnauthorizedProblem();
        req.log = req.log.child({ userId: principal.userId });
        hooks.authorize(principal, access, `${req.method} ${pattern}`);
      }
      // A body in another media type was not parsed; treating it as "no body" would let it pass as {}.
      if (route.method === 'post' && req.body === undefined && hasBody(req) && !route.fileUpload) throw new UnsupportedMediaTypeProblem();

      // Validation happens inside the idempotent run: a rejected body is never stored as "the" answer
      // to a key, so the client may correct it and retry with the same key.
      const language = negotiateProblemLanguage(req.headers['accept-language']);
      const run = async () => {
        const params = parseRequest(schemas.params, { ...req.params }, 'params', language);
        const query = parseRequest(schemas.query, req.query, 'query', language);
        const body = schemas.body ? parseRequest(schemas.body, req.body ?? {}, 'body', language) : undefined;
        if (principal && !('public' in access) && access.scope) {
          await hooks.authorizeScope(principal, access.scope, { params, query, body, deps, principal });
          markPhase(res, 'scope');
        }
        return route.handler({ params, query, body, principal: principal as Principal, req, deps });
      };
      if (route.method === 'post' && route.replay === false) hooks.checkIdempotencyKey?.(req);
      const result = route.method === 'post' && route.replay !== false ? await hooks.idempotent(req, principal, run, deps) : await run();
      await send(res, result);
    });
  }
  answerOtherMethods(router, routes, basePath);
  return router;
}

/** "/agreements/:id/sign" -> /^\/agreements\/[^/]+\/sign\/?$/ : which concrete paths a route pattern covers. */
function patternRegExp(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * After every route of the router: a known path asked with a method it does not answer is a 405 with
 * the methods it does answer in Allow (RFC 9110), and OPTIONS says them with a 204; an unknown path
 * falls through to the 404. Allow is the union over every pattern the concrete path matches
 * ("/agreements/export" and "/agreements/:id" both cover "/agreements/export").
 */
function answerOtherMethods(router: Router, routes: AnyRoute[], basePath: string): void {
  const patterns = routes.map((route) => ({ method: route.method.toUpperCase(), regExp: patternRegExp(route.path) }));
  const allowedAt = (path: string): string[] => {
    const methods = new Set(patterns.filter((p) => p.regExp.test(path)).map((p) => p.method));
    if (methods.has('GET')) methods.add('HEAD');
    return ['GET', 'HEAD', 'POST', 'DELETE'].filter((m) => methods.has(m));
  };
  for (const path of new Set(routes.map((route) => route.path))) {
    router.all(path, (req, res) => {
      res.locals.route = basePath + path;
      const allowed = allowedAt(req.path);
      if (req.method === 'OPTIONS') {
        res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
        res.status(204).end();
        return;
      }
      throw new MethodNotAllowedProblem(allowed);
    });
  }
}

function registerOpenApi(registry: OpenAPIRegistry, basePath: string, route: AnyRoute): void {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
    };
  }
  const problem = (description: string): ResponseConfig => ({
    description,
    content: { 'application/problem+json': { schema: problemResponseSchema } },
  });
  responses['400'] ??= problem('Invalid request');
  if (!('public' in route.access)) {
    responses['401'] ??= problem('Missing or invalid bearer token or session cookie');
    responses['403'] ??= problem('The caller lacks the role this route needs (or, with a session cookie, a write without its CSRF token)');
  }
  if (route.path.includes(':')) responses['404'] ??= problem("Not found, or outside the caller's scope");
  if (route.method === 'post') {
    responses['409'] ??= problem('A request with this Idempotency-Key is still in progress, or a conflicting resource exists');
    responses['413'] ??= problem('Body larger than the limit');
    responses['415'] ??= problem('Body not sent as application/json');
    responses['422'] ??= problem('Idempotency-Key reused with a different body, an unknown reference, or a refused step');
  }
  responses['503'] ??= problem('A dependency (Temporal, database) is unavailable');

  const access = route.access;
  const policy =
    'public' in access
      ? 'Public: no authentication.'
      : `Roles: ${access.roles === 'any' ? 'any authenticated caller' : ['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ')}.` +
        (access.scope ? ` Scope (admins excepted): ${access.scope.describe}.` : '') +
        (access.note ? ` ${access.note}` : '');

  registry.registerPath({
    method: route.method,
    path: openApiPath(basePath, route.path),
    operationId: operationIdOf(route),
    summary: route.summary,
    description: policy,
    tags: route.tags,
    security: 'public' in route.access ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    request: {
      params: route.params,
      query: route.query,
      headers:
        route.method === 'post'
          ? z.object({ 'idempotency-key': z.string().max(200).optional().meta({ description: 'Makes a retried POST safe: the first response is replayed.' }) })
          : undefined,
      body: route.fileUpload
        ? { required: true, content: { 'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }) }) } } }
        : route.body
          ? {
              required: true,
              content: { 'application/json': { schema: route.body, ...(route.bodyExample !== undefined ? { example: route.bodyExample } : {}) } },
            }
          : undefined,
    },
    responses,
  });
}

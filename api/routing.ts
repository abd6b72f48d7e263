// The one way to add an API route. A route is declared once, with its zod schemas, its access policy
// and its handler; from that single declaration it is mounted on Express (authentication, validation,
// idempotency) and described in the OpenAPI document. A route cannot exist without being documented
// and without a policy.
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Principal } from './auth/principal';
import type { Role } from './auth/roles';
import type { ApiDependencies } from './dependencies';
import { UnauthorizedProblem } from './errors';
import { problemResponseSchema } from './problem-schema';
import { parseRequest } from './validation';

export type Access =
  /** No authentication (health, public certificate verification). */
  | { public: true }
  /** Any authenticated caller holding one of the roles (admin always passes). */
  | { roles: readonly Role[] | 'any' };

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
}

type ZodObjectSchema = z.ZodObject;

export interface RouteDefinition<P extends ZodObjectSchema, Q extends ZodObjectSchema, B extends z.ZodType> {
  method: 'get' | 'post';
  /** Express-style path relative to the router's mount point, e.g. "/agreements/:id". */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Successful responses by status; problem responses are added for every route. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<HandlerResult>;
}

/** A route as the registry keeps it (the generic parameters erased once the types have been checked). */
export interface AnyRoute {
  method: 'get' | 'post';
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: ZodObjectSchema;
  query?: ZodObjectSchema;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler: (ctx: HandlerContext<unknown, unknown, unknown>) => Promise<HandlerResult>;
}

export function defineRoute<P extends ZodObjectSchema, Q extends ZodObjectSchema, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
): AnyRoute {
  return route as unknown as AnyRoute;
}

/** "/agreements/:id" -> "/agreements/{id}" */
export function openApiPath(basePath: string, path: string): string {
  return (basePath + path).replace(/:(\w+)/g, '{$1}');
}

export interface RouteHooks {
  authenticate(req: Request, deps: ApiDependencies): Promise<Principal | null>;
  authorize(principal: Principal, access: Access): void;
  /** Wraps a POST handler so a repeated Idempotency-Key replays the first response. */
  idempotent(req: Request, principal: Principal | null, run: () => Promise<HandlerResult>, deps: ApiDependencies): Promise<HandlerResult>;
}

function send(res: Response, result: HandlerResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.status(result.status);
  if (result.body === undefined) {
    res.end();
  } else if (result.contentType) {
    res.type(result.contentType).send(result.body);
  } else {
    res.json(result.body);
  }
}

export function mountRoutes(
  routes: AnyRoute[],
  options: { basePath: string; deps: ApiDependencies; hooks: RouteHooks; registry: OpenAPIRegistry },
): Router {
  const router = Router();
  const { deps, hooks, registry, basePath } = options;

  for (const route of routes) {
    registerOpenApi(registry, basePath, route);
    router[route.method](route.path, async (req, res) => {
      const principal = 'public' in route.access ? null : await hooks.authenticate(req, deps);
      if (!('public' in route.access)) {
        if (!principal) throw new UnauthorizedProblem();
        hooks.authorize(principal, route.access);
      }
      // Validation happens inside the idempotent run: a rejected body is never stored as "the" answer
      // to a key, so the client may correct it and retry with the same key.
      const run = async () =>
        route.handler({
          params: route.params ? parseRequest(route.params, req.params, 'params') : {},
          query: route.query ? parseRequest(route.query, req.query, 'query') : {},
          body: route.body ? parseRequest(route.body, req.body ?? {}, 'body') : undefined,
          principal: principal as Principal,
          req,
          deps,
        });
      const result = route.method === 'post' ? await hooks.idempotent(req, principal, run, deps) : await run();
      send(res, result);
    });
  }
  return router;
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
    responses['401'] ??= problem('Missing or invalid bearer token');
    responses['403'] ??= problem('The caller lacks the role this route needs');
  }
  if (route.path.includes(':')) responses['404'] ??= problem('Not found, or outside the caller\'s scope');
  if (route.method === 'post') responses['422'] ??= problem('Idempotency-Key reused with a different body, or a refused step');
  responses['503'] ??= problem('A dependency (Temporal, database) is unavailable');

  registry.registerPath({
    method: route.method,
    path: openApiPath(basePath, route.path),
    summary: route.summary,
    tags: route.tags,
    security: 'public' in route.access ? [] : [{ bearerAuth: [] }],
    request: {
      params: route.params,
      query: route.query,
      headers:
        route.method === 'post'
          ? z.object({ 'idempotency-key': z.string().max(200).optional().meta({ description: 'Makes a retried POST safe: the first response is replayed.' }) })
          : undefined,
      body: route.body ? { required: true, content: { 'application/json': { schema: route.body } } } : undefined,
    },
    responses,
  });
}

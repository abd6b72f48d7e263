// GET /v1: where a client starts. The resources of this version with their links and operations, read
// from the same route declarations that are mounted and documented, so the index cannot list a route
// that does not exist or miss one that does.
import type { Request } from 'express';
import { z } from 'zod';
import { type AnyRoute, defineRoute } from '../routing';

const operation = z.object({
  method: z.enum(['GET', 'POST', 'DELETE']),
  href: z.string().describe('The path template, parameters in braces (RFC 6570).'),
  summary: z.string(),
});

const apiIndex = z
  .object({
    title: z.string(),
    version: z.string(),
    links: z
      .object({
        self: z.object({ href: z.string() }),
        openapi: z.object({ href: z.string() }).describe('The OpenAPI 3.1 document of this API.'),
        docs: z.object({ href: z.string() }).describe('The browsable API documentation.'),
        health: z.object({ href: z.string() }),
      })
      .describe('Related documents (link relations by name).'),
    resources: z
      .array(
        z.object({
          name: z.string().describe('The first segment of the resource\'s paths, e.g. "agreements".'),
          href: z.string(),
          operations: z.array(operation),
        }),
      )
      .describe('Every resource of /v1, each with its operations.'),
  })
  .meta({ id: 'ApiIndex' });

export type ApiIndex = z.infer<typeof apiIndex>;

export function buildApiIndex(basePath: string, routes: readonly AnyRoute[]): ApiIndex {
  const resources = new Map<string, ApiIndex['resources'][number]>();
  for (const route of routes) {
    const name = route.path.split('/').filter(Boolean)[0];
    if (!name) continue; // the index itself
    const resource = resources.get(name) ?? { name, href: `${basePath}/${name}`, operations: [] };
    resource.operations.push({
      method: route.method.toUpperCase() as 'GET' | 'POST' | 'DELETE',
      href: (basePath + route.path).replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
    });
    resources.set(name, resource);
  }
  return {
    title: 'AllianceFlow API',
    version: '1',
    links: { self: { href: basePath }, openapi: { href: '/openapi.json' }, docs: { href: '/docs' }, health: { href: '/readyz' } },
    resources: [...resources.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function routesUnder(req: Request, basePath: string): AnyRoute[] {
  const mounted = (req.app.locals.mountedRoutes as { basePath: string; routes: AnyRoute[] }[] | undefined) ?? [];
  return mounted.find((m) => m.basePath === basePath)?.routes ?? [];
}

export const apiIndexRoutes = [
  defineRoute({
    method: 'get',
    path: '/',
    summary: 'The API index: resources of /v1 with their links and operations',
    tags: ['discovery'],
    access: { public: true },
    responses: { 200: { description: 'The index', schema: apiIndex } },
    handler: async ({ req }) => ({ status: 200, body: buildApiIndex('/v1', routesUnder(req, '/v1')) }),
  }),
];

// The two read routes every public party resource has: a page of them and one by id, open to every
// authenticated caller (alliances and organisations are the public face of an alliance network). Declared
// once so the two resources cannot drift in access, problem or response shape.
import type { z } from 'zod';
import type { Database } from '../../platform/database';
import { NotFoundProblem } from '../errors';
import { defineRoute, type AnyRoute } from '../routing';
import { idParams } from './common';

export interface PublicReadResource<Q extends z.ZodObject, Row> {
  /** Path of the collection, e.g. `/alliances`. */
  path: string;
  /** The name a 404 uses ("Alliance not found"). */
  resourceName: string;
  summaries: { list: string; one: string };
  descriptions: { list: string; one: string };
  listQuery: Q;
  pageSchema: z.ZodType;
  itemSchema: z.ZodType;
  list: (db: Database, query: z.infer<Q>) => Promise<unknown>;
  find: (db: Database, id: string) => Promise<Row | null>;
  view: (row: Row) => unknown;
}

export function publicReadRoutes<Q extends z.ZodObject, Row>(resource: PublicReadResource<Q, Row>): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: resource.path,
      summary: resource.summaries.list,
      tags: ['parties'],
      access: { roles: 'any' },
      query: resource.listQuery,
      responses: { 200: { description: resource.descriptions.list, schema: resource.pageSchema } },
      handler: async ({ query, deps }) => ({ status: 200, body: await resource.list(deps.db, query) }),
    }),
    defineRoute({
      method: 'get',
      path: `${resource.path}/:id`,
      summary: resource.summaries.one,
      tags: ['parties'],
      access: { roles: 'any' },
      params: idParams,
      responses: { 200: { description: resource.descriptions.one, schema: resource.itemSchema } },
      handler: async ({ params, deps }) => {
        const row = await resource.find(deps.db, params.id);
        if (!row) throw new NotFoundProblem(resource.resourceName);
        return { status: 200, body: resource.view(row) };
      },
    }),
  ];
}

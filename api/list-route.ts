// A list as every process's API answers it: GET with filters and cursor pagination (api/pagination.ts),
// newest first, the rows the caller may see, each shown by the process's own view.
import type { z } from 'zod';
import type { Principal } from './auth/principal';
import type { ApiDependencies } from './dependencies';
import { pageQuery, toPage } from './pagination';
import { answeredStepsWritten } from './read-your-write';
import { type AnyRoute, defineRoute } from './routing';

type Page = ReturnType<typeof pageQuery>;

export function listRoute<Q extends z.ZodObject, Row extends { id: string; createdAt: Date }>(options: {
  path: string;
  summary: string;
  tags: string[];
  /** Which rows the caller sees, for the policy table. */
  note: string;
  /** The filters, with ...paginationQuery. */
  query: Q;
  /** The page's schema and its description ("A page of agreements"), for the OpenAPI document. */
  page: z.ZodType;
  pageDescription: string;
  /** Up to `page.take` rows the caller may see, filtered, in `page.orderBy` from `page.where`. */
  rows: (ctx: { query: z.infer<Q>; principal: Principal; deps: ApiDependencies; page: Page }) => Promise<Row[]>;
  item: (row: Row) => unknown;
}): AnyRoute {
  return defineRoute({
    method: 'get',
    path: options.path,
    summary: options.summary,
    tags: options.tags,
    access: { roles: 'any', note: options.note },
    query: options.query,
    responses: { 200: { description: options.pageDescription, schema: options.page } },
    handler: async ({ query, principal, deps }) => {
      const { cursor, limit } = query as { cursor?: string; limit: number };
      // Steps this API answered a moment ago show in the list (README "Read your own write").
      await answeredStepsWritten(deps);
      const rows = await options.rows({ query, principal, deps, page: pageQuery(cursor, limit) });
      const { items, nextCursor } = toPage(rows, limit);
      return { status: 200, body: { items: items.map(options.item), nextCursor } };
    },
  });
}

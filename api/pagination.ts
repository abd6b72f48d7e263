// Cursor pagination for every list: newest first, ordered by (createdAt, id) so the order is stable
// even when many rows share a timestamp, and each page is one indexed range scan.
import { z } from 'zod';
import { boundedDateTime } from '../schemas/date-time';
import { ValidationProblem } from './errors';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional().meta({ description: 'nextCursor of the previous page' }),
};

export const pageInfo = { nextCursor: z.string().nullable() };

interface Position {
  createdAt: Date;
  id: string;
}

const cursorShape = z.object({ t: boundedDateTime, i: z.string().min(1).max(200) }).strict();

export function encodeCursor(row: Position): string {
  return Buffer.from(JSON.stringify({ t: row.createdAt.toISOString(), i: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const parsed = cursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt: new Date(parsed.t), id: parsed.i };
  } catch {
    throw new ValidationProblem([{ path: 'query/cursor', message: 'is not a cursor this API issued' }]);
  }
}

/** The Prisma `where` fragment and `orderBy` for the page after `cursor`. */
export function pageQuery(cursor: string | undefined, limit: number) {
  const after = cursor ? decodeCursor(cursor) : undefined;
  return {
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    // One extra row tells whether there is a next page without a COUNT.
    take: limit + 1,
  };
}

export function toPage<T extends Position>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * One page from several queries, one per way a caller may see a row (e.g. as the secretariat, or as a
 * party). Each is an index range scan of its own, limited to `take`; a single query ORing them across
 * tables is a scan and sort of the whole table (B4 in BENCHMARKS.md). The rows a branch did not return
 * all sort after its own `take` rows, so the merged first `take` rows are the true page.
 */
export function mergeBranches<T extends Position>(branches: T[][], take: number): T[] {
  const byId = new Map<string, T>();
  for (const rows of branches) for (const row of rows) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, take);
}

// A list route's equality filters: each query field the caller gave becomes `{ field: value }`; a
// field left out filters nothing.
export function equalityFilters<Q extends object, K extends keyof Q>(query: Q, keys: readonly K[]): { [F in K]?: NonNullable<Q[F]> } {
  const filters: { [F in K]?: NonNullable<Q[F]> } = {};
  for (const key of keys) {
    const value = query[key];
    if (value !== undefined && value !== null && value !== '') filters[key] = value as NonNullable<Q[K]>;
  }
  return filters;
}

/**
 * A list's title search: a case-insensitive "contains" (PostgreSQL ILIKE), the text taken literally. The
 * text is a bound parameter (no injection); LIKE's own wildcards (% _) and its escape character (\) in it
 * are escaped here, since Prisma's `contains` passes them through as wildcards.
 */
export function titleContains(text: string): { title: { contains: string; mode: 'insensitive' } } {
  return { title: { contains: text.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' } };
}

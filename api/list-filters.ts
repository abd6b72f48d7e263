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

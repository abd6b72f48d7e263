// A short-lived memory of the principals that users' API tokens authenticated, per API process: a step
// through the API otherwise pays a database round trip for its token before anything else (issue 20,
// BENCHMARKS.md "Round 2": a sign step spent ~6 ms of its ~40 there at one client). Only a token that
// authenticated is remembered (an unknown, revoked or expired one is looked up every time, so a new token
// works at once), for AUTH_TOKEN_CACHE_SECONDS (default 5; 0: off). What that bounds: a token revoked, or
// a user deactivated or given other roles, by another process (another API replica, a script, SQL) is
// refused by this process at most that many seconds later. A revocation through this process
// (POST /v1/users/:id/tokens/revoke) forgets every remembered principal at once.
import type { ApiDependencies } from '../dependencies';
import type { Principal } from './principal';

/** At most this many tokens are remembered per process; the oldest is dropped first. */
const MAX_ENTRIES = 10_000;

interface Remembered {
  principal: Principal;
  until: number;
}

const caches = new WeakMap<ApiDependencies, Map<string, Remembered>>();

function cacheOf(deps: ApiDependencies): Map<string, Remembered> {
  let cache = caches.get(deps);
  if (!cache) caches.set(deps, (cache = new Map()));
  return cache;
}

/** The principal a token (by its hash) authenticated within the last AUTH_TOKEN_CACHE_SECONDS, if any. */
export function rememberedPrincipal(deps: ApiDependencies, tokenHash: string): Principal | undefined {
  const cache = caches.get(deps);
  const entry = cache?.get(tokenHash);
  if (!entry) return undefined;
  if (entry.until > Date.now()) return entry.principal;
  cache!.delete(tokenHash);
  return undefined;
}

export function rememberPrincipal(deps: ApiDependencies, tokenHash: string, principal: Principal): void {
  const seconds = deps.config.auth.tokenCacheSeconds ?? 0;
  if (seconds <= 0) return;
  const cache = cacheOf(deps);
  cache.delete(tokenHash);
  cache.set(tokenHash, { principal, until: Date.now() + seconds * 1000 });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}

/** After a revocation through this process: every token is looked up again. */
export function forgetPrincipals(deps: ApiDependencies): void {
  caches.get(deps)?.clear();
}

// Who is signed in (GET /v1/me), and what they may do: the console shows an action only when the
// caller's allowedActions lists its route (the same declarations the API enforces).
import { useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from '../api/client';
import { Problem, unwrap } from '../api/problem';
import type { components } from '../api/schema';

export type Me = components['schemas']['Me'];

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/v1/me'));
    setCsrfToken(me.csrfToken ?? null);
    return me;
  } catch (error) {
    if (error instanceof Problem && error.status === 401) return null;
    throw error;
  }
}

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** May the caller take this action? `route` as GET /v1/me names it: "POST /v1/agreements". */
export function can(me: Me | null | undefined, route: string): boolean {
  return !!me?.allowedActions.some((action) => action.route === route);
}

export function hasRole(me: Me | null | undefined, role: string): boolean {
  return !!me?.roles.includes(role as Me['roles'][number]);
}

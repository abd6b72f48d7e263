// GET /v1/me: who the caller is, their organisation, roles, how they signed in, and what they may do:
// the routes whose declared policy (the same `access` that mountRoutes enforces and the policy table
// shows) admits them, with the organisation scope that still applies per resource. The console shows
// only those actions.
import type { Principal } from '../auth/principal';
import { hasRole } from '../auth/principal';
import { type AnyRoute, routeKey } from '../routing';
import { scopesAllow } from './service-scopes';

export interface AllowedAction {
  route: string;
  summary: string;
  /** Null: anywhere; else the rule each target must meet (admins are exempt). */
  scope: string | null;
}

export function allowedActions(principal: Principal, mounted: readonly { basePath: string; routes: readonly AnyRoute[] }[]): AllowedAction[] {
  const actions: AllowedAction[] = [];
  for (const { basePath, routes } of mounted) {
    if (basePath !== '/v1') continue;
    for (const route of routes) {
      const access = route.access;
      if ('public' in access) continue;
      const key = routeKey(basePath, route);
      if (principal.credential?.kind === 'service' && !scopesAllow(principal.credential.scopes, key)) continue;
      if (access.roles !== 'any' && !hasRole(principal, ...access.roles)) continue;
      actions.push({ route: key, summary: route.summary, scope: access.scope && !principal.roles.has('admin') ? access.scope.describe : null });
    }
  }
  return actions;
}

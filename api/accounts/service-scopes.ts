// What a service account may do: each scope names the routes it may call ("METHOD /v1/path", as
// api/routing.ts routeKey names them) and the roles it acts with there (the route's own role and
// organisation checks, and the workflows' validators, still apply: a scope never widens them).
import type { Role } from '../auth/roles';

export interface ServiceScope {
  description: string;
  routes: readonly string[];
  actsAs: readonly Role[];
}

export const serviceScopes = {
  'certification:exam-results': {
    description: 'Post exam results of certification applications, and read those applications (the exam system).',
    routes: ['POST /v1/certification-applications/:id/exam-results', 'GET /v1/certification-applications', 'GET /v1/certification-applications/:id'],
    actsAs: ['exam_system'],
  },
  'organizations:read': {
    description: 'Read the register of organisations.',
    routes: ['GET /v1/organizations', 'GET /v1/organizations/:id'],
    actsAs: [],
  },
} as const satisfies Record<string, ServiceScope>;

export type ServiceScopeName = keyof typeof serviceScopes;
export const serviceScopeNames = Object.keys(serviceScopes) as [ServiceScopeName, ...ServiceScopeName[]];

export function rolesOfScopes(scopes: readonly string[]): Role[] {
  const roles = new Set<Role>();
  for (const scope of scopes) for (const role of (serviceScopes as Record<string, ServiceScope>)[scope]?.actsAs ?? []) roles.add(role);
  return [...roles];
}

/** Every credential may ask who it is. */
const alwaysAllowed: readonly string[] = ['GET /v1/me'];

/** Whether a service account holding `scopes` may call `route` ("POST /v1/..."). */
export function scopesAllow(scopes: readonly string[], route: string): boolean {
  return alwaysAllowed.includes(route) || scopes.some((scope) => (serviceScopes as Record<string, ServiceScope>)[scope]?.routes.includes(route) ?? false);
}

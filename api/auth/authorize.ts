// Authorization in one place. Route level: does the caller hold a role the route admits (403)?
// Resource level: is the route's target in the caller's organisation? A caller outside the scope gets
// the route's denial: 404 by default, the same answer as for a target that does not exist, so existence
// does not leak; 403 only where the caller named the target itself (docs/authorization.md).
import { ForbiddenProblem, NotFoundProblem } from '../errors';
import type { Access, OrganizationScope, ScopeContext } from '../routing';
import { scopesAllow } from '../accounts/service-scopes';
import { hasRole, type Principal } from './principal';
import { confiningRoles, privilegedRoles } from './roles';

export function authorize(principal: Principal, access: Access, route?: string): void {
  if ('public' in access) return;
  // A service account calls only the routes of its scopes, whatever roles they let it act with.
  if (principal.credential?.kind === 'service' && (route === undefined || !scopesAllow(principal.credential.scopes, route))) {
    throw new ForbiddenProblem("This service account's scopes do not include this route.");
  }
  const confinedTo = confiningRoles.filter((r) => principal.roles.has(r));
  if (confinedTo.length > 0 && !principal.roles.has('admin') && (access.roles === 'any' || !confinedTo.some((r) => access.roles.includes(r)))) {
    throw new ForbiddenProblem(`The role ${confinedTo.join(', ')} is admitted only where a route names it.`);
  }
  if (access.roles === 'any') return;
  if (!hasRole(principal, ...access.roles)) {
    throw new ForbiddenProblem(`This step needs one of the roles: ${['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ')}.`);
  }
}

/** Admins act on every organisation; everyone else on their own. */
export function withinOrganization(principal: Principal, organizationId: string): boolean {
  return principal.roles.has('admin') || (principal.organizationId !== null && principal.organizationId === organizationId);
}

export async function authorizeScope(principal: Principal, scope: OrganizationScope, ctx: ScopeContext): Promise<void> {
  const owner = await scope.organizationOf(ctx);
  const owners: readonly string[] = owner === null ? [] : typeof owner === 'string' ? [owner] : owner;
  if (owner !== null && (principal.roles.has('admin') || owners.some((o) => withinOrganization(principal, o)))) return;
  if (owner !== null && scope.denial === 403) {
    throw new ForbiddenProblem(`Outside your organisation: ${scope.describe}.`);
  }
  throw new NotFoundProblem(scope.resource);
}

/**
 * The organisation filter of a list: admins see everything (narrowed by the filter they give, if any);
 * everyone else sees their own organisation only. Null: nothing is visible (a non-admin asking for
 * another organisation's list, or one without an organisation), answered with an empty page.
 */
export function organizationFilter(principal: Principal, requested: string | undefined): { organizationId?: string } | null {
  if (principal.roles.has('admin')) return requested === undefined ? {} : { organizationId: requested };
  if (principal.organizationId === null) return null;
  if (requested !== undefined && requested !== principal.organizationId) return null;
  return { organizationId: principal.organizationId };
}

/** Only an admin grants a privileged role, or manages the tokens of a user who holds one (403). */
export function assertMayManageRoles(principal: Principal, targetRoles: readonly string[]): void {
  if (principal.roles.has('admin')) return;
  const privileged = privilegedRoles.filter((r) => targetRoles.includes(r));
  if (privileged.length > 0) {
    throw new ForbiddenProblem(`Only an admin may grant or manage the roles: ${privileged.join(', ')}.`);
  }
}

// Route-level authorization: does the caller hold a role the route admits? Resource-level scope
// (own organisation, own tasks) is checked where the resource is loaded, and answers 404 when out of
// scope so that existence does not leak.
import type { Access } from '../routing';
import { ForbiddenProblem } from '../errors';
import { hasRole, type Principal } from './principal';

export function authorize(principal: Principal, access: Access): void {
  if ('public' in access || access.roles === 'any') return;
  if (!hasRole(principal, ...access.roles)) {
    throw new ForbiddenProblem(`This step needs one of the roles: ${access.roles.join(', ')}.`);
  }
}

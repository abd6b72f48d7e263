// Who is calling: established once per request by authentication, read by every policy.
import type { Role } from './roles';

export interface Principal {
  userId: string;
  /** Null only for the bootstrap admin, which belongs to no organisation. */
  organizationId: string | null;
  roles: ReadonlySet<Role>;
}

export function hasRole(principal: Principal, ...wanted: Role[]): boolean {
  return principal.roles.has('admin') || wanted.some((role) => principal.roles.has(role));
}

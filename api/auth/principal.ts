// Who is calling: established once per request by authentication, read by every policy.
import type { Role } from './roles';

export interface Principal {
  userId: string;
  /** Null only for the bootstrap admin, which belongs to no organisation. */
  organizationId: string | null;
  roles: ReadonlySet<Role>;
  /**
   * How the caller proved who it is, when not with a user's API token (api/auth/authenticate.ts): a
   * browser session (whose writes need its CSRF token), or a service account's token (which may call
   * only the routes of its scopes, api/accounts/service-scopes.ts).
   */
  credential?: { kind: 'session'; sessionId: string; csrfToken: string } | { kind: 'service'; serviceAccountId: string; scopes: readonly string[] };
}

export function hasRole(principal: Principal, ...wanted: Role[]): boolean {
  return principal.roles.has('admin') || wanted.some((role) => principal.roles.has(role));
}

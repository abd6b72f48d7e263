// The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs),
// Secure when the request came over https (or always/never by SESSION_COOKIE_SECURE), Path=/.
// It carries only the random session secret; the session row holds the rest.
import type { Request } from 'express';
import type { AccountsConfig } from '../../platform/config';
import { secretPattern } from './secrets';

export const SESSION_COOKIE = 'af_session';

/** The session secret the request's Cookie header carries, or null (absent or malformed). */
export function sessionSecretOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return secretPattern('session').test(value) ? value : null;
  }
  return null;
}

function secure(req: Request, config: AccountsConfig): boolean {
  return config.session.secureCookie === 'always' || (config.session.secureCookie === 'auto' && req.secure);
}

export function sessionCookieHeader(req: Request, config: AccountsConfig, secret: string, expiresAt: Date): string {
  return [
    `${SESSION_COOKIE}=${secret}`,
    'Path=/',
    `Expires=${expiresAt.toUTCString()}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure(req, config) ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookieHeader(req: Request, config: AccountsConfig): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'HttpOnly', 'SameSite=Lax', ...(secure(req, config) ? ['Secure'] : [])].join(
    '; ',
  );
}

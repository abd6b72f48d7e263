// The secrets of accounts: session cookies, invitation and reset links, service-account tokens. Each is
// 32 random bytes with a prefix that says what it is, shown once and stored only as its SHA-256 (like API
// tokens: 256 random bits need no salt or slow hash, and a hash lookup is an indexed equality).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashApiToken } from '../auth/tokens';

export const secretPrefixes = {
  session: 'afs_',
  invitation: 'afi_',
  passwordReset: 'afr_',
  serviceToken: 'afsvc_',
} as const;

export function newSecret(kind: keyof typeof secretPrefixes): { secret: string; hash: string } {
  const secret = secretPrefixes[kind] + randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export const hashSecret = hashApiToken;

/** A secret as a link or a form carries it: the prefix and 43 base64url characters. */
export function secretPattern(kind: keyof typeof secretPrefixes): RegExp {
  return new RegExp(`^${secretPrefixes[kind]}[A-Za-z0-9_-]{43}$`);
}

/**
 * The session's CSRF token, derived from the session secret (HMAC), so it needs no storage and only a
 * holder of the cookie can compute it; a page of another site can neither read the cookie nor the token.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('allianceflow csrf v1').digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

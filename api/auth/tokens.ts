// API tokens: shown to their owner once, stored only as a SHA-256 hash. 32 random bytes make a hash
// without salt safe here (nothing to brute-force), and a hash lookup is an indexed equality.
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'af_';

export function newApiToken(): { token: string; tokenHash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The bearer token of a request, or null when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

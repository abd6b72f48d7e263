// API tokens: shown to their owner once, stored only as a SHA-256 hash. 32 random bytes make a hash
// without salt safe here (nothing to brute-force), and a hash lookup is an indexed equality.
import { createHash, randomBytes } from 'node:crypto';
import { BEARER_TOKEN_MAX_LENGTH } from '../../platform/token-strength';

const PREFIX = 'af_';

export function newApiToken(): { token: string; tokenHash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

// RFC 9110 §11.1: the scheme is case-insensitive ("bearer", "BEARER"). One space before the
// credentials (RFC 6750's b64token), as every client sends; more is refused like any odd header. Configured secrets are held to the same syntax
// (platform/token-strength.ts), so a configured token can always authenticate.
const BEARER = /^bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/** The bearer token of a request, or null when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const token = BEARER.exec(header ?? '')?.[1];
  return token && token.length >= 10 && token.length <= BEARER_TOKEN_MAX_LENGTH ? token : null;
}

// The typed API client: openapi-fetch over the types generated from GET /openapi.json (schema.d.ts,
// `npm run web:client`). The browser sends the session cookie by itself; writes carry the session's
// CSRF token (from sign-in or GET /v1/me) and an Idempotency-Key, so a retried click never acts twice.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A fresh key per request: crypto.randomUUID exists only in secure contexts (https, 127.0.0.1, localhost). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const writes: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
      if (request.method === 'POST' && !request.headers.has('Idempotency-Key')) request.headers.set('Idempotency-Key', newIdempotencyKey());
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(writes);

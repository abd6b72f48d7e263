// A user's API token is remembered for AUTH_TOKEN_CACHE_SECONDS once it authenticated (api/auth/token-cache.ts):
// a revocation made elsewhere (another replica, SQL) holds within that bound, one through this process at
// once; an unknown or revoked token is looked up every time.
import type { Request } from 'express';
import { authenticate } from '../../api/auth/authenticate';
import { forgetPrincipals } from '../../api/auth/token-cache';
import { hashApiToken, newApiToken } from '../../api/auth/tokens';
import type { ApiDependencies } from '../../api/dependencies';

function fixture(tokenCacheSeconds: number) {
  const { token, tokenHash } = newApiToken();
  const row = { tokenHash, revokedAt: null as Date | null, user: { id: 'u1', organizationId: 'o1', roles: ['signatory'], active: true } };
  const lookups: string[] = [];
  const db = {
    apiToken: {
      findUnique: async ({ where }: { where: { tokenHash: string } }) => {
        lookups.push(where.tokenHash);
        return where.tokenHash === row.tokenHash ? row : null;
      },
    },
  };
  const deps = { db, config: { auth: { tokenCacheSeconds } } } as unknown as ApiDependencies;
  const req = (t = token) => ({ headers: { authorization: `Bearer ${t}` } }) as unknown as Request;
  return { deps, row, lookups, req, tokenHash };
}

afterEach(() => jest.useRealTimers());

test('a token that authenticated is remembered for the configured seconds, then looked up again', async () => {
  jest.useFakeTimers({ now: new Date('2026-12-06T05:00:00Z') });
  const { deps, row, lookups, req } = fixture(5);
  expect((await authenticate(req(), deps))?.userId).toBe('u1');
  expect((await authenticate(req(), deps))?.userId).toBe('u1');
  expect(lookups).toHaveLength(1);

  // Revoked by another process: this one may still admit it, for at most the configured 5 s.
  row.revokedAt = new Date();
  jest.setSystemTime(new Date('2026-12-06T05:00:04.900Z'));
  expect(await authenticate(req(), deps)).not.toBeNull();
  jest.setSystemTime(new Date('2026-12-06T05:00:05.001Z'));
  expect(await authenticate(req(), deps)).toBeNull();
  expect(await authenticate(req(), deps)).toBeNull();
  expect(lookups).toHaveLength(3);
});

test('a revocation through this process holds at once; unknown tokens are never remembered', async () => {
  const { deps, row, lookups, req } = fixture(5);
  expect(await authenticate(req(), deps)).not.toBeNull();
  row.revokedAt = new Date();
  forgetPrincipals(deps);
  expect(await authenticate(req(), deps)).toBeNull();

  const unknown = newApiToken().token;
  expect(await authenticate(req(unknown), deps)).toBeNull();
  expect(await authenticate(req(unknown), deps)).toBeNull();
  expect(lookups.filter((h) => h === hashApiToken(unknown))).toHaveLength(2);
});

test('AUTH_TOKEN_CACHE_SECONDS=0: every request looks its token up', async () => {
  const { deps, lookups, req } = fixture(0);
  await authenticate(req(), deps);
  await authenticate(req(), deps);
  expect(lookups).toHaveLength(2);
});

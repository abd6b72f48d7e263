// The password rules and hashing (api/accounts/passwords.ts), the common-password list, the CSRF
// token's derivation and the service scopes, without a server.
import { commonPasswordCount, isCommonPassword } from '../../api/accounts/common-passwords';
import { hashPassword, needsRehash, passwordProblem, verifyAgainstNothing, verifyPassword } from '../../api/accounts/passwords';
import { csrfTokenFor, newSecret, secretPattern } from '../../api/accounts/secrets';
import { rolesOfScopes, scopesAllow } from '../../api/accounts/service-scopes';

test("argon2id with OWASP's parameters (m=19456 KiB, t=2, p=1); verification; an old hash is flagged for upgrade", async () => {
  const hash = await hashPassword('Ein langes Passwort 2026');
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await verifyPassword(hash, 'Ein langes Passwort 2026')).toBe(true);
  expect(await verifyPassword(hash, 'Ein langes Passwort 2027')).toBe(false);
  expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  expect(needsRehash(hash)).toBe(false);
  expect(needsRehash(hash.replace('m=19456,t=2', 'm=4096,t=3'))).toBe(true);
  expect(await verifyAgainstNothing('anything')).toBe(false);
});

test('the policy: minimum length, the common-password list (case-insensitive), not the e-mail', () => {
  // 10,000 entries; a few coincide once lower-cased.
  expect(commonPasswordCount()).toBeGreaterThan(9_900);
  expect(isCommonPassword('1QAZ2WSX3EDC')).toBe(true);
  expect(passwordProblem('short one', 12)).toMatch(/at least 12/);
  expect(passwordProblem('1qaz2wsx3edc', 12)).toMatch(/commonly used/);
  expect(passwordProblem('zhang.wei.2026 is me', 12, { email: 'zhang.wei.2026@school.cn' })).toMatch(/e-mail/);
  expect(passwordProblem('x'.repeat(257), 12)).toMatch(/at most 256/);
  expect(passwordProblem('梅花香自苦寒来，宝剑锋从磨砺出', 12)).toBeNull();
});

test('secrets are prefixed, 32 random bytes, hashed; the CSRF token is derived from the session secret', () => {
  const a = newSecret('session');
  const b = newSecret('session');
  expect(a.secret).toMatch(secretPattern('session'));
  expect(a.secret).not.toBe(b.secret);
  expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(csrfTokenFor(a.secret)).toBe(csrfTokenFor(a.secret));
  expect(csrfTokenFor(a.secret)).not.toBe(csrfTokenFor(b.secret));
  expect(csrfTokenFor(a.secret)).not.toContain(a.secret);
});

test('service scopes name the routes a service account may call and the roles it acts with', () => {
  expect(scopesAllow(['certification:exam-results'], 'POST /v1/certification-applications/:id/exam-results')).toBe(true);
  expect(scopesAllow(['certification:exam-results'], 'POST /v1/certification-applications')).toBe(false);
  expect(scopesAllow(['organizations:read'], 'GET /v1/me')).toBe(true);
  expect(rolesOfScopes(['certification:exam-results', 'organizations:read'])).toEqual(['exam_system']);
});

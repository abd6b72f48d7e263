// The Temporal Web UI decodes payloads with a signed-in admin's session cookie (issue 13, acceptance 3),
// over HTTP on loopback as the UI's fetch with "include cross-origin credentials" sends it: an admin
// signs in through POST /v1/session, then POST /v1/codec/decode with the cookie and the UI's Origin
// (no bearer token, no CSRF token) answers the plaintext, with CORS naming that exact origin and
// allowing credentials. The same cookie from another origin, or with no Origin, is refused; a
// non-admin's cookie is 403.
import { request } from '../support/http';
import { giveCredential, FIXTURE_PASSWORD, sessionCookieOf } from '../support/accounts';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';

// The origin the local dev UI is served from (the one allowed to call the codec endpoint).
const UI_ORIGIN = 'http://127.0.0.1:8233';
const SECRET = 'Guardian: 王小明, born 2009-03-14';

let system: TestSystem;
let sealed: { payloads: { metadata: Record<string, string>; data: string }[] };

/** Signs in through the real route; the Cookie header of the new session. */
async function signIn(roles: ('admin' | 'school_coordinator')[]): Promise<string> {
  const organization = await createOrganization(system.db, 'association', 'Codec UI operator');
  const user = await createUser(system.db, { organizationId: organization.id, roles });
  const email = `codec-ui-${user.id}@operator.example`;
  await giveCredential(system.db, user.id, email);
  const signedIn = await request(system.baseUrl, 'POST', '/v1/session', { body: { email, password: FIXTURE_PASSWORD } });
  expect(signedIn.status).toBe(200);
  const cookie = sessionCookieOf(signedIn.headers);
  expect(cookie).toBeTruthy();
  return cookie!;
}

function decode(headers: Record<string, string>) {
  return request(system.baseUrl, 'POST', '/v1/codec/decode', { body: sealed, headers: { 'x-namespace': 'default', ...headers } });
}

beforeAll(async () => {
  process.env.TEMPORAL_CODEC_CORS_ORIGINS = UI_ORIGIN;
  system = await startTestSystem({ worker: false });
  const [payload] = await system.payloadCodec.encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ guardian: SECRET })) },
  ]);
  const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  sealed = {
    payloads: [{ metadata: Object.fromEntries(Object.entries(payload!.metadata ?? {}).map(([k, v]) => [k, base64(v)])), data: base64(payload!.data) }],
  };
  expect(Buffer.from(sealed.payloads[0]!.data, 'base64').toString('utf8')).not.toContain('王小明');
});
afterAll(async () => {
  await system?.stop();
});

test('an admin signed in to the API decodes from the UI origin with the session cookie alone (CORS with credentials, exact origin)', async () => {
  const cookie = await signIn(['admin']);

  // The browser's preflight for the UI's fetch (JSON body, X-Namespace header, credentials included).
  const preflight = await fetch(`${system.baseUrl}/v1/codec/decode`, {
    method: 'OPTIONS',
    headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');

  const decoded = await decode({ cookie, origin: UI_ORIGIN });
  expect(decoded.status).toBe(200);
  expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
  const plaintext = Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8');
  expect(JSON.parse(plaintext)).toEqual({ guardian: SECRET });
  process.stdout.write(`codec with a session cookie from ${UI_ORIGIN}: 200, decoded ${plaintext}\n`);
});

test('the same admin cookie from another origin, or without an Origin, is refused and decodes nothing', async () => {
  const cookie = await signIn(['admin']);
  for (const origin of ['https://evil.example', 'http://127.0.0.1:8234', 'http://127.0.0.1:8233.evil.example', 'null']) {
    const refused = await decode({ cookie, origin });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toContain('session-origin-not-allowed');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(JSON.stringify(refused.body)).not.toContain('王小明');
  }
  const noOrigin = await decode({ cookie });
  expect(noOrigin.status).toBe(403);
  expect(noOrigin.body.type).toContain('session-origin-not-allowed');
  const preflightOther = await fetch(`${system.baseUrl}/v1/codec/decode`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  // No Access-Control-Allow-Origin: the browser lets that page send nothing and read nothing (the cors
  // package's Allow-Credentials header alone grants nothing).
  expect(preflightOther.headers.get('access-control-allow-origin')).toBeNull();
  process.stdout.write('codec with a session cookie from another origin or none: 403 session-origin-not-allowed\n');
});

test("a non-admin's cookie from the UI origin is 403; no cookie is 401; an admin bearer token still works without Origin", async () => {
  const coordinator = await signIn(['school_coordinator']);
  const forbidden = await decode({ cookie: coordinator, origin: UI_ORIGIN });
  expect(forbidden.status).toBe(403);
  expect(JSON.stringify(forbidden.body)).not.toContain('王小明');

  expect((await decode({ origin: UI_ORIGIN })).status).toBe(401);

  const admin = await createUser(system.db, { organizationId: null, roles: ['admin'] });
  const withToken = await decode(admin.auth);
  expect(withToken.status).toBe(200);
  expect(Buffer.from(withToken.body.payloads[0].data, 'base64').toString('utf8')).toContain('王小明');
});

test('other writes keep the CSRF token: a cookie POST elsewhere with the UI origin but no token is 403', async () => {
  const cookie = await signIn(['admin']);
  const write = await request(system.baseUrl, 'POST', '/v1/organizations', {
    body: { kind: 'association', name: 'Made from the UI origin' },
    headers: { cookie, origin: UI_ORIGIN },
  });
  expect(write.status).toBe(403);
  expect(write.body.type).toContain('csrf-token-required');
});

// Issue 13, finding 8, over HTTP: the Bearer scheme in any case; /metrics behind a token; security
// headers (and the Swagger UI still loading under its Content-Security-Policy); the general rate limit
// (429 problem+json with Retry-After and RateLimit-* headers, counted in PostgreSQL so that two API
// replicas share one budget); names and titles refusing bidi controls and invisible characters.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureHttpServer, createApp } from '../../api/app';
import type { Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { createFixture, examples, type Fixture } from '../support/route-examples';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
let fixture: Fixture;
let admin: TestUser;
let secretariat: TestUser;
let metricsReader: TestUser;
const servers: Server[] = [];
const METRICS_TOKEN = randomBytes(32).toString('base64url');

/** Another API process over the same database and Temporal: the system's app with other settings. */
async function serve(change: (config: Config) => Config): Promise<string> {
  const app = createApp({
    temporal: system.client,
    db: system.db,
    config: change(system.config),
    log: createLogger('hardening-test', 'silent'),
    payloadCodec: system.payloadCodec,
  });
  const server = configureHttpServer(app.listen(0, '127.0.0.1'));
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  system = await startTestSystem();
  fixture = await createFixture(system);
  const platform = await createOrganization(system.db, 'association', 'Hardening platform');
  admin = await createUser(system.db, { organizationId: platform.id, roles: ['admin'] });
  secretariat = await createUser(system.db, { organizationId: fixture.orgA, roles: ['secretariat'] });
  metricsReader = await createUser(system.db, { organizationId: platform.id, roles: ['metrics_reader'] });
});
afterAll(async () => {
  for (const server of servers) {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
  await system?.stop();
});

test('the Bearer scheme is case-insensitive (RFC 9110 §11.1)', async () => {
  for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
    const answer = await request(system.baseUrl, 'GET', `/v1/organizations/${fixture.orgA}`, { headers: { authorization: `${scheme} ${secretariat.token}` } });
    expect(answer.status).toBe(200);
  }
  const basic = await request(system.baseUrl, 'GET', `/v1/organizations/${fixture.orgA}`, { headers: { authorization: `Basic ${secretariat.token}` } });
  expect(basic.status).toBe(401);
});

describe('/metrics needs a bearer token; /healthz and /readyz stay public', () => {
  test('no token 401, another role 403, admin, metrics_reader and METRICS_TOKEN 200', async () => {
    const baseUrl = await serve((c) => ({ ...c, auth: { ...c.auth, metricsToken: METRICS_TOKEN } }));
    const anonymous = await request(baseUrl, 'GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await request(baseUrl, 'GET', '/metrics', { headers: secretariat.auth })).status).toBe(403);
    for (const authorization of [admin.auth.authorization, metricsReader.auth.authorization, `Bearer ${METRICS_TOKEN}`]) {
      const answer = await request(baseUrl, 'GET', '/metrics', { headers: { authorization } });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('http_requests_total');
    }
    // The scraper's credentials read metrics and nothing else.
    expect((await request(baseUrl, 'GET', '/v1/users', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(403);
    expect((await request(baseUrl, 'GET', '/v1/users', { headers: metricsReader.auth })).status).toBe(403);
    // Without METRICS_TOKEN configured, that token is just unknown.
    expect((await request(system.baseUrl, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(401);
    expect((await request(baseUrl, 'GET', '/healthz')).status).toBe(200);
    expect((await request(baseUrl, 'GET', '/readyz')).status).toBe(200);
  });
});

describe('security headers', () => {
  test('on every answer; HSTS only when the request came over https', async () => {
    for (const path of ['/healthz', '/v1/organizations', '/openapi.json', '/no/such/route']) {
      const answer = await fetch(system.baseUrl + path);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('strict-transport-security')).toBeNull();
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
    // A client cannot claim https itself: X-Forwarded-Proto counts only from a trusted proxy.
    const claimed = await fetch(`${system.baseUrl}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
    const behindProxy = await serve((c) => ({ ...c, http: { ...c.http, trustProxy: 'loopback' } }));
    const overHttps = await fetch(`${behindProxy}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  test('/docs loads every asset it references under its Content-Security-Policy', async () => {
    const page = await fetch(`${system.baseUrl}/docs/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      (
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? ''
      )
        .split(/\s+/)
        .slice(1);
    const html = await page.text();
    // The CSP allows scripts from 'self' only: no inline script may carry code.
    expect(directive('script-src')).toEqual(["'self'"]);
    for (const inline of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) expect(inline[1]!.trim()).toBe('');
    expect(directive('style-src')).toEqual(expect.arrayContaining(["'self'", "'unsafe-inline'"]));
    expect(directive('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));

    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)["']/g)].map((m) => new URL(m[1]!, `${system.baseUrl}/docs/`));
    expect(assets.map((u) => u.pathname)).toEqual(
      expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-standalone-preset.js', '/docs/swagger-ui-init.js']),
    );
    for (const asset of assets) {
      expect(asset.origin).toBe(system.baseUrl); // 'self'
      const answer = await fetch(asset);
      expect([asset.pathname, answer.status]).toEqual([asset.pathname, 200]);
      expect(answer.headers.get('content-security-policy')).toBe(csp);
    }
  });
});

describe('the general rate limit', () => {
  const window = 60;
  const limited = (perToken: number, perAddress: number) =>
    serve((c) => ({ ...c, http: { ...c.http, trustProxy: 'loopback' }, rateLimit: { windowSeconds: window, perToken, perAddress } }));
  // Each test comes from an address of its own (X-Forwarded-For, believed from loopback): the counters
  // are shared by every API process on this database, so a fixed address would carry other runs' counts.
  const address = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

  test('per token: shared by two replicas; the request over the budget is a 429 problem with Retry-After', async () => {
    const [replica1, replica2] = await Promise.all([limited(3, 1000), limited(3, 1000)]);
    const caller = await createUser(system.db, { organizationId: fixture.orgA, roles: ['secretariat'] });
    const headers = { ...caller.auth, 'x-forwarded-for': address() };
    const path = `/v1/organizations/${fixture.orgA}`;
    const remaining: (string | null)[] = [];
    for (const baseUrl of [replica1, replica2, replica1]) {
      const answer = await request(baseUrl, 'GET', path, { headers });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe('3');
      expect(answer.headers.get('ratelimit-policy')).toBe(`3;w=${window}`);
      remaining.push(answer.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await request(replica2, 'GET', path, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'https://allianceflow.dev/problems/rate-limited', status: 429, title: 'Too many requests' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(window);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);

    // Another caller from the same address has a budget of its own; health probes are never limited.
    const other = await createUser(system.db, { organizationId: fixture.orgA, roles: ['secretariat'] });
    expect((await request(replica1, 'GET', path, { headers: { ...other.auth, 'x-forwarded-for': headers['x-forwarded-for'] } })).status).toBe(200);
    expect((await request(replica1, 'GET', '/healthz', { headers })).status).toBe(200);
    // A token is never stored: the counters hold its hash.
    const keys = await system.db.$queryRaw<{ key: string }[]>`SELECT key FROM rate_limits WHERE key LIKE 'token:%'`;
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.key.includes(caller.token))).toBe(false);
  });

  test('per address: requests without a token are counted by client address', async () => {
    const baseUrl = await limited(1000, 4);
    const headers = { 'x-forwarded-for': address() };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(baseUrl, 'GET', '/openapi.json', { headers })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // Other addresses are unaffected; so are the probes of the limited one.
    expect((await request(baseUrl, 'GET', '/openapi.json', { headers: { 'x-forwarded-for': address() } })).status).toBe(200);
    expect((await request(baseUrl, 'GET', '/readyz', { headers })).status).toBe(200);
  });

  test('leased in chunks: two replicas answer at most the limit together, with far fewer claims than requests', async () => {
    const [replica1, replica2] = await Promise.all([limited(100, 1000), limited(100, 1000)]);
    const caller = await createUser(system.db, { organizationId: fixture.orgA, roles: ['secretariat'] });
    const from = address();
    const headers = { ...caller.auth, 'x-forwarded-for': from };
    const path = `/v1/organizations/${fixture.orgA}`;
    const statuses: number[] = [];
    const remaining: number[] = [];
    // 13 rounds of 10 requests at once, alternating between the replicas: 130 requests.
    for (let round = 0; round < 13; round++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => request(i % 2 ? replica2 : replica1, 'GET', path, { headers })));
      for (const answer of answers) {
        statuses.push(answer.status);
        remaining.push(Number(answer.headers.get('ratelimit-remaining')));
      }
    }
    const answered = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(answered).toBeLessThanOrEqual(100);
    // A replica refuses early by at most one chunk (100/50) of the other's unspent lease.
    expect(answered).toBeGreaterThanOrEqual(98);
    expect(Math.min(...remaining)).toBeGreaterThanOrEqual(0);

    const tokenRow = `token:${createHash('sha256').update(caller.token, 'utf8').digest('base64url')}`;
    const rows = await system.db.$queryRaw<
      { key: string; points: number }[]
    >`SELECT key, points FROM rate_limits WHERE key IN (${tokenRow}, ${`address:${from}`})`;
    const points = Object.fromEntries(rows.map((r) => [r.key, r.points]));
    // The token's budget: claimed at least what was answered, never more than the limit.
    expect(points[tokenRow]).toBeGreaterThanOrEqual(answered);
    expect(points[tokenRow]).toBeLessThanOrEqual(100);
    // The address's budget of 1000 is claimed 20 at a time: 130 requests took at most 8 claims (each
    // replica's last chunk partly spent), not 130 upserts.
    expect(points[`address:${from}`]).toBeGreaterThanOrEqual(130);
    expect(points[`address:${from}`]).toBeLessThanOrEqual(8 * 20);
    expect(points[`address:${from}`]! % 20).toBe(0);
  });
});

describe('names and titles refuse bidi controls and invisible characters', () => {
  // [route, the field's JSON pointer]: each field set to a name hiding U+202E or U+200B.
  const fields: [string, string][] = [
    ['POST /v1/organizations', '/name'],
    ['POST /v1/alliances', '/name'],
    ['POST /v1/users', '/name'],
    ['POST /v1/agreements', '/title'],
    ['POST /v1/agreements', '/parties/0/displayName'],
    ['POST /v1/positions', '/title'],
    ['POST /v1/positions', '/location'],
    ['POST /v1/certification-programmes', '/name'],
    ['POST /v1/certification-programmes', '/domains/0'],
  ];

  function setAt(body: unknown, pointer: string, value: string): unknown {
    const copy = structuredClone(body) as Record<string, unknown>;
    const segments = pointer.split('/').slice(1);
    let target = copy as Record<string, unknown>;
    for (const segment of segments.slice(0, -1)) target = target[segment] as Record<string, unknown>;
    target[segments.at(-1)!] = value;
    return copy;
  }

  test.each(fields)('%s %s', async (route, pointer) => {
    const example = await examples[route]!.request(fixture);
    for (const [hidden, codePoint] of [
      ['Acme\u202Egnp.exe', 'U+202E'],
      ['Ad\u200Bmin', 'U+200B'],
      ['Ad\u200Dmin', 'U+200D'],
    ] as const) {
      const answer = await request(system.baseUrl, 'POST', example.path, { headers: admin.auth, body: setAt(example.body, pointer, hidden) });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([{ path: pointer, message: expect.stringContaining(codePoint) }]);
    }
  });

  test('a ZWJ emoji sequence and a Persian ZWNJ are names like any other', async () => {
    for (const name of [`Team 👩\u200D💻 ${randomUUID().slice(0, 6)}`, `می\u200Cخواهم ${randomUUID().slice(0, 6)}`]) {
      const example = await examples['POST /v1/organizations']!.request(fixture);
      const answer = await request(system.baseUrl, 'POST', example.path, { headers: admin.auth, body: setAt(example.body, '/name', name) });
      expect(answer.status).toBe(201);
      expect(answer.body.name).toBe(name);
    }
  });
});

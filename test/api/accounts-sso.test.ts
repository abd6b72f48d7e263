// Single sign-on (issue 15, acceptance 3) against a real OpenID Connect provider started here on
// loopback (oidc-provider, test/support/oidc-provider-server.ts), and the real API process configured
// for it (OIDC_* settings). The provider's login and consent pages are driven with plain HTTP. An
// invited person's first SSO sign-in accepts the invitation and links the account to the provider's
// subject; the next one finds the link. A person nobody invited is refused with a clear problem, and
// so is one whose organisation claim or e-mail domain does not fit.
import { randomUUID } from 'node:crypto';
import { type ChildService, startChildService } from '../../devtools/child-service';
import { createDatabase, type Database } from '../../platform/database';
import { freePort } from '../support/free-port';
import { request } from '../support/http';
import { sessionCookieOf } from '../support/accounts';
import { createOrganization, createUser, type TestUser } from '../support/parties';

let provider: ChildService;
let api: ChildService;
let db: Database;
let apiBase: string;
let admin: TestUser;
let school: { id: string };
let otherSchool: { id: string };
const providerLog: string[] = [];

beforeAll(async () => {
  db = createDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
  school = await createOrganization(db, 'secondary_vocational_school', 'SSO school');
  otherSchool = await createOrganization(db, 'secondary_vocational_school', 'Another school');
  admin = await createUser(db, { organizationId: school.id, roles: ['admin'] });
  const [providerPort, apiPort] = [await freePort(), await freePort()];
  apiBase = `http://127.0.0.1:${apiPort}`;
  const client = { id: 'allianceflow-test', secret: `secret-${randomUUID()}` };
  const accounts = {
    alice: { email: 'alice@school.example.cn', email_verified: true, name: 'Alice', organization_id: school.id },
    bob: { email: 'bob@school.example.cn', email_verified: true, name: 'Bob (not invited)', organization_id: school.id },
    carol: { email: 'carol@school.example.cn', email_verified: true, name: 'Carol (wrong organisation)', organization_id: otherSchool.id },
    dave: { email: 'dave@elsewhere.example.com', email_verified: true, name: 'Dave (other domain)', organization_id: school.id },
  };
  provider = await startChildService({
    name: 'oidc-provider',
    entry: 'test/support/oidc-provider-server.ts',
    env: {
      ...process.env,
      OIDC_TEST_PORT: String(providerPort),
      OIDC_TEST_CLIENT_ID: client.id,
      OIDC_TEST_CLIENT_SECRET: client.secret,
      OIDC_TEST_REDIRECT_URI: `${apiBase}/v1/sso/callback`,
      OIDC_TEST_ACCOUNTS: JSON.stringify(accounts),
    },
    readyMessage: 'oidc provider listening',
    onLine: (line) => providerLog.push(line),
    readyTimeoutMs: 180_000,
  });
  api = await startChildService({
    name: 'api',
    entry: 'api/main.ts',
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(apiPort),
      ACCOUNT_LINK_BASE_URL: 'http://console.allianceflow.test',
      OIDC_ISSUER_URL: `http://127.0.0.1:${providerPort}`,
      OIDC_CLIENT_ID: client.id,
      OIDC_CLIENT_SECRET: client.secret,
      OIDC_ORGANIZATION_CLAIM: 'organization_id',
      OIDC_ALLOWED_EMAIL_DOMAINS: 'school.example.cn',
    },
    readyMessage: 'api listening',
    onLine: () => undefined,
    readyTimeoutMs: 180_000,
  });
}, 400_000);
afterAll(async () => {
  await api?.stop(10_000);
  await provider?.stop(10_000);
  await db?.$disconnect();
});

/** A cookie jar for one browser: name=value pairs by host, paths ignored (the provider's and ours). */
class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  private header(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.header(target), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const jar = this.cookies.get(target.host) ?? new Map<string, string>();
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    this.cookies.set(target.host, jar);
    return response;
  }

  cookieFor(base: string, name: string): string | undefined {
    return this.cookies.get(new URL(base).host)?.get(name);
  }
}

/**
 * Signs `login` in at the provider, starting from GET /v1/sso/login, and answers the API's response to
 * the provider's redirect back (the callback).
 */
async function ssoSignIn(login: string): Promise<{ browser: Browser; callback: Response }> {
  const browser = new Browser();
  let response = await browser.fetch(`${apiBase}/v1/sso/login`);
  expect(response.status).toBe(302);
  let url = new URL(response.headers.get('location')!).href;
  expect(url).toContain('code_challenge_method=S256');
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(`${apiBase}/v1/sso/callback`)) return { browser, callback: await browser.fetch(url) };
    response = await browser.fetch(url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200 || !/\/interaction\//.test(url))
      throw new Error(`unexpected provider page ${response.status} at ${url}: ${html.slice(0, 300)}`);
    const form: Record<string, string> = html.includes('name="prompt" value="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    response = await browser.fetch(url, { method: 'POST', form });
    expect(response.status).toBeGreaterThanOrEqual(300);
    url = new URL(response.headers.get('location')!, url).href;
  }
  throw new Error('too many redirects');
}

test("acceptance 3: an invited person's first SSO sign-in links to the invitation; the next one finds the link", async () => {
  const invited = await request(apiBase, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email: 'Alice@School.example.cn', name: 'Alice', locale: 'en', roles: ['school_coordinator'] },
  });
  expect(invited.status).toBe(201);

  const first = await ssoSignIn('alice');
  expect(first.callback.status).toBe(303);
  expect(first.callback.headers.get('location')).toBe('http://console.allianceflow.test/');
  const cookie = sessionCookieOf(first.callback.headers)!;
  expect(cookie).toBeTruthy();
  const me = await request(apiBase, 'GET', '/v1/me', { headers: { cookie } });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({
    kind: 'user',
    email: 'alice@school.example.cn',
    organization: { id: school.id },
    roles: ['school_coordinator'],
    signedInWith: 'session',
  });
  const credential = await db.accountCredential.findUniqueOrThrow({ where: { email: 'alice@school.example.cn' } });
  expect(credential).toMatchObject({ userId: me.body.id, oidcSubject: 'alice', passwordHash: null });
  const invitation = await db.accountInvitation.findUniqueOrThrow({ where: { id: invited.body.id } });
  expect(invitation.acceptedAt).not.toBeNull();

  const second = await ssoSignIn('alice');
  expect(second.callback.status).toBe(303);
  const again = await request(apiBase, 'GET', '/v1/me', { headers: { cookie: sessionCookieOf(second.callback.headers)! } });
  expect(again.body.id).toBe(me.body.id);
  console.log(
    `acceptance 3: alice (invited) → ${first.callback.status} to the console, linked to user ${me.body.id} (${me.body.roles}); second sign-in → the same user`,
  );
});

test('acceptance 3: an uninvited SSO user is refused with a clear problem, and no account is made', async () => {
  const users = await db.user.count();
  const { callback } = await ssoSignIn('bob');
  expect(callback.status).toBe(403);
  expect(callback.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await callback.json()) as { type: string; detail: string };
  expect(problem).toMatchObject({ type: 'https://allianceflow.dev/problems/sso-not-invited', title: 'Not invited', status: 403 });
  expect(sessionCookieOf(callback.headers)).toBeNull();
  expect(await db.user.count()).toBe(users);
  console.log(`acceptance 3: bob (not invited) → ${callback.status} ${problem.type}: ${problem.detail}`);

  const events = await request(apiBase, 'GET', '/v1/security-events?type=sso_refused&email=bob%40school.example.cn', { headers: admin.auth });
  expect(events.body.items[0]).toMatchObject({ type: 'sso_refused', detail: { reason: 'not_invited' } });
});

test('the organisation claim and the allowed e-mail domains are enforced', async () => {
  await request(apiBase, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email: 'carol@school.example.cn', name: 'Carol', roles: ['mentor'] },
  });
  const carol = await ssoSignIn('carol');
  expect(carol.callback.status).toBe(403);
  expect(((await carol.callback.json()) as { type: string }).type).toMatch(/sso-organization-mismatch$/);

  await request(apiBase, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email: 'dave@elsewhere.example.com', name: 'Dave', roles: ['mentor'] },
  });
  const dave = await ssoSignIn('dave');
  expect(dave.callback.status).toBe(403);
  expect(((await dave.callback.json()) as { type: string }).type).toMatch(/sso-domain-not-allowed$/);
});

test("a callback without the browser's handshake cookie is refused (login CSRF)", async () => {
  const stranger = await fetch(`${apiBase}/v1/sso/callback?code=forged&state=forged`, { redirect: 'manual' });
  expect(stranger.status).toBe(400);
  expect(((await stranger.json()) as { type: string }).type).toMatch(/sso-failed$/);
});

// People sign in (issue 15, acceptance 1), end to end on real things: the real app on loopback, a real
// SMTP server receiving the invitation, PostgreSQL. Admin invites a coordinator → the e-mail arrives →
// its link sets a password and signs in → GET /v1/me → a cookie write without the CSRF token is 403,
// with it accepted → sign-out → the cookie no longer works. Then: re-invite, revoke, sessions, password
// change, reset by e-mail, and that bearer tokens work unchanged.
import { request } from '../support/http';
import { linkTokenOf, sessionCookieOf } from '../support/accounts';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/test-system';

let smtp: SmtpReceiver;
let system: TestSystem;
let admin: TestUser;
let school: { id: string };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), ACCOUNT_LINK_BASE_URL: 'https://console.allianceflow.test' });
  system = await startTestSystem({ worker: false });
  const platform = await createOrganization(system.db, 'association', 'Platform operator');
  admin = await createUser(system.db, { organizationId: platform.id, roles: ['admin'] });
  school = await createOrganization(system.db, 'secondary_vocational_school', '第一中等职业学校');
});
afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

const PASSWORD = 'Plum blossoms in the snow 2026';

async function mailTo(address: string, count = 1) {
  const mails = await eventually(
    async () => smtp.messages.filter((m) => m.to.includes(address)),
    (found) => found.length >= count,
  );
  return mails[count - 1]!;
}

test('acceptance 1: invite → e-mail → link sets the password and signs in → /v1/me → CSRF → sign-out', async () => {
  const email = `coordinator-${Date.now()}@school.example.cn`;
  const invited = await request(system.baseUrl, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email: email.toUpperCase(), name: '张老师', locale: 'zh-CN', roles: ['school_coordinator'] },
  });
  expect(invited.status).toBe(201);
  expect(invited.body).toMatchObject({ email, status: 'pending', delivery: 'sent', roles: ['school_coordinator'] });
  expect(invited.body.link).toBeUndefined(); // e-mailed, so never in the answer

  const mail = await mailTo(email);
  expect(mail.subject).toContain('邀请您加入 AllianceFlow');
  expect(mail.text).toContain('第一中等职业学校');
  const { link, token } = linkTokenOf(mail.text);
  expect(link.startsWith('https://console.allianceflow.test/accept-invitation#token=')).toBe(true);
  console.log(`acceptance 1: invitation e-mail "${mail.subject}" to ${mail.to.join(',')}`);

  // A common password is refused, the link still works afterwards.
  const weak = await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token, password: '1qaz2wsx3edc' } });
  expect(weak.status).toBe(400);
  expect(weak.body.errors[0].message).toMatch(/commonly used/);

  const accepted = await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
  expect(accepted.status).toBe(201);
  const setCookie = accepted.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  expect(setCookie).not.toMatch(/Secure/); // plain http on loopback; https gets Secure
  expect(accepted.body.user).toMatchObject({ email, organizationId: school.id, roles: ['school_coordinator'] });

  // The link is spent.
  const again = await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
  expect(again.status).toBe(422);

  // Sign in with the password just chosen.
  const signedIn = await request(system.baseUrl, 'POST', '/v1/session', { body: { email, password: PASSWORD } });
  expect(signedIn.status).toBe(200);
  const cookie = sessionCookieOf(signedIn.headers)!;
  expect(cookie).toBeTruthy();
  const csrfToken: string = signedIn.body.csrfToken;

  const me = await request(system.baseUrl, 'GET', '/v1/me', { headers: { cookie } });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ kind: 'user', email, roles: ['school_coordinator'], organization: { id: school.id }, signedInWith: 'session', csrfToken });
  const routes = (me.body.allowedActions as { route: string }[]).map((a) => a.route);
  expect(routes).toContain('POST /v1/matching-rounds');
  expect(routes).not.toContain('POST /v1/organizations');
  console.log(`acceptance 1: GET /v1/me → ${me.body.name}, ${me.body.roles}, ${routes.length} allowed actions`);

  // A write with the cookie: refused without the CSRF token (403 problem+json), accepted with it.
  const student = { organizationId: school.id, name: '李明', email: `student-${Date.now()}@school.example.cn`, roles: ['student'], birthDate: '2008-05-20' };
  const noCsrf = await request(system.baseUrl, 'POST', '/v1/invitations', { headers: { cookie }, body: student });
  expect(noCsrf.status).toBe(403);
  expect(noCsrf.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(noCsrf.body.type).toMatch(/csrf-token-required$/);
  const wrongCsrf = await request(system.baseUrl, 'POST', '/v1/invitations', { headers: { cookie, 'x-csrf-token': csrfToken.slice(1) + 'A' }, body: student });
  expect(wrongCsrf.status).toBe(403);
  // The coordinator's role decides as with a bearer token: a coordinator may not invite (403, another reason).
  const withCsrf = await request(system.baseUrl, 'POST', '/v1/invitations', { headers: { cookie, 'x-csrf-token': csrfToken }, body: student });
  expect(withCsrf.status).toBe(403);
  expect(withCsrf.body.type).toMatch(/forbidden$/);
  // An allowed write: revoke one of my own sessions (the invitation's).
  const sessions = await request(system.baseUrl, 'GET', '/v1/me/sessions', { headers: { cookie } });
  expect(sessions.body.items).toHaveLength(2);
  const other = sessions.body.items.find((s: { current: boolean }) => !s.current);
  const revokeNoCsrf = await request(system.baseUrl, 'POST', `/v1/me/sessions/${other.id}/revoke`, { headers: { cookie } });
  expect(revokeNoCsrf.status).toBe(403);
  const revoked = await request(system.baseUrl, 'POST', `/v1/me/sessions/${other.id}/revoke`, { headers: { cookie, 'x-csrf-token': csrfToken } });
  expect(revoked.status).toBe(204);
  expect((await request(system.baseUrl, 'GET', '/v1/me/sessions', { headers: { cookie } })).body.items).toHaveLength(1);
  console.log(`acceptance 1: cookie write without X-CSRF-Token → ${noCsrf.status} ${noCsrf.body.type}; with it → ${revoked.status}`);

  // Sign out: the cookie no longer works.
  const signOutNoCsrf = await request(system.baseUrl, 'DELETE', '/v1/session', { headers: { cookie } });
  expect(signOutNoCsrf.status).toBe(403);
  const signedOut = await request(system.baseUrl, 'DELETE', '/v1/session', { headers: { cookie, 'x-csrf-token': csrfToken } });
  expect(signedOut.status).toBe(204);
  expect(signedOut.headers.get('set-cookie')).toMatch(/af_session=;/);
  const after = await request(system.baseUrl, 'GET', '/v1/me', { headers: { cookie } });
  expect(after.status).toBe(401);
  console.log(`acceptance 1: DELETE /v1/session → ${signedOut.status}; GET /v1/me with the old cookie → ${after.status}`);

  // The admin sees it all in the security log.
  const events = await request(system.baseUrl, 'GET', `/v1/security-events?email=${encodeURIComponent(email)}&limit=50`, { headers: admin.auth });
  const types = (events.body.items as { type: string }[]).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['invitation_created', 'invitation_accepted', 'sign_in']));
  expect((await request(system.baseUrl, 'GET', '/v1/security-events', { headers: { cookie } })).status).toBe(401);
});

test("re-inviting replaces the link; a revoked invitation's link is dead; listing pending invitations", async () => {
  const email = `mentor-${Date.now()}@enterprise.example.com`;
  const body = { organizationId: school.id, email, name: 'Emma Walker', locale: 'en', roles: ['mentor'] };
  const first = await request(system.baseUrl, 'POST', '/v1/invitations', { headers: admin.auth, body });
  const second = await request(system.baseUrl, 'POST', '/v1/invitations', { headers: admin.auth, body });
  expect([first.status, second.status]).toEqual([201, 201]);
  const oldLink = linkTokenOf((await mailTo(email, 1)).text);
  const newMail = await mailTo(email, 2);
  expect(newMail.subject).toContain('You are invited to AllianceFlow');
  const newLink = linkTokenOf(newMail.text);
  expect((await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token: oldLink.token, password: PASSWORD } })).status).toBe(422);

  const pending = await request(system.baseUrl, 'GET', `/v1/invitations?status=pending&organizationId=${school.id}`, { headers: admin.auth });
  expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(second.body.id);
  expect(pending.body.items.map((i: { id: string }) => i.id)).not.toContain(first.body.id);

  const revoked = await request(system.baseUrl, 'POST', `/v1/invitations/${second.body.id}/revoke`, { headers: admin.auth });
  expect(revoked.body.status).toBe('revoked');
  expect((await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token: newLink.token, password: PASSWORD } })).status).toBe(422);
});

test('password change (old password required) and reset by e-mail (single use, no account enumeration)', async () => {
  const email = `reviewer-${Date.now()}@institute.example.cn`;
  await request(system.baseUrl, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email, name: 'Reviewer', locale: 'en', roles: ['reviewer'] },
  });
  const { token } = linkTokenOf((await mailTo(email)).text);
  const accepted = await request(system.baseUrl, 'POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
  const cookie = sessionCookieOf(accepted.headers)!;
  const csrf = { cookie, 'x-csrf-token': accepted.body.csrfToken as string };

  const wrongOld = await request(system.baseUrl, 'POST', '/v1/me/password', {
    headers: csrf,
    body: { currentPassword: 'not my password at all', newPassword: 'A new and long passphrase 1' },
  });
  expect(wrongOld.status).toBe(401);
  const changed = await request(system.baseUrl, 'POST', '/v1/me/password', {
    headers: csrf,
    body: { currentPassword: PASSWORD, newPassword: 'A new and long passphrase 1' },
  });
  expect(changed.status).toBe(204);
  expect((await request(system.baseUrl, 'POST', '/v1/session', { body: { email, password: PASSWORD } })).status).toBe(401);
  expect((await request(system.baseUrl, 'POST', '/v1/session', { body: { email, password: 'A new and long passphrase 1' } })).status).toBe(200);

  // Reset: the same answer for a known and an unknown address; only the known one gets an e-mail.
  const known = await request(system.baseUrl, 'POST', '/v1/password-resets', { body: { email } });
  const unknown = await request(system.baseUrl, 'POST', '/v1/password-resets', { body: { email: `nobody-${Date.now()}@example.org` } });
  expect([known.status, unknown.status]).toEqual([202, 202]);
  expect(known.body).toEqual(unknown.body);
  const resetMail = await mailTo(email, 2);
  expect(resetMail.subject).toBe('Reset your AllianceFlow password');
  const reset = linkTokenOf(resetMail.text);
  expect(reset.link).toContain('/reset-password#token=afr_');
  expect((await request(system.baseUrl, 'POST', '/v1/password-resets/complete', { body: { token: reset.token, password: 'short' } })).status).toBe(400);
  expect(
    (await request(system.baseUrl, 'POST', '/v1/password-resets/complete', { body: { token: reset.token, password: 'Reset to a third passphrase' } })).status,
  ).toBe(204);
  expect(
    (await request(system.baseUrl, 'POST', '/v1/password-resets/complete', { body: { token: reset.token, password: 'Reset to a fourth passphrase' } })).status,
  ).toBe(422);
  // The reset ended every session, this one's too.
  expect((await request(system.baseUrl, 'GET', '/v1/me', { headers: { cookie } })).status).toBe(401);
  expect((await request(system.baseUrl, 'POST', '/v1/session', { body: { email, password: 'Reset to a third passphrase' } })).status).toBe(200);
});

test('bearer tokens keep working unchanged, and a bad bearer token does not fall back to a cookie', async () => {
  const me = await request(system.baseUrl, 'GET', '/v1/me', { headers: admin.auth });
  expect(me.body).toMatchObject({ kind: 'user', signedInWith: 'api_token', csrfToken: null });
  // A bearer write needs no CSRF token.
  const org = await request(system.baseUrl, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: school.id, email: `bearer-${Date.now()}@example.org`, name: 'Bearer invite', roles: ['mentor'] },
  });
  expect(org.status).toBe(201);
  expect((await request(system.baseUrl, 'GET', '/v1/me', { headers: { authorization: 'Bearer af_not-a-real-token-at-all' } })).status).toBe(401);
});

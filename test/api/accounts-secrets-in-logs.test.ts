// No secret in any log line (issue 15, acceptance 5). The API runs as its own process (api/main.ts, as
// `npm start` runs it) at LOG_LEVEL=trace, its every output line captured; every account flow is driven
// through it: an invitation e-mailed to a real SMTP receiver and accepted, sign-in, wrong passwords for
// a known and an unknown e-mail, cookie reads and writes (with and without the CSRF token), a password
// change, a reset by e-mail link, a service account's token, sign-out. Then the captured log is searched
// for every password, token, session cookie, CSRF token and link used: none may appear.
import { randomUUID } from 'node:crypto';
import { type ChildService, startChildService } from '../../devtools/child-service';
import { createDatabase, type Database } from '../../platform/database';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { request } from '../support/http';
import { linkTokenOf, sessionCookieOf } from '../support/accounts';
import { createOrganization, createUser } from '../support/parties';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';

let api: ChildService;
let smtp: SmtpReceiver;
let db: Database;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  db = createDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
  smtp = await startSmtpReceiver();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = await startChildService({
    name: 'api',
    entry: 'api/main.ts',
    env: { ...process.env, LOG_LEVEL: 'trace', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
    readyMessage: 'api listening',
    onLine: (line) => logLines.push(line),
    readyTimeoutMs: 180_000,
  });
}, 300_000);
afterAll(async () => {
  await api?.stop(10_000);
  await smtp?.close();
  await db?.$disconnect();
});

test("acceptance 5: no password, token, session cookie, CSRF token or link appears in the API's trace-level log", async () => {
  const secrets = new Map<string, string>();
  const keep = (label: string, value: string | null | undefined) => {
    if (!value) throw new Error(`no ${label}`);
    secrets.set(label, value);
    return value;
  };
  const mail = async (to: string, count: number) =>
    (
      await eventually(
        async () => smtp.messages.filter((m) => m.to.includes(to)),
        (found) => found.length >= count,
      )
    )[count - 1]!;

  const org = await createOrganization(db, 'secondary_vocational_school');
  const admin = await createUser(db, { organizationId: org.id, roles: ['admin'] });
  keep('admin API token', admin.token);
  const email = `logs-${randomUUID()}@school.example.cn`;

  // Invitation, e-mailed and accepted.
  const invited = await request(base, 'POST', '/v1/invitations', {
    headers: admin.auth,
    body: { organizationId: org.id, email, name: 'Log reader', locale: 'en', roles: ['secretariat'] },
  });
  expect(invited.status).toBe(201);
  const invitation = linkTokenOf((await mail(email, 1)).text);
  keep('invitation link', invitation.link);
  keep('invitation token', invitation.token);
  const firstPassword = keep('first password', `First passphrase ${randomUUID()}`);
  const accepted = await request(base, 'POST', '/v1/invitations/accept', { body: { token: invitation.token, password: firstPassword } });
  expect(accepted.status).toBe(201);
  keep('session cookie (invitation)', sessionCookieOf(accepted.headers)?.slice('af_session='.length));
  keep('CSRF token (invitation)', accepted.body.csrfToken);

  // Wrong passwords, for the account and for an unknown address.
  for (let i = 0; i < 3; i++) {
    const wrong = keep(`wrong password ${i}`, `Wrong guess ${i} ${randomUUID()}`);
    expect((await request(base, 'POST', '/v1/session', { body: { email, password: wrong } })).status).toBe(401);
    expect((await request(base, 'POST', '/v1/session', { body: { email: `unknown-${i}@example.org`, password: wrong } })).status).toBe(401);
  }

  // Sign in, read and write with the cookie.
  const signedIn = await request(base, 'POST', '/v1/session', { body: { email, password: firstPassword } });
  expect(signedIn.status).toBe(200);
  const cookie = sessionCookieOf(signedIn.headers)!;
  keep('session cookie', cookie.slice('af_session='.length));
  const csrf = keep('CSRF token', signedIn.body.csrfToken);
  expect((await request(base, 'GET', '/v1/me', { headers: { cookie } })).status).toBe(200);
  const write = { organizationId: org.id, email: `second-${randomUUID()}@school.example.cn`, name: 'Second', roles: ['mentor'] };
  expect((await request(base, 'POST', '/v1/invitations', { headers: { cookie }, body: write })).status).toBe(403);
  expect((await request(base, 'POST', '/v1/invitations', { headers: { cookie, 'x-csrf-token': `${csrf}x` }, body: write })).status).toBe(403);
  const second = await request(base, 'POST', '/v1/invitations', { headers: { cookie, 'x-csrf-token': csrf }, body: write });
  expect(second.status).toBe(201);
  const secondInvitation = linkTokenOf((await mail(write.email, 1)).text);
  keep('second invitation link', secondInvitation.link);

  // Change the password, then reset it by e-mail.
  const secondPassword = keep('second password', `Second passphrase ${randomUUID()}`);
  expect(
    (
      await request(base, 'POST', '/v1/me/password', {
        headers: { cookie, 'x-csrf-token': csrf },
        body: { currentPassword: firstPassword, newPassword: secondPassword },
      })
    ).status,
  ).toBe(204);
  expect((await request(base, 'POST', '/v1/password-resets', { body: { email } })).status).toBe(202);
  const reset = linkTokenOf((await mail(email, 2)).text);
  keep('reset link', reset.link);
  keep('reset token', reset.token);
  const thirdPassword = keep('third password', `Third passphrase ${randomUUID()}`);
  expect((await request(base, 'POST', '/v1/password-resets/complete', { body: { token: reset.token, password: thirdPassword } })).status).toBe(204);
  const again = await request(base, 'POST', '/v1/session', { body: { email, password: thirdPassword } });
  expect(again.status).toBe(200);
  const lastCookie = sessionCookieOf(again.headers)!;
  keep('last session cookie', lastCookie.slice('af_session='.length));
  keep('last CSRF token', again.body.csrfToken);

  // A service account and its token.
  const service = await request(base, 'POST', '/v1/service-accounts', {
    headers: admin.auth,
    body: { organizationId: org.id, name: 'Exam system', scopes: ['certification:exam-results'] },
  });
  const issued = await request(base, 'POST', `/v1/service-accounts/${service.body.id}/tokens`, { headers: admin.auth, body: { lifetime: 'P1D' } });
  const serviceToken = keep('service token', issued.body.token);
  expect((await request(base, 'GET', '/v1/me', { headers: { authorization: `Bearer ${serviceToken}` } })).status).toBe(200);
  expect((await request(base, 'GET', '/v1/users', { headers: { authorization: `Bearer ${serviceToken}` } })).status).toBe(403);

  // Sign out.
  expect((await request(base, 'DELETE', '/v1/session', { headers: { cookie: lastCookie, 'x-csrf-token': again.body.csrfToken } })).status).toBe(204);
  expect((await request(base, 'GET', '/v1/me', { headers: { cookie: lastCookie } })).status).toBe(401);

  await api.stop(10_000); // every line written
  const requestLines = logLines.filter((line) => line.includes('"msg":"request completed"') || line.includes('"msg":"request errored"'));
  // One line per request made above (23), each naming its URL and status: the log did capture them.
  expect(requestLines.length).toBeGreaterThanOrEqual(23);
  expect(logLines.some((line) => line.includes('"level":"trace"') || line.includes('"level":"debug"') || line.includes('"level":"info"'))).toBe(true);
  const found = [...secrets].filter(([, value]) => logLines.some((line) => line.includes(value)));
  console.log(
    `acceptance 5: ${logLines.length} log lines of the API at LOG_LEVEL=trace (${requestLines.length} request lines) searched for ${secrets.size} secrets ` +
      `(${[...secrets.keys()].join(', ')}): ${found.length} found`,
  );
  expect(found.map(([label]) => label)).toEqual([]);
});

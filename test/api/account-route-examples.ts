// Route examples (test/support/route-examples.ts) for the account routes: sessions, me, person
// invitations, password resets, the security log, service accounts. Requests that spend a link or
// sign in are made afresh per cell (a new invitation, a new reset link, the password put back).
import { randomUUID } from 'node:crypto';
import { newSecret } from '../../api/accounts/secrets';
import { createServiceAccount } from '../../api/accounts/service-accounts';
import { createUser } from '../support/parties';
import { FIXTURE_PASSWORD, fixturePasswordHash, giveCredential, sessionFor } from '../support/accounts';
import type { Example, Fixture } from '../support/route-examples';

/** A person of organisation A with a password, who is none of the matrix's callers. */
function signInUser(fx: Fixture) {
  return fx.once('sign-in-user', async () => {
    const user = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['mentor'] });
    const email = `sign-in-${user.id}@example.org`;
    await giveCredential(fx.system.db, user.id, email);
    return { ...user, email };
  });
}

/** A person whose reset links the complete-reset cells spend (POST /v1/password-resets, answered in the
 * background, would otherwise void them: asking for a new link ends the unused ones). */
function resetUser(fx: Fixture) {
  return fx.once('reset-user', async () => {
    const user = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['mentor'] });
    await giveCredential(fx.system.db, user.id, `reset-${user.id}@example.org`);
    return user;
  });
}

/** Puts every credential's password back to FIXTURE_PASSWORD (a cell before may have changed it). */
async function resetPasswords(fx: Fixture): Promise<void> {
  await fx.system.db.accountCredential.updateMany({ data: { passwordHash: await fixturePasswordHash() } });
}

async function freshInvitation(fx: Fixture, withToken: boolean): Promise<{ id: string; token: string }> {
  const { secret, hash } = newSecret('invitation');
  const id = randomUUID();
  await fx.system.db.accountInvitation.create({
    data: {
      id,
      organizationId: fx.orgA,
      email: `invited-${id}@example.org`,
      name: 'Matrix invitee',
      locale: 'en',
      roles: ['mentor'],
      invitedBy: 'route-examples',
      tokenHash: hash,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return { id, token: withToken ? secret : '' };
}

function pendingInvitationOfA(fx: Fixture) {
  return fx.once('invitation', () => freshInvitation(fx, false));
}

function serviceAccountOfA(fx: Fixture) {
  return fx.once('service-account', () =>
    createServiceAccount(fx.system.db, {
      id: randomUUID(),
      organizationId: fx.orgA,
      name: 'Matrix exam system',
      scopes: ['certification:exam-results'],
      createdBy: 'route-examples',
    }),
  );
}

export const accountExamples: Record<string, Example> = {
  'POST /v1/session': {
    request: async (fx) => {
      const user = await signInUser(fx);
      await resetPasswords(fx);
      return { path: '/v1/session', body: { email: user.email, password: FIXTURE_PASSWORD } };
    },
  },
  'DELETE /v1/session': { request: () => ({ path: '/v1/session' }) },
  'GET /v1/me/sessions': { request: () => ({ path: '/v1/me/sessions' }) },
  'POST /v1/me/sessions/:id/revoke': {
    request: async (fx) => {
      const sessionId = await fx.once('someone-elses-session', async () => {
        const user = await signInUser(fx);
        await sessionFor(fx.system.db, fx.system.config.accounts, user.id);
        const row = await fx.system.db.accountSession.findFirstOrThrow({ where: { userId: user.id } });
        return row.id;
      });
      return { path: `/v1/me/sessions/${sessionId}/revoke` };
    },
    // A session is personal: everyone but its owner gets 404 (the owner's case: test/api/accounts-sign-in.test.ts).
    expect: () => false,
  },
  'GET /v1/me': { request: () => ({ path: '/v1/me' }) },
  'POST /v1/me/password': {
    request: async (fx) => {
      await resetPasswords(fx);
      return { path: '/v1/me/password', body: { currentPassword: FIXTURE_PASSWORD, newPassword: `A fresh matrix passphrase ${randomUUID()}` } };
    },
  },
  'POST /v1/invitations': {
    request: (fx) => ({
      path: '/v1/invitations',
      body: { organizationId: fx.orgA, email: `matrix-${randomUUID()}@example.org`, name: 'Matrix invitee', roles: ['mentor'] },
    }),
  },
  'GET /v1/invitations': { request: () => ({ path: '/v1/invitations?status=pending&limit=5' }) },
  'POST /v1/invitations/:id/revoke': { request: async (fx) => ({ path: `/v1/invitations/${(await pendingInvitationOfA(fx)).id}/revoke` }) },
  'POST /v1/invitations/accept': {
    request: async (fx) => ({
      path: '/v1/invitations/accept',
      body: { token: (await freshInvitation(fx, true)).token, password: `Matrix invitee passphrase ${randomUUID()}` },
    }),
  },
  'POST /v1/password-resets': { request: async (fx) => ({ path: '/v1/password-resets', body: { email: (await signInUser(fx)).email } }) },
  'POST /v1/password-resets/complete': {
    request: async (fx) => {
      const user = await resetUser(fx);
      const { secret, hash } = newSecret('passwordReset');
      await fx.system.db.passwordReset.create({ data: { id: randomUUID(), userId: user.id, tokenHash: hash, expiresAt: new Date(Date.now() + 600_000) } });
      return { path: '/v1/password-resets/complete', body: { token: secret, password: `Matrix reset passphrase ${randomUUID()}` } };
    },
  },
  'GET /v1/security-events': { request: () => ({ path: '/v1/security-events?limit=5' }) },
  'POST /v1/service-accounts': {
    request: (fx) => ({ path: '/v1/service-accounts', body: { organizationId: fx.orgA, name: 'Matrix exam system', scopes: ['certification:exam-results'] } }),
  },
  'GET /v1/service-accounts': { request: () => ({ path: '/v1/service-accounts?limit=5' }) },
  'GET /v1/service-accounts/:id': { request: async (fx) => ({ path: `/v1/service-accounts/${(await serviceAccountOfA(fx)).id}` }) },
  'POST /v1/service-accounts/:id/tokens': {
    request: async (fx) => ({ path: `/v1/service-accounts/${(await serviceAccountOfA(fx)).id}/tokens`, body: { lifetime: 'P30D' } }),
  },
  'POST /v1/service-accounts/:id/disable': {
    // A fresh account per cell: a disabled one could not be used by the next cell's token route.
    request: async (fx) => {
      const row = await createServiceAccount(fx.system.db, {
        id: randomUUID(),
        organizationId: fx.orgA,
        name: 'To disable',
        scopes: ['organizations:read'],
        createdBy: 'route-examples',
      });
      return { path: `/v1/service-accounts/${row.id}/disable` };
    },
  },
  // Single sign-on is not configured in the matrix's system: 404 for everyone (the flow against a real
  // provider: test/api/accounts-sso.test.ts).
  'GET /v1/sso/login': { request: () => ({ path: '/v1/sso/login' }), expect: () => false },
  'GET /v1/sso/callback': { request: () => ({ path: '/v1/sso/callback?code=matrix&state=matrix' }), expect: () => false },
};

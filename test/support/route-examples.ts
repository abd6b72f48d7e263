// One valid example request for every mounted route, keyed by "METHOD path" (api/routing.ts routeKey).
// The authorization matrix (test/api/authorization-matrix.test.ts) sends each to every kind of caller;
// the malformed-input property test (test/api/malformed-input.test.ts) mutates the POST ones. Both fail
// and name a route that has no example here, so a new route must add one.
//
// Examples target organisation A's resources: A's users are allowed where the route's scope is "the
// caller's organisation", organisation B's users are the "other organisation" callers.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { newWebhookSecret } from '../../activities/notifications/webhooks/signing';
import { registerAlliance } from '../../api/parties/alliances';
import { accountExamples } from '../api/account-route-examples';
import { agreementExamples } from '../api/agreement-route-examples';
import { baseAccreditationExamples } from '../api/base-accreditation-route-examples';
import { certificationExamples } from '../api/certification-route-examples';
import { commissionerExamples } from '../api/commissioner-route-examples';
import { documentExamples } from '../api/document-route-examples';
import { placementExamples } from '../api/placement-route-examples';
import { talentMatchingExamples } from '../api/talent-matching-route-examples';
import { trainingCohortExamples } from '../api/training-cohort-route-examples';
import { createOrganization, createUser, newCreditCode } from './parties';
import type { TestSystem } from './test-system';

export type Column =
  | { kind: 'role'; role: Role; name: string }
  /** The same caller as the role's column, signed in with a session cookie (and its CSRF token). */
  | { kind: 'cookie'; role: Role; name: string }
  /** The admin with a session cookie but no CSRF token: reads pass, writes are refused (403). */
  | { kind: 'cookie-no-csrf'; name: string }
  /** A service account of organisation A with the scope certification:exam-results. */
  | { kind: 'service'; name: string }
  | { kind: 'other-organization'; name: string }
  | { kind: 'revoked-token'; name: string }
  | { kind: 'no-token'; name: string };

export interface Fixture {
  system: TestSystem;
  /** The organisation the examples' resources belong to, and its users, one per role (admin aside). */
  orgA: string;
  /** Another organisation: its callers hold the route's role but are outside organisation A. */
  orgB: string;
  /** A third organisation, for members of alliances. */
  orgC: string;
  /** Memoises a fixture resource shared by the cells of one route. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface ExampleRequest {
  path: string;
  body?: unknown;
  /** A body that is not JSON (a multipart file upload), sent as it is with its content type. */
  raw?: { body: string; contentType: string };
}

export interface Example {
  /** A valid request, made afresh for every cell (POSTs that create need fresh bodies). */
  request: (fx: Fixture) => Promise<ExampleRequest> | ExampleRequest;
  /** Overrides the expectation derived from the route's declaration for a cell. */
  expect?: (column: Column, derived: boolean) => boolean;
  /**
   * A step one person takes once (a delegation, a resubmission): after the bearer cell of a role took
   * it, the same person signed in with a cookie is refused for the state, not for the credential. The
   * cookie cells of such a route are not sent (every other route shows the cookie path's checks).
   */
  oncePerPerson?: true;
}

/** An alliance run by organisation A, with C as a member. */
function allianceOfA(fx: Fixture) {
  return fx.once('alliance', () =>
    registerAlliance(fx.system.db, randomUUID(), { name: 'Matrix alliance', secretariatOrganizationId: fx.orgA, memberOrganizationIds: [fx.orgC] }),
  );
}

export const examples: Record<string, Example> = {
  'GET /healthz': { request: () => ({ path: '/healthz' }) },
  'GET /readyz': { request: () => ({ path: '/readyz' }) },
  'GET /metrics': { request: () => ({ path: '/metrics' }) },
  'GET /v1/': { request: () => ({ path: '/v1' }) },

  'POST /v1/organizations': {
    request: () => ({ path: '/v1/organizations', body: { kind: 'enterprise', name: 'Matrix Ltd', creditCode: newCreditCode() } }),
  },
  'GET /v1/organizations': { request: () => ({ path: '/v1/organizations?kind=enterprise&limit=5' }) },
  'GET /v1/organizations/:id': { request: (fx) => ({ path: `/v1/organizations/${fx.orgA}` }) },

  'POST /v1/alliances': {
    request: (fx) => ({
      path: '/v1/alliances',
      body: { name: 'Matrix alliance', secretariatOrganizationId: fx.orgA, memberOrganizationIds: [fx.orgC] },
    }),
  },
  'GET /v1/alliances': { request: (fx) => ({ path: `/v1/alliances?organizationId=${fx.orgA}` }) },
  'GET /v1/alliances/:id': { request: async (fx) => ({ path: `/v1/alliances/${(await allianceOfA(fx)).id}` }) },
  'POST /v1/alliances/:id/invitations': {
    request: async (fx) => ({ path: `/v1/alliances/${(await allianceOfA(fx)).id}/invitations`, body: { organizationIds: [fx.orgC] } }),
  },
  // Invitations of organisation A (fresh alliances run by C): A's secretariat and signatory answer them.
  'POST /v1/alliances/:id/members/:organizationId/accept': {
    request: async (fx) => ({ path: `/v1/alliances/${await allianceInvitingA(fx)}/members/${fx.orgA}/accept` }),
  },
  'POST /v1/alliances/:id/members/:organizationId/decline': {
    request: async (fx) => ({ path: `/v1/alliances/${await allianceInvitingA(fx)}/members/${fx.orgA}/decline` }),
  },
  'GET /v1/alliance-invitations': { request: () => ({ path: '/v1/alliance-invitations?status=invited' }) },

  'POST /v1/users': {
    request: (fx) => ({
      path: '/v1/users',
      body: { organizationId: fx.orgA, name: 'Matrix mentor', email: 'mentor@example.com', roles: ['mentor'] },
    }),
  },
  'GET /v1/users': { request: () => ({ path: '/v1/users?limit=5' }) },
  'GET /v1/users/:id': {
    request: async (fx) => ({ path: `/v1/users/${(await targetUser(fx)).id}` }),
  },
  'POST /v1/users/:id/tokens': {
    request: async (fx) => ({ path: `/v1/users/${(await targetUser(fx)).id}/tokens` }),
  },
  'POST /v1/users/:id/tokens/revoke': {
    request: async (fx) => ({ path: `/v1/users/${(await targetUser(fx)).id}/tokens/revoke`, body: {} }),
  },

  // The agreement routes (launch, list, read, steps, audit, certificate): test/api/agreement-route-examples.ts.
  ...agreementExamples,
  // Issue 21's routes (document upload, PDF certificates, exports): test/api/document-route-examples.ts.
  ...documentExamples,

  // The placement routes (positions, applications, rounds, placements, summary): test/api/placement-route-examples.ts.
  ...placementExamples,

  // The certification routes (programmes, applications and steps, review tasks, certificates): test/api/certification-route-examples.ts.
  ...certificationExamples,

  // The commissioner routes (service needs, commissioners, services and steps, the yearly report): test/api/commissioner-route-examples.ts.
  ...commissionerExamples,
  // The talent matching routes (demands, consent events, rounds and the holders' answers): test/api/talent-matching-route-examples.ts.
  ...talentMatchingExamples,
  // The training cohort and hours ledger routes: test/api/training-cohort-route-examples.ts.
  ...trainingCohortExamples,
  // The base accreditation routes and the programme dashboard: test/api/base-accreditation-route-examples.ts.
  ...baseAccreditationExamples,

  // The account routes (sessions, me, person invitations, password resets, security log, service accounts): test/api/account-route-examples.ts.
  ...accountExamples,

  'GET /v1/notifications': { request: () => ({ path: '/v1/notifications?limit=5&unread=true' }) },
  'POST /v1/notifications/:id/read': {
    request: async (fx) => ({ path: `/v1/notifications/${await notificationOfA(fx)}/read` }),
    // An inbox entry is personal: everyone but its owner gets 404 (the owner's case: test/api/notifications.test.ts).
    expect: () => false,
  },
  'POST /v1/webhooks': {
    request: () => ({ path: '/v1/webhooks', body: { url: 'https://93.184.216.34/matrix-hook', eventTypes: ['agreement.completed'] } }),
  },
  'GET /v1/webhooks': { request: () => ({ path: '/v1/webhooks?limit=5' }) },
  'POST /v1/webhooks/:id/disable': { request: async (fx) => ({ path: `/v1/webhooks/${await webhookOfA(fx)}/disable` }) },
  'POST /v1/webhooks/:id/rotate-secret': {
    request: async (fx) => ({ path: `/v1/webhooks/${await webhookOfA(fx)}/rotate-secret`, body: { gracePeriod: 'PT1H' } }),
  },
  'GET /v1/webhooks/:id/deliveries': { request: async (fx) => ({ path: `/v1/webhooks/${await webhookOfA(fx)}/deliveries` }) },

  // A payload sealed by the system's own codec, as the Web UI would send it from a history.
  'POST /v1/codec/decode': {
    request: async (fx) => {
      const [sealed] = await fx.system.payloadCodec.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"matrix":true}') }]);
      const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
      return {
        path: '/v1/codec/decode',
        body: {
          payloads: [{ metadata: Object.fromEntries(Object.entries(sealed!.metadata ?? {}).map(([k, v]) => [k, base64(v)])), data: base64(sealed!.data!) }],
        },
      };
    },
  },
};

/** A fresh alliance run by C that invites A: every cell answers an invitation of its own. */
async function allianceInvitingA(fx: Fixture): Promise<string> {
  const alliance = await registerAlliance(fx.system.db, randomUUID(), {
    name: 'Inviting alliance',
    secretariatOrganizationId: fx.orgC,
    memberOrganizationIds: [fx.orgA],
  });
  return alliance.id;
}

/** A webhook endpoint of organisation A (written straight to the database: no receiver is called). */
function webhookOfA(fx: Fixture): Promise<string> {
  return fx.once('webhook', async () => {
    const endpoint = await fx.system.db.webhookEndpoint.create({
      data: {
        id: randomUUID(),
        organizationId: fx.orgA,
        url: 'https://93.184.216.34/matrix-hook',
        eventTypes: ['agreement.completed'],
        createdBy: 'route-examples',
        secrets: { create: { id: randomUUID(), secret: newWebhookSecret() } },
      },
    });
    return endpoint.id;
  });
}

/** An inbox entry of a user of organisation A who is none of the matrix's callers. */
function notificationOfA(fx: Fixture): Promise<string> {
  return fx.once('notification', async () => {
    const owner = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['student'] });
    const id = randomUUID();
    await fx.system.db.notification.create({
      data: {
        id,
        eventId: `route-examples-${id}`,
        userId: owner.id,
        type: 'agreement.completed',
        resourceType: 'agreement',
        resourceId: randomUUID(),
        locale: 'zh-CN',
        title: 'Matrix',
        body: 'Matrix',
        data: {},
        occurredAt: new Date(),
      },
    });
    return id;
  });
}

/** A plain user of organisation A that cells read, issue tokens for and revoke. */
function targetUser(fx: Fixture) {
  return fx.once('target-user', () => createUser(fx.system.db, { organizationId: fx.orgA, roles: ['candidate'] }));
}

/** Organisations A, B and C, and the memo the examples share. */
export async function createFixture(system: TestSystem): Promise<Fixture> {
  const orgA = await createOrganization(system.db, 'secondary_vocational_school', 'Organisation A');
  const orgB = await createOrganization(system.db, 'enterprise', 'Organisation B');
  const orgC = await createOrganization(system.db, 'university', 'Organisation C');
  const memo = new Map<string, Promise<unknown>>();
  return {
    system,
    orgA: orgA.id,
    orgB: orgB.id,
    orgC: orgC.id,
    once: <T>(key: string, make: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
  };
}

// Example requests for the /v1/agreements routes, part of test/support/route-examples.ts (the
// authorization matrix sends each to every kind of caller; the malformed-input property test mutates the
// POST ones). The agreements belong to an alliance run by organisation A, and A is their first party, so
// A's users see them; organisation B's users do not (404). Who may take a step is the workflow's rule,
// which no route declaration can say: each step's `expect` names the callers it admits.
import { randomUUID } from 'node:crypto';
import { registerAlliance } from '../../api/parties/alliances';
import type { Role } from '../../api/auth/roles';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { admitMembers } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';
import { sha256 } from './agreement-fixtures';

const TEXT = 'The parties agree.';

/** Run by A; C invited and accepted (an agreement names only members). */
function allianceOfA(fx: Fixture) {
  return fx.once('agreement-alliance', async () => {
    const alliance = await registerAlliance(fx.system.db, randomUUID(), {
      name: 'Agreement matrix alliance',
      secretariatOrganizationId: fx.orgA,
      memberOrganizationIds: [fx.orgC],
    });
    await admitMembers(fx.system.db, alliance.id, [fx.orgC]);
    return alliance;
  });
}

/** A launch body; each organisation it names gets a signatory first (nobody could sign for it otherwise: 422). */
async function launchBody(fx: Fixture, parties?: unknown[]) {
  await signatoryOfA(fx);
  await fx.once('agreement-signatory-c', () => createUser(fx.system.db, { organizationId: fx.orgC, roles: ['signatory'] }));
  return {
    allianceId: (await allianceOfA(fx)).id,
    title: 'Matrix memorandum',
    kind: 'cooperation_memorandum',
    document: { text: TEXT },
    parties: parties ?? [{ partyId: 'school-1', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: fx.orgC }],
    policy: { deadline: 'PT1H' },
  };
}

/** A signatory of organisation A, who acts for A's party. */
function signatoryOfA(fx: Fixture) {
  return fx.once('agreement-signatory-a', () => createUser(fx.system.db, { organizationId: fx.orgA, roles: ['signatory'] }));
}

/**
 * An agreement launched by A's secretariat with A (role `roleOfA`) and C as parties, once it is quiet:
 * its launch recorded, no activity pending (so no row changes under a test that watches the tables).
 */
function agreementWithA(fx: Fixture, key: string, roleOfA: 'signer' | 'approver' = 'signer'): Promise<string> {
  return fx.once(`agreement-${key}`, async () => {
    const launcher = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['secretariat'] });
    const body = await launchBody(fx, [
      { partyId: 'a', displayName: 'Organisation A', role: roleOfA, routingGroup: 1, organizationId: fx.orgA },
      { partyId: 'c', displayName: 'Organisation C', role: 'signer', routingGroup: 1, organizationId: fx.orgC },
    ]);
    const launched = await request(fx.system.baseUrl, 'POST', '/v1/agreements', { body, headers: launcher.auth });
    if (launched.status !== 201) throw new Error(`fixture agreement: ${launched.status} ${JSON.stringify(launched.body)}`);
    const id = launched.body.id as string;
    const handle = fx.system.client.workflow.getHandle(agreementWorkflowId(id));
    await eventually(
      async () => ({ row: await fx.system.db.agreement.findUnique({ where: { id } }), pending: (await handle.describe()).raw.pendingActivities?.length ?? 0 }),
      (s) => s.row !== null && s.pending === 0,
    );
    return id;
  });
}

/** An effective agreement (A its only party, signed by A's signatory), for the certificate. */
function effectiveAgreement(fx: Fixture): Promise<string> {
  return fx.once('agreement-effective', async () => {
    const launcher = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['secretariat'] });
    const body = await launchBody(fx, [{ partyId: 'a', displayName: 'Organisation A', role: 'signer', routingGroup: 1, organizationId: fx.orgA }]);
    const launched = await request(fx.system.baseUrl, 'POST', '/v1/agreements', { body, headers: launcher.auth });
    const id = launched.body.id as string;
    const signed = await request(fx.system.baseUrl, 'POST', `/v1/agreements/${id}/sign`, {
      body: { partyId: 'a', documentSha256: sha256(TEXT) },
      headers: (await signatoryOfA(fx)).auth,
    });
    if (signed.status !== 200) throw new Error(`fixture signature: ${signed.status} ${JSON.stringify(signed.body)}`);
    await fx.system.client.workflow.getHandle(agreementWorkflowId(id)).result();
    return id;
  });
}

/** Only callers holding one of `roles` in organisation A (and, where listed, the admin). */
const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);
/** Any caller who can see the agreement: A's users and the admin, not organisation B's. */
const seers = (column: Column, derived: boolean) => derived && column.kind !== 'other-organization';

export const agreementExamples: Record<string, Example> = {
  'POST /v1/agreements': { request: async (fx) => ({ path: '/v1/agreements', body: await launchBody(fx) }) },
  'GET /v1/agreements': { request: (fx) => ({ path: `/v1/agreements?organizationId=${fx.orgC}&limit=5` }) },
  'GET /v1/agreements/:id': {
    request: async (fx) => ({ path: `/v1/agreements/${await agreementWithA(fx, 'read')}` }),
    expect: seers,
  },
  'GET /v1/agreements/:id/audit': {
    request: async (fx) => ({ path: `/v1/agreements/${await agreementWithA(fx, 'read')}/audit` }),
    expect: seers,
  },
  'GET /v1/agreements/:id/document': {
    request: async (fx) => ({ path: `/v1/agreements/${await agreementWithA(fx, 'read')}/document?version=1` }),
    expect: seers,
  },
  'GET /v1/agreements/:id/certificate': {
    request: async (fx) => ({ path: `/v1/agreements/${await effectiveAgreement(fx)}/certificate` }),
    expect: seers,
  },
  // The party steps: only a signatory of A, the party; everyone else who sees the agreement gets 403.
  'POST /v1/agreements/:id/sign': {
    request: async (fx) => ({ path: `/v1/agreements/${await agreementWithA(fx, 'sign')}/sign`, body: { partyId: 'a', documentSha256: sha256(TEXT) } }),
    expect: only('signatory'),
  },
  'POST /v1/agreements/:id/approve': {
    request: async (fx) => ({
      path: `/v1/agreements/${await agreementWithA(fx, 'approve', 'approver')}/approve`,
      body: { partyId: 'a', documentSha256: sha256(TEXT) },
    }),
    expect: only('signatory'),
  },
  'POST /v1/agreements/:id/decline': {
    request: async (fx) => ({
      path: `/v1/agreements/${await agreementWithA(fx, 'decline')}/decline`,
      body: { partyId: 'a', reason: 'The terms do not suit us.' },
    }),
    expect: only('signatory'),
  },
  'POST /v1/agreements/:id/delegate': {
    request: async (fx) => {
      const delegate = await fx.once('agreement-delegate-user', () => createUser(fx.system.db, { organizationId: fx.orgA, roles: ['mentor'] }));
      return { path: `/v1/agreements/${await agreementWithA(fx, 'delegate')}/delegate`, body: { partyId: 'a', toUserId: delegate.id } };
    },
    expect: only('signatory'),
    oncePerPerson: true,
  },
  // The secretariat's steps: A's secretariat and the admin.
  'POST /v1/agreements/:id/void': {
    request: async (fx) => ({ path: `/v1/agreements/${await agreementWithA(fx, 'void')}/void`, body: { reason: 'Launched twice.' } }),
    expect: only('admin', 'secretariat'),
  },
  'POST /v1/agreements/:id/amend': {
    request: async (fx) => ({
      path: `/v1/agreements/${await agreementWithA(fx, 'amend')}/amend`,
      body: { document: { text: 'The parties agree, as amended.' } },
    }),
    expect: only('admin', 'secretariat'),
  },
};

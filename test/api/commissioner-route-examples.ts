// Example requests for the commissioner routes (service needs and candidates, commissioners, services
// and their steps, the yearly report), part of test/support/route-examples.ts. The needs are
// organisation A's (the enterprise side: A's signatory and mentor act for it) in an alliance of A and
// the university C; the commissioners are C's, so only the admin registers and nominates them here (A's
// staff are outside C's scope). Who may take a step is the workflow's rule, which no route declaration
// can say: each step's `expect` names the callers it admits.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { registerAlliance } from '../../api/parties/alliances';
import { commissionerServiceWorkflowId, type CommissionerServiceStatus } from '../../core/commissioner-service/input';
import { admitMembers } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);
/** The enterprise side of A's services: the admin and A's signatories and mentors. */
const enterpriseOfA = only('admin', 'signatory', 'mentor');

/** Slow periods: a service stays in its state while the matrix runs. */
const slowPolicy = { acceptDeadline: 'PT1H', agreementDeadline: 'PT1H', logPeriod: 'PT1H', logGrace: 'PT1H', periods: 3, ratingDeadline: 'PT1H' };

/** The alliance (run by A, C admitted), C's staff and a commissioner of C. */
function programme(fx: Fixture) {
  return fx.once('commissioner-programme', async () => {
    const alliance = await registerAlliance(fx.system.db, randomUUID(), { name: 'Commissioner matrix alliance', secretariatOrganizationId: fx.orgA });
    await admitMembers(fx.system.db, alliance.id, [fx.orgC]);
    const [coordinator, signatory, enterpriseSignatory, commissionerUser] = await Promise.all([
      createUser(fx.system.db, { organizationId: fx.orgC, roles: ['school_coordinator'] }),
      createUser(fx.system.db, { organizationId: fx.orgC, roles: ['signatory'] }),
      createUser(fx.system.db, { organizationId: fx.orgA, roles: ['signatory'] }),
      createUser(fx.system.db, { organizationId: fx.orgC, roles: ['mentor'], name: 'Matrix commissioner' }),
    ]);
    const commissionerId = randomUUID();
    await fx.system.db.commissioner.create({
      data: {
        id: commissionerId,
        userId: commissionerUser.id,
        institutionOrganizationId: fx.orgC,
        domains: ['matrix engineering'],
        capacity: 50,
        registeredBy: 'route-examples',
      },
    });
    return { allianceId: alliance.id, coordinator, signatory, enterpriseSignatory, commissionerUser, commissionerId };
  });
}

/** A fresh open need of A. */
async function needOfA(fx: Fixture): Promise<string> {
  const p = await programme(fx);
  const id = randomUUID();
  await fx.system.db.serviceNeed.create({
    data: {
      id,
      organizationId: fx.orgA,
      allianceId: p.allianceId,
      domain: 'Matrix Engineering',
      problemStatement: 'A matrix problem.',
      expectedOutcome: 'A matrix outcome.',
      duration: 'P3M',
      createdBy: 'route-examples',
    },
  });
  return id;
}

async function call(fx: Fixture, method: string, path: string, auth: { authorization: string }, body?: unknown) {
  const res = await request(fx.system.baseUrl, method, path, { headers: auth, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`commissioner fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits until the service's workflow has nothing in flight, so no row changes under a test that watches the tables. */
async function quiet(fx: Fixture, serviceId: string, status: CommissionerServiceStatus): Promise<void> {
  const handle = fx.system.client.workflow.getHandle(commissionerServiceWorkflowId(serviceId));
  await eventually(
    async () => ({
      row: await fx.system.db.commissionerService.findUnique({ where: { id: serviceId }, select: { status: true, revision: true } }),
      pending: (await handle.describe()).raw.pendingActivities?.length ?? 0,
    }),
    (s) => s.row?.status === status && s.row.revision > 0 && s.pending === 0,
    { timeoutMs: 30_000 },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** A service of A with C's commissioner: nominated, active with a log for period 1, or awaiting the rating. */
function serviceOfA(fx: Fixture, key: string, stage: 'nominated' | 'active' | 'awaiting_rating'): Promise<string> {
  return fx.once(`commissioner-service-${key}`, async () => {
    const p = await programme(fx);
    const policy = stage === 'awaiting_rating' ? { ...slowPolicy, logPeriod: 'PT1S', logGrace: 'PT0S', periods: 1 } : slowPolicy;
    const nominated = await call(fx, 'POST', '/v1/commissioner-services', p.coordinator.auth, {
      needId: await needOfA(fx),
      commissionerId: p.commissionerId,
      policy,
    });
    const id = nominated.id as string;
    if (stage === 'nominated') {
      await quiet(fx, id, 'nominated');
      return id;
    }
    await call(fx, 'POST', `/v1/commissioner-services/${id}/accept`, p.enterpriseSignatory.auth);
    const agreement = await eventually(
      () => request(fx.system.baseUrl, 'GET', `/v1/agreements/${nominated.agreementId}`, { headers: p.commissionerUser.auth }),
      (r) => r.status === 200,
    );
    const signers = { enterprise: p.enterpriseSignatory, commissioner: p.commissionerUser, institution: p.signatory };
    for (const partyId of ['enterprise', 'commissioner', 'institution'] as const) {
      await call(fx, 'POST', `/v1/agreements/${nominated.agreementId}/sign`, signers[partyId].auth, { partyId, documentSha256: agreement.body.documentSha256 });
    }
    await eventually(
      () => fx.system.db.commissionerService.findUnique({ where: { id }, select: { status: true } }),
      (row) => row?.status === (stage === 'active' ? 'active' : 'awaiting_rating'),
      { timeoutMs: 30_000 },
    );
    if (stage === 'active')
      await call(fx, 'POST', `/v1/commissioner-services/${id}/service-logs`, p.commissionerUser.auth, { period: 1, hours: 8, activities: 'Matrix work.' });
    await quiet(fx, id, stage);
    return id;
  });
}

export const commissionerExamples: Record<string, Example> = {
  'POST /v1/service-needs': {
    request: async (fx) => ({
      path: '/v1/service-needs',
      body: {
        organizationId: fx.orgA,
        allianceId: (await programme(fx)).allianceId,
        domain: 'Matrix engineering',
        problemStatement: 'Our matrix needs help.',
        expectedOutcome: 'A better matrix.',
        duration: 'P6M',
      },
    }),
  },
  'GET /v1/service-needs': { request: (fx) => ({ path: `/v1/service-needs?organizationId=${fx.orgA}&limit=5` }) },
  'GET /v1/service-needs/:id/candidates': {
    request: async (fx) => ({ path: `/v1/service-needs/${await fx.once('commissioner-need-read', () => needOfA(fx))}/candidates` }),
    // The need's own staff (A's signatory and mentor), and institution staff of the alliance's members (A's coordinator: A is one).
    expect: only('admin', 'signatory', 'mentor', 'school_coordinator'),
  },
  // C's commissioners: only the admin is in C's scope among the matrix's callers.
  'POST /v1/commissioners': {
    request: async (fx) => ({
      path: '/v1/commissioners',
      body: { userId: (await programme(fx)).commissionerUser.id, domains: ['matrix engineering'], capacity: 50 },
    }),
    expect: only('admin'),
  },
  'GET /v1/commissioners': { request: () => ({ path: '/v1/commissioners?limit=5' }) },
  'POST /v1/commissioner-services': {
    request: async (fx) => ({
      path: '/v1/commissioner-services',
      body: { needId: await needOfA(fx), commissionerId: (await programme(fx)).commissionerId, policy: slowPolicy },
    }),
    expect: only('admin'),
  },
  'GET /v1/commissioner-services': { request: () => ({ path: '/v1/commissioner-services?limit=5' }) },
  'GET /v1/commissioner-services/:id': {
    request: async (fx) => ({ path: `/v1/commissioner-services/${await serviceOfA(fx, 'read', 'nominated')}` }),
    expect: enterpriseOfA,
  },
  'POST /v1/commissioner-services/:id/accept': {
    request: async (fx) => ({ path: `/v1/commissioner-services/${await serviceOfA(fx, 'accept', 'nominated')}/accept` }),
    expect: enterpriseOfA,
  },
  // The commissioner's step: the commissioner is none of the matrix's callers.
  'POST /v1/commissioner-services/:id/service-logs': {
    request: async (fx) => ({
      path: `/v1/commissioner-services/${await serviceOfA(fx, 'read', 'nominated')}/service-logs`,
      body: { period: 1, hours: 8, activities: 'Matrix work.' },
    }),
    expect: () => false,
  },
  'POST /v1/commissioner-services/:id/confirmations': {
    request: async (fx) => ({ path: `/v1/commissioner-services/${await serviceOfA(fx, 'active', 'active')}/confirmations`, body: { period: 1 } }),
    expect: enterpriseOfA,
  },
  'POST /v1/commissioner-services/:id/milestones': {
    request: async (fx) => ({
      path: `/v1/commissioner-services/${await serviceOfA(fx, 'active', 'active')}/milestones`,
      body: { title: 'Matrix milestone', note: 'Reached.' },
    }),
    expect: enterpriseOfA,
  },
  'POST /v1/commissioner-services/:id/end': {
    request: async (fx) => ({ path: `/v1/commissioner-services/${await serviceOfA(fx, 'end', 'nominated')}/end`, body: { reason: 'No longer needed.' } }),
    expect: enterpriseOfA,
  },
  'POST /v1/commissioner-services/:id/rating': {
    request: async (fx) => ({
      path: `/v1/commissioner-services/${await serviceOfA(fx, 'rating', 'awaiting_rating')}/rating`,
      body: { score: 4, comment: 'Good.' },
    }),
    expect: enterpriseOfA,
  },
  'GET /v1/commissioner-reports': { request: () => ({ path: '/v1/commissioner-reports?year=2026' }) },
};

// Fixtures of the commissioner tests (test/api/commissioner-service.test.ts, the route examples): an
// alliance whose members are enterprises and institutions, their staff and commissioners, and the steps
// through the HTTP API.
import { randomUUID } from 'node:crypto';
import type { OrganizationKind } from '../../prisma/generated/client';
import { registerAlliance } from '../../api/parties/alliances';
import type { CommissionerServicePolicy, CommissionerServiceStatus } from '../../core/commissioner-service/input';
import type { CommissionerServiceStatusView } from '../../core/commissioner-service/messages';
import { admitMembers } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';

type Auth = { authorization: string };

export interface Organisation {
  id: string;
  name: string;
  /** Signs for it (an organisation party of the agreement); enterprise staff and institution staff both. */
  signatory: TestUser;
  /** An institution's coordinator (registers and nominates); an enterprise's mentor. */
  staff: TestUser;
}

export async function organisation(system: TestSystem, kind: OrganizationKind, name: string): Promise<Organisation> {
  const org = await createOrganization(system.db, kind, name);
  const institution = kind === 'university' || kind === 'research_institute';
  const [signatory, staff] = await Promise.all([
    createUser(system.db, { organizationId: org.id, roles: ['signatory'], name: `${name} signatory` }),
    createUser(system.db, {
      organizationId: org.id,
      roles: [institution ? 'school_coordinator' : 'mentor'],
      name: `${name} ${institution ? 'coordinator' : 'mentor'}`,
    }),
  ]);
  return { id: org.id, name: org.name, signatory, staff };
}

/** An alliance run by its own secretariat, every organisation given an accepted member. */
export async function allianceOf(system: TestSystem, members: readonly { id: string }[]): Promise<string> {
  const secretariat = await createOrganization(system.db, 'government', 'Commissioner programme office');
  const alliance = await registerAlliance(system.db, randomUUID(), {
    name: `Commissioner alliance ${randomUUID().slice(0, 6)}`,
    secretariatOrganizationId: secretariat.id,
  });
  await admitMembers(
    system.db,
    alliance.id,
    members.map((m) => m.id),
  );
  return alliance.id;
}

export const post = (system: TestSystem, path: string, auth: Auth, body: unknown = {}) => request(system.baseUrl, 'POST', path, { headers: auth, body });
export const get = (system: TestSystem, path: string, auth: Auth) => request(system.baseUrl, 'GET', path, { headers: auth });

export async function postNeed(system: TestSystem, by: TestUser, allianceId: string, domain: string, duration = 'P3M'): Promise<string> {
  const res = await post(system, '/v1/service-needs', by.auth, {
    organizationId: by.organizationId,
    allianceId,
    domain,
    problemStatement: `Our line needs help with ${domain}.`,
    expectedOutcome: 'A working prototype and trained staff.',
    duration,
  });
  if (res.status !== 201) throw new Error(`service need: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A user of the institution registered as commissioner by its coordinator. */
export async function registerCommissioner(
  system: TestSystem,
  institution: Organisation,
  name: string,
  domains: string[],
  capacity: number,
): Promise<{ id: string; user: TestUser }> {
  const user = await createUser(system.db, { organizationId: institution.id, roles: ['mentor'], name });
  const res = await post(system, '/v1/commissioners', institution.staff.auth, { userId: user.id, domains, capacity });
  if (res.status !== 201) throw new Error(`commissioner: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, user };
}

/** Periods of seconds: three periods with the same grace (production: P1M and P7D). */
export function fastPolicy(period: string, overrides: Partial<CommissionerServicePolicy> = {}): Partial<CommissionerServicePolicy> {
  return {
    acceptDeadline: 'PT1H',
    agreementDeadline: 'PT1H',
    logPeriod: period,
    logGrace: period,
    periods: 3,
    missedLogsToEscalate: 2,
    ratingDeadline: 'PT1H',
    ...overrides,
  };
}

export function nominate(system: TestSystem, by: TestUser, needId: string, commissionerId: string, policy: Partial<CommissionerServicePolicy>) {
  return post(system, '/v1/commissioner-services', by.auth, { needId, commissionerId, policy });
}

export function step(system: TestSystem, serviceId: string, path: string, auth: Auth, body: unknown = {}) {
  return post(system, `/v1/commissioner-services/${serviceId}/${path}`, auth, body);
}

export async function liveService(system: TestSystem, serviceId: string, auth: Auth): Promise<CommissionerServiceStatusView> {
  const res = await get(system, `/v1/commissioner-services/${serviceId}`, auth);
  if (res.status !== 200) throw new Error(`service ${serviceId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CommissionerServiceStatusView;
}

export function waitForService(
  system: TestSystem,
  serviceId: string,
  auth: Auth,
  accept: (s: CommissionerServiceStatusView) => boolean,
  timeoutMs = 60_000,
): Promise<CommissionerServiceStatusView> {
  return eventually(() => liveService(system, serviceId, auth), accept, { timeoutMs, intervalMs: 100 });
}

export function waitForStatus(system: TestSystem, serviceId: string, auth: Auth, status: CommissionerServiceStatus) {
  return waitForService(system, serviceId, auth, (s) => s.status === status);
}

/** The three parties sign the tripartite service agreement through the agreement routes. */
export async function signServiceAgreement(
  system: TestSystem,
  agreementId: string,
  signers: { enterprise: TestUser; commissioner: TestUser; institution: TestUser },
): Promise<{ title: string; kind: string; parties: string[] }> {
  const agreement = await eventually(
    () => get(system, `/v1/agreements/${agreementId}`, signers.commissioner.auth),
    (r) => r.status === 200 && typeof r.body.documentSha256 === 'string',
  );
  for (const partyId of ['enterprise', 'commissioner', 'institution'] as const) {
    const res = await post(system, `/v1/agreements/${agreementId}/sign`, signers[partyId].auth, { partyId, documentSha256: agreement.body.documentSha256 });
    if (res.status !== 200) throw new Error(`sign ${partyId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { title: agreement.body.title, kind: agreement.body.kind, parties: (agreement.body.parties as { partyId: string }[]).map((p) => p.partyId) };
}

/** The caller's inbox entries of one type. */
/**
 * The user's notifications of one type, once one about `resourceId` is there: the workflow's status
 * changes before its notify activity has run, so a read right after a status would race with it.
 */
export async function inbox(
  system: TestSystem,
  user: TestUser,
  type: string,
  resourceId: string,
): Promise<{ type: string; resource: { id: string }; title: string }[]> {
  type Notice = { type: string; resource: { id: string }; title: string };
  return eventually(
    async () => (await get(system, `/v1/notifications?limit=100&type=${type}`, user.auth)).body.items as Notice[],
    (items) => items.some((n) => n.resource.id === resourceId),
  );
}

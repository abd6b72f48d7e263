// Shared set-up of the agreement tests: an alliance with its secretariat, organisation parties with
// signatories, and small wrappers around the agreement routes.
import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { registerAlliance } from '../../api/parties/alliances';
import type { OrganizationKind } from '../../prisma/generated/client';
import { admitParties } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { type JsonResponse, request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface AllianceFixture {
  allianceId: string;
  secretariatOrganizationId: string;
  secretariat: TestUser;
}

export async function allianceFixture(system: TestSystem, name = 'Digital craftsmen alliance'): Promise<AllianceFixture> {
  const organization = await createOrganization(system.db, 'association', `${name} secretariat`);
  const secretariat = await createUser(system.db, { organizationId: organization.id, roles: ['secretariat'], name: 'Secretary Li' });
  const alliance = await registerAlliance(system.db, randomUUID(), { name, secretariatOrganizationId: organization.id });
  return { allianceId: alliance.id, secretariatOrganizationId: organization.id, secretariat };
}

export interface OrganizationParty {
  organizationId: string;
  name: string;
  signatory: TestUser;
}

export async function organizationParty(system: TestSystem, kind: OrganizationKind, name: string, roles: Role[] = ['signatory']): Promise<OrganizationParty> {
  const organization = await createOrganization(system.db, kind, name);
  const signatory = await createUser(system.db, {
    organizationId: organization.id,
    roles,
    name: `Signatory of ${name}`,
    email: `signatory-${organization.id.slice(0, 8)}@example.com`,
  });
  return { organizationId: organization.id, name, signatory };
}

export interface LaunchOptions {
  title?: string;
  kind?: string;
  document?: { text: string } | { reference: string; sha256: string };
  policy?: Record<string, unknown>;
}

export function launchBody(alliance: AllianceFixture, parties: unknown[], options: LaunchOptions = {}) {
  return {
    allianceId: alliance.allianceId,
    title: options.title ?? 'Co-education memorandum',
    kind: options.kind ?? 'cooperation_memorandum',
    document: options.document ?? { text: 'The parties agree to co-educate digital craftsmen.' },
    parties,
    policy: options.policy ?? { deadline: 'PT1M' },
  };
}

/**
 * Launches through the API. An agreement names only members of its alliance: the organisations the body
 * names are invited and accept first (test/support/alliance-members.ts), as they would have to.
 */
export async function launch(
  system: TestSystem,
  alliance: AllianceFixture,
  body: unknown,
): Promise<{ id: string; workflowId: string; documentSha256: string }> {
  await admitParties(system.db, body as Parameters<typeof admitParties>[1]);
  const response = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers: alliance.secretariat.auth });
  if (response.status !== 201) throw new Error(`launch failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function step(system: TestSystem, who: TestUser, id: string, name: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return request(system.baseUrl, 'POST', `/v1/agreements/${id}/${name}`, { body, headers: { ...who.auth, ...headers } });
}

export function read(system: TestSystem, who: TestUser, path: string): Promise<JsonResponse> {
  return request(system.baseUrl, 'GET', path, { headers: who.auth });
}

/** Waits until the agreement's projection row reaches the status (and, for effective, its seal). */
export async function recordWithStatus(system: TestSystem, id: string, status: string, timeoutMs = 30_000) {
  const row = await eventually(
    () => system.db.agreement.findUnique({ where: { id } }),
    (row) => row !== null && row.status === status && (status !== 'effective' || row.seal !== null),
    { timeoutMs },
  );
  return row!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields of the step's data it expects.
export async function auditSteps(system: TestSystem, id: string): Promise<{ sequence: number; step: string; actor: string; data: any; occurredAt: Date }[]> {
  return system.db.auditEntry.findMany({ where: { subjectType: 'agreement', subjectId: id }, orderBy: { sequence: 'asc' } });
}

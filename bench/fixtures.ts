// The people and organisations the benchmarks act as, written straight to the database with the test
// suite's own helpers, and a small HTTP client for the load (Node's fetch, loopback only).
import { createHash, randomUUID } from 'node:crypto';
import { registerAlliance } from '../api/parties/alliances';
import type { Database } from '../platform/database';
import type { OrganizationKind } from '../prisma/generated/client';
import { request } from '../test/support/http';
import { admitMembers } from '../test/support/alliance-members';
import { createOrganization, createUser, type TestUser } from '../test/support/parties';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface PartyOrganization {
  organizationId: string;
  signatory: TestUser;
}

export interface AgreementCast {
  allianceId: string;
  secretariatOrganizationId: string;
  secretariat: TestUser;
  parties: PartyOrganization[];
}

const PARTY_KINDS: OrganizationKind[] = ['secondary_vocational_school', 'enterprise', 'university', 'government', 'industrial_park', 'research_institute'];

/** An alliance with its secretariat and `parties` organisations, each with a signatory. */
export async function agreementCast(db: Database, parties: number, label: string): Promise<AgreementCast> {
  const secretariatOrganization = await createOrganization(db, 'association', `${label} secretariat`);
  const secretariat = await createUser(db, { organizationId: secretariatOrganization.id, roles: ['secretariat'], name: `${label} secretary` });
  const alliance = await registerAlliance(db, randomUUID(), { name: `${label} alliance`, secretariatOrganizationId: secretariatOrganization.id });
  const members: PartyOrganization[] = [];
  for (let i = 0; i < parties; i++) {
    const organization = await createOrganization(db, PARTY_KINDS[i % PARTY_KINDS.length]!, `${label} party ${i + 1}`);
    const signatory = await createUser(db, { organizationId: organization.id, roles: ['signatory'], name: `${label} signatory ${i + 1}` });
    members.push({ organizationId: organization.id, signatory });
  }
  // Invited into the alliance and accepted: an agreement names only members.
  await admitMembers(
    db,
    alliance.id,
    members.map((m) => m.organizationId),
  );
  return { allianceId: alliance.id, secretariatOrganizationId: secretariatOrganization.id, secretariat, parties: members };
}

export const AGREEMENT_TEXT =
  'The parties agree to co-educate digital craftsmen: the schools lay the foundations, the colleges raise the level, the enterprises supply the projects.';

/** A launch body: every party a signer, in `groups` routing groups (1: all in parallel; n: one after another). */
export function launchBody(cast: AgreementCast, options: { sequential: boolean; title: string }) {
  return {
    allianceId: cast.allianceId,
    title: options.title,
    kind: 'co_education_project',
    document: { text: AGREEMENT_TEXT },
    parties: cast.parties.map((p, i) => ({
      partyId: `party-${i + 1}`,
      displayName: `Party ${i + 1}`,
      role: 'signer',
      routingGroup: options.sequential ? i + 1 : 1,
      organizationId: p.organizationId,
    })),
    // Long enough that no deadline or reminder fires during a run.
    policy: { deadline: 'P30D' },
  };
}

export class HttpError extends Error {}

/** A request that must answer `expected`; the answer's body otherwise is the error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers name the answer's shape they expect, or read it untyped.
export async function call<T = any>(baseUrl: string, method: string, path: string, who: TestUser, body: unknown, expected: number): Promise<T> {
  const response = await request<T>(baseUrl, method, path, { body, headers: who.auth });
  if (response.status !== expected) {
    throw new HttpError(`${method} ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  return response.body;
}

/**
 * Waits until the launch is recorded (the agreement's row exists) before the first signature.
 * Work-around: a sign Update that reaches AgreementSigning in its very first workflow task is queued
 * in the audit trail before the launch, and its projection write then fails on the missing row for
 * ever (reported; see BENCHMARKS.md). A person reads the agreement before signing anyway.
 */
export async function launchRecorded(env: { db: Database }, agreementId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (await env.db.agreement.findUnique({ where: { id: agreementId }, select: { id: true } })) return;
    if (Date.now() > deadline) throw new Error(`agreement ${agreementId} was not recorded within ${timeoutMs} ms of its launch`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

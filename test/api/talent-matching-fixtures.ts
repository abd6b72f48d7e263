// Fixtures of the talent matching tests (test/api/talent-matching.test.ts, the route examples): a talent
// base (an alliance's secretariat) with member enterprises, certificate holders, and certificates
// issued either the whole way through the certification workflow or, for speed, by the certification
// issuing activity itself (a certificate row, signed, on an application row written directly).
import { randomUUID } from 'node:crypto';
import { registerAlliance } from '../../api/parties/alliances';
import { createCertificateActivities } from '../../activities/certification/certificates';
import { loadIssuerKey } from '../../activities/certification/issuer-key';
import type { CertificateLevel } from '../../core/talent-matching/input';
import { createLogger } from '../../platform/logger';
import { admitMembers } from '../support/alliance-members';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';

export interface TalentBase {
  allianceId: string;
  baseOrganizationId: string;
  /** The base's secretariat staff: runs the rounds. */
  staff: TestUser;
}

export interface Enterprise {
  id: string;
  name: string;
  signatory: TestUser;
}

export async function talentBase(system: TestSystem, enterprises: readonly { id: string }[]): Promise<TalentBase> {
  const base = await createOrganization(system.db, 'government', `District talent base ${randomUUID().slice(0, 6)}`);
  const staff = await createUser(system.db, { organizationId: base.id, roles: ['secretariat'], name: 'Talent base officer' });
  const alliance = await registerAlliance(system.db, randomUUID(), { name: `Talent alliance ${randomUUID().slice(0, 6)}`, secretariatOrganizationId: base.id });
  await admitMembers(
    system.db,
    alliance.id,
    enterprises.map((e) => e.id),
  );
  return { allianceId: alliance.id, baseOrganizationId: base.id, staff };
}

export async function enterprise(system: TestSystem, name: string): Promise<Enterprise> {
  const org = await createOrganization(system.db, 'enterprise', name);
  const signatory = await createUser(system.db, { organizationId: org.id, roles: ['signatory'], name: `${name} signatory` });
  return { id: org.id, name: org.name, signatory };
}

export async function postDemand(
  system: TestSystem,
  by: Enterprise,
  allianceId: string,
  demand: { domain: string; level: CertificateLevel; count: number; location: string; deadline?: string },
): Promise<string> {
  const res = await request(system.baseUrl, 'POST', '/v1/talent-demands', {
    headers: by.signatory.auth,
    body: { organizationId: by.id, allianceId, deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(), ...demand },
  });
  if (res.status !== 201) throw new Error(`talent demand: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function consent(
  system: TestSystem,
  holder: TestUser,
  allianceId: string,
  shares: string[] = [],
  locations: string[] = [],
  decision: 'granted' | 'withdrawn' = 'granted',
): Promise<void> {
  const res = await request(system.baseUrl, 'POST', '/v1/talent-consents', { headers: holder.auth, body: { allianceId, decision, shares, locations } });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Issues certificates with the certification programme's own issuing activity (signed, numbered, on the status list). */
export function certificateIssuer(system: TestSystem, programme: { id: string; name: string; certificatePrefix: string; secretariatOrganizationId: string }) {
  const log = createLogger('talent-fixtures', 'silent');
  const activities = createCertificateActivities({
    db: system.db,
    log,
    issuerKey: () => loadIssuerKey(system.config.certification, system.config.dataDir, log),
    issuerName: system.config.certification.issuerName,
    baseUrl: system.config.certification.baseUrl,
  });
  return async (holder: { id: string }, domain: string, level: CertificateLevel, issuedAt = new Date(), validity = 'P3Y') => {
    const applicationId = randomUUID();
    await system.db.certificationApplication.create({
      data: {
        id: applicationId,
        workflowId: `certification-${applicationId}`,
        programmeId: programme.id,
        domain,
        level,
        candidateUserId: holder.id,
        appliedBy: holder.id,
        secretariatOrganizationId: programme.secretariatOrganizationId,
        trainingHours: 200,
        evidence: [],
        status: 'issued',
        closed: true,
        submittedAt: issuedAt,
      },
    });
    return activities.issueCertificate({
      applicationId,
      programme,
      domain,
      level,
      candidateUserId: holder.id,
      evidence: [],
      criteria: 'Issued by the programme (test fixture: the issuing activity without the review).',
      issuedAt: issuedAt.toISOString(),
      validity,
    });
  };
}

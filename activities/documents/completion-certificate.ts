// The certificate of completion of an effective agreement, assembled from its records: what was signed
// (document, version, seal), by whom and when (signatures, delegations), verified against the records
// and the audit trail. The API answers it as JSON and HTML (api/agreements/certificate.ts); the worker
// renders it as PDF when the agreement completes (completion-certificate-pdf.ts), so both read it here.
import type { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { SignatureRecord } from '../../core/agreement-signing/seal';
import type { AuditKeys } from '../audit/audit-signing';
import { readAuditTrail } from '../audit/audit-trail';
import { sealedHeadOf, verifySeal } from '../audit/seal-verification';
import { createDocumentStore } from './store';

/** An agreement row with its parties, as the API's visibility check reads it. */
export type AgreementRecord = Prisma.AgreementGetPayload<{ include: { parties: true } }>;

/** The row and its parties in routing order. */
export function agreementRecordOf(db: Database, id: string): Promise<AgreementRecord | null> {
  return db.agreement.findUnique({ where: { id }, include: { parties: { orderBy: [{ routingGroup: 'asc' }, { partyId: 'asc' }] } } });
}

export async function completionCertificateOf(db: Database, keys: AuditKeys, record: AgreementRecord) {
  const [signatures, delegations, versions, alliance, trail] = await Promise.all([
    db.agreementSignature.findMany({ where: { agreementId: record.id, version: record.version } }),
    db.agreementDelegation.findMany({ where: { agreementId: record.id }, orderBy: [{ partyId: 'asc' }, { sequence: 'asc' }] }),
    db.agreementVersion.findMany({ where: { agreementId: record.id }, orderBy: { version: 'asc' } }),
    record.allianceId ? db.alliance.findUnique({ where: { id: record.allianceId }, select: { name: true } }) : null,
    readAuditTrail(db, keys, 'agreement', record.id),
  ]);
  const userIds = new Set<string>([
    ...record.parties.flatMap((p) => (p.userId ? [p.userId] : [])),
    ...signatures.map((s) => s.actedByUserId),
    ...delegations.flatMap((d) => [d.fromUserId, d.toUserId]),
  ]);
  const organizationIds = new Set<string>(record.parties.flatMap((p) => (p.organizationId ? [p.organizationId] : [])));
  const [users, organizations] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }),
    db.organization.findMany({ where: { id: { in: [...organizationIds] } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const organizationName = new Map(organizations.map((o) => [o.id, o.name]));
  const person = (id: string) => ({ userId: id, name: userName.get(id) ?? null });

  const records: SignatureRecord[] = signatures.map((s) => ({
    partyId: s.partyId,
    role: s.role as SignatureRecord['role'],
    step: s.step as SignatureRecord['step'],
    actedBy: s.actedByUserId,
    onBehalfOf: s.onBehalfOfOrganizationId,
    delegated: s.delegated,
    documentSha256: s.documentSha256,
    at: s.occurredAt.toISOString(),
  }));
  const auditHead = { sequence: record.auditHeadSequence!, hash: record.auditHeadHash! };
  const seal = verifySeal(keys, record, records);
  const current = versions.find((v) => v.version === record.version);
  const stored = (await createDocumentStore(db).refs([record.documentSha256])).get(record.documentSha256) ?? null;

  return {
    type: 'AllianceFlow certificate of completion',
    agreementId: record.id,
    title: record.title,
    kind: record.kind,
    alliance: { id: record.allianceId, name: alliance?.name ?? null },
    status: record.status,
    version: record.version,
    documentSha256: record.documentSha256,
    documentReference: current?.documentReference ?? null,
    /** The signed body in the document store (its reference; the body at GET .../document). */
    document: stored,
    launchedAt: record.createdAt.toISOString(),
    effectiveAt: record.effectiveAt?.toISOString() ?? null,
    effectiveUntil: record.effectiveUntil?.toISOString() ?? null,
    seal: record.seal,
    verification: {
      ...seal,
      auditTrailValid: trail.verification.valid,
      auditTrailProven: trail.verification.proven,
      auditTrailFirstInvalid: trail.verification.firstInvalid,
      auditHeadInTrail: sealedHeadOf(record, trail)?.inTrail ?? false,
      auditHead,
    },
    parties: record.parties.map((p) => {
      const signature = signatures.find((s) => s.partyId === p.partyId);
      return {
        partyId: p.partyId,
        displayName: p.displayName,
        role: p.role,
        routingGroup: p.routingGroup,
        organization: p.organizationId ? { id: p.organizationId, name: organizationName.get(p.organizationId) ?? null } : null,
        user: p.userId ? person(p.userId) : null,
        action: signature
          ? {
              step: signature.step,
              at: signature.occurredAt.toISOString(),
              by: person(signature.actedByUserId),
              delegated: signature.delegated,
              documentSha256: signature.documentSha256,
            }
          : null,
        delegations: delegations
          .filter((d) => d.partyId === p.partyId)
          .map((d) => ({ version: d.version, at: d.occurredAt.toISOString(), from: person(d.fromUserId), to: person(d.toUserId), reason: d.reason })),
      };
    }),
    versions: versions.map((v) => ({
      version: v.version,
      documentSha256: v.documentSha256,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdBy,
      note: v.note,
    })),
  };
}

export type CompletionCertificate = Awaited<ReturnType<typeof completionCertificateOf>>;

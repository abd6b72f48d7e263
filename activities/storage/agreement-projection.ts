// Writes the listing projection of agreements. Every write is an upsert keyed by the agreement, so a
// retried activity leaves the same rows as a single run.
import type { Database } from '../../platform/database';
import type { AgreementKind, AgreementStatus, PartyInput } from '../../workflows/agreement-signing/contract';

export interface AgreementLaunchedRecord {
  agreementId: string;
  workflowId: string;
  allianceId?: string;
  title: string;
  kind: AgreementKind;
  documentSha256: string;
  deadlineAt: string;
  parties: PartyInput[];
}

export interface AgreementStatusRecord {
  agreementId: string;
  status: AgreementStatus;
  version: number;
}

export function createAgreementProjectionActivities(db: Database) {
  return {
    async recordAgreementLaunched(record: AgreementLaunchedRecord): Promise<void> {
      await db.$transaction([
        db.agreement.upsert({
          where: { id: record.agreementId },
          create: {
            id: record.agreementId,
            workflowId: record.workflowId,
            allianceId: record.allianceId ?? null,
            title: record.title,
            kind: record.kind,
            status: 'in_progress',
            documentSha256: record.documentSha256,
            deadline: new Date(record.deadlineAt),
          },
          // Already recorded by an earlier attempt: nothing in the launch record changes.
          update: {},
        }),
        db.agreementParty.createMany({
          data: record.parties.map((p) => ({
            agreementId: record.agreementId,
            partyId: p.partyId,
            displayName: p.displayName,
            role: p.role,
            routingGroup: p.routingGroup,
          })),
          skipDuplicates: true,
        }),
      ]);
    },

    async recordAgreementStatus(record: AgreementStatusRecord): Promise<void> {
      await db.agreement.update({
        where: { id: record.agreementId },
        data: { status: record.status, version: record.version },
      });
    },
  };
}

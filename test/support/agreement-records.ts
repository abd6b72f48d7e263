// An agreement's launch record as the workflow hands it to recordAgreementStep
// (activities/storage/agreement-projection.ts), for tests that write agreements straight to the database.
import type { AgreementLaunchedRecord } from '../../activities/storage/agreement-projection';

export function launchedAgreementRecord(options: {
  agreementId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  /** Launches the agreement and writes its first version. */
  launchedBy: string;
  documentSha256: string;
  parties: AgreementLaunchedRecord['parties'];
}): AgreementLaunchedRecord {
  const { agreementId, allianceId, secretariatOrganizationId, launchedBy, documentSha256, parties } = options;
  return {
    agreementId,
    workflowId: `agreement-${agreementId}`,
    allianceId,
    secretariatOrganizationId,
    launchedBy,
    title: '校企合作协议',
    kind: 'cooperation_memorandum',
    launchedAt: '2026-12-06T08:00:00.000Z',
    deadlineAt: '2027-01-06T08:00:00.000Z',
    currentRoutingGroup: 1,
    firstVersion: {
      version: 1,
      documentSha256,
      document: { reference: 'https://docs.example.com/1', sha256: documentSha256 },
      createdBy: launchedBy,
      createdAt: '2026-12-06T08:00:00.000Z',
      note: null,
    },
    parties,
  };
}

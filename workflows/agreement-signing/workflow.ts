// AgreementSigning: one workflow per agreement, durable for as long as the agreement is open.
// It holds the process state and decides; activities write the projection and send notifications.
import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { AgreementStatusKey } from '../search-attributes';
import { addIsoDuration } from '../shared/iso-duration';
import { type AgreementSigningInput, type AgreementStatusView, statusQuery } from './contract';
import { type AgreementState, expire, initialState, toStatusView } from './state';

const storage = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Storage outages are waited out rather than failing the agreement.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function agreementSigning(input: AgreementSigningInput): Promise<AgreementStatusView> {
  const launchedAt = new Date(workflowInfo().startTime.getTime());
  const deadlineAt = addIsoDuration(launchedAt, input.policy.deadline);
  let state: AgreementState = initialState(input, deadlineAt);
  setHandler(statusQuery, () => toStatusView(state));

  await storage.recordAgreementLaunched({
    agreementId: input.agreementId,
    workflowId: workflowInfo().workflowId,
    allianceId: input.allianceId,
    title: input.title,
    kind: input.kind,
    documentSha256: input.documentSha256,
    deadlineAt: state.deadlineAt,
    parties: input.parties,
  });

  // Wait for the parties until the deadline; the signing steps arrive as Updates (next milestone).
  const finished = await condition(() => state.status !== 'in_progress', deadlineAt.getTime() - Date.now());
  if (!finished) state = expire(state);

  upsertSearchAttributes([{ key: AgreementStatusKey, value: state.status }]);
  await storage.recordAgreementStatus({ agreementId: state.agreementId, status: state.status, version: state.version });
  return toStatusView(state);
}

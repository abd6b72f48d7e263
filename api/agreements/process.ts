// The agreement process as the step gateway (api/step-gateway.ts) knows it: its workflow id, live
// status, record, and the answer to a step once its workflow has ended.
import type { Actor, AgreementStatusView, DelegateStep, StepName, StepResult } from '../../workflows/agreement-signing/contract';
import { agreementWorkflowId, refusals, statusQuery } from '../../workflows/agreement-signing/contract';
import { isSecretariat, mayActFor } from '../../workflows/agreement-signing/who-may-act';
import { NotFoundProblem } from '../errors';
import { type ClosedStep, type ProcessDescriptor, refusalProblem } from '../step-gateway';
import { agreementRecord, type AgreementRow } from './visibility';

/** The party state each party step leaves: repeating it on a closed agreement is answered as done. */
const completedState: Partial<Record<StepName, string>> = { sign: 'signed', approve: 'approved', decline: 'declined' };

/**
 * A step on an agreement whose workflow has ended (declined, voided, expired, or effective with nothing
 * left to remind): the validators' order over the recorded rows, by the workflow's own rules (who may
 * act for a party, who is the secretariat). Who may act (403), a repeat of a completed step (answered
 * as done), and otherwise a refusal, since nothing can change any more (409).
 */
function stepOnClosedAgreement(record: AgreementRow, closed: ClosedStep): StepResult {
  const step = closed.name as StepName;
  // Always prepared: this process answers from its record only once an Update found no workflow.
  const args = closed.args as { actor: Actor; partyId?: string } & Partial<Pick<DelegateStep, 'to'>>;
  const party = args.partyId ?? null;
  const done: StepResult = {
    agreementId: record.id,
    step,
    partyId: party,
    status: record.status as StepResult['status'],
    version: record.version,
    currentRoutingGroup: null,
    alreadyDone: true,
  };
  if (party !== null) {
    const row = record.parties.find((p) => p.partyId === party);
    if (!row) throw refusalProblem(refusals.unknownParty, `there is no party ${party} in this agreement`);
    const recorded = {
      kind: row.kind as 'user' | 'organization',
      userId: row.userId,
      organizationId: row.organizationId,
      delegatedTo: row.delegatedToUserId ? { userId: row.delegatedToUserId } : null,
    };
    if (!mayActFor(recorded, args.actor)) throw refusalProblem(refusals.notAuthorized, `the caller may not act for party ${party}`);
    if (completedState[step] !== undefined && row.state === completedState[step]) return done;
    if (step === 'delegate' && row.delegatedToUserId === args.to?.userId) return done;
  } else {
    if (!isSecretariat(record, args.actor))
      throw refusalProblem(refusals.notAuthorized, `only the secretariat of alliance ${record.allianceId} may ${step} this agreement`);
    if (step === 'void' && record.status === 'voided') return done;
  }
  // The same words as the workflow's refusal (state.ts `closed`).
  const how =
    record.status === 'effective'
      ? 'is already effective'
      : record.closedAt
        ? `was ${record.status} at ${record.closedAt.toISOString()}`
        : `is ${record.status}`;
  throw refusalProblem(refusals.agreementClosed, `the agreement ${how}; no further steps are possible`);
}

export const agreementProcess: ProcessDescriptor<AgreementRow, AgreementStatusView> = {
  kind: 'agreement',
  recordsFollowSteps: true,
  noun: 'agreement',
  workflowId: agreementWorkflowId,
  statusQuery,
  notFound: (id) => new NotFoundProblem(`Agreement ${id}`),
  readRecord: (deps, id) => agreementRecord(deps, id),
  stepOnClosed: stepOnClosedAgreement,
};

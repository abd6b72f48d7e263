// The placement process as the step gateway (api/step-gateway.ts) knows it: its workflow id, live
// status, record, and the answer to a step once its workflow has ended.
import type { Placement } from '../../prisma/generated/client';
import {
  closedStatuses,
  declineUpdate,
  placementRefusals,
  placementStatusQuery,
  type PlacementStatusView,
  type PlacementStepResult,
  placementWorkflowId,
  seatHoldingStatuses,
  terminateUpdate,
  transferUpdate,
} from '../../workflows/apprenticeship-placement/contract';
import { type ClosingStep, mayTakeClosingStep, type PlacementParties } from '../../workflows/apprenticeship-placement/who-may-act';
import { ConflictProblem, NotFoundProblem } from '../errors';
import { type ClosedStep, type ProcessDescriptor, refusalProblem } from '../step-gateway';
import { actorOf } from '../actor';

/** The closing steps, and the status each leaves: repeating one on a closed placement is answered as done. */
const closingSteps: Record<string, { step: ClosingStep; status: PlacementStatusView['status'] }> = {
  [terminateUpdate.name]: { step: 'terminate', status: 'terminated' },
  [transferUpdate.name]: { step: 'transfer', status: 'transferred' },
  [declineUpdate.name]: { step: 'decline', status: 'declined' },
};

/** The parties of a placement, from its record, as the workflow's who-may-act rules read them. */
function recordedParties(row: Placement): PlacementParties {
  return {
    input: {
      student: { userId: row.studentUserId },
      school: { organizationId: row.schoolOrganizationId },
      schoolMentor: { userId: row.schoolMentorUserId },
      enterprise: { organizationId: row.enterpriseOrganizationId },
      enterpriseMentor: { userId: row.enterpriseMentorUserId },
    },
  };
}

/** A step on a placement whose workflow has ended: a repeat of the step that closed it, or a refusal. */
function stepOnClosedPlacement(row: Placement, step: ClosedStep): PlacementStepResult {
  const closing = closingSteps[step.name];
  if (closing && row.status === closing.status) {
    if (!mayTakeClosingStep(recordedParties(row), closing.step, actorOf(step.principal))) {
      throw refusalProblem(placementRefusals.notAuthorized, `the caller may not ${closing.step} this placement`);
    }
    return {
      placementId: row.id,
      step: closing.step,
      status: row.status,
      alreadyDone: true,
      reference: null,
      violations: [],
      continuationPlacementId: row.nextPlacementId,
    };
  }
  throw new ConflictProblem(`The placement is ${row.status}; no further steps are possible.`, { refusal: placementRefusals.invalidState });
}

export const placementProcess: ProcessDescriptor<Placement, PlacementStatusView> = {
  kind: 'placement',
  recordsFollowSteps: true,
  noun: 'placement',
  workflowId: placementWorkflowId,
  statusQuery: placementStatusQuery,
  notFound: (id) => new NotFoundProblem(`Placement ${id}`),
  readRecord: (deps, id) => deps.db.placement.findUnique({ where: { id } }),
  // Between two runs (continue-as-new) an Update finds no running workflow for a moment: retried.
  betweenRuns: (row) => (seatHoldingStatuses as readonly string[]).includes(row.status),
  // The workflow has ended (the row records its last step): a repeat of the closing step, or 409.
  ended: (row) => (closedStatuses as readonly string[]).includes(row.status),
  stepOnClosed: stepOnClosedPlacement,
};

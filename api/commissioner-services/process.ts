// The commissioner service as the step gateway (api/step-gateway.ts) knows it: its workflow id, live
// status, record, and the answer to a step once its workflow has ended.
import type { CommissionerService } from '../../prisma/generated/client';
import { closedServiceStatuses, commissionerServiceWorkflowId, engagementHoldingStatuses } from '../../core/commissioner-service/input';
import {
  type CommissionerServiceStatusView,
  endUpdate,
  rateUpdate,
  serviceRefusals,
  serviceStatusQuery,
  type ServiceStepResult,
} from '../../core/commissioner-service/messages';
import { actsForEnterprise, mayEnd } from '../../workflows/commissioner-service/who-may-act';
import { actorOf } from '../actor';
import { ConflictProblem, NotFoundProblem } from '../errors';
import { type ClosedStep, type ProcessDescriptor, refusalProblem } from '../step-gateway';

/** A step on a service whose workflow has ended: a repeat of the end or the rating that closed it, or 409. */
function stepOnClosedService(row: CommissionerService, step: ClosedStep): ServiceStepResult {
  const actor = actorOf(step.principal);
  if (step.name === endUpdate.name && row.status === 'ended_early') {
    if (!mayEnd(row, actor)) throw refusalProblem(serviceRefusals.notAuthorized, 'the caller may not end this service');
    return { serviceId: row.id, step: 'end', status: row.status, alreadyDone: true, reference: null };
  }
  if (step.name === rateUpdate.name && row.status === 'completed' && row.ratingScore !== null) {
    if (!actsForEnterprise(row, actor)) throw refusalProblem(serviceRefusals.notAuthorized, 'only the enterprise rates the service');
    return { serviceId: row.id, step: 'rate', status: row.status, alreadyDone: true, reference: row.ratingScore };
  }
  throw new ConflictProblem(`The service is ${row.status}; no further steps are possible.`, { refusal: serviceRefusals.invalidState });
}

export const commissionerServiceProcess: ProcessDescriptor<CommissionerService, CommissionerServiceStatusView> = {
  kind: 'commissioner_service',
  noun: 'Commissioner service',
  workflowId: commissionerServiceWorkflowId,
  statusQuery: serviceStatusQuery,
  notFound: (id) => new NotFoundProblem(`Commissioner service ${id}`),
  readRecord: (deps, id) => deps.db.commissionerService.findUnique({ where: { id } }),
  betweenRuns: (row) => (engagementHoldingStatuses as readonly string[]).includes(row.status),
  ended: (row) => (closedServiceStatuses as readonly string[]).includes(row.status),
  stepOnClosed: stepOnClosedService,
};

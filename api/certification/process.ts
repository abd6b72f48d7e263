// The certification process as the step gateway (api/step-gateway.ts) knows it: its workflow id, live
// status, record, and the answer to a step once its workflow has ended.
import type { UpdateDefinition } from '@temporalio/common';
import type { CertificationApplication } from '../../prisma/generated/client';
import { applicationQuery, type ApplicationView, certificationWorkflowId, refusals, type StepResult } from '../../workflows/certification-review/contract';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, NotFoundProblem } from '../errors';
import type { HandlerResult } from '../routing';
import { type ProcessDescriptor, type RecordStatus, runStep } from '../step-gateway';

/** An application's record; it keeps no closing instant (its audit trail does). */
type ApplicationRecord = CertificationApplication & RecordStatus;

export const certificationProcess: ProcessDescriptor<ApplicationRecord, ApplicationView> = {
  kind: 'certification_application',
  noun: 'application',
  workflowId: certificationWorkflowId,
  statusQuery: applicationQuery,
  notFound: () => new NotFoundProblem('Certification application'),
  readRecord: async (deps, id) => {
    const row = await deps.db.certificationApplication.findUnique({ where: { id } });
    return row && { ...row, closedAt: null };
  },
  // The application has ended: nothing can change any more, a repeat included (revocation answers its own repeat).
  stepOnClosed: (row) => {
    throw new ConflictProblem(`The application is closed (${row.status}): no further step is possible.`, { refusal: refusals.wrongState });
  },
};

/** A step on an application, through the step gateway: 200 with the workflow's StepResult. */
export async function applicationStep<A>(
  deps: ApiDependencies,
  principal: Principal,
  applicationId: string,
  update: UpdateDefinition<StepResult, [A]>,
  args: A,
): Promise<HandlerResult> {
  return { status: 200, body: await runStep(deps, certificationProcess, applicationId, { update, args: () => args, principal }) };
}

// How the certification routes run a step: as a Workflow Update on the application's workflow. The
// workflow's validators decide (four-eyes, conflict of interest, whose turn, which window); a refusal
// comes back as problem+json with the workflow's reason and its type in `refusal`.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, NotFoundProblem, ProblemError } from '../errors';
import type { HandlerResult } from '../routing';
import { findAbnormalEnd, WorkflowEndedProblem } from '../workflow-ends';
import { isOpenStatus } from '../../platform/workflow-ends';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import {
  type Actor,
  certificationWorkflowId,
  type RefusalType,
  refusals,
  type StepResult,
} from '../../workflows/certification-review/contract';

export function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, organizationId: principal.organizationId, roles: [...principal.roles].sort() };
}

const refusalProblems: Record<Exclude<RefusalType, 'AlreadyDone'>, { status: number; slug: string; title: string }> = {
  [refusals.notAuthorized]: { status: 403, slug: 'not-authorized', title: 'Not allowed for this application' },
  [refusals.conflictOfInterest]: { status: 403, slug: 'conflict-of-interest', title: 'Conflict of interest' },
  [refusals.fourEyes]: { status: 403, slug: 'four-eyes', title: 'Four-eyes principle' },
  [refusals.notCandidate]: { status: 403, slug: 'not-a-candidate', title: 'Not in the candidate pool' },
  [refusals.notAssignee]: { status: 403, slug: 'not-assignee', title: 'Not the assignee' },
  [refusals.unknownTask]: { status: 404, slug: 'not-found', title: 'Not found' },
  [refusals.unknownObjection]: { status: 404, slug: 'not-found', title: 'Not found' },
  [refusals.wrongState]: { status: 409, slug: 'wrong-state', title: 'Not possible now' },
  [refusals.windowClosed]: { status: 409, slug: 'window-closed', title: 'The window has closed' },
  [refusals.taskTaken]: { status: 409, slug: 'task-taken', title: 'Task already claimed' },
  [refusals.invalidStep]: { status: 422, slug: 'invalid-step', title: 'Invalid step' },
};

/** The workflow's refusal as a problem (the validator's message is the detail). */
export function refusalProblem(failure: ApplicationFailure): ProblemError {
  const known = refusalProblems[failure.type as keyof typeof refusalProblems];
  if (!known) return new ProblemError(422, 'refused', 'Refused', failure.message, { refusal: failure.type ?? null });
  return new ProblemError(known.status, known.slug, known.title, failure.message, { refusal: failure.type });
}

export const stepResultSchema = z
  .object({
    applicationId: z.string(),
    step: z.string(),
    status: z.string(),
    task: z.record(z.string(), z.unknown()).nullable(),
    objectionId: z.string().nullable(),
    alreadyDone: z.boolean(),
  })
  .meta({ id: 'CertificationStepResult' });

/**
 * Runs a step on the application's workflow. A step already done answers 200 with its earlier result;
 * an application whose workflow has ended answers 409 (the record stays readable), an unknown one 404.
 */
export async function runStep<Arg>(
  deps: ApiDependencies,
  applicationId: string,
  update: UpdateDefinition<StepResult, [Arg]>,
  arg: Arg,
): Promise<HandlerResult> {
  const handle = deps.temporal.workflow.getHandle(certificationWorkflowId(applicationId));
  try {
    const result = await handle.executeUpdate(update, { args: [arg] });
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      if (error.cause.type === refusals.alreadyDone) return { status: 200, body: error.cause.details?.[0] ?? null };
      throw refusalProblem(error.cause);
    }
    if (error instanceof WorkflowNotFoundError) {
      const row = await deps.db.certificationApplication.findUnique({ where: { id: applicationId }, select: { status: true, updatedAt: true } });
      if (!row) throw new NotFoundProblem('Certification application');
      if (isAbnormalEndStatus(row.status)) throw new WorkflowEndedProblem(`application ${applicationId}`, row.status, null);
      // Closed while its record is open: the workflow ended abnormally (terminated, failed...).
      const end = isOpenStatus('certification_application', row.status)
        ? await findAbnormalEnd(deps, 'certification_application', applicationId, certificationWorkflowId(applicationId))
        : null;
      if (end) throw new WorkflowEndedProblem(`application ${applicationId}`, end.status, end.closedAt);
      throw new ConflictProblem(`The application is closed (${row.status}): no further step is possible.`, { refusal: refusals.wrongState });
    }
    throw error;
  }
}

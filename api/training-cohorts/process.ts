// The training cohort as the step gateway (api/step-gateway.ts) knows it: its workflow id, live status,
// record, and the answer to a step once its workflow has ended (the cohort closed: nothing more to do).
import type { TrainingCohort } from '../../prisma/generated/client';
import { trainingCohortWorkflowId } from '../../core/training-cohort/input';
import { cohortRefusals, cohortStatusQuery, type CohortView } from '../../core/training-cohort/messages';
import { ConflictProblem, NotFoundProblem } from '../errors';
import type { ProcessDescriptor } from '../step-gateway';

export const trainingCohortProcess: ProcessDescriptor<TrainingCohort, CohortView> = {
  kind: 'training_cohort',
  noun: 'training cohort',
  workflowId: trainingCohortWorkflowId,
  statusQuery: cohortStatusQuery,
  notFound: (id) => new NotFoundProblem(`Training cohort ${id}`),
  readRecord: (deps, id) => deps.db.trainingCohort.findUnique({ where: { id } }),
  // Between two runs (continue-as-new) an Update finds no running workflow for a moment: retried.
  betweenRuns: (row) => row.status === 'open',
  ended: (row) => row.status === 'closed' || row.status === 'refused',
  stepOnClosed: (row) => {
    throw new ConflictProblem(`The training cohort is ${row.status}; no further steps are possible.`, { refusal: cohortRefusals.invalidState });
  },
};

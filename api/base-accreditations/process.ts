// The base accreditation as the step gateway (api/step-gateway.ts) knows it: its workflow id, live
// status, record, and the answer to a step once its workflow has ended (rejected, exited, expired).
import type { BaseAccreditation } from '../../prisma/generated/client';
import { baseAccreditationWorkflowId, closedAccreditationStatuses, type AccreditationStatus } from '../../core/base-accreditation/input';
import { accreditationRefusals, accreditationStatusQuery, type AccreditationView } from '../../core/base-accreditation/messages';
import { ConflictProblem, NotFoundProblem } from '../errors';
import type { ProcessDescriptor } from '../step-gateway';

export const baseAccreditationProcess: ProcessDescriptor<BaseAccreditation, AccreditationView> = {
  kind: 'base_accreditation',
  noun: 'base accreditation',
  workflowId: baseAccreditationWorkflowId,
  statusQuery: accreditationStatusQuery,
  notFound: (id) => new NotFoundProblem(`Base accreditation ${id}`),
  readRecord: (deps, id) => deps.db.baseAccreditation.findUnique({ where: { id } }),
  // Between two runs (continue-as-new, each year) an Update finds no running workflow for a moment: retried.
  betweenRuns: (row) => !closedAccreditationStatuses.includes(row.status as AccreditationStatus),
  ended: (row) => closedAccreditationStatuses.includes(row.status as AccreditationStatus),
  stepOnClosed: (row) => {
    throw new ConflictProblem(`The base accreditation is ${row.status}; no further steps are possible.`, { refusal: accreditationRefusals.wrongState });
  },
};

// How the Temporal UI shows a training cohort's workflow (core/workflow-display.ts): its title and the
// base that runs it (the input carries the base's id only; the name is the API's to add).
import type { WorkflowDisplay } from '../workflow-display';
import type { TrainingCohortInput } from './input';

export function trainingCohortDisplay(input: TrainingCohortInput, baseName: string): WorkflowDisplay {
  return {
    process: 'Training cohort',
    title: input.offering.title,
    parties: [{ name: baseName, role: 'continuing-education base', organizationId: input.offering.baseOrganizationId }],
  };
}

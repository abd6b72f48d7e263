// How the Temporal UI shows a matching round's workflow (core/workflow-display.ts): the school that
// runs it and its cohort.
import type { WorkflowDisplay } from '../../core/workflow-display';
import type { MatchingRoundInput } from './contract';

export function matchingRoundDisplay(input: MatchingRoundInput, schoolName: string): WorkflowDisplay {
  return {
    process: 'Matching round',
    title: `${schoolName}, cohort ${input.cohort}`,
    parties: [{ name: schoolName, role: 'school', organizationId: input.schoolOrganizationId }],
  };
}

// How the Temporal UI shows a talent round's workflow (core/workflow-display.ts): the alliance's talent
// base that runs it.
import type { WorkflowDisplay } from '../workflow-display';
import type { TalentMatchingInput } from './input';

export function talentRoundDisplay(input: TalentMatchingInput, allianceName: string, baseName: string): WorkflowDisplay {
  return {
    process: 'Talent round',
    title: `${allianceName}, ${input.asOf.slice(0, 10)}`,
    parties: [{ name: baseName, role: 'talent base', organizationId: input.baseOrganizationId }],
  };
}

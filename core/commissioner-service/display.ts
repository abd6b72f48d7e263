// How the Temporal UI shows a commissioner service's workflow (core/workflow-display.ts).
import type { WorkflowDisplay } from '../workflow-display';
import type { CommissionerServiceInput } from './input';

export function commissionerServiceDisplay(input: CommissionerServiceInput): WorkflowDisplay {
  return {
    process: 'Commissioner service',
    title: `${input.commissioner.name} at ${input.enterprise.name}: ${input.need.domain}`,
    parties: [
      { name: input.commissioner.name, role: 'commissioner', organizationId: input.institution.organizationId, userId: input.commissioner.userId },
      { name: input.enterprise.name, role: 'enterprise', organizationId: input.enterprise.organizationId },
      { name: input.institution.name, role: 'institution', organizationId: input.institution.organizationId },
    ],
  };
}

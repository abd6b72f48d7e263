// How the Temporal UI shows a base accreditation's workflow (core/workflow-display.ts): the applying
// base and the authority that accredits it.
import type { WorkflowDisplay } from '../workflow-display';
import type { BaseAccreditationInput } from './input';

export function baseAccreditationDisplay(input: BaseAccreditationInput, names: { base: string; authority: string }): WorkflowDisplay {
  return {
    process: 'Base accreditation',
    title: `${names.base}: ${input.application.domain}`,
    parties: [
      { name: names.base, role: 'continuing-education base', organizationId: input.application.organizationId },
      { name: names.authority, role: 'accrediting authority', organizationId: input.application.authorityOrganizationId },
    ],
  };
}

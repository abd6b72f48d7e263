// How the Temporal UI shows an agreement's workflow (core/workflow-display.ts): its title and every
// party, people and organisations alike.
import type { WorkflowDisplay } from '../workflow-display';
import type { AgreementSigningInput } from './input';

export function agreementDisplay(input: Pick<AgreementSigningInput, 'title' | 'parties'>): WorkflowDisplay {
  return {
    process: 'Agreement',
    title: input.title,
    parties: input.parties.map((p) => ({ name: p.displayName, role: p.role, organizationId: p.organizationId, userId: p.userId })),
  };
}

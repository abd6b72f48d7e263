// How the Temporal UI shows a certification application's workflow (core/workflow-display.ts).
import type { WorkflowDisplay } from '../workflow-display';
import type { CertificationReviewInput } from './messages';

export function certificationDisplay(input: CertificationReviewInput): WorkflowDisplay {
  return {
    process: 'Certification application',
    title: `${input.candidate.name}: ${input.domain}, ${input.level}`,
    parties: [{ name: input.candidate.name, role: 'candidate', organizationId: input.candidate.organizationId, userId: input.candidate.userId }],
  };
}

// How the Temporal UI shows a placement's workflow (core/workflow-display.ts): the student, the
// position, and everyone the placement involves.
import type { WorkflowDisplay } from '../workflow-display';
import type { ApprenticeshipPlacementInput } from './input';

export function placementDisplay(input: ApprenticeshipPlacementInput): WorkflowDisplay {
  return {
    process: 'Placement',
    title: `${input.student.name}, ${input.position.title} at ${input.enterprise.name}`,
    parties: [
      { name: input.student.name, role: 'student', userId: input.student.userId },
      ...(input.guardian ? [{ name: input.guardian.name, role: 'guardian', userId: input.guardian.userId }] : []),
      { name: input.school.name, role: 'school', organizationId: input.school.organizationId },
      { name: input.schoolMentor.name, role: 'school mentor', organizationId: input.school.organizationId, userId: input.schoolMentor.userId },
      { name: input.enterprise.name, role: 'enterprise', organizationId: input.enterprise.organizationId },
      { name: input.enterpriseMentor.name, role: 'enterprise mentor', organizationId: input.enterprise.organizationId, userId: input.enterpriseMentor.userId },
    ],
  };
}

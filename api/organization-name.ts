// An organisation's name for what the Temporal UI shows of a workflow (core/workflow-display.ts), when
// the workflow's input carries only the organisation's id.
import type { ApiDependencies } from './dependencies';

export async function organizationName(deps: Pick<ApiDependencies, 'db'>, organizationId: string): Promise<string> {
  const organization = await deps.db.organization.findUnique({ where: { id: organizationId }, select: { name: true } });
  return organization?.name ?? organizationId;
}

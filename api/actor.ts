// The authenticated caller as every process's workflow names the actor of a step: the user, their
// organisation and their roles (sorted, so the same caller is the same argument whatever the order
// the roles were granted in).
import type { Principal } from './auth/principal';

export interface StepActor {
  userId: string;
  organizationId: string | null;
  roles: string[];
}

export function actorOf(principal: Principal): StepActor {
  return { userId: principal.userId, organizationId: principal.organizationId, roles: [...principal.roles].sort() };
}

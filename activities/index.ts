// Every activity the worker registers, wired to its dependencies. Workflows import only the *type*.
import type { Database } from '../platform/database';
import { createAgreementProjectionActivities } from './storage/agreement-projection';

export interface ActivityDependencies {
  db: Database;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createAgreementProjectionActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;

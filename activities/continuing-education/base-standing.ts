// Reads a continuing-education base's standing (the BaseAccreditation workflow's projection, written by
// that workflow's activities only). The TrainingCohort workflow asks it before a cohort opens; the API
// asks it to answer a refused launch at once.
import type { Database } from '../../platform/database';
import { BASE_STANDING_STATUSES, type BaseStanding, type BaseStandingStatus } from '../../core/continuing-education/base-standing';

function isStatus(value: string): value is BaseStandingStatus {
  return (BASE_STANDING_STATUSES as readonly string[]).includes(value);
}

/** The organisation's standing, or null when it has none (never accredited). */
export async function readBaseStanding(db: Database, organizationId: string): Promise<BaseStanding | null> {
  const row = await db.continuingEducationBase.findUnique({ where: { organizationId } });
  if (row === null) return null;
  // The CHECK constraint holds status to the three values; anything else would be a schema change not made here.
  if (!isStatus(row.status)) throw new Error(`continuing_education_bases.status holds an unknown value: ${row.status}`);
  return {
    organizationId: row.organizationId,
    status: row.status,
    accreditedUntil: row.accreditedUntil?.toISOString() ?? null,
    accreditationWorkflowId: row.accreditationWorkflowId,
  };
}

export function createBaseStandingActivities(db: Database) {
  return {
    /** The standing of one organisation as a continuing-education base (null: not a base). */
    async readBaseStanding(organizationId: string): Promise<BaseStanding | null> {
      return readBaseStanding(db, organizationId);
    },
  };
}

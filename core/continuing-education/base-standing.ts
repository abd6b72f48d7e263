// A continuing-education base's standing and the one rule that reads it: may this organisation open a
// new training cohort now? The standing is the BaseAccreditation workflow's projection (the
// continuing_education_bases table, written only by that workflow's activities); the TrainingCohort
// workflow and the API read it through activities/continuing-education/base-standing.ts and decide here.
// Workflow-safe: types and a pure function.

export const BASE_STANDING_STATUSES = ['accredited', 'rectification', 'exited'] as const;

/** accredited: in good standing; rectification (整改): still a base, under a deadline to put things right; exited (退出): no longer a base. */
export type BaseStandingStatus = (typeof BASE_STANDING_STATUSES)[number];

export interface BaseStanding {
  organizationId: string;
  status: BaseStandingStatus;
  /** ISO 8601; null: no end date recorded. */
  accreditedUntil: string | null;
  /** The BaseAccreditation workflow that wrote this standing. */
  accreditationWorkflowId: string | null;
}

export type CohortOpeningRefusal =
  /** No standing recorded: the organisation was never accredited. */
  | 'not-a-base'
  /** The base exited (退出): running cohorts finish, no new ones open. */
  | 'base-exited'
  /** The accreditation's validity ran out without a renewal. */
  | 'accreditation-expired';

export type CohortOpening = { allowed: true } | { allowed: false; reason: CohortOpeningRefusal; message: string };

/**
 * An organisation may open new cohorts only while its standing is accredited or under rectification and
 * its accreditation has not run out at `atIso` (an ISO 8601 instant: the workflow's clock, or the API's).
 * Exited, or no standing at all: refused. Cohorts already running are not this rule's business.
 */
export function mayOpenCohorts(standing: BaseStanding | null, atIso: string): CohortOpening {
  if (standing === null) {
    return { allowed: false, reason: 'not-a-base', message: 'The organisation is not an accredited continuing-education base.' };
  }
  if (standing.status === 'exited') {
    return { allowed: false, reason: 'base-exited', message: 'The base has exited the programme (退出): it may not open new cohorts.' };
  }
  if (standing.accreditedUntil !== null && Date.parse(standing.accreditedUntil) <= Date.parse(atIso)) {
    return { allowed: false, reason: 'accreditation-expired', message: `The base's accreditation ran out at ${standing.accreditedUntil}.` };
  }
  return { allowed: true };
}

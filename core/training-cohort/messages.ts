// The TrainingCohort messages: the base's and the people's steps (Workflow Updates, so the caller gets the
// result or a precise refusal at once), the refusals, the live status (a Query, and the answer of
// launchRecorded), and the hours ledger's entries. Zod-free and workflow-safe.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { CohortOffering, CohortStatus, EnrolmentSource, EnrolmentStatus, TrainingModule, TrainingProject } from './input';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps

/** Enrol a person: themselves, or by their employer or school (the API resolved who and on whose behalf). */
export interface EnrolStep {
  actor: Actor;
  userId: string;
  /** The person's organisation (employer or school), if any. */
  organizationId: string | null;
  source: EnrolmentSource;
}
export const enrolUpdate = defineUpdate<EnrolmentResult, [EnrolStep]>('enrol');

export interface WithdrawStep {
  actor: Actor;
  userId: string;
  reason: string;
}
export const withdrawUpdate = defineUpdate<WithdrawalResult, [WithdrawStep]>('withdraw');

export interface AttendanceRecord {
  userId: string;
  present: boolean;
  /** Hours credited when present; default: the session's hours (at most those). */
  hours?: number;
}
/** A session's attendance in bulk. Sending the same batch again credits nothing twice. */
export interface AttendanceStep {
  actor: Actor;
  session: number;
  records: AttendanceRecord[];
}
export const attendanceUpdate = defineUpdate<AttendanceResult, [AttendanceStep]>('recordAttendance');

/** A recorded attendance corrected: the ledger gets a compensating entry for the difference. */
export interface CorrectionStep {
  actor: Actor;
  session: number;
  userId: string;
  /** The hours the person should have been credited for the session (0: absent). */
  hours: number;
  reason: string;
}
export const correctionUpdate = defineUpdate<CorrectionResult, [CorrectionStep]>('correctAttendance');

export interface AssessmentRecord {
  userId: string;
  /** 0..100 */
  score: number;
}
/** Assessment results in bulk: each decides the person's completion. */
export interface AssessmentStep {
  actor: Actor;
  results: AssessmentRecord[];
}
export const assessmentUpdate = defineUpdate<AssessmentResult, [AssessmentStep]>('recordAssessments');

// ---------------------------------------------------------------------------------------------------
// Results

export interface EnrolmentResult {
  cohortId: string;
  userId: string;
  status: EnrolmentStatus;
  /** 1-based place on the waitlist (null: not waitlisted). */
  waitlistPosition: number | null;
  alreadyDone: boolean;
}

export interface WithdrawalResult {
  cohortId: string;
  userId: string;
  status: EnrolmentStatus;
  /** Who took the freed seat (the first on the waitlist), if anyone. */
  promotedUserId: string | null;
  alreadyDone: boolean;
}

export interface AttendanceResult {
  cohortId: string;
  session: number;
  /** People whose attendance this batch recorded. */
  recorded: number;
  /** People already recorded with the same attendance: nothing credited again. */
  unchanged: number;
  /** Hours this batch credited to ledgers. */
  hoursCredited: number;
  alreadyDone: boolean;
}

export interface CorrectionResult {
  cohortId: string;
  session: number;
  userId: string;
  /** The compensating entry's hours (new − old; negative takes hours back). */
  delta: number;
  hours: number;
  correction: number;
  alreadyDone: boolean;
}

export interface AssessmentOutcome {
  userId: string;
  status: 'completed' | 'incomplete';
  hoursAttended: number;
  score: number;
  /** Why incomplete (empty when completed). */
  reasons: string[];
}

export interface AssessmentResult {
  cohortId: string;
  outcomes: AssessmentOutcome[];
  /** Results repeated as already recorded. */
  unchanged: number;
  cohortStatus: CohortStatus;
  alreadyDone: boolean;
}

/** Why a step was refused: the ApplicationFailure `type` an update validator throws. */
export const cohortRefusals = {
  notAuthorized: 'NotAuthorized',
  /** Not in this state (the cohort closed or was refused). */
  invalidState: 'InvalidState',
  /** The step itself is wrong: an unknown session, a person not enrolled, a conflicting attendance... */
  invalidStep: 'InvalidStep',
  /** Done before; the failure's first detail is the step's result. */
  alreadyDone: 'AlreadyDone',
} as const;

// ---------------------------------------------------------------------------------------------------
// Status

export interface EnrolmentView {
  userId: string;
  organizationId: string | null;
  source: EnrolmentSource;
  status: EnrolmentStatus;
  enrolledAt: string;
  /** Order of arrival (the waitlist's order among the waitlisted). */
  arrival: number;
  hoursAttended: number;
  score: number | null;
  reasons: string[];
  decidedAt: string | null;
}

export interface CohortCounts {
  enrolled: number;
  waitlisted: number;
  withdrawn: number;
  completed: number;
  incomplete: number;
  notAdmitted: number;
}

export interface CohortView {
  cohortId: string;
  status: CohortStatus;
  refusal: string | null;
  offering: CohortOffering;
  publishedBy: string;
  publishedAt: string;
  closedAt: string | null;
  counts: CohortCounts;
  /** Sessions whose attendance has been recorded. */
  sessionsRecorded: number[];
  enrolments: EnrolmentView[];
}

export const cohortStatusQuery = defineQuery<CohortView>('cohortStatus');

/** Sent with the start (Update-with-Start): answers once the cohort's launch is recorded (audit entry and row). */
export const launchRecordedUpdate = defineUpdate<CohortView, []>('launchRecorded');

// ---------------------------------------------------------------------------------------------------
// The hours ledger (学时台账): one hash-chained, signed trail per person (audit subject `hours_ledger`,
// subject id the user id), appended only; a correction is a compensating entry, never an edit.

export const ledgerEntryKinds = ['attendance', 'compensation'] as const;

export interface LedgerEntryData {
  kind: (typeof ledgerEntryKinds)[number];
  cohortId: string;
  baseOrganizationId: string;
  project: TrainingProject;
  domain: string;
  session: number;
  module: TrainingModule;
  /** Class hours credited (negative in a compensation that takes hours back). */
  hours: number;
  /** A compensation: why, and the entry key of the attendance it corrects. */
  reason?: string;
  compensates?: string;
}

/** A training record: the outcome of one person's enrolment once assessed. */
export interface TrainingRecordWrite {
  userId: string;
  status: 'completed' | 'incomplete';
  hoursAttended: number;
  score: number;
  reasons: string[];
  decidedAt: string;
  /** Sign a credential for it (completed, and the cohort issues credentials). */
  credential: boolean;
}

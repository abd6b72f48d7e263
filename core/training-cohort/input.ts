// What a TrainingCohort workflow is started with: a base's programme offering (培训班) of the national
// knowledge-update programme, and the cohort's statuses. Zod-free and workflow-safe: the request schemas
// are in api/training-cohorts/schemas.ts.

export const TRAINING_COHORT_WORKFLOW = 'trainingCohort';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function trainingCohortWorkflowId(cohortId: string): string {
  return `training-cohort-${cohortId}`;
}

/** The programme's four projects: advanced seminars, capability improvement, digital technology engineer cultivation, base building. */
export const trainingProjects = ['advanced_seminar', 'capability_improvement', 'digital_engineer', 'base_building'] as const;
export type TrainingProject = (typeof trainingProjects)[number];

export const trainingModules = ['theory', 'practice'] as const;
export type TrainingModule = (typeof trainingModules)[number];

/** One session of the cohort; hours are class hours (学时), whole numbers. */
export interface CohortSession {
  /** 1, 2, 3... in the order of the offering. */
  number: number;
  /** The day it takes place (YYYY-MM-DD). */
  date: string;
  module: TrainingModule;
  hours: number;
}

export interface CompletionPolicy {
  /** The share of the planned hours a person must have attended (0..1), e.g. 0.8. */
  attendanceThreshold: number;
  /** The assessment's pass mark (0..100). */
  passMark: number;
  /** Completed people also get a signed credential (the certificate issuer's key). */
  issueCredentials: boolean;
}

export interface CohortOffering {
  cohortId: string;
  /** The base (an accredited continuing-education base) that runs the cohort. */
  baseOrganizationId: string;
  title: string;
  project: TrainingProject;
  /** Free text like a certification domain, e.g. "artificial intelligence". */
  domain: string;
  level: string;
  plannedHours: Record<TrainingModule, number>;
  capacity: number;
  sessions: CohortSession[];
  completion: CompletionPolicy;
}

export const cohortStatuses = [
  /** Taking enrolments, attendance, corrections and assessments. */
  'open',
  /** Every enrolled person has an outcome: the cohort is over. */
  'closed',
  /** The base may not open cohorts (not accredited, exited, accreditation expired): nothing was opened. */
  'refused',
] as const;
export type CohortStatus = (typeof cohortStatuses)[number];

export const enrolmentStatuses = ['enrolled', 'waitlisted', 'withdrawn', 'completed', 'incomplete', 'not_admitted'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

/** Who enrolled the person: themselves, or their employer or school. */
export const enrolmentSources = ['self', 'employer', 'school'] as const;
export type EnrolmentSource = (typeof enrolmentSources)[number];

export interface TrainingCohortInput {
  offering: CohortOffering;
  /** The base's user who published it. */
  publishedBy: string;
  /** A later run (continue-as-new) carries the state on; absent on the first run. */
  carried?: unknown;
  /** Continue as new past this many history events (default 4000); tests set it low. */
  historyLimit?: number;
}

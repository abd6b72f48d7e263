// A certification programme's policy as an application carries it (a snapshot: a programme changed later
// never changes an application already under way), and the evidence and decisions of a review.
// Zod-free: the request schemas are workflows/certification-review/contract.ts.
import type { CertificationLevel } from './messages';

export const panelMajorities = ['simple', 'two_thirds', 'unanimous'] as const;

/**
 * Where a programme takes a candidate's training hours from: what the candidate declares (every programme
 * before issue 17, and the default), only the hours ledger (学时台账: verified hours in the application's
 * domain; declared hours are ignored), or the ledger when it holds enough, else the declared hours,
 * marked as such.
 */
export const trainingHoursSources = ['self_declared', 'ledger', 'ledger_or_self_declared'] as const;
export type TrainingHoursSource = (typeof trainingHoursSources)[number];

export interface LevelRequirements {
  /** Training hours the candidate must have completed for this level. */
  trainingHours: number;
  /** Pass marks (0-100) of the theory and the practical exam. */
  theoryPassMark: number;
  practicalPassMark: number;
  /** A valid certificate of this level (same programme and domain) is required first. */
  prerequisiteLevel: CertificationLevel | null;
}

export interface PanelRule {
  /** Seats of the expert panel (and of an appeal panel). */
  size: number;
  /** The panel decides as soon as this many members have voted. */
  quorum: number;
  /** Approvals needed among the votes cast: more than half, at least two thirds, or all. */
  majority: (typeof panelMajorities)[number];
}

/** Every duration is ISO 8601 (core/iso-duration.ts). */
export interface ReviewTaskPolicy {
  /** A task is due this long after it opens (or after it was reassigned); then it escalates. */
  due: string;
  /** The follow-up date: the first reminder goes out this long after the task opened. */
  followUp: string;
  /** Then one reminder every so often, at most maxReminders per assignment, never at or after the due date. */
  reminderEvery: string;
  maxReminders: number;
}

export interface ProgrammeDurations {
  /** Public notice (公示) before a certificate is issued, e.g. P5D. */
  noticePeriod: string;
  /** A rejection may be appealed this long after it. */
  appealWindow: string;
  /** After "request changes", the candidate has this long to resubmit; then the application lapses. */
  resubmitWithin: string;
  /** A certificate is valid this long from its issue, e.g. P3Y. */
  validity: string;
  /** A renewal reminder goes to the holder this long before the certificate expires. */
  renewalReminderBefore: string;
}

export interface ProgrammePolicy {
  levels: Partial<Record<CertificationLevel, LevelRequirements>>;
  /** Absent: self_declared (programmes configured before the ledger existed are unchanged). */
  trainingHoursSource?: TrainingHoursSource;
  panel: PanelRule;
  reviewTask: ReviewTaskPolicy;
  durations: ProgrammeDurations;
}

export interface EvidenceItem {
  name: string;
  reference: string;
  sha256: string;
}

/** A reviewer's decision on a review task. */
export type DecisionRequest =
  { decision: 'approve'; comment?: string } | { decision: 'reject'; reason: string } | { decision: 'request_changes'; points: string[]; reason?: string };

// The certification projection and look-ups: the application row and its review tasks (the inbox),
// the eligibility check over the candidate's record, and the reviewers of a programme. Every write is
// an upsert of the whole row, so a retried activity leaves the same rows as a single run.
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import type { AuditKeys } from '../audit/audit-signing';
import { appendAuditEntries } from '../audit/audit-trail';
import { readCandidateRecord } from './candidate-record';
import { writeApplicationProgress } from './progress-statement';
import { findReviewers } from './reviewer-pool';
import { countTrainingHours } from './training-hours';
import type { AppendedAuditEntry, AuditEntryInput } from '../../core/audit/audit-entry';
import type { ApplicationProgress, EligibilityRequest, EligibilityResult, ReviewerInfo, ReviewerQuery } from '../../core/certification-review/records';

export function createCertificationStorageActivities(db: Database, auditKeys: AuditKeys) {
  return {
    async recordCertificationProgress(progress: ApplicationProgress): Promise<void> {
      await writeApplicationProgress(db, progress);
    },

    /**
     * Steps of an application: their entries in the shared hash-chained audit trail, in order (the audit
     * module's batch append: one insert, after a head read unless the workflow hands over the head its
     * previous batch answered; keyed by entry, so a retry appends nothing twice), and the projection of what
     * changed. One local activity per batch of steps keeps a busy review's history and the load small.
     */
    async recordCertificationSteps(steps: {
      entries: AuditEntryInput[];
      progress?: ApplicationProgress;
      /** The trail's head as the previous batch answered it (absent: not known, read it). */
      after?: AppendedAuditEntry;
    }): Promise<AppendedAuditEntry | null> {
      const { progress } = steps;
      // The entries and the projection they belong to in one statement (one round trip per batch).
      return appendAuditEntries(db, auditKeys, steps.entries, {
        after: steps.after,
        together: progress && ((insert) => writeApplicationProgress(db, progress, insert)),
      });
    },

    /**
     * The automatic eligibility check over the candidate's record: an active account, the training hours
     * the level asks for, a valid certificate of the prerequisite level (same programme and domain), and
     * no valid certificate of this very level already.
     */
    async checkCertificationEligibility(request: EligibilityRequest): Promise<EligibilityResult> {
      const reasons: string[] = [];
      const prerequisite = request.requirements.prerequisiteLevel;
      const { candidate, held } = await readCandidateRecord(db, request);
      if (!candidate) throw ApplicationFailure.nonRetryable(`candidate ${request.candidateUserId} does not exist`, 'UnknownCandidate');
      if (!candidate.active) reasons.push('the candidate account is deactivated');
      const { counted: trainingHours, ledgerInvalid } = await countTrainingHours(db, auditKeys, request);
      if (ledgerInvalid) reasons.push("the candidate's hours ledger does not verify: its hours cannot be counted");
      if (trainingHours.hours < request.requirements.trainingHours) {
        const what = trainingHours.source === 'ledger' ? `ledger-verified training hours in ${request.domain}` : 'training hours';
        reasons.push(`${trainingHours.hours} ${what} are fewer than the ${request.requirements.trainingHours} the ${request.level} level requires`);
      }
      const prerequisiteCertificate = prerequisite ? (held.find((c) => c.level === prerequisite)?.number ?? null) : null;
      if (prerequisite && !prerequisiteCertificate) {
        reasons.push(`the ${request.level} level requires a valid ${prerequisite} certificate in ${request.domain}, and the candidate holds none`);
      }
      const same = held.find((c) => c.level === request.level);
      if (same) reasons.push(`the candidate already holds a valid ${request.level} certificate in ${request.domain} (${same.number})`);
      return { eligible: reasons.length === 0, reasons, prerequisiteCertificate, trainingHours };
    },

    /** The active reviewers of the programme's evaluation bodies, with their current open-task load. */
    async findCertificationReviewers(query: ReviewerQuery): Promise<ReviewerInfo[]> {
      return findReviewers(db, query);
    },
  };
}

// The hours ledger entries a cohort's steps append (core/training-cohort/messages.ts LedgerEntryData):
// one per person credited for a session, and one compensating entry per correction. Their keys make an
// append idempotent: a person's ledger holds one attendance entry per cohort session, and one entry per
// correction number. Pure and workflow-safe.
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import type { LedgerEntryData } from '../../core/training-cohort/messages';
import type { CohortState, Credit } from './state';

function entryData(state: CohortState, session: number, hours: number): LedgerEntryData {
  const s = state.offering.sessions.find((x) => x.number === session)!;
  return {
    kind: 'attendance',
    cohortId: state.offering.cohortId,
    baseOrganizationId: state.offering.baseOrganizationId,
    project: state.offering.project,
    domain: state.offering.domain,
    session,
    module: s.module,
    hours,
  };
}

export function attendanceKey(workflowId: string, session: number): string {
  return `${workflowId}/attendance/${session}`;
}

export function attendanceEntries(workflowId: string, state: CohortState, session: number, credits: Credit[], actor: string, at: string): AuditEntryInput[] {
  return credits.map((c) => ({
    subjectType: 'hours_ledger',
    subjectId: c.userId,
    entryKey: attendanceKey(workflowId, session),
    step: 'hours_credited',
    actor,
    occurredAt: at,
    data: { ...entryData(state, session, c.hours) },
  }));
}

/** The compensating entry of a correction: the difference, with the reason and the entry it corrects. */
export function compensationEntry(
  workflowId: string,
  state: CohortState,
  correction: { number: number; session: number; userId: string; previous: number; delta: number; reason: string },
  actor: string,
  at: string,
): AuditEntryInput {
  const data: LedgerEntryData = {
    ...entryData(state, correction.session, correction.delta),
    kind: 'compensation',
    reason: correction.reason,
    // An absent person recorded with 0 hours had no entry: the correction then compensates nothing written.
    ...(correction.previous > 0 ? { compensates: attendanceKey(workflowId, correction.session) } : {}),
  };
  return {
    subjectType: 'hours_ledger',
    subjectId: correction.userId,
    entryKey: `${workflowId}/correction/${correction.number}`,
    step: 'hours_compensated',
    actor,
    occurredAt: at,
    data: { ...data },
  };
}

// The TrainingCohort's writes, one activity per step (core/training-cohort/records.ts): the cohort's trail
// entry, the hours ledger entries (each person's chain, appended in order), the cohort's row and the
// enrolments the step changed, and the training records it decided (with a signed credential when the
// cohort issues them). Every write is idempotent: entries by their keys, rows by upserts to absolute
// values, a credential signed once and kept.
import type { Database } from '../../platform/database';
import { Prisma } from '../../prisma/generated/client';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import type { CohortStepWrite } from '../../core/training-cohort/records';
import type { EnrolmentView, TrainingRecordWrite } from '../../core/training-cohort/messages';
import type { AuditKeys } from '../audit/audit-signing';
import { appendAuditEntry } from '../audit/audit-trail';
import type { IssuerKey } from '../certification/credential';
import { trainingRecordCredential } from './training-credential';
import { registeredIssuerKey } from '../certification/registered-issuer-key';

export interface TrainingCohortDependencies {
  db: Database;
  auditKeys: AuditKeys;
  /** The certificate issuer's key, loaded on first use. */
  issuerKey: () => IssuerKey;
  issuerName: string;
  baseUrl: string;
}

/** People's ledgers are separate chains: appended side by side, each person's entries in order. */
const LEDGER_PARALLELISM = 8;

async function appendLedger(db: Database, keys: AuditKeys, entries: AuditEntryInput[]): Promise<void> {
  const byPerson = new Map<string, AuditEntryInput[]>();
  for (const e of entries) byPerson.set(e.subjectId, [...(byPerson.get(e.subjectId) ?? []), e]);
  const queues = [...byPerson.values()];
  const worker = async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const entry of queue) await appendAuditEntry(db, keys, entry);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LEDGER_PARALLELISM, queues.length) }, worker));
}

function enrolmentRow(e: EnrolmentView) {
  return {
    organizationId: e.organizationId,
    source: e.source,
    status: e.status,
    arrival: e.arrival,
    enrolledAt: new Date(e.enrolledAt),
    hoursAttended: e.hoursAttended,
    score: e.score,
    reasons: e.reasons,
    decidedAt: e.decidedAt ? new Date(e.decidedAt) : null,
  };
}

export function createTrainingCohortActivities(deps: TrainingCohortDependencies) {
  const { db, auditKeys } = deps;
  /** The issuer key, its public half recorded so verifiers recognise it. */
  const issuer = registeredIssuerKey(db, deps.issuerKey);

  async function issueCredentials(write: CohortStepWrite, records: TrainingRecordWrite[]): Promise<void> {
    const wanted = records.filter((r) => r.credential);
    if (wanted.length === 0) return;
    const key = await issuer();
    for (const r of wanted) {
      // Signed once: a retry finds the credential already there and keeps it.
      const credential = trainingRecordCredential({
        baseUrl: deps.baseUrl,
        issuer: { key, name: deps.issuerName },
        cohort: write.projection,
        userId: r.userId,
        hours: r.hoursAttended,
        score: r.score,
        completedAt: new Date(r.decidedAt),
      });
      await db.trainingEnrolment.updateMany({
        where: { cohortId: write.projection.cohortId, userId: r.userId, credential: { equals: Prisma.DbNull } },
        data: { credential: credential as unknown as Prisma.InputJsonObject },
      });
    }
  }

  return {
    /** One cohort step's writes (see the file's header). */
    async recordCohortStep(write: CohortStepWrite): Promise<void> {
      await appendAuditEntry(db, auditKeys, write.entry);
      await appendLedger(db, auditKeys, write.ledger);
      const p = write.projection;
      const row = {
        baseOrganizationId: p.baseOrganizationId,
        title: p.title,
        project: p.project,
        domain: p.domain,
        level: p.level,
        capacity: p.capacity,
        plannedTheoryHours: p.plannedTheoryHours,
        plannedPracticeHours: p.plannedPracticeHours,
        sessions: p.sessions,
        status: p.status,
        refusal: p.refusal,
        ...p.counts,
        publishedBy: p.publishedBy,
        publishedAt: new Date(p.publishedAt),
        closedAt: p.closedAt ? new Date(p.closedAt) : null,
        workflowId: p.workflowId,
      };
      await db.$transaction([
        db.trainingCohort.upsert({ where: { id: p.cohortId }, create: { id: p.cohortId, ...row }, update: row }),
        ...write.enrolments.map((e) =>
          db.trainingEnrolment.upsert({
            where: { cohortId_userId: { cohortId: p.cohortId, userId: e.userId } },
            create: { cohortId: p.cohortId, userId: e.userId, ...enrolmentRow(e) },
            update: enrolmentRow(e),
          }),
        ),
      ]);
      await issueCredentials(write, write.trainingRecords);
    },
  };
}

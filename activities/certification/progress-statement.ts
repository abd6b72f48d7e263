// An application's projection (its listing row and the review tasks that changed) written by one SQL
// statement. Through Prisma it was an upsert, or a transaction of one upsert per row (BEGIN, the
// application, a task per seat, COMMIT: six round trips, each with Prisma's per-query work, when a stage
// opens), on the worker's main thread for every application (BENCHMARKS.md, B5). One statement with
// data-modifying CTEs is as atomic as the transaction was, and writes what the upserts wrote: the whole
// row, inserted or replaced (a retried activity leaves the same rows); `updated_at` is the database's
// clock, as Prisma's @updatedAt was the worker's.
import { Prisma } from '../../prisma/generated/client';
import type { Database } from '../../platform/database';
import type { ApplicationProgress, ApplicationRecord, ReviewTaskRecord } from '../../core/certification-review/records';

const APPLICATION_COLUMNS = [
  'workflow_id',
  'programme_id',
  'domain',
  'level',
  'candidate_user_id',
  'organization_id',
  'applied_by',
  'secretariat_organization_id',
  'training_hours',
  'evidence',
  'status',
  'stage',
  'round',
  'theory_score',
  'practical_score',
  'rejection_kind',
  'rejection_reasons',
  'appealable_until',
  'notice_ends_at',
  'certificate_number',
  'closed',
  'submitted_at',
] as const;

const TASK_COLUMNS = [
  'application_id',
  'stage',
  'round',
  'seat',
  'status',
  'candidate_user_ids',
  'assignee_user_id',
  'due_at',
  'follow_up_at',
  'reminders_sent',
  'escalations',
  'decision',
  'decision_reason',
  'decision_points',
  'decided_by',
  'decided_at',
  'created_at',
] as const;

/** `ON CONFLICT (id) DO UPDATE SET` every column but the key and the row's creation time. */
function replaceAll(columns: readonly string[]): Prisma.Sql {
  return Prisma.raw([...columns.map((c) => `${c} = EXCLUDED.${c}`), 'updated_at = now()'].join(', '));
}

function applicationValues(a: ApplicationRecord): Prisma.Sql {
  return Prisma.sql`(${a.id}, ${a.workflowId}, ${a.programmeId}, ${a.domain}, ${a.level}::"CertificationLevel", ${a.candidateUserId},
    ${a.organizationId}::text, ${a.appliedBy}, ${a.secretariatOrganizationId}, ${a.trainingHours}::int, ${JSON.stringify(a.evidence)}::jsonb,
    ${a.status}::"CertificationApplicationStatus", ${a.stage}::"ReviewStage", ${a.round}::int, ${a.theoryScore}::double precision,
    ${a.practicalScore}::double precision, ${a.rejectionKind}::text, ${a.rejectionReasons}::text[], ${a.appealableUntil}::timestamptz,
    ${a.noticeEndsAt}::timestamptz, ${a.certificateNumber}::text, ${a.closed}::boolean, ${a.submittedAt}::timestamptz,
    ${a.submittedAt}::timestamptz, now())`;
}

function taskValues(t: ReviewTaskRecord): Prisma.Sql {
  return Prisma.sql`(${t.id}, ${t.applicationId}, ${t.stage}::"ReviewStage", ${t.round}::int, ${t.seat}::int, ${t.status}::"ReviewTaskStatus",
    ${t.candidateUserIds}::text[], ${t.assigneeUserId}::text, ${t.dueAt}::timestamptz, ${t.followUpAt}::timestamptz, ${t.remindersSent}::int,
    ${t.escalations}::int, ${t.decision}::text, ${t.decisionReason}::text, ${t.decisionPoints}::text[], ${t.decidedBy}::text,
    ${t.decidedAt}::timestamptz, ${t.createdAt}::timestamptz, now())`;
}

/**
 * Writes the application's row and its changed tasks in one statement; throws when a row was not written.
 * `auditInsert`, the steps' audit entries (activities/audit/audit-trail.ts), runs in the same statement.
 */
export async function writeApplicationProgress(db: Database, progress: ApplicationProgress, auditInsert?: Prisma.Sql): Promise<void> {
  const { application, tasks } = progress;
  const applicationInsert = Prisma.sql`application AS (
    INSERT INTO certification_applications (id, ${Prisma.raw(APPLICATION_COLUMNS.join(', '))}, created_at, updated_at)
    VALUES ${applicationValues(application)}
    ON CONFLICT (id) DO UPDATE SET ${replaceAll(APPLICATION_COLUMNS)}
    RETURNING 1)`;
  // The tasks' foreign key to the application is checked at the end of the statement, after both inserts.
  const taskInsert =
    tasks.length > 0
      ? Prisma.sql`tasks AS (
    INSERT INTO review_tasks (id, ${Prisma.raw(TASK_COLUMNS.join(', '))}, updated_at)
    VALUES ${Prisma.join(tasks.map(taskValues))}
    ON CONFLICT (id) DO UPDATE SET ${replaceAll(TASK_COLUMNS)}
    RETURNING 1)`
      : Prisma.sql`tasks AS (SELECT 1 WHERE false)`;
  // Without RETURNING the audit CTE still runs: PostgreSQL executes every data-modifying CTE to completion.
  const audit = auditInsert ? Prisma.sql`, audit AS (${auditInsert})` : Prisma.empty;
  const [written] = await db.$queryRaw<{ applications: number; tasks: number }[]>`
    WITH ${applicationInsert}, ${taskInsert}${audit}
    SELECT (SELECT count(*)::int FROM application) AS applications, (SELECT count(*)::int FROM tasks) AS tasks`;
  if (written?.applications !== 1 || written.tasks !== tasks.length) {
    throw new Error(
      `Application ${application.id}'s progress wrote ${written?.applications ?? 0} application rows and ${written?.tasks ?? 0} of ${tasks.length} task rows`,
    );
  }
}

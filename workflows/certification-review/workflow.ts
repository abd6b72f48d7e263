// CertificationReview: one workflow per application, from submission to an issued certificate (and on
// until it expires or is revoked), or to a final rejection. It holds the process and decides (the rules
// are in state.ts); activities check eligibility, find reviewers, record the projection and the audit
// trail, send notifications and sign the certificate. The people's steps arrive as Updates whose
// validators refuse precisely (four-eyes, conflict of interest, wrong state, closed window); the
// workflow keeps the clock: reminders and escalations of review tasks, the public notice, the
// resubmission and appeal windows, the renewal reminder and the expiry.
import { allHandlersFinished, condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { createCertificationActivities } from '../../activities/certification';
import type { ApplicationProgress } from '../../core/certification-review/records';
import type { createNotificationActivities } from '../../activities/notifications';
import type { NotificationEvent } from '../../core/notifications/notification-event';
import { notifyActivityOptions, signingActivityOptions, storageActivityOptions } from '../shared/activity-options';
import { BatchedTrail } from '../shared/batched-audit-trail';
import { LaunchRecord } from '../shared/launch-record';
import { Outbox } from '../shared/outbox';
import { refuseIf } from '../shared/refusals';
import { untilMs } from '../shared/timers';
import {
  type ApplicationView,
  appealUpdate,
  applicationQuery,
  type CertificationReviewInput,
  claimTaskUpdate,
  decideTaskUpdate,
  examResultsUpdate,
  launchRecordedUpdate,
  objectionUpdate,
  resolveObjectionUpdate,
  resubmitUpdate,
  revokeUpdate,
  unclaimTaskUpdate,
} from '../../core/certification-review/messages';
import { latestProgress, notices, progress } from './notices';
import { type CertificationState, initialState, requirementsOf } from './state';
import { checkAppeal, checkResubmit, closeAppealWindow, fileAppeal, lapse, resubmit } from './resubmission-and-appeal';
import { checkClaim, checkDecision, checkUnclaim, claim, decide, findTask, openTasks, stageToOpen, unclaim } from './review-tasks';
import { checkExamResults, recordEligibility, recordExamResults } from './eligibility-and-exam';
import {
  checkObjection,
  checkResolveObjection,
  checkRevoke,
  criteriaOf,
  endNotice,
  expire,
  fileObjection,
  issue,
  openObjections,
  readyToIssue,
  recordRenewalReminder,
  resolveObjection,
  revoke,
} from './notice-and-certificate';
import { type DueTimer, escalate, nextTimer, recordReminder, sameTimer } from './timers';
import { stepResult, toView } from './status-view';

type CertificationActivities = ReturnType<typeof createCertificationActivities>;

// The application's own reads and writes are short, idempotent database statements: local activities,
// run by the worker inside the workflow task (no round trip through the server for each), which is what
// lets a burst of thousands of applications through on one machine. Signing and revoking a certificate
// (issuer key, status list) and notifications (SMTP, webhooks) are ordinary activities.
const storage = proxyLocalActivities<CertificationActivities>(storageActivityOptions);
const certificates = proxyActivities<CertificationActivities>(signingActivityOptions);
const notifications = proxyActivities<ReturnType<typeof createNotificationActivities>>(notifyActivityOptions);

/** What a run hands the next one on continue-as-new. */
export interface CertificationResume {
  state: CertificationState;
  auditSequence: number;
}

const DEFAULT_HISTORY_LIMIT = 10_000;

export async function certificationReview(input: CertificationReviewInput, resumed?: CertificationResume): Promise<ApplicationView> {
  const { workflowId } = workflowInfo();
  let state: CertificationState = resumed?.state ?? initialState(input, new Date(workflowInfo().startTime.getTime()));
  // Every change of state bumps the revision: the main loop wakes on it.
  let revision = 0;
  const apply = (next: CertificationState) => {
    state = next;
    revision++;
  };
  // Steps wait for the one that completes them (the eligibility outcome, a stage's opened tasks), so that
  // they are written together: fewer writes, the same order.
  const trail = new BatchedTrail<ApplicationProgress>(
    { subjectType: 'certification_application', subjectId: state.applicationId, workflowId },
    resumed?.auditSequence ?? 0,
    () => state.status === 'eligibility_check' || stageToOpen(state) !== null,
    (entries, projections, after) => storage.recordCertificationSteps({ entries, progress: latestProgress(projections), after }),
    new Outbox(notifications.notify),
  );
  const now = () => new Date();
  const ctx = () => ({ workflowId, occurredAt: now().toISOString() });

  /** Records a step: its audit entry, the projection of what changed, then its notifications and consequences. */
  function record(
    step: string,
    actor: string,
    data: Record<string, unknown>,
    before: CertificationState,
    events: (NotificationEvent | null)[] = [],
    write?: () => Promise<void>,
  ): Promise<void> {
    const after = state;
    const done = trail.record(step, actor, data, progress(before, after, workflowId), events, write);
    const follow = consequences(before, after);
    return Promise.all([done, ...follow]).then(() => undefined);
  }

  /** The entries a status change brings with it (rejection, changes requested, notice), after the step's own. */
  function consequences(before: CertificationState, after: CertificationState): Promise<void>[] {
    const written: Promise<void>[] = [];
    const c = ctx();
    const cancelled = after.tasks.filter((t) => t.status === 'cancelled' && before.tasks.find((b) => b.taskId === t.taskId)?.status === 'open');
    if (cancelled.length > 0) {
      written.push(
        trail.record('review_tasks_cancelled', 'system', { taskIds: cancelled.map((t) => t.taskId), stage: cancelled[0]!.stage, round: cancelled[0]!.round }),
      );
    }
    if (after.status === before.status) return written;
    switch (after.status) {
      case 'rejected':
        written.push(trail.record('rejected', after.rejection!.by, { ...after.rejection! }, undefined, [notices.rejected(after, c)]));
        break;
      case 'changes_requested':
        written.push(
          trail.record('changes_requested', after.changesRequested!.by, { ...after.changesRequested! }, undefined, [notices.changesRequested(after, c)]),
        );
        break;
      case 'public_notice':
        written.push(trail.record('notice_started', 'system', { ...after.notice! }));
        break;
    }
    return written;
  }

  // ---- Queries and the people's steps. A validator refuses without touching the history; a handler
  // changes the state at once (before its first await) and answers once the step is recorded.
  setHandler(applicationQuery, () => toView(state), { description: "The application's live status: tasks, objections, certificate." });
  const launch = new LaunchRecord(resumed !== undefined);
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toView(state)), {
    description: 'Answers once the application is recorded with its eligibility outcome; the API launches with this Update-with-Start.',
  });

  setHandler(
    examResultsUpdate,
    async (step) => {
      const before = state;
      apply(recordExamResults(state, step, now()));
      await record(
        'exam_results_recorded',
        step.actor.userId,
        {
          examId: step.examId,
          theoryScore: step.theoryScore,
          practicalScore: step.practicalScore,
          passed: state.exam ? state.exam.passed : null,
        },
        before,
      );
      return stepResult(state, 'exam_results');
    },
    { description: 'Record the theory and practical exam results (the exam system).', validator: (step) => refuseIf(checkExamResults(state, step)) },
  );

  setHandler(
    claimTaskUpdate,
    async (step) => {
      const before = state;
      apply(claim(state, step));
      const task = findTask(state, step.taskId)!;
      await record('review_task_claimed', step.actor.userId, { taskId: task.taskId, stage: task.stage, round: task.round, seat: task.seat }, before);
      return stepResult(state, 'claim', { taskId: step.taskId });
    },
    { description: 'Claim a review task (refused on conflicts of interest and four-eyes breaches).', validator: (step) => refuseIf(checkClaim(state, step)) },
  );

  setHandler(
    unclaimTaskUpdate,
    async (step) => {
      const before = state;
      const from = findTask(state, step.taskId)!.assigneeUserId;
      apply(unclaim(state, step));
      const task = findTask(state, step.taskId)!;
      await record('review_task_unclaimed', step.actor.userId, { taskId: task.taskId, stage: task.stage, seat: task.seat, from }, before, [
        notices.taskOpened(state, ctx(), task),
      ]);
      return stepResult(state, 'unclaim', { taskId: step.taskId });
    },
    { description: 'Give a claimed review task back to its pool.', validator: (step) => refuseIf(checkUnclaim(state, step)) },
  );

  setHandler(
    decideTaskUpdate,
    async (step) => {
      const before = state;
      apply(decide(state, step, now()));
      const task = findTask(state, step.taskId)!;
      await record(
        'review_decision',
        step.actor.userId,
        { taskId: task.taskId, stage: task.stage, round: task.round, seat: task.seat, ...task.decision! },
        before,
      );
      return stepResult(state, 'decision', { taskId: step.taskId });
    },
    {
      description: 'Decide a review task: approve, reject (with a reason) or request changes (with the points).',
      validator: (step) => refuseIf(checkDecision(state, step)),
    },
  );

  setHandler(
    resubmitUpdate,
    async (step) => {
      const before = state;
      apply(resubmit(state, step, now()));
      await record(
        'resubmitted',
        step.actor.userId,
        { note: step.note, evidenceReplaced: step.evidence !== undefined, evidence: state.evidence, stage: state.stage, round: state.round },
        before,
      );
      return stepResult(state, 'resubmit');
    },
    {
      description: 'Resubmit after changes were requested; the review resumes at the stage that asked, with a fresh task.',
      validator: (step) => refuseIf(checkResubmit(state, step)),
    },
  );

  setHandler(
    objectionUpdate,
    async (step) => {
      const before = state;
      apply(fileObjection(state, step, now()));
      await record('objection_filed', step.actor.userId, { objectionId: step.objectionId, reason: step.reason }, before);
      return stepResult(state, 'objection', { objectionId: step.objectionId });
    },
    {
      description: 'Object during the public notice; issuance waits until the secretariat resolves it.',
      validator: (step) => refuseIf(checkObjection(state, step, now())),
    },
  );

  setHandler(
    resolveObjectionUpdate,
    async (step) => {
      const before = state;
      apply(resolveObjection(state, step, now()));
      await record(
        'objection_resolved',
        step.actor.userId,
        { objectionId: step.objectionId, outcome: step.outcome, reason: step.reason, openObjections: openObjections(state).length },
        before,
      );
      return stepResult(state, 'resolve_objection', { objectionId: step.objectionId });
    },
    {
      description: 'Resolve an objection: upheld (the application is rejected) or dismissed.',
      validator: (step) => refuseIf(checkResolveObjection(state, step)),
    },
  );

  setHandler(
    appealUpdate,
    async (step) => {
      const before = state;
      apply(fileAppeal(state, step, now()));
      await record('appeal_filed', step.actor.userId, { reason: step.reason, against: before.rejection }, before);
      return stepResult(state, 'appeal');
    },
    {
      description: 'Appeal a rejection within the appeal window: a panel with none of the earlier reviewers re-reviews.',
      validator: (step) => refuseIf(checkAppeal(state, step, now())),
    },
  );

  setHandler(
    revokeUpdate,
    async (step) => {
      const before = state;
      const at = now();
      apply(revoke(state, at));
      const certificate = state.certificate!;
      await record(
        'certificate_revoked',
        step.actor.userId,
        { certificateNumber: certificate.number, reason: step.reason },
        before,
        [notices.revoked(state, ctx(), step.reason)],
        () =>
          certificates.revokeCertificate({
            applicationId: state.applicationId,
            revokedBy: step.actor.userId,
            reason: step.reason,
            revokedAt: at.toISOString(),
          }),
      );
      return stepResult(state, 'revoke');
    },
    { description: 'Revoke a certificate (with a reason); verification then answers revoked.', validator: (step) => refuseIf(checkRevoke(state, step)) },
  );

  // ---- Submitted: written with the eligibility check's outcome (the trail waits for it).
  if (!resumed) {
    void launch.track(
      record(
        'submitted',
        state.appliedBy,
        {
          programmeId: state.programme.id,
          domain: state.domain,
          level: state.level,
          trainingHours: state.trainingHours,
          evidence: state.evidence,
          candidateUserId: state.candidate.userId,
          organizationId: state.organizationId,
          conflictUserIds: state.conflictUserIds,
        },
        state,
      ),
    );
  }

  // ---- The process: each turn does what the state asks for (an activity's answer), or waits for a
  // step or the next timer.
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  while (!state.closed) {
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit) {
      // A long review (reminders over weeks, appeals) starts a fresh history, handing the state on.
      await trail.settled();
      await condition(allHandlersFinished);
      await continueAsNew<typeof certificationReview>(input, { state, auditSequence: trail.sequence });
    }

    if (state.status === 'eligibility_check') {
      const result = await storage.checkCertificationEligibility({
        applicationId: state.applicationId,
        candidateUserId: state.candidate.userId,
        programmeId: state.programme.id,
        domain: state.domain,
        level: state.level,
        trainingHours: state.trainingHours,
        requirements: requirementsOf(state),
        // Only the activity's argument grows (no command changes): histories recorded before replay as they were.
        ...(state.programme.policy.trainingHoursSource ? { trainingHoursSource: state.programme.policy.trainingHoursSource } : {}),
      });
      const before = state;
      apply(recordEligibility(state, result, now()));
      void record('eligibility_checked', 'system', { ...result, exam: state.exam ? { ...state.exam } : null }, before);
      continue;
    }

    const opening = stageToOpen(state);
    if (opening) {
      const reviewers = await storage.findCertificationReviewers({ evaluationOrganizationIds: state.programme.evaluationOrganizationIds });
      const still = stageToOpen(state);
      if (!still || still.stage !== opening.stage || still.round !== opening.round) continue;
      const before = state;
      apply(
        openTasks(
          state,
          reviewers,
          Array.from({ length: opening.seats }, () => uuid4()),
          now(),
        ),
      );
      const opened = state.tasks.filter((t) => !before.tasks.includes(t));
      const c = ctx();
      void record(
        'review_tasks_opened',
        'system',
        {
          stage: opening.stage,
          round: opening.round,
          tasks: opened.map((t) => ({ taskId: t.taskId, seat: t.seat, pool: t.pool, assigneeUserId: t.assigneeUserId, dueAt: t.dueAt })),
        },
        before,
        // A task for its pool waits in the pool's inboxes (GET /v1/review-tasks); only a task that goes to
        // someone by name (a resubmission back to its reviewer) is announced. The pool hears of a task
        // nobody has claimed by its follow-up date, through the reminder.
        opened.filter((t) => t.assigneeUserId !== null).map((t) => notices.taskOpened(state, c, t)),
      );
      continue;
    }

    if (readyToIssue(state)) {
      const certificate = await certificates.issueCertificate({
        applicationId: state.applicationId,
        programme: {
          id: state.programme.id,
          name: state.programme.name,
          certificatePrefix: state.programme.certificatePrefix,
          secretariatOrganizationId: state.programme.secretariatOrganizationId,
        },
        domain: state.domain,
        level: state.level,
        candidateUserId: state.candidate.userId,
        evidence: state.evidence,
        criteria: criteriaOf(state),
        issuedAt: now().toISOString(),
        validity: state.programme.policy.durations.validity,
      });
      if (!readyToIssue(state)) continue;
      const before = state;
      apply(issue(state, certificate));
      void record('certificate_issued', 'system', { ...certificate }, before, [notices.issued(state, ctx())]);
      continue;
    }

    const timer = nextTimer(state);
    const seen = revision;
    if (!timer) {
      await condition(() => revision !== seen);
      continue;
    }
    const moved = await condition(() => revision !== seen, untilMs(timer.at));
    if (!moved) await onTimer(timer);
  }

  await trail.settled();
  await condition(allHandlersFinished);
  await trail.settled();
  return toView(state);

  // ---------------------------------------------------------------------------------------------------

  /** A timer fired: act on it only if it is still the one due. */
  async function onTimer(timer: DueTimer): Promise<void> {
    if (!sameTimer(nextTimer(state), timer)) return;
    const before = state;
    switch (timer.kind) {
      case 'task_reminder': {
        apply(recordReminder(state, timer.taskId!));
        const task = findTask(state, timer.taskId!)!;
        void record(
          'review_task_reminded',
          'system',
          { taskId: task.taskId, reminder: task.remindersSent, assigneeUserId: task.assigneeUserId, dueAt: task.dueAt },
          before,
          [notices.reminder(state, ctx(), task)],
        );
        return;
      }
      case 'task_due': {
        const reviewers = await storage.findCertificationReviewers({ evaluationOrganizationIds: state.programme.evaluationOrganizationIds });
        const current = findTask(state, timer.taskId!);
        // A decision or a claim may have come in while the reviewers were looked up.
        if (!current || current.status !== 'open' || current.dueAt !== timer.at) return;
        const earlier = state;
        const escalation = escalate(state, timer.taskId!, reviewers, now());
        apply(escalation.state);
        const task = findTask(state, timer.taskId!)!;
        const c = ctx();
        void record(
          'review_task_escalated',
          'system',
          {
            taskId: task.taskId,
            stage: task.stage,
            seat: task.seat,
            from: escalation.from,
            to: escalation.to,
            escalation: task.escalations,
            dueAt: task.dueAt,
          },
          earlier,
          [notices.escalated(state, c, task, escalation.from), notices.taskOpened(state, c, task)],
        );
        return;
      }
      case 'notice_end':
        apply(endNotice(state));
        void record('notice_ended', 'system', { endsAt: state.notice!.endsAt, openObjections: openObjections(state).map((o) => o.objectionId) }, before);
        return;
      case 'resubmit_deadline':
        apply(lapse(state));
        void record('lapsed', 'system', { resubmitBy: before.changesRequested!.resubmitBy }, before);
        return;
      case 'appeal_deadline':
        apply(closeAppealWindow(state));
        void record('appeal_window_closed', 'system', { appealableUntil: before.rejection!.appealableUntil }, before);
        return;
      case 'renewal_reminder':
        apply(recordRenewalReminder(state));
        void record('renewal_reminder_sent', 'system', { certificateNumber: state.certificate!.number, validUntil: state.certificate!.validUntil }, before, [
          notices.renewalDue(state, ctx()),
        ]);
        return;
      case 'expiry':
        apply(expire(state));
        void record('certificate_expired', 'system', { certificateNumber: state.certificate!.number, validUntil: state.certificate!.validUntil }, before);
        return;
    }
  }
}

// CommissionerService (科技特派员): one workflow per engagement of a technology commissioner with an
// enterprise, durable for the months it lasts.
//
//   nominated ──accept (enterprise)──► tripartite agreement (child AgreementSigning) ──effective──► active
//     │ deadline                          │ declined/voided/expired                                  │
//     ▼                                   ▼                                                          │
//   nomination_expired               agreement_failed      a durable timer per period: the log is due at
//                                                          its end + grace; a missing log reminds the
//                                                          commissioner, N in a row escalate to the
//                                                          home institution; milestones
//                                                                        │ last period judged
//                                                                        ▼
//                                                  awaiting_rating ──rating, or its deadline──► completed
//
// An early end by any of the three parties (with a reason) from nominated, agreement_pending or active.
// The parties' steps are Updates (validators refuse precisely, without touching history); the rules are
// in state.ts and steps.ts; activities record the steps, keep the audit trail and notify. The number
// of periods is bounded (the API allows at most 60), so the history stays bounded without
// continue-as-new.
import { allHandlersFinished, condition, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { createAuditActivities } from '../../activities/audit/audit-trail';
import type { createNotificationActivities } from '../../activities/notifications';
import type { createCommissionerServiceActivities } from '../../activities/commissioner-service/projection';
import type { ServiceRecord } from '../../core/commissioner-service/service-record';
import { agreementWorkflowId } from '../../core/agreement-signing/input';
import type { CommissionerServiceInput } from '../../core/commissioner-service/input';
import {
  acceptUpdate,
  type CommissionerServiceStatusView,
  confirmLogUpdate,
  endUpdate,
  launchRecordedUpdate,
  milestoneUpdate,
  rateUpdate,
  serviceLogUpdate,
  serviceStatusQuery,
} from '../../core/commissioner-service/messages';
import { AgreementStatusKey, AllianceIdKey, OrganizationIdsKey } from '../../core/search-attributes';
import { agreementSigning } from '../agreement-signing/workflow';
import { notifyActivityOptions, storageActivityOptions } from '../shared/activity-options';
import { Trail } from '../shared/audit-trail';
import { LaunchRecord } from '../shared/launch-record';
import { Outbox } from '../shared/outbox';
import { answerOnceRecorded, handleStep } from '../shared/refusals';
import { untilMs } from '../shared/timers';
import { agreementOutcome, serviceAgreementInput } from './agreement';
import { notices } from './notices';
import {
  agreementEnded,
  closePeriod,
  complete,
  expireNomination,
  initialState,
  logDueAt,
  nextDuePeriod,
  periodStart,
  type ServiceState,
  totalHours,
} from './state';
import { toProjection, toStatusView } from './status-view';
import * as steps from './steps';
import { stepResult } from './who-may-act';
import { workflowDisplayOptions } from '../../core/workflow-display';
import { agreementDisplay } from '../../core/agreement-signing/display';

const storage = proxyActivities<ReturnType<typeof createCommissionerServiceActivities> & ReturnType<typeof createAuditActivities>>(storageActivityOptions);
const notifications = proxyActivities<ReturnType<typeof createNotificationActivities>>(notifyActivityOptions);

export async function commissionerService(input: CommissionerServiceInput): Promise<CommissionerServiceStatusView> {
  const { workflowId } = workflowInfo();
  let state: ServiceState = initialState(input, new Date());
  const trail = new Trail({ subjectType: 'commissioner_service', subjectId: input.serviceId, workflowId }, storage.appendAudit);
  const outbox = new Outbox(notifications.notify);
  const ctx = () => ({ workflowId, occurredAt: new Date().toISOString() });
  const launch = new LaunchRecord(false);

  /** An audit entry and the records of a step, written in the order the steps happened. */
  function record(step: string, key: string, actor: string, data: Record<string, unknown>, extra: Omit<ServiceRecord, 'projection'> = {}): Promise<void> {
    const projection = toProjection(state);
    return trail
      .record(step, key, actor, { status: state.status, ...data }, () => storage.recordCommissionerService({ projection, ...extra }))
      .then(() => undefined);
  }

  /** A log as stored: its period's start decides which year's report counts its hours. */
  function logRecord(period: number) {
    const log = state.logs.find((l) => l.period === period)!;
    return {
      period,
      periodStart: periodStart(state, period).toISOString(),
      hours: log.hours,
      activities: log.activities,
      outcomes: log.outcomes,
      late: log.late,
      submittedBy: state.input.commissioner.userId,
      submittedAt: log.submittedAt,
      confirmedBy: log.confirmedBy,
      confirmedAt: log.confirmedAt,
    };
  }

  // ---- The parties' steps. A validator refuses precisely without touching the history; a handler
  // changes the state before its first await, so a step in the same instant sees the new state.
  setHandler(serviceStatusQuery, () => toStatusView(state, new Date()), { description: "The service's live status." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toStatusView(state, new Date())), {
    description: 'Answers once the nomination is recorded; the API launches with this Update-with-Start.',
  });

  handleStep(
    acceptUpdate,
    (step) => steps.checkAccept(state, step),
    async (step) => {
      state = steps.accept(state, step, new Date());
      return answerOnceRecorded(stepResult(state, 'accept'), record('accepted', 'accepted', step.actor.userId, {}, { needMatched: true }));
    },
    'The enterprise accepts the nomination (the tripartite service agreement is launched).',
  );

  handleStep(
    serviceLogUpdate,
    (step) => steps.checkServiceLog(state, step, new Date()),
    async (step) => {
      const logged = steps.serviceLog(state, step, new Date());
      state = logged.state;
      const log = logRecord(logged.period);
      return answerOnceRecorded(
        stepResult(state, 'service_log', { reference: logged.period }),
        record('service_logged', `log/${logged.period}`, step.actor.userId, { period: logged.period, hours: log.hours, late: log.late }, { log }),
      );
    },
    "The commissioner's service log of a period.",
  );

  handleStep(
    confirmLogUpdate,
    (step) => steps.checkConfirmLog(state, step),
    async (step) => {
      state = steps.confirmLog(state, step, new Date());
      return answerOnceRecorded(
        stepResult(state, 'confirm_log', { reference: step.period }),
        record('log_confirmed', `log/${step.period}/confirmed`, step.actor.userId, { period: step.period }, { log: logRecord(step.period) }),
      );
    },
    "The enterprise confirms a period's service log.",
  );

  handleStep(
    milestoneUpdate,
    (step) => steps.checkMilestone(state, step),
    async (step) => {
      const reached = steps.milestone(state, step, new Date());
      state = reached.state;
      return answerOnceRecorded(
        stepResult(state, 'milestone', { reference: reached.number }),
        record('milestone', `milestone/${reached.number}`, step.actor.userId, { number: reached.number, title: step.title }),
      );
    },
    'A milestone reached.',
  );

  handleStep(
    endUpdate,
    (step) => steps.checkEnd(state, step),
    async (step) => {
      state = steps.end(state, step, new Date());
      outbox.send(notices.ended(state, ctx()));
      return answerOnceRecorded(stepResult(state, 'end'), record('ended_early', 'ended', step.actor.userId, { reason: step.reason }));
    },
    'End the service early, with a reason.',
  );

  handleStep(
    rateUpdate,
    (step) => steps.checkRate(state, step),
    async (step) => {
      state = steps.rate(state, step, new Date());
      return answerOnceRecorded(stepResult(state, 'rate', { reference: step.score }), record('rated', 'rated', step.actor.userId, { score: step.score }));
    },
    'The enterprise rates the service (1-5, a comment); the completion record follows.',
  );

  // ---- The nomination: the enterprise accepts before the deadline (or any party ends it).
  outbox.send(notices.nominated(state, ctx()));
  await launch.track(
    record('nominated', 'nominated', input.nominatedBy, {
      needId: input.need.needId,
      commissionerId: input.commissionerId,
      institutionOrganizationId: input.institution.organizationId,
      acceptDeadlineAt: state.acceptDeadlineAt,
    }),
  );
  await condition(() => state.status !== 'nominated', untilMs(state.acceptDeadlineAt));
  if (state.status === 'nominated') {
    state = expireNomination(state, new Date());
    await record('nomination_expired', 'nomination-expired', 'system', { acceptDeadlineAt: state.acceptDeadlineAt });
  }

  // ---- The tripartite service agreement, as a child AgreementSigning with an explicit id.
  if (state.status === 'agreement_pending') await signAgreement();

  // ---- Active: a durable timer per period. A missing log reminds the commissioner; N in a row escalate.
  while (state.status === 'active') {
    const period = nextDuePeriod(state)!;
    await condition(() => state.status !== 'active', untilMs(logDueAt(state, period).toISOString()));
    if (state.status !== 'active') break;
    const closed = closePeriod(state, period, new Date());
    state = closed.state;
    if (closed.missed) outbox.send(notices.logMissed(state, ctx(), period));
    if (closed.escalate) outbox.send(notices.escalated(state, ctx(), period));
    if (state.status === 'awaiting_rating') outbox.send(notices.ratingDue(state, ctx()));
    void record(closed.missed ? 'log_missed' : 'period_closed', `period/${period}`, 'system', {
      period,
      missed: closed.missed,
      missedInARow: state.missedInARow,
      escalated: closed.escalate,
    });
  }

  // ---- The rating, then the completion record (unrated once the rating's deadline passes).
  if (state.status === 'awaiting_rating') {
    await condition(() => state.rating !== null, untilMs(state.ratingDeadlineAt!));
    await condition(allHandlersFinished);
    state = complete(state, new Date());
    const { hours, confirmedHours } = totalHours(state);
    outbox.send(notices.completed(state, ctx(), confirmedHours));
    await record('completed', 'completed', 'system', {
      rated: state.rating !== null,
      score: state.rating?.score ?? null,
      hours,
      confirmedHours,
      logs: state.logs.length,
      missedPeriods: state.missedPeriods,
      milestones: state.milestones.length,
    });
  }

  await settle();
  return toStatusView(state, new Date());

  // ---------------------------------------------------------------------------------------------------

  async function signAgreement(): Promise<void> {
    const agreement = serviceAgreementInput(state);
    await record('agreement_launched', 'agreement-launched', 'system', {
      agreementId: agreement.agreementId,
      documentSha256: agreement.documentSha256,
      parties: agreement.parties.map((p) => p.partyId),
    });
    const child = await startChild(agreementSigning, {
      workflowId: agreementWorkflowId(agreement.agreementId),
      args: [agreement],
      // A service ended while its agreement is open takes the agreement with it.
      parentClosePolicy: 'REQUEST_CANCEL',
      // As the agreement routes launch one: who may see it before its row is written.
      typedSearchAttributes: [
        { key: AgreementStatusKey, value: 'in_progress' },
        { key: AllianceIdKey, value: agreement.allianceId },
        { key: OrganizationIdsKey, value: [state.input.enterprise.organizationId, state.input.institution.organizationId] },
      ],
      // What the Temporal UI shows of it (core/workflow-display.ts); partyUserIds as before.
      ...workflowDisplayOptions(agreementDisplay(agreement), { partyUserIds: [state.input.commissioner.userId] }),
    });
    let outcome: ReturnType<typeof agreementOutcome> | null = null;
    child.result().then(
      (view) => (outcome = agreementOutcome(view)),
      (error: unknown) => (outcome = { status: 'failed', effectiveAt: null, reason: `agreement workflow failed: ${(error as Error).message}` }),
    );
    await condition(() => outcome !== null || state.status !== 'agreement_pending');
    if (state.status !== 'agreement_pending' || !outcome) return;
    state = agreementEnded(state, outcome, new Date());
    await record(state.status === 'active' ? 'agreement_effective' : 'agreement_failed', 'agreement-ended', 'system', { ...(outcome as object) });
  }

  /** Every accepted step handled, every record written and every notification sent. */
  async function settle(): Promise<void> {
    do {
      await condition(allHandlersFinished);
      await trail.settled();
      await outbox.settled();
    } while (!allHandlersFinished() || !trail.idle || !outbox.idle);
  }
}

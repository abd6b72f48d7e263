// ApprenticeshipPlacement: one workflow per placement, durable for the months a placement lasts.
//
//   offer ──accept──► tripartite agreement (child AgreementSigning) ──effective──► waiting for the start
//     │ decline/deadline            │ declined/voided/expired                        │ first day, insurance,
//     ▼                             ▼                                                ▼ guardian signature
//   declined / offer_expired    agreement_failed        active: weekly check-ins, missed-check-in reminders,
//                                                        escalation after N in a row, rule violations and
//                                                        incidents escalated at once, mid-term evaluations
//                                                                     │ last week over
//                                                                     ▼
//                                                   final evaluations by both mentors ──► completed (credits)
//
// Terminate (school or enterprise) and transfer (a linked continuation placement) from the states that
// allow them. The parties' steps are Updates (validators refuse precisely, without touching history);
// the rules are in rules.ts and state.ts; activities record the steps, keep the audit trail and notify.
// While active, the workflow continues as new every few weeks (or when Temporal suggests it), carrying
// its state, so the history stays bounded however long the placement runs.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createAuditActivities } from '../../activities/audit/audit-trail';
import type { createNotificationActivities } from '../../activities/notifications';
import type { PlacementRecord } from '../../core/apprenticeship-placement/placement-record';
import type { createPlacementActivities } from '../../activities/placement/projection';
import { OFFER_REFUSED, type OfferClaimActivities, offerRefusalDetail } from '../../core/apprenticeship-placement/offer-claim';
import { notifyActivityOptions, storageActivityOptions } from '../shared/activity-options';
import { Trail } from '../shared/audit-trail';
import { Outbox } from '../shared/outbox';
import { answerOnceQueued, answerOnceRecorded, handleStep } from '../shared/refusals';
import { trailPositionQuery } from '../../core/audit/trail-position';
import { untilMs } from '../shared/timers';
import { AGREEMENT_SIGNING_WORKFLOW, agreementWorkflowId } from '../../core/agreement-signing/input';
import type { agreementSigning } from '../agreement-signing/workflow';
import { AgreementStatusKey, AllianceIdKey, OrganizationIdsKey, PlacementStatusKey } from '../../core/search-attributes';
import { agreementOutcome, tripartiteAgreementInput } from './agreement';
import {
  acceptUpdate,
  checkInUpdate,
  declineUpdate,
  evaluationUpdate,
  incidentUpdate,
  insuranceUpdate,
  launchRecordedUpdate,
  placementStatusQuery,
  type PlacementStatusView,
  resolveIncidentUpdate,
  terminateUpdate,
  transferUpdate,
  type ViolationView,
} from '../../core/apprenticeship-placement/messages';
import {
  APPRENTICESHIP_PLACEMENT_WORKFLOW,
  type ApprenticeshipPlacementInput,
  type PlacementStatus,
  placementWorkflowId,
} from '../../core/apprenticeship-placement/input';
import { LaunchRecord } from '../shared/launch-record';
import { notices } from './notices';
import type { RuleViolation } from '../../core/apprenticeship-placement/rules';
import {
  accept,
  carriedOverFrom,
  checkAccept,
  checkCheckIn,
  checkDecline,
  checkEvaluation,
  checkIn,
  checkIncident,
  checkInsurance,
  checkResolveIncident,
  checkTerminate,
  checkTransfer,
  complete,
  decline,
  evaluate,
  evaluationsComplete,
  recordInsurance,
  reportIncident,
  resolveIncident,
  terminate,
  transfer,
} from './steps';
import { agreementEnded, agreementStarted, expireOffer, initialState, mayStart, type PlacementState, resumedState, start, startInstant } from './state';
import { checkInDueAt, closeWeek, nextDueWeek } from './schedule';
import { stepResult } from './who-may-act';
import { toProjection, toStatusView } from './status-view';
import { workflowDisplayOptions } from '../../core/workflow-display';
import { agreementDisplay } from '../../core/agreement-signing/display';
import { placementDisplay } from '../../core/apprenticeship-placement/display';

const storage = proxyActivities<ReturnType<typeof createPlacementActivities> & ReturnType<typeof createAuditActivities>>(storageActivityOptions);
const notifications = proxyActivities<ReturnType<typeof createNotificationActivities>>(notifyActivityOptions);
const offers = proxyActivities<OfferClaimActivities>(storageActivityOptions);
/**
 * A direct offer's workflow takes the seat and writes its row itself (its launch activity); direct offers
 * started before that had both done by the API, and replay without the activity.
 */
const OFFER_CLAIMS_SEAT = 'placement-offer-claims-seat';
/**
 * Steps answer once the workflow has accepted them and changed its state; each record (audit entry and
 * rows) follows in one activity (recordPlacementStep), in order, and the run ends or continues as new only
 * once they are written (settle). Reads wait for the trail's position (README "Read your own write").
 * Runs started before it answer after the write, with two activities a record.
 */
const STEPS_ANSWER_WHEN_ACCEPTED = 'placement-steps-answer-when-accepted';

export async function apprenticeshipPlacement(input: ApprenticeshipPlacementInput): Promise<PlacementStatusView> {
  const { workflowId } = workflowInfo();
  let state: PlacementState = input.carried ? resumedState(input) : initialState(input, new Date());
  const trail = new Trail({ subjectType: 'placement', subjectId: input.placementId, workflowId }, storage.appendAudit);
  const outbox = new Outbox(notifications.notify);
  const ctx = () => ({ workflowId, occurredAt: new Date().toISOString() });
  let publishedStatus: PlacementStatus | null = input.carried ? state.status : null;
  const launch = new LaunchRecord(Boolean(input.carried));
  const answerEarly = patched(STEPS_ANSWER_WHEN_ACCEPTED);
  /** A step's answer: once its record is queued (answerEarly), else once it is written. */
  const answer = <T>(result: T, recording: Promise<unknown>): T | Promise<T> =>
    answerEarly ? answerOnceQueued(result, recording) : answerOnceRecorded(result, recording);

  /** An audit entry and the records of a step, written in the order the steps happened. */
  function record(step: string, key: string, actor: string, data: Record<string, unknown>, extra: Omit<PlacementRecord, 'projection'> = {}): Promise<void> {
    if (state.status !== publishedStatus) {
      upsertSearchAttributes([{ key: PlacementStatusKey, value: state.status }]);
      publishedStatus = state.status;
    }
    const projection = toProjection(state);
    if (answerEarly) {
      return trail
        .recordStep(step, key, actor, { status: state.status, ...data }, (entry, after) =>
          storage.recordPlacementStep({ entry, after, record: { projection, ...extra } }),
        )
        .then(() => undefined);
    }
    return trail.record(step, key, actor, { status: state.status, ...data }, () => storage.recordPlacement({ projection, ...extra })).then(() => undefined);
  }

  // ---- The parties' steps. A validator refuses precisely without touching the history; a handler
  // changes the state before its first await, so a step in the same instant sees the new state.
  setHandler(trailPositionQuery, () => trail.position, { description: 'How many of the records its steps queued the workflow has written.' });
  setHandler(placementStatusQuery, () => toStatusView(state, new Date()), { description: "The placement's live status." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toStatusView(state, new Date())), {
    description: 'Answers once the offer is recorded (its row and first audit entry); the API launches with this Update-with-Start.',
  });

  handleStep(
    acceptUpdate,
    (step) => checkAccept(state, step),
    async (step) => {
      state = accept(state, step, new Date());
      return answer(stepResult(state, 'accept'), record('accepted', 'accepted', step.actor.userId, {}, { applicationStatus: 'accepted' }));
    },
    'The student accepts the offer (the tripartite agreement is launched).',
  );

  handleStep(
    declineUpdate,
    (step) => checkDecline(state, step),
    async (step) => {
      state = decline(state, step, new Date());
      return answer(
        stepResult(state, 'decline'),
        record('declined', 'declined', step.actor.userId, { reason: step.reason }, { applicationStatus: 'declined' }),
      );
    },
    'The student declines the offer, with a reason.',
  );

  handleStep(
    insuranceUpdate,
    (step) => checkInsurance(state, step),
    async (step) => {
      state = recordInsurance(state, step);
      return answer(
        stepResult(state, 'insurance'),
        record('insurance_recorded', `insurance/${state.revision}`, step.actor.userId, { insurance: { ...step.insurance } }),
      );
    },
    'Record the liability insurance (needed before the start).',
  );

  handleStep(
    checkInUpdate,
    (step) => checkCheckIn(state, step, new Date()),
    async (step) => {
      const recorded = checkIn(state, step, new Date());
      state = recorded.state;
      const { week, hours, late } = recorded.checkIn;
      // Violations go to the school at once, not with the next summary.
      if (recorded.violations.length > 0) outbox.send(notices.ruleViolation(state, ctx(), `check_in/${week}`, recorded.violations));
      return answer(
        stepResult(state, 'check_in', { reference: week, violations: recorded.violations.map(asRuleViolation) }),
        record(
          'check_in',
          `check-in/${week}`,
          step.actor.userId,
          { week, hours, late, violations: recorded.checkIn.violations },
          {
            checkIn: {
              week,
              submittedBy: step.actor.userId,
              submittedAt: recorded.checkIn.submittedAt,
              hours,
              days: step.days,
              tasks: step.tasks,
              reflections: step.reflections,
              late,
              violations: recorded.checkIn.violations,
            },
            violations: recorded.violations,
          },
        ),
      );
    },
    'The weekly log: hours per day, tasks, reflections; checked against the placement rules.',
  );

  handleStep(
    incidentUpdate,
    (step) => checkIncident(state, step),
    async (step) => {
      const reported = reportIncident(state, step, new Date());
      state = reported.state;
      // Incidents escalate at once: school mentor, school coordinators, enterprise mentor.
      outbox.send(notices.incident(state, ctx(), reported.incident));
      return answer(
        stepResult(state, 'incident', { reference: reported.incident.number }),
        record(
          'incident_reported',
          `incident/${reported.incident.number}`,
          step.actor.userId,
          { number: reported.incident.number, severity: step.severity },
          { incident: reported.incident },
        ),
      );
    },
    'Report an incident (escalated to the school at once).',
  );

  handleStep(
    resolveIncidentUpdate,
    (step) => checkResolveIncident(state, step),
    async (step) => {
      state = resolveIncident(state, step, new Date());
      const incident = state.incidents.find((i) => i.number === step.number)!;
      return answer(
        stepResult(state, 'resolve_incident', { reference: step.number }),
        record('incident_resolved', `incident/${step.number}/resolved`, step.actor.userId, { number: step.number }, { incident }),
      );
    },
    'Resolve an incident.',
  );

  handleStep(
    evaluationUpdate,
    (step) => checkEvaluation(state, step),
    async (step) => {
      state = evaluate(state, step, new Date());
      const evaluation = state.evaluations[state.evaluations.length - 1]!;
      return answer(
        stepResult(state, 'evaluate'),
        record(
          'evaluated',
          `evaluation/${evaluation.kind}/${evaluation.evaluator}`,
          step.actor.userId,
          { kind: evaluation.kind, evaluator: evaluation.evaluator, score: evaluation.score },
          { evaluation },
        ),
      );
    },
    'An evaluation of the placement.',
  );

  handleStep(
    terminateUpdate,
    (step) => checkTerminate(state, step),
    async (step) => {
      state = terminate(state, step, new Date());
      outbox.send(notices.ended(state, ctx()));
      return answer(stepResult(state, 'terminate'), record('terminated', 'terminated', step.actor.userId, { reason: step.reason }));
    },
    'End the placement early, with a reason.',
  );

  handleStep(
    transferUpdate,
    (step) => checkTransfer(state, step),
    async (step) => {
      // das-commitments' change of employer: stop this record, then a linked continuation record.
      const continuation = { ...step.continuation, carriedOver: carriedOverFrom(state, new Date()) };
      state = transfer(state, step, new Date());
      outbox.send(notices.ended(state, ctx()));
      const result = stepResult(state, 'transfer', { continuationPlacementId: continuation.placementId });
      await record('transferred', 'transferred', step.actor.userId, {
        reason: step.reason,
        continuationPlacementId: continuation.placementId,
        positionId: continuation.position.positionId,
      });
      try {
        // Its own workflow, which outlives this one (ABANDON): a placement of its own, linked both ways.
        await startChild<typeof apprenticeshipPlacement>(APPRENTICESHIP_PLACEMENT_WORKFLOW, {
          workflowId: placementWorkflowId(continuation.placementId),
          args: [continuation],
          parentClosePolicy: 'ABANDON',
          ...workflowDisplayOptions(placementDisplay(continuation)),
          typedSearchAttributes: [
            { key: PlacementStatusKey, value: 'agreement_pending' },
            { key: OrganizationIdsKey, value: [continuation.school.organizationId, continuation.enterprise.organizationId] },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return result;
    },
    'Transfer to another position: this placement stops and a linked continuation placement starts.',
  );

  // ---- The offer (a continuation from a transfer begins at its agreement).
  if (!input.carried) {
    if (input.origin.kind === 'transfer') {
      await launch.track(
        record('continuation_created', 'created', input.offeredBy, {
          previousPlacementId: input.origin.previousPlacementId,
          reason: input.origin.reason,
          positionId: input.position.positionId,
          carriedOver: input.carriedOver,
        }),
      );
    } else {
      // A direct offer of an application (every one the API makes) takes its seat first.
      if (input.origin.kind === 'direct_offer' && input.applicationId !== null && patched(OFFER_CLAIMS_SEAT)) {
        const claim = await offers.claimOfferSeat(input);
        if (!claim.claimed) {
          // Refused (no seat, or the application is taken): nothing recorded, the launch's Update answers
          // the refusal, and the run fails with it, so a retry of the same request may try again.
          const refused = ApplicationFailure.create({
            type: OFFER_REFUSED,
            message: offerRefusalDetail(claim.refusal),
            nonRetryable: true,
            details: [claim.refusal],
          });
          launch.refuse(refused);
          await condition(allHandlersFinished);
          throw refused;
        }
      }
      outbox.send(notices.offer(state, ctx()));
      await launch.track(
        record('offered', 'offered', input.offeredBy, {
          origin: input.origin,
          positionId: input.position.positionId,
          studentUserId: input.student.userId,
          offerDeadlineAt: state.offerDeadlineAt,
        }),
      );
    }
  }

  if (state.status === 'offered') {
    await condition(() => state.status !== 'offered', untilMs(state.offerDeadlineAt));
    if (state.status === 'offered') {
      state = expireOffer(state, new Date());
      await record('offer_expired', 'offer-expired', 'system', { offerDeadlineAt: state.offerDeadlineAt }, { applicationStatus: 'declined' });
    }
  }

  // ---- The tripartite agreement, as a child AgreementSigning with an explicit id.
  if (state.status === 'agreement_pending') await signAgreement();

  // ---- Waiting for the start: the first day, and the start gate (insurance; a minor's guardian signature).
  while (state.status === 'awaiting_start') {
    if (mayStart(state, new Date())) {
      state = start(state, new Date());
      await record('started', 'started', 'system', { weeks: state.weeks, insurance: state.insurance ? { ...state.insurance } : null });
      break;
    }
    const revision = state.revision;
    const untilFirstDay = startInstant(state).getTime() - Date.now();
    const changed = () => state.revision !== revision || state.status !== 'awaiting_start';
    if (untilFirstDay > 0) await condition(changed, untilFirstDay);
    else await condition(changed);
  }

  // ---- Active: one deadline per week. A missing log reminds the student; N in a row escalate.
  while (state.status === 'active') {
    const week = nextDueWeek(state)!;
    await condition(() => state.status !== 'active', untilMs(checkInDueAt(state, week).toISOString()));
    if (state.status !== 'active') break;
    const closed = closeWeek(state, week);
    state = closed.state;
    if (closed.missed) outbox.send(notices.checkInMissed(state, ctx(), week));
    if (closed.escalate) outbox.send(notices.escalated(state, ctx(), week));
    void record(closed.missed ? 'check_in_missed' : 'week_closed', `week/${week}`, 'system', {
      week,
      missed: closed.missed,
      missedInARow: state.missedInARow,
      escalated: closed.escalate,
    });
    if (state.status === 'active' && shouldContinueAsNew()) {
      await settle();
      if (state.status === 'active') {
        // The state crosses into the next run (the input is the same placement), with the search attributes.
        await makeContinueAsNewFunc<typeof apprenticeshipPlacement>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })({
          ...state.input,
          carried: state,
        });
      }
    }
  }

  // ---- Final evaluations by both mentors, then completion with credits.
  if (state.status === 'final_evaluation') {
    await condition(() => state.status !== 'final_evaluation' || evaluationsComplete(state));
    if (state.status === 'final_evaluation') {
      state = complete(state, new Date());
      outbox.send(notices.completed(state, ctx()));
      const outcome = state.outcome!;
      await record('completed', 'completed', 'system', { ...outcome });
    }
  }

  await settle();
  if (state.status !== publishedStatus) upsertSearchAttributes([{ key: PlacementStatusKey, value: state.status }]);
  return toStatusView(state, new Date());

  // ---------------------------------------------------------------------------------------------------

  async function signAgreement(): Promise<void> {
    const agreement = tripartiteAgreementInput(state);
    state = agreementStarted(state, new Date());
    await record('agreement_launched', 'agreement-launched', 'system', {
      agreementId: agreement.agreementId,
      documentSha256: agreement.documentSha256,
      parties: agreement.parties.map((p) => p.partyId),
    });
    const child = await startChild<typeof agreementSigning>(AGREEMENT_SIGNING_WORKFLOW, {
      workflowId: agreementWorkflowId(agreement.agreementId),
      args: [agreement],
      // A placement that ends while its agreement is open (terminated) takes the agreement with it.
      parentClosePolicy: 'REQUEST_CANCEL',
      // As the agreement routes launch one: who may see it before its row is written.
      typedSearchAttributes: [
        { key: AgreementStatusKey, value: 'in_progress' },
        ...(agreement.allianceId ? [{ key: AllianceIdKey, value: agreement.allianceId }] : []),
        { key: OrganizationIdsKey, value: [state.input.school.organizationId, state.input.enterprise.organizationId] },
      ],
      // What the Temporal UI shows of it (core/workflow-display.ts), every party named (organisations too).
      ...workflowDisplayOptions(agreementDisplay(agreement), { partyUserIds: agreement.parties.flatMap((p) => (p.userId ? [p.userId] : [])) }),
    });
    let outcome: ReturnType<typeof agreementOutcome> | null = null;
    child.result().then(
      (view) => (outcome = agreementOutcome(view)),
      (error: unknown) =>
        (outcome = { status: 'failed', guardianSigned: false, effectiveAt: null, reason: `agreement workflow failed: ${(error as Error).message}` }),
    );
    await condition(() => outcome !== null || state.status !== 'agreement_pending');
    if (state.status !== 'agreement_pending' || !outcome) return;
    state = agreementEnded(state, outcome, new Date());
    await record(state.status === 'awaiting_start' ? 'agreement_effective' : 'agreement_failed', 'agreement-ended', 'system', { ...(outcome as object) });
  }

  function shouldContinueAsNew(): boolean {
    return workflowInfo().continueAsNewSuggested || state.closedWeeks - state.closedWeeksAtRunStart >= state.input.policy.continueAsNewEveryWeeks;
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

// ---------------------------------------------------------------------------------------------------
// Helpers of the workflow: deterministic, no I/O of their own.

function asRuleViolation(v: ViolationView): RuleViolation {
  return { ruleId: v.ruleId, message: v.message, details: v.details };
}

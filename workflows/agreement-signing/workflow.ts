// AgreementSigning: one workflow per agreement, durable for as long as the agreement is open.
// It holds the process state and decides (the rules are in state.ts); activities record the steps, keep
// the audit trail and send the notifications. The parties' steps arrive as Updates; the workflow keeps
// the clock: reminders, the expiry warning, the deadline and, once effective, the renewal reminder.
import { allHandlersFinished, condition, log, patched, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createAuditActivities } from '../../activities/audit/audit-trail';
import type { createCompletionCertificateActivities } from '../../activities/documents/completion-certificate-activity';
import type { createNotificationActivities } from '../../activities/notifications';
import type { AgreementStepRecord, createAgreementProjectionActivities, PartyProgress } from '../../activities/storage/agreement-projection';
import type { AppendedAuditEntry, AuditEntryInput } from '../../core/audit/audit-entry';
import { trailPositionQuery } from '../../core/audit/trail-position';
import { notifyActivityOptions, storageActivityOptions } from '../shared/activity-options';
import { Trail } from '../shared/audit-trail';
import { Outbox } from '../shared/outbox';
import { refuseIf } from '../shared/refusals';
import { untilMs } from '../shared/timers';
import { AgreementStatusKey } from '../../core/search-attributes';
import type { AgreementSigningInput } from '../../core/agreement-signing/input';
import {
  type AgreementStatusView,
  type AmendStep,
  amendUpdate,
  type ApproveStep,
  approveUpdate,
  type DeclineStep,
  declineUpdate,
  type DelegateStep,
  launchRecordedUpdate,
  delegateUpdate,
  type SignStep,
  signUpdate,
  statusQuery,
  type StepResult,
  type VoidStep,
  voidUpdate,
} from '../../core/agreement-signing/messages';
import { LaunchRecord } from '../shared/launch-record';
import { notices } from './notices';
import { computeSeal } from '../../core/agreement-signing/seal';
import { type AgreementState, currentRoutingGroup, initialState, markInvited, partiesToInvite, pendingParties } from './state';
import { amend, approve, checkAmend, checkApprove, checkDecline, checkDelegate, checkSign, checkVoid, decline, delegate, sign, voidAgreement } from './steps';
import { changedParties, sealed, signatureRecords } from './completion';
import { checkDeadline, stepResult } from './who-may-act';
import { type DueTimer, expire, nextTimer, recordExpiryWarning, recordReminder, recordRenewalReminder } from './timers';
import { toStatusView } from './status-view';

const storage = proxyActivities<
  ReturnType<typeof createAgreementProjectionActivities> & ReturnType<typeof createAuditActivities> & ReturnType<typeof createCompletionCertificateActivities>
>(storageActivityOptions);

/**
 * Once effective, the certificate of completion is rendered as PDF and its SHA-256 recorded in the audit
 * trail (issue 21). New commands at completion: agreements that completed before replay without them.
 */
const COMPLETION_CERTIFICATE_PDF = 'completion-certificate-pdf';
/**
 * Steps answer once the workflow has accepted them and changed its state; each step's audit entry and
 * rows follow in one activity (recordAgreementStep), in order, and the workflow ends only once they are
 * written. Reads that must show a step wait for the trail's position (README "Read your own write").
 * Agreements launched before it keep answering after the write, with two activities a step.
 */
const STEPS_ANSWER_WHEN_ACCEPTED = 'agreement-steps-answer-when-accepted';
const notifications = proxyActivities<ReturnType<typeof createNotificationActivities>>(notifyActivityOptions);

export async function agreementSigning(input: AgreementSigningInput): Promise<AgreementStatusView> {
  const { workflowId } = workflowInfo();
  let state: AgreementState = initialState(input, new Date(workflowInfo().startTime.getTime()));
  // The workflow owns its agreement's trail and never continues as new: its first write starts the chain.
  const trail = new Trail({ subjectType: 'agreement', subjectId: state.agreementId, workflowId }, storage.appendAudit, true);
  const outbox = new Outbox(notifications.notify);
  const ctx = () => ({ workflowId, occurredAt: new Date().toISOString() });
  const answerEarly = patched(STEPS_ANSWER_WHEN_ACCEPTED);
  /** The step's entry and rows, one activity (answerEarly) or an entry and a projection activity. */
  const recordStep = (
    step: string,
    key: string,
    actor: string,
    data: Record<string, unknown>,
    rows: DistributiveOmit<AgreementStepRecord, 'entry'>,
    write: () => Promise<void>,
  ) =>
    answerEarly
      ? trail.recordStep(step, key, actor, data, (entry: AuditEntryInput, after: AppendedAuditEntry | undefined) =>
          storage.recordAgreementStep({ entry, after, ...rows } as AgreementStepRecord),
        )
      : trail.record(step, key, actor, data, write);
  /**
   * With answerEarly, a step answers once its record is queued: a record that fails for good is logged.
   * Without, a handler awaits its record and then returns, in the same microtask order as before the
   * patch: one hop more reorders the Update's completion and the next activity (test/replay).
   */
  const queued = <R>(written: Promise<unknown>, result: R): R => {
    written.catch((error: unknown) => log.error("a step's record was not written", { error: String(error) }));
    return result;
  };

  // ---- Launch: record the agreement and its first version, queued on the trail before any handler is
  // registered. Steps that reach the workflow together with its start (sent right after the launch, or
  // waiting while no worker ran) are delivered by setHandler itself, before the code below it runs; their
  // records must follow the launch's, or the first projection write would meet no agreement row (a
  // foreign-key violation retried for ever, which stalled the agreement: found by test/faults F1).
  const launched = {
    agreementId: input.agreementId,
    workflowId,
    allianceId: input.allianceId,
    secretariatOrganizationId: input.secretariatOrganizationId,
    launchedBy: input.launchedBy,
    title: input.title,
    kind: input.kind,
    launchedAt: state.launchedAt,
    deadlineAt: state.deadlineAt,
    currentRoutingGroup: currentRoutingGroup(state),
    firstVersion: { ...state.versions[0]!, document: input.document },
    parties: state.parties.map((p) => ({ ...p })),
  };
  const launch = new LaunchRecord(false);
  const launchRecorded = launch.track(
    recordStep(
      'launched',
      'launched',
      input.launchedBy,
      {
        title: input.title,
        kind: input.kind,
        allianceId: input.allianceId,
        version: 1,
        documentSha256: input.documentSha256,
        deadlineAt: state.deadlineAt,
        parties: input.parties.map((p) => ({
          partyId: p.partyId,
          role: p.role,
          routingGroup: p.routingGroup,
          userId: p.userId,
          organizationId: p.organizationId,
        })),
      },
      { launched },
      () => storage.recordAgreementLaunched(launched),
    ),
  );

  // ---- The parties' and the secretariat's steps. A validator refuses precisely, without touching the
  // history; a handler changes the state at once (before its first await), so a step accepted after a
  // decline, even in the same instant, sees the agreement declined.
  setHandler(trailPositionQuery, () => trail.position, { description: 'How many of the records its steps queued the workflow has written.' });
  setHandler(statusQuery, () => toStatusView(state), { description: "The agreement's live status: its parties and their steps, version and deadline." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toStatusView(state)), {
    description: 'Answers once the launch is recorded (its row and first audit entry); the API launches with this Update-with-Start.',
  });

  setHandler(signUpdate, (step) => partyActs('sign', step), {
    description: 'Sign for a party, acknowledging the document hash (a repeat is harmless).',
    validator: (step) => refuseIf(checkSign(state, step) ?? checkDeadline(state, new Date())),
  });
  setHandler(approveUpdate, (step) => partyActs('approve', step), {
    description: 'Approve for a party whose role is approver.',
    validator: (step) => refuseIf(checkApprove(state, step) ?? checkDeadline(state, new Date())),
  });

  async function partyActs(name: 'sign' | 'approve', step: SignStep | ApproveStep): Promise<StepResult> {
    const before = state;
    state = name === 'sign' ? sign(state, step, new Date()) : approve(state, step, new Date());
    const result = stepResult(state, name, step.partyId);
    const signature = signatureRecords(state).find((s) => s.partyId === step.partyId)!;
    const record = { ...progress(before, state), signature: { ...signature, version: state.version } };
    const written = recordStep(
      signature.step,
      `${signature.step}/${step.partyId}/v${state.version}`,
      step.actor.userId,
      { partyId: step.partyId, version: state.version, documentSha256: step.documentSha256, delegated: signature.delegated, onBehalfOf: signature.onBehalfOf },
      { progress: record },
      () => storage.recordAgreementProgress(record),
    );
    if (answerEarly) return queued(written, result);
    await written;
    return result;
  }

  setHandler(
    declineUpdate,
    async (step: DeclineStep) => {
      const before = state;
      state = decline(state, step, new Date());
      const result = stepResult(state, 'decline', step.partyId);
      const record = closedRecord(before, state);
      const written = recordStep(
        'declined',
        `declined/${step.partyId}/v${state.version}`,
        step.actor.userId,
        { partyId: step.partyId, version: state.version, reason: step.reason },
        { closed: record },
        () => storage.recordAgreementClosed(record),
      );
      if (answerEarly) return queued(written, result);
      await written;
      return result;
    },
    {
      description: 'Decline for a party, with a reason: the agreement ends at once.',
      validator: (step) => refuseIf(checkDecline(state, step) ?? checkDeadline(state, new Date())),
    },
  );

  setHandler(
    delegateUpdate,
    async (step: DelegateStep) => {
      const before = state;
      state = delegate(state, step, new Date());
      const result = stepResult(state, 'delegate', step.partyId);
      const delegation = state.delegations[state.delegations.length - 1]!;
      const delegatedParty = state.parties.find((p) => p.partyId === step.partyId)!;
      // A delegate whose party's turn it is gets the invitation now; otherwise with the party's stage.
      if (delegatedParty.invited) outbox.send(notices.delegated(state, ctx(), delegatedParty, delegation.sequence));
      const record = { ...progress(before, state), delegation };
      const written = recordStep(
        'delegated',
        `delegated/${step.partyId}/${delegation.sequence}`,
        step.actor.userId,
        { ...delegation },
        { progress: record },
        () => storage.recordAgreementProgress(record),
      );
      if (answerEarly) return queued(written, result);
      await written;
      return result;
    },
    {
      description: "Delegate a party's step to another user.",
      validator: (step) => refuseIf(checkDelegate(state, step) ?? checkDeadline(state, new Date())),
    },
  );

  setHandler(
    voidUpdate,
    async (step: VoidStep) => {
      const before = state;
      state = voidAgreement(state, step, new Date());
      const result = stepResult(state, 'void', null);
      const record = closedRecord(before, state);
      const written = recordStep('voided', 'voided', step.actor.userId, { version: state.version, reason: step.reason }, { closed: record }, () =>
        storage.recordAgreementClosed(record),
      );
      if (answerEarly) return queued(written, result);
      await written;
      return result;
    },
    {
      description: 'Void an agreement in progress (the alliance secretariat), with a reason.',
      validator: (step) => refuseIf(checkVoid(state, step) ?? checkDeadline(state, new Date())),
    },
  );

  setHandler(
    amendUpdate,
    async (step: AmendStep) => {
      const before = state;
      state = amend(state, step, new Date());
      const result = stepResult(state, 'amend', null);
      const version = state.versions[state.versions.length - 1]!;
      outbox.send(notices.amended(state, ctx(), version.note));
      const record = {
        agreementId: state.agreementId,
        version: { ...version, document: step.document },
        currentRoutingGroup: currentRoutingGroup(state),
        parties: changedParties(before, state).map(partyProgress),
      };
      const written = recordStep(
        'amended',
        `amended/v${state.version}`,
        step.actor.userId,
        {
          version: state.version,
          documentSha256: state.documentSha256,
          previousVersion: before.version,
          previousDocumentSha256: before.documentSha256,
          note: version.note,
          reference: version.reference,
        },
        { amended: record },
        () => storage.recordAgreementAmended(record),
      );
      if (answerEarly) return queued(written, result);
      await written;
      return result;
    },
    {
      description: 'Amend an agreement in progress (the alliance secretariat): a new version, signatures reset.',
      validator: (step) => refuseIf(checkAmend(state, step) ?? checkDeadline(state, new Date())),
    },
  );

  // ---- The launch is recorded once it has been written (before the first invitation).
  await launchRecorded;

  // ---- Signing: invite each stage's parties as routing reaches them, and keep the clock until everyone
  // has acted, someone declines, the secretariat voids, or the deadline passes.
  while (state.status === 'in_progress') {
    const invitees = partiesToInvite(state);
    if (invitees.length > 0) {
      state = markInvited(
        state,
        invitees.map((p) => p.partyId),
      );
      outbox.send(notices.invitation(state, ctx(), invitees));
    }
    const timer = nextTimer(state)!;
    const stage = state.stage?.key;
    const moved = await condition(() => state.status !== 'in_progress' || state.stage?.key !== stage, untilMs(timer.at));
    if (!moved) onTimer(timer);
  }

  // ---- The outcome.
  upsertSearchAttributes([{ key: AgreementStatusKey, value: state.status }]);
  if (state.status === 'effective') {
    await seal();
    await renewalReminder();
  } else {
    outbox.send(notices.closed(state, ctx()));
  }

  await condition(allHandlersFinished);
  await trail.settled();
  await outbox.settled();
  return toStatusView(state);

  // ---------------------------------------------------------------------------------------------------

  /** A timer fired: act on it only if it is still the one due (a step in the same instant may have moved routing). */
  function onTimer(timer: DueTimer): void {
    const due = nextTimer(state);
    if (!due || due.kind !== timer.kind || due.at !== timer.at) return;
    switch (timer.kind) {
      case 'reminder': {
        state = recordReminder(state);
        const number = state.stage!.remindersSent;
        const parties = pendingParties(state);
        outbox.send(notices.reminder(state, ctx(), parties, number));
        void trail.record('reminder_sent', `reminder/${state.stage!.key}/${number}`, 'system', {
          version: state.version,
          routingGroup: state.stage!.group,
          stage: state.stage!.phase,
          reminder: number,
          partyIds: parties.map((p) => p.partyId),
        });
        return;
      }
      case 'expiry_warning': {
        state = recordExpiryWarning(state);
        const parties = pendingParties(state);
        outbox.send(notices.expiryWarning(state, ctx(), parties));
        void trail.record('expiry_warning_sent', 'expiry-warning', 'system', { deadlineAt: state.deadlineAt, partyIds: parties.map((p) => p.partyId) });
        return;
      }
      case 'deadline': {
        const before = state;
        state = expire(state, new Date());
        const record = closedRecord(before, state);
        void recordStep('expired', 'expired', 'system', { version: state.version, deadlineAt: state.deadlineAt }, { closed: record }, () =>
          storage.recordAgreementClosed(record),
        );
        return;
      }
      case 'renewal_reminder':
        return; // only after completion (renewalReminder below)
    }
  }

  /** Everyone has acted: seal the version with its signatures and the audit head, and tell every party. */
  async function seal(): Promise<void> {
    const auditHead = await trail.head();
    const value = computeSeal({
      agreementId: state.agreementId,
      version: state.version,
      documentSha256: state.documentSha256,
      signatures: signatureRecords(state),
      auditHead,
    });
    state = sealed(state, value, auditHead);
    const record = { agreementId: state.agreementId, effectiveAt: state.effectiveAt!, effectiveUntil: state.effectiveUntil, seal: value, auditHead };
    await trail.record(
      'completed',
      'completed',
      'system',
      {
        version: state.version,
        documentSha256: state.documentSha256,
        seal: value,
        auditHead,
        effectiveAt: state.effectiveAt,
        effectiveUntil: state.effectiveUntil,
      },
      () => storage.recordAgreementCompleted(record),
    );
    outbox.send(notices.completed(state, ctx()));
    if (patched(COMPLETION_CERTIFICATE_PDF)) {
      try {
        const pdf = await storage.renderCompletionCertificate({ agreementId: state.agreementId });
        await trail.record('certificate_rendered', 'certificate-pdf', 'system', { sha256: pdf.sha256, sizeBytes: pdf.sizeBytes, mediaType: pdf.mediaType });
      } catch (error) {
        // The agreement is effective and sealed whatever happens here; a PDF that cannot be rendered
        // (no CJK font on the worker) leaves the JSON and HTML certificate, and an entry-less trail.
        log.warn('the certificate of completion PDF was not rendered', { error: (error as Error).message });
      }
    }
  }

  /** Before effective-until runs out, remind the secretariat and the parties to renew. */
  async function renewalReminder(): Promise<void> {
    const timer = nextTimer(state);
    if (timer?.kind !== 'renewal_reminder') return;
    await sleep(untilMs(timer.at));
    state = recordRenewalReminder(state);
    outbox.send(notices.renewalDue(state, ctx()));
    await trail.record('renewal_reminder_sent', 'renewal-reminder', 'system', { effectiveUntil: state.effectiveUntil });
  }
}

// ---------------------------------------------------------------------------------------------------
// Helpers of the workflow: deterministic, no I/O of their own.

/** Omit over each member of a union (a step record's rows without its entry). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function partyProgress(p: AgreementState['parties'][number]): PartyProgress {
  return { partyId: p.partyId, state: p.state, delegatedToUserId: p.delegatedTo?.userId ?? null, actedAt: p.action?.at ?? null };
}

function progress(before: AgreementState, after: AgreementState) {
  return { agreementId: after.agreementId, currentRoutingGroup: currentRoutingGroup(after), parties: changedParties(before, after).map(partyProgress) };
}

function closedRecord(before: AgreementState, after: AgreementState) {
  const outcome = after.outcome!;
  return {
    agreementId: after.agreementId,
    status: outcome.step,
    closedAt: outcome.at,
    closedBy: outcome.by,
    closedReason: outcome.reason,
    parties: changedParties(before, after).map(partyProgress),
  };
}

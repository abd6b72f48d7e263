// The agreement's live status as the status query (and launchRecorded) answer it. Pure.
import type { AgreementStatusView, PartyStatusView } from '../../core/agreement-signing/messages';
import { type AgreementState, currentStage, type PartyRecord } from './state';
import { nextReminderAt } from './timers';

// ---------------------------------------------------------------------------------------------------
// Views

export function toPartyView(p: PartyRecord): PartyStatusView {
  return {
    partyId: p.partyId,
    displayName: p.displayName,
    role: p.role,
    routingGroup: p.routingGroup,
    kind: p.kind,
    userId: p.userId,
    organizationId: p.organizationId,
    state: p.state,
    delegatedTo: p.delegatedTo,
    action: p.action ? { step: p.action.step, by: p.action.by, at: p.action.at } : null,
  };
}

export function toStatusView(state: AgreementState): AgreementStatusView {
  const stage = state.status === 'in_progress' ? currentStage(state) : null;
  return {
    agreementId: state.agreementId,
    allianceId: state.allianceId,
    secretariatOrganizationId: state.secretariatOrganizationId,
    title: state.title,
    kind: state.kind,
    status: state.status,
    version: state.version,
    documentSha256: state.documentSha256,
    versions: state.versions.map((v) => ({ ...v })),
    currentRoutingGroup: stage?.group ?? null,
    currentStage: stage?.phase ?? null,
    launchedAt: state.launchedAt,
    deadlineAt: state.deadlineAt,
    expiryWarningAt: state.expiryWarningAt,
    nextReminderAt: nextReminderAt(state),
    remindersSent: state.stage?.remindersSent ?? 0,
    parties: state.parties.map(toPartyView),
    outcome: state.outcome ? { ...state.outcome } : null,
    effectiveAt: state.effectiveAt,
    effectiveUntil: state.effectiveUntil,
    renewalReminderAt: state.renewalReminderAt,
    seal: state.seal,
  };
}

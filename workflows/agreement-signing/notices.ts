// The notification events an agreement sends (core/notifications/notification-event.ts): who receives
// which event, with deterministic event ids, so a replayed or retried send is the same occurrence.
// Pure and workflow-safe.
import { ORGANIZATION_PARTY_ROLE } from '../../core/agreement-signing/who-may-sign';
import type { NotificationEvent, Recipient } from '../../core/notifications/notification-event';
import { type EventData, type NoticeContext, processEventBuilder } from '../shared/notices';
import type { AgreementState, PartyRecord } from './state';

export type { NoticeContext };

/** A party's delegate; else its user; else its organisation's signatories. */
export function recipientOf(p: PartyRecord): Recipient | null {
  if (p.delegatedTo) return { userId: p.delegatedTo.userId };
  if (p.kind === 'user') return p.userId ? { userId: p.userId } : null;
  return p.organizationId ? { organizationId: p.organizationId, role: ORGANIZATION_PARTY_ROLE } : null;
}

export function secretariatOf(state: AgreementState): Recipient {
  return { organizationId: state.secretariatOrganizationId, role: 'secretariat' };
}

/** Every organisation involved: the parties' and the secretariat's (their webhooks may subscribe). */
export function organizationsOf(state: AgreementState): string[] {
  const ids = new Set<string>([state.secretariatOrganizationId]);
  for (const p of state.parties) if (p.organizationId) ids.add(p.organizationId);
  return [...ids].sort();
}

function baseData(state: AgreementState): EventData {
  return {
    agreementId: state.agreementId,
    allianceId: state.allianceId,
    title: state.title,
    kind: state.kind,
    version: state.version,
    documentSha256: state.documentSha256,
    status: state.status,
    deadlineAt: state.deadlineAt,
  };
}

const event = processEventBuilder<AgreementState>((state) => ({
  resource: { type: 'agreement', id: state.agreementId },
  organizationIds: organizationsOf(state),
  data: baseData(state),
}));

const allParties = (state: AgreementState) => state.parties.map(recipientOf);
const partyIds = (parties: PartyRecord[]) => parties.map((p) => p.partyId).join(', ');

export const notices = {
  /** The parties of a newly opened stage (and cc parties that routing has reached, as a copy). */
  invitation(state: AgreementState, ctx: NoticeContext, parties: PartyRecord[]): NotificationEvent {
    return event(state, ctx, 'agreement.invitation', `invitation/${state.stage?.key ?? `v${state.version}`}`, parties.map(recipientOf), {
      routingGroup: state.stage?.group ?? null,
      stage: state.stage?.phase ?? null,
      partyIds: partyIds(parties),
    });
  },

  /** The delegate of a party whose turn it is. */
  delegated(state: AgreementState, ctx: NoticeContext, p: PartyRecord, sequence: number): NotificationEvent {
    return event(state, ctx, 'agreement.invitation', `invitation/v${state.version}/${p.partyId}/delegate-${sequence}`, [recipientOf(p)], {
      partyIds: p.partyId,
      delegated: true,
    });
  },

  reminder(state: AgreementState, ctx: NoticeContext, parties: PartyRecord[], number: number): NotificationEvent {
    return event(state, ctx, 'agreement.reminder', `reminder/${state.stage?.key}/${number}`, parties.map(recipientOf), {
      reminder: number,
      partyIds: partyIds(parties),
    });
  },

  expiryWarning(state: AgreementState, ctx: NoticeContext, parties: PartyRecord[]): NotificationEvent {
    return event(state, ctx, 'agreement.expiry_warning', 'expiry-warning', [secretariatOf(state), ...parties.map(recipientOf)], {
      partyIds: partyIds(parties),
    });
  },

  /** The outcome of an agreement that did not complete: declined, voided or expired. */
  closed(state: AgreementState, ctx: NoticeContext): NotificationEvent {
    const type = state.status === 'declined' ? 'agreement.declined' : state.status === 'voided' ? 'agreement.voided' : 'agreement.expired';
    // An expiry is the secretariat's to act on; a decline or void concerns every party.
    const recipients = state.status === 'expired' ? [secretariatOf(state)] : [secretariatOf(state), ...allParties(state)];
    return event(state, ctx, type, state.status, recipients, {
      reason: state.outcome?.reason ?? null,
      by: state.outcome?.by ?? null,
      partyId: state.outcome?.partyId ?? null,
    });
  },

  amended(state: AgreementState, ctx: NoticeContext, note: string | null): NotificationEvent {
    return event(state, ctx, 'agreement.amended', `amended/v${state.version}`, [secretariatOf(state), ...allParties(state)], { note });
  },

  completed(state: AgreementState, ctx: NoticeContext): NotificationEvent {
    return event(state, ctx, 'agreement.completed', 'completed', [secretariatOf(state), ...allParties(state)], {
      seal: state.seal,
      effectiveAt: state.effectiveAt,
      effectiveUntil: state.effectiveUntil,
      certificate: `/v1/agreements/${state.agreementId}/certificate`,
    });
  },

  renewalDue(state: AgreementState, ctx: NoticeContext): NotificationEvent {
    return event(state, ctx, 'agreement.renewal_due', 'renewal-due', [secretariatOf(state), ...allParties(state)], {
      effectiveUntil: state.effectiveUntil,
    });
  },
};

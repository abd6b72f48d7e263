// The notification events a commissioner service sends (commissioner_service.* types): who hears of
// what, with deterministic event ids ("commissioner-service-<id>/<key>"), so a replayed or retried send
// is the same occurrence. Pure and workflow-safe.
import type { NotificationEvent, Recipient } from '../../core/notifications/notification-event';
import { type NoticeContext, processEventBuilder } from '../shared/notices';
import { periodStart, type ServiceState } from './state';
import { enterpriseStaffRoles, institutionStaffRoles } from './who-may-act';

export type { NoticeContext };

const commissioner = (s: ServiceState): Recipient => ({ userId: s.input.commissioner.userId });
const enterprise = (s: ServiceState): Recipient[] => enterpriseStaffRoles.map((role) => ({ organizationId: s.input.enterprise.organizationId, role }));
const institution = (s: ServiceState): Recipient[] => institutionStaffRoles.map((role) => ({ organizationId: s.input.institution.organizationId, role }));

const event = processEventBuilder<ServiceState>((s) => ({
  resource: { type: 'commissioner_service', id: s.input.serviceId },
  organizationIds: [s.input.enterprise.organizationId, s.input.institution.organizationId],
  data: {
    serviceId: s.input.serviceId,
    status: s.status,
    domain: s.input.need.domain,
    enterpriseName: s.input.enterprise.name,
    institutionName: s.input.institution.name,
    commissionerName: s.input.commissioner.name,
  },
}));

export const notices = {
  nominated(s: ServiceState, ctx: NoticeContext): NotificationEvent {
    return event(s, ctx, 'commissioner_service.nominated', 'nominated', [...enterprise(s), commissioner(s)], { deadline: s.acceptDeadlineAt });
  },

  /** A period's log is missing: the reminder goes to the commissioner. */
  logMissed(s: ServiceState, ctx: NoticeContext, period: number): NotificationEvent {
    return event(s, ctx, 'commissioner_service.log_missed', `log-missed/${period}`, [commissioner(s)], {
      period,
      periodOf: periodStart(s, period).toISOString(),
      missedCount: s.missedInARow,
    });
  },

  /** N missed in a row: the home institution is told. */
  escalated(s: ServiceState, ctx: NoticeContext, period: number): NotificationEvent {
    return event(s, ctx, 'commissioner_service.escalated', `escalated/${period}`, institution(s), {
      period,
      missedCount: s.missedInARow,
      missedPeriods: s.missedPeriods.join(', '),
    });
  },

  ratingDue(s: ServiceState, ctx: NoticeContext): NotificationEvent {
    return event(s, ctx, 'commissioner_service.rating_due', 'rating-due', enterprise(s), { deadline: s.ratingDeadlineAt });
  },

  completed(s: ServiceState, ctx: NoticeContext, hours: number): NotificationEvent {
    return event(s, ctx, 'commissioner_service.completed', 'completed', [commissioner(s), ...enterprise(s), ...institution(s)], {
      hours,
      rating: s.rating?.score ?? null,
    });
  },

  ended(s: ServiceState, ctx: NoticeContext): NotificationEvent {
    const o = s.outcome;
    return event(s, ctx, 'commissioner_service.ended', 'ended', [commissioner(s), ...enterprise(s), ...institution(s)], {
      reason: o && 'reason' in o ? o.reason : null,
    });
  },
};

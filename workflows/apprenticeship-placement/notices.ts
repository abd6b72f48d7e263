// The notification events a placement sends (core/notifications/notification-event.ts, placement.* types):
// who receives which event, with deterministic event ids ("placement-<id>/<step>"), so a replayed or
// retried send is the same occurrence. Pure and workflow-safe.
import type { NotificationEvent, Recipient } from '../../core/notifications/notification-event';
import type { IncidentView, ViolationView } from '../../core/apprenticeship-placement/messages';
import { periodEnd } from './schedule';
import type { PlacementState } from './state';
import { type NoticeContext, processEventBuilder } from '../shared/notices';

export type { NoticeContext };

const student = (s: PlacementState): Recipient => ({ userId: s.input.student.userId });
const schoolMentor = (s: PlacementState): Recipient => ({ userId: s.input.schoolMentor.userId });
const enterpriseMentor = (s: PlacementState): Recipient => ({ userId: s.input.enterpriseMentor.userId });
const schoolCoordinators = (s: PlacementState): Recipient => ({ organizationId: s.input.school.organizationId, role: 'school_coordinator' });
const guardian = (s: PlacementState): Recipient | null => (s.input.guardian ? { userId: s.input.guardian.userId } : null);

const event = processEventBuilder<PlacementState>((s) => ({
  resource: { type: 'placement', id: s.input.placementId },
  organizationIds: [s.input.school.organizationId, s.input.enterprise.organizationId],
  data: {
    placementId: s.input.placementId,
    status: s.status,
    positionTitle: s.input.position.title,
    enterpriseName: s.input.enterprise.name,
    schoolName: s.input.school.name,
    studentName: s.input.student.name,
    cohort: s.input.cohort,
  },
}));

/** A rule's message in both languages: the templates print it as it is. */
const bilingual = (v: ViolationView) => `${v.message['zh-CN']} / ${v.message.en}`;

export const notices = {
  offer(s: PlacementState, ctx: NoticeContext): NotificationEvent {
    return event(s, ctx, 'placement.offer', 'offer', [student(s), guardian(s)], { deadline: s.offerDeadlineAt });
  },

  checkInMissed(s: PlacementState, ctx: NoticeContext, week: number): NotificationEvent {
    return event(s, ctx, 'placement.check_in_missed', `check-in-missed/${week}`, [student(s)], {
      week,
      weekOf: periodEnd(s, week - 1).toISOString(),
      missedCount: s.missedInARow,
    });
  },

  escalated(s: PlacementState, ctx: NoticeContext, week: number): NotificationEvent {
    return event(s, ctx, 'placement.escalated', `escalated/${week}`, [schoolMentor(s), schoolCoordinators(s)], {
      week,
      missedCount: s.missedInARow,
      missedWeeks: s.missedWeeks.join(', '),
    });
  },

  /** Violations found by one check (a weekly log): to the school at once, and the enterprise mentor. */
  ruleViolation(s: PlacementState, ctx: NoticeContext, source: string, violations: ViolationView[]): NotificationEvent {
    return event(s, ctx, 'placement.rule_violation', `rule-violation/${source}`, [schoolMentor(s), schoolCoordinators(s), enterpriseMentor(s)], {
      source,
      rule: violations.map(bilingual).join('; '),
      ruleIds: [...new Set(violations.map((v) => v.ruleId))].join(', '),
    });
  },

  incident(s: PlacementState, ctx: NoticeContext, incident: IncidentView): NotificationEvent {
    return event(s, ctx, 'placement.incident', `incident/${incident.number}`, [schoolMentor(s), schoolCoordinators(s), enterpriseMentor(s)], {
      incident: `[${incident.severity}] ${incident.description}`,
      severity: incident.severity,
      incidentNumber: incident.number,
    });
  },

  completed(s: PlacementState, ctx: NoticeContext): NotificationEvent {
    const o = s.outcome?.kind === 'completed' ? s.outcome : null;
    return event(s, ctx, 'placement.completed', 'completed', [student(s), schoolMentor(s), enterpriseMentor(s), schoolCoordinators(s)], {
      credits: o?.credits ?? 0,
      passed: o?.passed ?? false,
      averageFinalScore: o?.averageFinalScore ?? null,
    });
  },

  /** Terminated, or stopped by a transfer (the continuation is named). */
  ended(s: PlacementState, ctx: NoticeContext): NotificationEvent {
    const o = s.outcome;
    const reason = o && 'reason' in o ? o.reason : null;
    return event(s, ctx, 'placement.terminated', s.status, [student(s), guardian(s), schoolMentor(s), enterpriseMentor(s), schoolCoordinators(s)], {
      reason,
      transferred: s.status === 'transferred',
      continuationPlacementId: o?.kind === 'transferred' ? o.continuationPlacementId : null,
    });
  },
};

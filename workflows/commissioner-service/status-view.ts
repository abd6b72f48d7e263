// The commissioner service as others see it: the live status the query (and launchRecorded) answer, and
// the database projection's row. Pure.
import { pickFields } from '../../core/pick-fields';
import { agreementWorkflowId } from '../../core/agreement-signing/input';
import type { CommissionerServiceStatusView } from '../../core/commissioner-service/messages';
import type { ServiceProjection } from '../../core/commissioner-service/service-record';
import { currentPeriod, logDueAt, nextDuePeriod, type ServiceState, totalHours } from './state';

export function toStatusView(state: ServiceState, now: Date): CommissionerServiceStatusView {
  const i = state.input;
  const due = nextDuePeriod(state);
  return {
    serviceId: i.serviceId,
    status: state.status,
    needId: i.need.needId,
    allianceId: i.need.allianceId,
    domain: i.need.domain,
    enterpriseOrganizationId: i.enterprise.organizationId,
    commissionerId: i.commissionerId,
    commissionerUserId: i.commissioner.userId,
    institutionOrganizationId: i.institution.organizationId,
    nomination: {
      nominatedAt: state.nominatedAt,
      nominatedBy: i.nominatedBy,
      deadlineAt: state.acceptDeadlineAt,
      acceptedAt: state.accepted?.at ?? null,
      acceptedBy: state.accepted?.by ?? null,
    },
    agreement: {
      agreementId: i.agreementId,
      workflowId: agreementWorkflowId(i.agreementId),
      status: state.agreement.status,
      effectiveAt: state.agreement.effectiveAt,
    },
    startedAt: state.startedAt,
    periods: i.periods,
    periodsClosed: state.periodsClosed,
    currentPeriod: currentPeriod(state, now),
    nextLogDueAt: due === null ? null : logDueAt(state, due).toISOString(),
    ...pickFields(state, ['logs', 'missedPeriods', 'missedInARow', 'escalations', 'milestones', 'rating', 'ratingDeadlineAt', 'outcome', 'revision']),
    ...totalHours(state),
    policy: i.policy,
  };
}

export function toProjection(state: ServiceState): ServiceProjection {
  const i = state.input;
  const due = nextDuePeriod(state);
  const o = state.outcome;
  return {
    serviceId: i.serviceId,
    revision: state.revision,
    status: state.status,
    needId: i.need.needId,
    allianceId: i.need.allianceId,
    domain: i.need.domain,
    enterpriseOrganizationId: i.enterprise.organizationId,
    commissionerId: i.commissionerId,
    commissionerUserId: i.commissioner.userId,
    institutionOrganizationId: i.institution.organizationId,
    agreementId: i.agreementId,
    nominatedBy: i.nominatedBy,
    nominatedAt: state.nominatedAt,
    startedAt: state.startedAt,
    closedAt: o?.at ?? null,
    closedReason: o && 'reason' in o ? o.reason : null,
    periods: i.periods,
    logsSubmitted: state.logs.length,
    logsMissed: state.missedPeriods.length,
    missedInARow: state.missedInARow,
    escalations: state.escalations,
    milestones: state.milestones.length,
    ...totalHours(state),
    nextLogDueAt: due === null ? null : logDueAt(state, due).toISOString(),
    rating: state.rating ? { score: state.rating.score, comment: state.rating.comment, at: state.rating.at } : null,
  };
}

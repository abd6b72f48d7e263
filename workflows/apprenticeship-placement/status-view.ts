// The placement as others see it: the live status the query (and launchRecorded) answer, and the
// database projection's row. Pure.
import type { PlacementStatusView } from '../../core/apprenticeship-placement/messages';
import type { PlacementProjection } from '../../core/apprenticeship-placement/placement-record';
import { checkInDueAt, currentWeek, nextDueWeek, periodsEnded } from './schedule';
import { type PlacementState, startBlockers } from './state';
import { violationView } from './steps';

// ---------------------------------------------------------------------------------------------------
// Views

export function toStatusView(state: PlacementState, now: Date): PlacementStatusView {
  const i = state.input;
  const due = nextDueWeek(state);
  const blockers = ['offered', 'agreement_pending', 'awaiting_start'].includes(state.status)
    ? startBlockers(state).map((v) => violationView(v, `start/${v.ruleId}`, 'start', now.toISOString()))
    : [];
  return {
    placementId: i.placementId,
    status: state.status,
    cohort: i.cohort,
    origin: i.origin,
    studentUserId: i.student.userId,
    schoolOrganizationId: i.school.organizationId,
    enterpriseOrganizationId: i.enterprise.organizationId,
    positionId: i.position.positionId,
    positionTitle: i.position.title,
    schoolMentorUserId: i.schoolMentor.userId,
    enterpriseMentorUserId: i.enterpriseMentor.userId,
    guardianUserId: i.guardian?.userId ?? null,
    offer: {
      offeredAt: state.offeredAt,
      deadlineAt: state.offerDeadlineAt,
      answeredAt: state.offerAnswer?.at ?? null,
      answer: state.offerAnswer?.answer ?? null,
      reason: state.offerAnswer?.reason ?? null,
    },
    agreement: {
      agreementId: i.agreementId,
      workflowId: `agreement-${i.agreementId}`,
      status: state.agreement.status,
      guardianSigned: state.agreement.guardianSigned,
      effectiveAt: state.agreement.effectiveAt,
    },
    insurance: state.insurance,
    startBlockers: blockers,
    startedAt: state.startedAt,
    weeks: state.weeks,
    weeksElapsed: Math.max(state.closedWeeks, periodsEnded(state, now)),
    currentWeek: currentWeek(state, now),
    nextCheckInDueAt: due === null ? null : checkInDueAt(state, due).toISOString(),
    checkIns: state.checkIns,
    missedWeeks: state.missedWeeks,
    missedInARow: state.missedInARow,
    escalations: state.escalations,
    incidents: state.incidents,
    violations: state.violations,
    evaluations: state.evaluations,
    outcome: state.outcome,
    carriedOver: i.carriedOver,
    policy: i.policy,
    runs: state.runs,
    revision: state.revision,
  };
}

export function toProjection(state: PlacementState): PlacementProjection {
  const i = state.input;
  const due = nextDueWeek(state);
  const o = state.outcome;
  return {
    placementId: i.placementId,
    revision: state.revision,
    status: state.status,
    cohort: i.cohort,
    studentUserId: i.student.userId,
    schoolOrganizationId: i.school.organizationId,
    enterpriseOrganizationId: i.enterprise.organizationId,
    positionId: i.position.positionId,
    applicationId: i.applicationId,
    matchingRoundId: i.origin.kind === 'matching_round' ? i.origin.roundId : null,
    previousPlacementId: i.origin.kind === 'transfer' ? i.origin.previousPlacementId : null,
    nextPlacementId: o?.kind === 'transferred' ? o.continuationPlacementId : null,
    schoolMentorUserId: i.schoolMentor.userId,
    enterpriseMentorUserId: i.enterpriseMentor.userId,
    guardianUserId: i.guardian?.userId ?? null,
    agreementId: i.agreementId,
    offerDeadline: state.offerDeadlineAt,
    startedAt: state.startedAt,
    closedAt: o ? o.at : null,
    closedReason: o && 'reason' in o ? o.reason : null,
    weeks: state.weeks,
    checkInsSubmitted: state.checkIns.length,
    checkInsMissed: state.missedWeeks.length,
    missedInARow: state.missedInARow,
    nextCheckInDueAt: due === null ? null : checkInDueAt(state, due).toISOString(),
    openIncidents: state.incidents.filter((x) => !x.resolvedAt).length,
    ruleViolations: state.violations.length,
    credits: o?.kind === 'completed' ? o.credits : null,
    passed: o?.kind === 'completed' ? o.passed : null,
    runs: state.runs,
    offeredAt: state.offeredAt,
  };
}

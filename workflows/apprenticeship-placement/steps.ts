// The parties' steps on a placement: the offer's answer, insurance, weekly check-ins, incidents,
// evaluations, termination and transfer. For each, a check (a precise refusal, or null) and a transition
// to the new state. Pure.
import {
  type AcceptStep,
  type CheckInStep,
  type CheckInView,
  type DeclineStep,
  type EvaluationStep,
  type EvaluationView,
  type IncidentStep,
  type IncidentView,
  type InsuranceStep,
  placementRefusals,
  type ResolveIncidentStep,
  type TerminateStep,
  type TransferStep,
  type ViolationView,
} from '../../core/apprenticeship-placement/messages';
import type { ApprenticeshipPlacementInput } from '../../core/apprenticeship-placement/input';
import { checkGuardian, checkWeeklyLog, type RuleViolation, weeklyHours } from '../../core/apprenticeship-placement/rules';
import { currentWeek, periodsEnded } from './schedule';
import { bump, guardianStatus, moveTo, type PlacementState } from './state';
import { actsForEnterprise, actsForSchool, evaluatorOf, inState, isStudent, mayTakeClosingStep, type Refusal, refuse, stepResult } from './who-may-act';

// ---------------------------------------------------------------------------------------------------
// The offer

export function checkAccept(state: PlacementState, step: AcceptStep): Refusal | null {
  if (!isStudent(state, step.actor)) return refuse(placementRefusals.notAuthorized, 'only the student answers an offer');
  if (state.offerAnswer?.answer === 'accepted' && state.status !== 'offered') {
    return refuse(placementRefusals.alreadyDone, 'the offer was accepted before', stepResult(state, 'accept', { alreadyDone: true }));
  }
  const wrongState = inState(state, 'accepting', ['offered']);
  if (wrongState) return wrongState;
  // A student never acts as their own guardian, whatever the input says (the API refuses to name one).
  // A validator: it adds no command, and validators do not run on replay.
  if (state.input.guardian && state.input.guardian.userId === state.input.student.userId) {
    return refuse(
      placementRefusals.ruleViolation,
      'a student cannot be their own guardian: the guardian party needs a person linked to the student by the school',
    );
  }
  const guardian = checkGuardian(
    { birthDate: state.input.student.birthDate, startDate: state.input.position.facts.startDate, guardian: guardianStatus(state) },
    'named',
    state.input.rules,
  );
  if (guardian.length > 0) return refuse(placementRefusals.ruleViolation, guardian[0]!.message.en);
  return null;
}

export function accept(state: PlacementState, step: AcceptStep, now: Date): PlacementState {
  const s = moveTo(state, 'agreement_pending');
  return bump({ ...s, offerAnswer: { answer: 'accepted', at: now.toISOString(), by: step.actor.userId, reason: null } });
}

export function checkDecline(state: PlacementState, step: DeclineStep): Refusal | null {
  if (!mayTakeClosingStep(state, 'decline', step.actor)) return refuse(placementRefusals.notAuthorized, 'only the student answers an offer');
  if (state.status === 'declined')
    return refuse(placementRefusals.alreadyDone, 'the offer was declined before', stepResult(state, 'decline', { alreadyDone: true }));
  return inState(state, 'declining', ['offered']);
}

export function decline(state: PlacementState, step: DeclineStep, now: Date): PlacementState {
  const at = now.toISOString();
  const s = moveTo(state, 'declined');
  return bump({
    ...s,
    offerAnswer: { answer: 'declined', at, by: step.actor.userId, reason: step.reason },
    outcome: { kind: 'declined', at, by: step.actor.userId, reason: step.reason },
  });
}

// ---------------------------------------------------------------------------------------------------
// Insurance

export function checkInsurance(state: PlacementState, step: InsuranceStep): Refusal | null {
  if (!actsForSchool(state, step.actor) && !actsForEnterprise(state, step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the school or the enterprise records the insurance');
  }
  const i = state.insurance;
  if (
    i &&
    i.policyNumber === step.insurance.policyNumber &&
    i.coverageStart === step.insurance.coverageStart &&
    i.coverageEnd === step.insurance.coverageEnd &&
    i.insurer === step.insurance.insurer
  ) {
    return refuse(placementRefusals.alreadyDone, 'this insurance was recorded before', stepResult(state, 'insurance', { alreadyDone: true }));
  }
  return inState(state, 'recording insurance', ['offered', 'agreement_pending', 'awaiting_start']);
}

export function recordInsurance(state: PlacementState, step: InsuranceStep): PlacementState {
  return bump({ ...state, insurance: { ...step.insurance } });
}

// ---------------------------------------------------------------------------------------------------
// Check-ins

export function checkCheckIn(state: PlacementState, step: CheckInStep, now: Date): Refusal | null {
  if (!isStudent(state, step.actor)) return refuse(placementRefusals.notAuthorized, 'only the student submits weekly logs');
  const week = step.week ?? currentWeek(state, now);
  const existing = week === null ? undefined : state.checkIns.find((c) => c.week === week);
  if (existing) {
    return refuse(
      placementRefusals.alreadyDone,
      `the log for week ${week} was submitted before`,
      stepResult(state, 'check_in', { alreadyDone: true, reference: week }),
    );
  }
  const wrongState = inState(state, 'a weekly log', ['active', 'final_evaluation']);
  if (wrongState) return wrongState;
  const open = state.status === 'active' ? currentWeek(state, now)! : state.weeks;
  if (week === null || week < 1 || week > open) {
    return refuse(placementRefusals.invalidStep, `week ${week} is not open for logs (weeks 1 to ${open} are)`);
  }
  return null;
}

export interface CheckInRecorded {
  state: PlacementState;
  checkIn: CheckInView;
  violations: ViolationView[];
}

export function checkIn(state: PlacementState, step: CheckInStep, now: Date): CheckInRecorded {
  const week = step.week ?? currentWeek(state, now)!;
  const at = now.toISOString();
  const found = checkWeeklyLog({ week, days: step.days }, state.input.rules);
  const violations = found.map((v, i) => violationView(v, `check_in/${week}/${v.ruleId}/${i + 1}`, `check_in/${week}`, at));
  const late = week <= state.closedWeeks;
  const checkIn: CheckInView = { week, submittedAt: at, hours: weeklyHours(step.days), late, violations: found.map((v) => v.ruleId) };
  return {
    state: bump({
      ...state,
      checkIns: [...state.checkIns, checkIn].sort((a, b) => a.week - b.week),
      // The log for the week right after a run of misses ends the run; a later week's log does not
      // (with a grace period, the week in between may still be missed).
      missedInARow: week === state.closedWeeks + 1 ? 0 : state.missedInARow,
      violations: [...state.violations, ...violations],
    }),
    checkIn,
    violations,
  };
}

export function violationView(v: RuleViolation, key: string, source: string, at: string): ViolationView {
  return { key, ruleId: v.ruleId, source, message: v.message, details: v.details, at };
}

// ---------------------------------------------------------------------------------------------------
// Incidents

export function checkIncident(state: PlacementState, step: IncidentStep): Refusal | null {
  if (!isStudent(state, step.actor) && !actsForSchool(state, step.actor) && !actsForEnterprise(state, step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the student, the school or the enterprise reports incidents');
  }
  // Each incident's text stays in the state carried across continue-as-new: their number is bounded.
  if (state.incidents.length >= MAX_INCIDENTS) {
    return refuse(
      placementRefusals.invalidState,
      `this placement has ${state.incidents.length} incidents, the most one placement records (${MAX_INCIDENTS}); contact the school`,
    );
  }
  return inState(state, 'an incident', ['awaiting_start', 'active', 'final_evaluation']);
}

/** Incidents one placement records (a bound on its history and on the state it carries over). */
export const MAX_INCIDENTS = 50;

export function reportIncident(state: PlacementState, step: IncidentStep, now: Date): { state: PlacementState; incident: IncidentView } {
  const incident: IncidentView = {
    number: state.incidents.length + 1,
    severity: step.severity,
    description: step.description,
    reportedBy: step.actor.userId,
    reportedAt: now.toISOString(),
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
  };
  return { state: bump({ ...state, incidents: [...state.incidents, incident] }), incident };
}

export function checkResolveIncident(state: PlacementState, step: ResolveIncidentStep): Refusal | null {
  if (!actsForSchool(state, step.actor)) return refuse(placementRefusals.notAuthorized, 'only the school resolves incidents');
  const incident = state.incidents.find((i) => i.number === step.number);
  if (!incident) return refuse(placementRefusals.invalidStep, `there is no incident ${step.number}`);
  if (incident.resolvedAt)
    return refuse(
      placementRefusals.alreadyDone,
      `incident ${step.number} was resolved before`,
      stepResult(state, 'resolve_incident', { alreadyDone: true, reference: step.number }),
    );
  return null;
}

export function resolveIncident(state: PlacementState, step: ResolveIncidentStep, now: Date): PlacementState {
  return bump({
    ...state,
    incidents: state.incidents.map((i) =>
      i.number === step.number ? { ...i, resolvedAt: now.toISOString(), resolvedBy: step.actor.userId, resolution: step.resolution } : i,
    ),
  });
}

// ---------------------------------------------------------------------------------------------------
// Evaluations (双导师: the school mentor and the enterprise mentor, each mid-term and final)

export function checkEvaluation(state: PlacementState, step: EvaluationStep): Refusal | null {
  const evaluator = evaluatorOf(state, step.actor);
  if (!evaluator) return refuse(placementRefusals.notAuthorized, "only the placement's school mentor and enterprise mentor evaluate");
  if (state.evaluations.some((e) => e.kind === step.kind && e.evaluator === evaluator)) {
    return refuse(
      placementRefusals.alreadyDone,
      `the ${evaluator.replace('_', ' ')} gave the ${step.kind.replace('_', '-')} evaluation before`,
      stepResult(state, 'evaluate', { alreadyDone: true }),
    );
  }
  if (step.kind === 'mid_term') {
    const wrongState = inState(state, 'a mid-term evaluation', ['active', 'final_evaluation']);
    if (wrongState) return wrongState;
    if (state.closedWeeks < state.midTermWeek) {
      return refuse(placementRefusals.invalidState, `the mid-term evaluation opens after week ${state.midTermWeek} (${state.closedWeeks} weeks are over)`);
    }
    return null;
  }
  return inState(state, 'a final evaluation', ['final_evaluation']);
}

export function evaluate(state: PlacementState, step: EvaluationStep, now: Date): PlacementState {
  const evaluation: EvaluationView = {
    kind: step.kind,
    evaluator: evaluatorOf(state, step.actor)!,
    by: step.actor.userId,
    score: step.score,
    comments: step.comments,
    at: now.toISOString(),
  };
  return bump({ ...state, evaluations: [...state.evaluations, evaluation] });
}

export function evaluationsComplete(state: PlacementState): boolean {
  return (['mid_term', 'final'] as const).every((kind) =>
    (['school_mentor', 'enterprise_mentor'] as const).every((evaluator) => state.evaluations.some((e) => e.kind === kind && e.evaluator === evaluator)),
  );
}

/** Both mentors' final scores averaged; the policy's passing score earns the credits. */
export function complete(state: PlacementState, now: Date): PlacementState {
  const finals = state.evaluations.filter((e) => e.kind === 'final');
  const average = Math.round((finals.reduce((sum, e) => sum + e.score, 0) / Math.max(1, finals.length)) * 100) / 100;
  const passed = average >= state.input.policy.passingScore;
  const s = moveTo(state, 'completed');
  return bump({
    ...s,
    outcome: { kind: 'completed', at: now.toISOString(), passed, credits: passed ? state.input.policy.credits : 0, averageFinalScore: average },
  });
}

// ---------------------------------------------------------------------------------------------------
// Early termination and transfer

export function checkTerminate(state: PlacementState, step: TerminateStep): Refusal | null {
  if (!mayTakeClosingStep(state, 'terminate', step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the school or the enterprise ends a placement early');
  }
  if (state.status === 'terminated')
    return refuse(placementRefusals.alreadyDone, 'the placement was terminated before', stepResult(state, 'terminate', { alreadyDone: true }));
  return inState(state, 'termination', ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation']);
}

export function terminate(state: PlacementState, step: TerminateStep, now: Date): PlacementState {
  const s = moveTo(state, 'terminated');
  return bump({ ...s, outcome: { kind: 'terminated', at: now.toISOString(), by: step.actor.userId, reason: step.reason } });
}

export function checkTransfer(state: PlacementState, step: TransferStep): Refusal | null {
  if (!mayTakeClosingStep(state, 'transfer', step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the student, the school or the enterprise requests a transfer');
  }
  if (state.status === 'transferred') {
    const to = state.outcome?.kind === 'transferred' ? state.outcome.continuationPlacementId : null;
    return refuse(
      placementRefusals.alreadyDone,
      'the placement was transferred before',
      stepResult(state, 'transfer', { alreadyDone: true, continuationPlacementId: to }),
    );
  }
  const wrongState = inState(state, 'a transfer', ['awaiting_start', 'active']);
  if (wrongState) return wrongState;
  const c = step.continuation;
  if (c.student.userId !== state.input.student.userId) return refuse(placementRefusals.invalidStep, 'a continuation is for the same student');
  if (c.position.positionId === state.input.position.positionId) return refuse(placementRefusals.invalidStep, 'a transfer goes to another position');
  if (c.origin.kind !== 'transfer' || c.origin.previousPlacementId !== state.input.placementId) {
    return refuse(placementRefusals.invalidStep, 'the continuation must name this placement as the one it continues');
  }
  return null;
}

export function transfer(state: PlacementState, step: TransferStep, now: Date): PlacementState {
  const s = moveTo(state, 'transferred');
  return bump({
    ...s,
    outcome: { kind: 'transferred', at: now.toISOString(), by: step.actor.userId, reason: step.reason, continuationPlacementId: step.continuation.placementId },
  });
}

/** What the continuation carries over: the weeks served here (and before, for a chain of transfers). */
export function carriedOverFrom(state: PlacementState, now: Date): NonNullable<ApprenticeshipPlacementInput['carriedOver']> {
  const before = state.input.carriedOver ?? { weeksCompleted: 0, checkInsSubmitted: 0, creditsEarnedElsewhere: 0 };
  return {
    weeksCompleted: before.weeksCompleted + Math.max(state.closedWeeks, periodsEnded(state, now)),
    checkInsSubmitted: before.checkInsSubmitted + state.checkIns.length,
    creditsEarnedElsewhere: before.creditsEarnedElsewhere,
  };
}

// The placement's process state and the pure rules over it. No I/O, no clocks: the workflow passes time
// in, and every function returns a new state. Transitions are guarded (the `transitions` table, as the UK
// apprenticeship service guards its commitments); each step has a check (who may take it, in which
// state: a precise refusal, or null) and a transition.
import { addIsoDuration } from '../../core/iso-duration';
import {
  type AcceptStep,
  type Actor,
  type ApprenticeshipPlacementInput,
  type CheckInStep,
  type CheckInView,
  closedStatuses,
  type DeclineStep,
  type EvaluationStep,
  type EvaluationView,
  type Evaluator,
  type IncidentStep,
  type IncidentView,
  type InsuranceStep,
  type PlacementStatus,
  type PlacementStatusView,
  type PlacementStepName,
  type PlacementStepResult,
  placementRefusals,
  type ResolveIncidentStep,
  type TerminateStep,
  type TransferStep,
  type ViolationView,
} from './contract';
import { checkGuardian, checkStart, checkWeeklyLog, type GuardianStatus, type RuleViolation, weeklyHours } from './rules';

/** The input without the carried state: what every run of the workflow starts from. */
export type PlacementFacts = Omit<ApprenticeshipPlacementInput, 'carried'>;

export interface PlacementState {
  input: PlacementFacts;
  status: PlacementStatus;
  offeredAt: string;
  offerDeadlineAt: string;
  offerAnswer: { answer: 'accepted' | 'declined' | 'expired'; at: string; by: string; reason: string | null } | null;
  agreement: { status: string | null; guardianSigned: boolean; effectiveAt: string | null; startedAt: string | null };
  insurance: ApprenticeshipPlacementInput['insurance'];
  startedAt: string | null;
  weeks: number;
  midTermWeek: number;
  /** Periods whose check-in deadline (end + grace) has passed and been judged. */
  closedWeeks: number;
  checkIns: CheckInView[];
  missedWeeks: number[];
  missedInARow: number;
  escalations: number;
  incidents: IncidentView[];
  violations: ViolationView[];
  evaluations: EvaluationView[];
  outcome: PlacementStatusView['outcome'];
  /** Runs before this one (continue-as-new), and the closed weeks when this run began. */
  runs: number;
  closedWeeksAtRunStart: number;
  revision: number;
}

// ---------------------------------------------------------------------------------------------------
// Guarded transitions

export const transitions: Record<PlacementStatus, readonly PlacementStatus[]> = {
  offered: ['agreement_pending', 'declined', 'offer_expired', 'terminated'],
  agreement_pending: ['awaiting_start', 'agreement_failed', 'terminated'],
  awaiting_start: ['active', 'terminated', 'transferred'],
  active: ['final_evaluation', 'terminated', 'transferred'],
  final_evaluation: ['completed', 'terminated'],
  declined: [],
  offer_expired: [],
  agreement_failed: [],
  completed: [],
  terminated: [],
  transferred: [],
};

function moveTo(state: PlacementState, status: PlacementStatus): PlacementState {
  if (!transitions[state.status].includes(status)) {
    throw new Error(`placement ${state.input.placementId}: no transition from ${state.status} to ${status}`);
  }
  return { ...state, status };
}

function bump(state: PlacementState): PlacementState {
  return { ...state, revision: state.revision + 1 };
}

export function isClosed(state: PlacementState): boolean {
  return closedStatuses.includes(state.status);
}

// ---------------------------------------------------------------------------------------------------
// The start

/** Whole days between two YYYY-MM-DD dates. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The number of check-in periods: the policy's, else the position's dates in whole weeks (at least one). */
export function plannedWeeks(input: PlacementFacts): number {
  if (input.policy.weeks) return input.policy.weeks;
  return Math.max(1, Math.ceil((daysBetween(input.position.facts.startDate, input.position.facts.endDate) + 1) / 7));
}

export function initialState(input: ApprenticeshipPlacementInput, now: Date): PlacementState {
  const { carried: _carried, ...facts } = input;
  const weeks = plannedWeeks(facts);
  const transfer = input.origin.kind === 'transfer';
  return {
    input: facts,
    // A continuation was agreed by the parties of the transfer: it goes straight to its agreement.
    status: transfer ? 'agreement_pending' : 'offered',
    offeredAt: now.toISOString(),
    offerDeadlineAt: addIsoDuration(now, input.policy.offerDeadline).toISOString(),
    offerAnswer: transfer ? { answer: 'accepted', at: now.toISOString(), by: input.offeredBy, reason: null } : null,
    agreement: { status: null, guardianSigned: false, effectiveAt: null, startedAt: null },
    insurance: input.insurance,
    startedAt: null,
    weeks,
    midTermWeek: Math.min(weeks, input.policy.midTermWeek ?? Math.max(1, Math.ceil(weeks / 2))),
    closedWeeks: 0,
    checkIns: [],
    missedWeeks: [],
    missedInARow: 0,
    escalations: 0,
    incidents: [],
    violations: [],
    evaluations: [],
    outcome: null,
    runs: 0,
    closedWeeksAtRunStart: 0,
    revision: 1,
  };
}

/** The state a continued run starts from (continue-as-new carried it in the input). */
export function resumedState(input: ApprenticeshipPlacementInput): PlacementState {
  const carried = input.carried as PlacementState;
  return { ...carried, runs: carried.runs + 1, closedWeeksAtRunStart: carried.closedWeeks };
}

export function guardianStatus(state: PlacementState): GuardianStatus {
  if (!state.input.guardian) return 'none';
  return state.agreement.guardianSigned ? 'signed' : 'named';
}

/** The first day begins at 00:00 Beijing time (UTC+8). */
export function startInstant(state: PlacementState): Date {
  return new Date(`${state.input.position.facts.startDate}T00:00:00+08:00`);
}

/** What still keeps the placement from starting: the start gate's rules (guardian signature, insurance). */
export function startBlockers(state: PlacementState): RuleViolation[] {
  return checkStart(
    { birthDate: state.input.student.birthDate, startDate: state.input.position.facts.startDate, guardian: guardianStatus(state), insurance: state.insurance },
    state.input.rules,
  );
}

export function mayStart(state: PlacementState, now: Date): boolean {
  return state.status === 'awaiting_start' && startBlockers(state).length === 0 && now.getTime() >= startInstant(state).getTime();
}

export function expireOffer(state: PlacementState, now: Date): PlacementState {
  const s = moveTo(state, 'offer_expired');
  const at = now.toISOString();
  return bump({ ...s, offerAnswer: { answer: 'expired', at, by: 'system', reason: null }, outcome: { kind: 'offer_expired', at, by: 'system', reason: null } });
}

export function agreementStarted(state: PlacementState, now: Date): PlacementState {
  return bump({ ...state, agreement: { ...state.agreement, status: 'in_progress', startedAt: now.toISOString() } });
}

/** The child AgreementSigning ended: effective -> awaiting start; anything else -> no placement. */
export function agreementEnded(
  state: PlacementState,
  result: { status: string; guardianSigned: boolean; effectiveAt: string | null; reason: string | null },
  now: Date,
): PlacementState {
  const agreement = { ...state.agreement, status: result.status, guardianSigned: result.guardianSigned, effectiveAt: result.effectiveAt };
  if (result.status === 'effective') return bump({ ...moveTo(state, 'awaiting_start'), agreement });
  const at = now.toISOString();
  return bump({ ...moveTo(state, 'agreement_failed'), agreement, outcome: { kind: 'agreement_failed', at, by: 'system', reason: result.reason ?? `agreement ${result.status}` } });
}

export function start(state: PlacementState, now: Date): PlacementState {
  return bump({ ...moveTo(state, 'active'), startedAt: now.toISOString() });
}

// ---------------------------------------------------------------------------------------------------
// The weekly schedule. Period k (1-based) runs from the start plus k-1 periods to the start plus k
// periods; its check-in is due at the end plus the grace period.

export function periodEnd(state: PlacementState, k: number): Date {
  let at = new Date(state.startedAt!);
  for (let i = 0; i < k; i++) at = addIsoDuration(at, state.input.policy.checkInPeriod);
  return at;
}

export function checkInDueAt(state: PlacementState, k: number): Date {
  return addIsoDuration(periodEnd(state, k), state.input.policy.checkInGrace);
}

/** Periods that are over at `now` (or when the placement ended, if it has). */
export function periodsEnded(state: PlacementState, now: Date): number {
  if (!state.startedAt) return 0;
  const until = state.outcome ? Math.min(now.getTime(), new Date(state.outcome.at).getTime()) : now.getTime();
  let k = 0;
  while (k < state.weeks && periodEnd(state, k + 1).getTime() <= until) k++;
  return k;
}

/** The period a check-in is for now; null outside the active state. */
export function currentWeek(state: PlacementState, now: Date): number | null {
  if (state.status !== 'active') return null;
  return Math.min(state.weeks, periodsEnded(state, now) + 1);
}

/** The next deadline the workflow must judge, while active. */
export function nextDueWeek(state: PlacementState): number | null {
  return state.status === 'active' && state.closedWeeks < state.weeks ? state.closedWeeks + 1 : null;
}

export interface WeekClosed {
  state: PlacementState;
  missed: boolean;
  /** The missed-in-a-row count reached the escalation threshold (again). */
  escalate: boolean;
}

/** Week k's deadline passed: a missing log is a miss; N in a row escalate; the last week ends the active state. */
export function closeWeek(state: PlacementState, k: number): WeekClosed {
  const submitted = state.checkIns.some((c) => c.week === k);
  const missedInARow = submitted ? 0 : state.missedInARow + 1;
  const escalate = !submitted && missedInARow >= state.input.policy.missedCheckInsToEscalate;
  let next: PlacementState = {
    ...state,
    closedWeeks: k,
    missedWeeks: submitted ? state.missedWeeks : [...state.missedWeeks, k],
    missedInARow,
    escalations: state.escalations + (escalate ? 1 : 0),
  };
  if (k >= state.weeks) next = moveTo(next, 'final_evaluation');
  return { state: bump(next), missed: !submitted, escalate };
}

// ---------------------------------------------------------------------------------------------------
// Who may act

export interface Refusal {
  type: (typeof placementRefusals)[keyof typeof placementRefusals];
  message: string;
  result?: PlacementStepResult;
}

const refuse = (type: Refusal['type'], message: string, result?: PlacementStepResult): Refusal => ({ type, message, ...(result ? { result } : {}) });

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
const isStudent = (state: PlacementState, actor: Actor) => actor.userId === state.input.student.userId;

/** The school: its coordinators, and the placement's school mentor. */
export function actsForSchool(state: PlacementState, actor: Actor): boolean {
  return (
    isAdmin(actor) ||
    actor.userId === state.input.schoolMentor.userId ||
    (actor.organizationId === state.input.school.organizationId && actor.roles.includes('school_coordinator'))
  );
}

/** The enterprise: its signatories, and the placement's enterprise mentor. */
export function actsForEnterprise(state: PlacementState, actor: Actor): boolean {
  return (
    isAdmin(actor) ||
    actor.userId === state.input.enterpriseMentor.userId ||
    (actor.organizationId === state.input.enterprise.organizationId && actor.roles.includes('signatory'))
  );
}

export function evaluatorOf(state: PlacementState, actor: Actor): Evaluator | null {
  if (actor.userId === state.input.schoolMentor.userId) return 'school_mentor';
  if (actor.userId === state.input.enterpriseMentor.userId) return 'enterprise_mentor';
  return null;
}

function inState(state: PlacementState, step: string, allowed: readonly PlacementStatus[]): Refusal | null {
  if (allowed.includes(state.status)) return null;
  return refuse(placementRefusals.invalidState, `${step} is not possible while the placement is ${state.status} (only when ${allowed.join(' or ')})`);
}

export function stepResult(
  state: PlacementState,
  step: PlacementStepName,
  extra: Partial<Pick<PlacementStepResult, 'alreadyDone' | 'reference' | 'violations' | 'continuationPlacementId'>> = {},
): PlacementStepResult {
  return {
    placementId: state.input.placementId,
    step,
    status: state.status,
    alreadyDone: false,
    reference: null,
    violations: [],
    continuationPlacementId: null,
    ...extra,
  };
}

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
    return refuse(placementRefusals.ruleViolation, 'a student cannot be their own guardian: the guardian party needs a person linked to the student by the school');
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
  if (!isStudent(state, step.actor)) return refuse(placementRefusals.notAuthorized, 'only the student answers an offer');
  if (state.status === 'declined') return refuse(placementRefusals.alreadyDone, 'the offer was declined before', stepResult(state, 'decline', { alreadyDone: true }));
  return inState(state, 'declining', ['offered']);
}

export function decline(state: PlacementState, step: DeclineStep, now: Date): PlacementState {
  const at = now.toISOString();
  const s = moveTo(state, 'declined');
  return bump({ ...s, offerAnswer: { answer: 'declined', at, by: step.actor.userId, reason: step.reason }, outcome: { kind: 'declined', at, by: step.actor.userId, reason: step.reason } });
}

// ---------------------------------------------------------------------------------------------------
// Insurance

export function checkInsurance(state: PlacementState, step: InsuranceStep): Refusal | null {
  if (!actsForSchool(state, step.actor) && !actsForEnterprise(state, step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the school or the enterprise records the insurance');
  }
  const i = state.insurance;
  if (i && i.policyNumber === step.insurance.policyNumber && i.coverageStart === step.insurance.coverageStart && i.coverageEnd === step.insurance.coverageEnd && i.insurer === step.insurance.insurer) {
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
    return refuse(placementRefusals.alreadyDone, `the log for week ${week} was submitted before`, stepResult(state, 'check_in', { alreadyDone: true, reference: week }));
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

function violationView(v: RuleViolation, key: string, source: string, at: string): ViolationView {
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
    return refuse(placementRefusals.invalidState, `this placement has ${state.incidents.length} incidents, the most one placement records (${MAX_INCIDENTS}); contact the school`);
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
  if (incident.resolvedAt) return refuse(placementRefusals.alreadyDone, `incident ${step.number} was resolved before`, stepResult(state, 'resolve_incident', { alreadyDone: true, reference: step.number }));
  return null;
}

export function resolveIncident(state: PlacementState, step: ResolveIncidentStep, now: Date): PlacementState {
  return bump({
    ...state,
    incidents: state.incidents.map((i) => (i.number === step.number ? { ...i, resolvedAt: now.toISOString(), resolvedBy: step.actor.userId, resolution: step.resolution } : i)),
  });
}

// ---------------------------------------------------------------------------------------------------
// Evaluations (双导师: the school mentor and the enterprise mentor, each mid-term and final)

export function checkEvaluation(state: PlacementState, step: EvaluationStep): Refusal | null {
  const evaluator = evaluatorOf(state, step.actor);
  if (!evaluator) return refuse(placementRefusals.notAuthorized, "only the placement's school mentor and enterprise mentor evaluate");
  if (state.evaluations.some((e) => e.kind === step.kind && e.evaluator === evaluator)) {
    return refuse(placementRefusals.alreadyDone, `the ${evaluator.replace('_', ' ')} gave the ${step.kind.replace('_', '-')} evaluation before`, stepResult(state, 'evaluate', { alreadyDone: true }));
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
  const evaluation: EvaluationView = { kind: step.kind, evaluator: evaluatorOf(state, step.actor)!, by: step.actor.userId, score: step.score, comments: step.comments, at: now.toISOString() };
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
  return bump({ ...s, outcome: { kind: 'completed', at: now.toISOString(), passed, credits: passed ? state.input.policy.credits : 0, averageFinalScore: average } });
}

// ---------------------------------------------------------------------------------------------------
// Early termination and transfer

export function checkTerminate(state: PlacementState, step: TerminateStep): Refusal | null {
  if (!actsForSchool(state, step.actor) && !actsForEnterprise(state, step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the school or the enterprise ends a placement early');
  }
  if (state.status === 'terminated') return refuse(placementRefusals.alreadyDone, 'the placement was terminated before', stepResult(state, 'terminate', { alreadyDone: true }));
  return inState(state, 'termination', ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation']);
}

export function terminate(state: PlacementState, step: TerminateStep, now: Date): PlacementState {
  const s = moveTo(state, 'terminated');
  return bump({ ...s, outcome: { kind: 'terminated', at: now.toISOString(), by: step.actor.userId, reason: step.reason } });
}

export function checkTransfer(state: PlacementState, step: TransferStep): Refusal | null {
  if (!isStudent(state, step.actor) && !actsForSchool(state, step.actor) && !actsForEnterprise(state, step.actor)) {
    return refuse(placementRefusals.notAuthorized, 'only the student, the school or the enterprise requests a transfer');
  }
  if (state.status === 'transferred') {
    const to = state.outcome?.kind === 'transferred' ? state.outcome.continuationPlacementId : null;
    return refuse(placementRefusals.alreadyDone, 'the placement was transferred before', stepResult(state, 'transfer', { alreadyDone: true, continuationPlacementId: to }));
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
    agreement: { agreementId: i.agreementId, workflowId: `agreement-${i.agreementId}`, status: state.agreement.status, guardianSigned: state.agreement.guardianSigned, effectiveAt: state.agreement.effectiveAt },
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

/** The database projection's row (activities/placement/projection.ts writes it when the revision is newer). */
export interface PlacementProjection {
  placementId: string;
  revision: number;
  status: PlacementStatus;
  cohort: string;
  studentUserId: string;
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  positionId: string;
  applicationId: string | null;
  matchingRoundId: string | null;
  previousPlacementId: string | null;
  nextPlacementId: string | null;
  schoolMentorUserId: string;
  enterpriseMentorUserId: string;
  guardianUserId: string | null;
  agreementId: string;
  offerDeadline: string;
  startedAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  weeks: number;
  checkInsSubmitted: number;
  checkInsMissed: number;
  missedInARow: number;
  nextCheckInDueAt: string | null;
  openIncidents: number;
  ruleViolations: number;
  credits: number | null;
  passed: boolean | null;
  runs: number;
  offeredAt: string;
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

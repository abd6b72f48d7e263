// The placement's process state, its guarded transitions (the `transitions` table, as the UK
// apprenticeship service guards its commitments) and its start. Pure: no I/O, no clocks (the workflow
// passes time in), and every function returns a new state. The weekly schedule is schedule.ts, who may
// act who-may-act.ts, the parties' steps steps.ts, the views status-view.ts.
import { addIsoDuration } from '../../core/iso-duration';
import type { CheckInView, EvaluationView, IncidentView, PlacementStatusView, ViolationView } from '../../core/apprenticeship-placement/messages';
import { type ApprenticeshipPlacementInput, closedStatuses, type PlacementStatus } from '../../core/apprenticeship-placement/input';
import { checkStart, type GuardianStatus, type RuleViolation } from '../../core/apprenticeship-placement/rules';

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

export function moveTo(state: PlacementState, status: PlacementStatus): PlacementState {
  if (!transitions[state.status].includes(status)) {
    throw new Error(`placement ${state.input.placementId}: no transition from ${state.status} to ${status}`);
  }
  return { ...state, status };
}

export function bump(state: PlacementState): PlacementState {
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
  return bump({
    ...moveTo(state, 'agreement_failed'),
    agreement,
    outcome: { kind: 'agreement_failed', at, by: 'system', reason: result.reason ?? `agreement ${result.status}` },
  });
}

export function start(state: PlacementState, now: Date): PlacementState {
  return bump({ ...moveTo(state, 'active'), startedAt: now.toISOString() });
}

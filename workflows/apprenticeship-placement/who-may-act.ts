// Who may take a placement's steps, in which states, and the step results and refusals. Pure.
import { type Actor, type Evaluator, type PlacementStepName, type PlacementStepResult, placementRefusals } from '../../core/apprenticeship-placement/messages';
import type { PlacementStatus } from '../../core/apprenticeship-placement/input';
import type { PlacementState } from './state';
import type { Refusal as CoreRefusal } from '../../core/refusal';

// ---------------------------------------------------------------------------------------------------
// Who may act

/** Why a step was refused (core/refusal.ts); for AlreadyDone with what the earlier step left. */
export type Refusal = CoreRefusal<(typeof placementRefusals)[keyof typeof placementRefusals], PlacementStepResult>;

export const refuse = (type: Refusal['type'], message: string, result?: PlacementStepResult): Refusal => ({ type, message, ...(result ? { result } : {}) });

/** Who a placement's parties are: all the who-may-act rules read (also the API's, over a closed placement's record). */
export interface PlacementParties {
  input: {
    student: { userId: string };
    school: { organizationId: string };
    schoolMentor: { userId: string };
    enterprise: { organizationId: string };
    enterpriseMentor: { userId: string };
  };
}

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
export const isStudent = (state: PlacementParties, actor: Actor) => actor.userId === state.input.student.userId;

/** The school: its coordinators, and the placement's school mentor. */
export function actsForSchool(state: PlacementParties, actor: Actor): boolean {
  return (
    isAdmin(actor) ||
    actor.userId === state.input.schoolMentor.userId ||
    (actor.organizationId === state.input.school.organizationId && actor.roles.includes('school_coordinator'))
  );
}

/** The enterprise: its signatories, and the placement's enterprise mentor. */
export function actsForEnterprise(state: PlacementParties, actor: Actor): boolean {
  return (
    isAdmin(actor) ||
    actor.userId === state.input.enterpriseMentor.userId ||
    (actor.organizationId === state.input.enterprise.organizationId && actor.roles.includes('signatory'))
  );
}

/** The steps that close a placement, and who may take each: the student answers an offer; the school or the enterprise ends a placement early; any of the three asks for a transfer. */
export type ClosingStep = 'decline' | 'terminate' | 'transfer';
export function mayTakeClosingStep(state: PlacementParties, step: ClosingStep, actor: Actor): boolean {
  if (step === 'decline') return isStudent(state, actor);
  if (step === 'terminate') return actsForSchool(state, actor) || actsForEnterprise(state, actor);
  return isStudent(state, actor) || actsForSchool(state, actor) || actsForEnterprise(state, actor);
}

export function evaluatorOf(state: PlacementState, actor: Actor): Evaluator | null {
  if (actor.userId === state.input.schoolMentor.userId) return 'school_mentor';
  if (actor.userId === state.input.enterpriseMentor.userId) return 'enterprise_mentor';
  return null;
}

export function inState(state: PlacementState, step: string, allowed: readonly PlacementStatus[]): Refusal | null {
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

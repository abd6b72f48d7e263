// What an ApprenticeshipPlacement workflow is started with: its statuses, its policy, and the people,
// organisations and position the API resolved. Zod-free: the request schemas are
// workflows/apprenticeship-placement/contract.ts.
import type { PlacementRulesPolicy } from '../placement-defaults';
import type { ReminderPolicy } from '../agreement-signing/input';
import type { Insurance, PositionFacts } from './rule-facts';

export const APPRENTICESHIP_PLACEMENT_WORKFLOW = 'apprenticeshipPlacement';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function placementWorkflowId(placementId: string): string {
  return `placement-${placementId}`;
}

// ---------------------------------------------------------------------------------------------------
// States. Guarded like the UK apprenticeship service's commitments: every transition is listed in
// state.ts `transitions`, and a step outside its states is refused.

export const placementStatuses = [
  /** An offer is out; the student accepts or declines before the deadline. */
  'offered',
  'declined',
  'offer_expired',
  /** The tripartite agreement (a child AgreementSigning) is being signed. */
  'agreement_pending',
  /** The agreement was declined, voided or expired: no placement. */
  'agreement_failed',
  /** Signed; waiting for the first day and the start gate (insurance; a minor's guardian signature). */
  'awaiting_start',
  /** Weekly check-ins, incidents, mid-term evaluations. */
  'active',
  /** The last week is over: waiting for the mentors' evaluations. */
  'final_evaluation',
  'completed',
  /** Ended early by the school or the enterprise. */
  'terminated',
  /** Stopped here and continued at another position (a linked continuation placement). */
  'transferred',
] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

export const closedStatuses: readonly PlacementStatus[] = ['declined', 'offer_expired', 'agreement_failed', 'completed', 'terminated', 'transferred'];
/** Statuses that hold a seat at the position (count against capacity and the staff shares). */
export const seatHoldingStatuses: readonly PlacementStatus[] = ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation'];

/** Every duration is ISO 8601 (P7D in production, PT1S in tests). */
export interface PlacementPolicy {
  /** The student answers the offer within this long. */
  offerDeadline: string;
  /** The tripartite agreement's signing deadline and reminders. */
  agreementDeadline: string;
  agreementReminders?: ReminderPolicy;
  /** One check-in (weekly log) per period. */
  checkInPeriod: string;
  /** A log still counts as on time this long after its period ended. */
  checkInGrace: string;
  /** The number of periods; default: the position's dates in weeks. */
  weeks?: number;
  /** This many missed check-ins in a row escalate to the school mentor. */
  missedCheckInsToEscalate: number;
  /** Mid-term evaluations open once this many periods are over; default: half of them. */
  midTermWeek?: number;
  /** Credits recorded on completion, when the final evaluations pass. */
  credits: number;
  /** The average final score that passes. */
  passingScore: number;
  /** Continue-as-new after this many periods in one run (the history stays bounded); Temporal's own suggestion always counts too. */
  continueAsNewEveryWeeks: number;
}

// ---------------------------------------------------------------------------------------------------
// The workflow's input, as the API builds it (it resolved the people and the position).

export interface PersonRef {
  userId: string;
  name: string;
}

export interface OrganizationRef {
  organizationId: string;
  name: string;
}

export interface PlacementStudent extends PersonRef {
  /** YYYY-MM-DD */
  birthDate: string;
  yearOfStudy: number;
  majorCode: string;
}

export interface PlacementPosition {
  positionId: string;
  title: string;
  location: string;
  /** The alliance the position was published in, if any (the tripartite agreement is filed there). */
  allianceId: string | null;
  facts: PositionFacts;
}

export type PlacementOrigin =
  { kind: 'direct_offer' } | { kind: 'matching_round'; roundId: string } | { kind: 'transfer'; previousPlacementId: string; reason: string };

/** What a continuation carries over from the placement it continues. */
export interface CarriedOver {
  weeksCompleted: number;
  checkInsSubmitted: number;
  creditsEarnedElsewhere: number;
}

export interface ApprenticeshipPlacementInput {
  placementId: string;
  cohort: string;
  applicationId: string | null;
  origin: PlacementOrigin;
  /** Who made the offer (or requested the transfer). */
  offeredBy: string;
  student: PlacementStudent;
  /** A minor's guardian: a party to the tripartite agreement. */
  guardian: PersonRef | null;
  school: OrganizationRef;
  schoolMentor: PersonRef;
  enterprise: OrganizationRef;
  enterpriseMentor: PersonRef;
  position: PlacementPosition;
  /** The tripartite agreement's id (a UUID; its workflow is `agreement-<id>`). */
  agreementId: string;
  /** Insurance known at the offer; else provided later. */
  insurance: Insurance | null;
  rules: PlacementRulesPolicy;
  policy: PlacementPolicy;
  carriedOver: CarriedOver | null;
  /** The state carried through continue-as-new (absent on the first run). */
  carried?: unknown;
}

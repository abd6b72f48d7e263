// What the ApprenticeshipPlacement workflow asks storage to record. Workflow-safe: types only.
import type { EvaluationView, IncidentView, ViolationView } from '../../workflows/apprenticeship-placement/contract';
import type { DayLog, RuleId } from '../../workflows/apprenticeship-placement/rules';
import type { PlacementProjection } from '../../workflows/apprenticeship-placement/state';

export interface CheckInRecord {
  week: number;
  submittedBy: string;
  submittedAt: string;
  hours: number;
  days: DayLog[];
  tasks: string;
  reflections: string;
  late: boolean;
  violations: RuleId[];
}

/**
 * One step's records: the placement row (written only when `projection.revision` is newer than the
 * stored one) and what the step added. Every part is keyed by the workflow (week, incident number,
 * violation key, evaluation kind and evaluator), so a retried activity writes nothing twice.
 */
export interface PlacementRecord {
  projection: PlacementProjection;
  checkIn?: CheckInRecord;
  /** Inserted, or (resolved) updated. */
  incident?: IncidentView;
  violations?: ViolationView[];
  evaluation?: EvaluationView;
  /** The application's status follows the offer's answer. */
  applicationStatus?: 'accepted' | 'declined';
}

export interface PlacementActivities {
  recordPlacement(record: PlacementRecord): Promise<void>;
}

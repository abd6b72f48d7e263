// What a BaseAccreditation workflow is started with: an organisation's application to become a
// continuing-education base (继续教育基地) of the knowledge-update programme, the policy it runs under,
// and the statuses it passes through. Zod-free and workflow-safe: the request schemas are in
// api/base-accreditations/schemas.ts.
import type { PanelRule } from '../certification-review/programme';

export const BASE_ACCREDITATION_WORKFLOW = 'baseAccreditation';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function baseAccreditationWorkflowId(accreditationId: string): string {
  return `base-accreditation-${accreditationId}`;
}

export interface EvidenceItem {
  name: string;
  reference: string;
  sha256: string;
}

export interface Facility {
  name: string;
  description: string;
}

export interface FacultyMember {
  name: string;
  title: string;
  field: string;
}

export interface BaseApplication {
  accreditationId: string;
  /** The organisation applying to be a base. */
  organizationId: string;
  /** The accrediting authority (a government organisation): its secretariat runs the formal steps. */
  authorityOrganizationId: string;
  /** The field the base trains in, e.g. "artificial intelligence". */
  domain: string;
  facilities: Facility[];
  faculty: FacultyMember[];
  evidence: EvidenceItem[];
  /** Reviewers the applicant declares a conflict of interest with (user ids). */
  conflictsOfInterest: string[];
}

/** Every duration is ISO 8601 (`P1Y` in production, seconds in tests). */
export interface AccreditationPolicy {
  /** The bodies whose reviewers review and evaluate (default: the authority). */
  evaluationOrganizationIds: string[];
  /** The expert panel (size, quorum, majority), as a certification programme's. */
  panel: PanelRule;
  /** A review task is due this long after it opens (or is reassigned); then it escalates. */
  taskDue: string;
  /** The public notice (公示) of an approved application. */
  noticePeriod: string;
  /** An accreditation (and each renewal) lasts this long. */
  validity: string;
  /** One year of the dynamic review: an annual report falls due at the end of each. */
  cycle: string;
  /** The annual report must be filed within this long of the year's end, else the base exits. */
  reportWithin: string;
  /** A base under rectification (整改) must report its measures within this long, else it exits. */
  rectificationWithin: string;
  /** The evaluation's score: at least `pass` passes, at least `rectification` (and below pass) means rectification, below exits. */
  marks: { pass: number; rectification: number };
}

export const defaultAccreditationPolicy: Omit<AccreditationPolicy, 'evaluationOrganizationIds'> = {
  panel: { size: 3, quorum: 3, majority: 'simple' },
  taskDue: 'P14D',
  noticePeriod: 'P7D',
  validity: 'P5Y',
  cycle: 'P1Y',
  reportWithin: 'P60D',
  rectificationWithin: 'P90D',
  marks: { pass: 80, rectification: 60 },
};

export const accreditationStatuses = [
  /** One reviewer checks the application is complete and formally in order. */
  'formal_review',
  /** The expert panel reviews (quorum, majority). */
  'expert_review',
  /** Approved; published for objections until the notice ends and every objection is resolved. */
  'public_notice',
  /** Refused by a review or an upheld objection: the workflow ends. */
  'rejected',
  /** A base in good standing, waiting for the end of its year. */
  'accredited',
  /** The year ended: the annual report is due. */
  'report_due',
  /** The report is filed: an evaluator scores it. */
  'evaluation',
  /** Under rectification (整改): the base must report its measures by the deadline. */
  'rectification',
  /** The measures are reported: a second evaluator decides. */
  'rectification_review',
  /** Exited (退出): no new cohorts; the workflow ends. */
  'exited',
  /** The validity ran out without a renewal: the workflow ends. */
  'expired',
] as const;
export type AccreditationStatus = (typeof accreditationStatuses)[number];

export const closedAccreditationStatuses: readonly AccreditationStatus[] = ['rejected', 'exited', 'expired'];

export interface BaseAccreditationInput {
  application: BaseApplication;
  /** The user who applied (the base's staff, or an admin). */
  appliedBy: string;
  policy: AccreditationPolicy;
  /** A later run (continue-as-new) carries the state on; absent on the first run. */
  carried?: unknown;
  /** Continue as new past this many history events (default 4000) as well as at each year's end. */
  historyLimit?: number;
}

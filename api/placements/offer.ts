// An offer as the API makes it (a direct offer, a transfer's continuation): the rules' facts and the
// offer's workflow input are built by activities/placement/offers.ts, which the matching round's
// activities share; here what only the API needs (the applicant's facts read now, the rules' refusal as
// a problem, the policy with a request's overrides) and the launch of the offer's workflow.
import type { z } from 'zod';
import type { PlacementApplication, Prisma } from '../../prisma/generated/client';
import { OrganizationIdsKey, PlacementStatusKey } from '../../core/search-attributes';
import { positionFacts, studentFacts } from '../../activities/placement/offers';
import {
  type ApprenticeshipPlacementInput,
  launchRecordedUpdate,
  type PlacementPolicy,
  placementPolicy,
  type placementPolicyOverrides,
  placementWorkflowId,
} from '../../workflows/apprenticeship-placement/contract';
import type { RuleViolation } from '../../core/apprenticeship-placement/rules';
import { OFFER_REFUSED, type OfferRefusal, offerRefusalDetail } from '../../core/apprenticeship-placement/offer-claim';
import { apprenticeshipPlacement } from '../../workflows/apprenticeship-placement/workflow';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, ProblemError } from '../errors';
import { confirmedGuardians } from '../parties/guardians';
import { launchProcess, LaunchRefusedError } from '../workflow-start';
import { placementDisplay } from '../../core/apprenticeship-placement/display';

export { positionFacts, studentFacts };

/** The facts of one applicant, its guardian link read now (a link removed since the application counts). */
export async function currentStudentFacts(db: Prisma.TransactionClient | ApiDependencies['db'], a: PlacementApplication) {
  return studentFacts(a, (await confirmedGuardians(db, [a.studentUserId])).get(a.studentUserId) ?? []);
}

/** A rule broke: 422 with every violation, in both languages. */
export class RuleViolationProblem extends ProblemError {
  constructor(detail: string, violations: RuleViolation[]) {
    super(422, 'placement-rule-violation', 'Placement rule violated', detail, {
      violations: violations.map((v) => ({ ruleId: v.ruleId, message: v.message, details: v.details })),
    });
  }
}

export function effectivePolicy(
  deps: ApiDependencies,
  overrides: z.infer<typeof placementPolicyOverrides> | undefined,
  base?: PlacementPolicy,
): PlacementPolicy {
  return placementPolicy.parse({ ...(base ?? deps.config.placement.policy), ...overrides });
}

/** The workflow's refusal of a direct offer, as the API answered it when it took the seat itself. */
function offerRefusalProblem(refusal: OfferRefusal): ProblemError {
  const detail = offerRefusalDetail(refusal);
  return refusal.kind === 'no_room' ? new RuleViolationProblem(detail, refusal.violations) : new ConflictProblem(detail);
}

/**
 * Starts an offer's workflow and answers once the workflow has recorded the offer (api/workflow-start.ts);
 * a direct offer the workflow refused (no seat) is thrown as its problem.
 */
export async function launchPlacement(deps: ApiDependencies, input: ApprenticeshipPlacementInput): Promise<void> {
  try {
    await launchProcess(
      deps,
      apprenticeshipPlacement,
      launchRecordedUpdate,
      {
        workflowId: placementWorkflowId(input.placementId),
        args: [input],
        display: placementDisplay(input),
        typedSearchAttributes: [
          { key: PlacementStatusKey, value: input.origin.kind === 'transfer' ? 'agreement_pending' : 'offered' },
          { key: OrganizationIdsKey, value: [input.school.organizationId, input.enterprise.organizationId] },
        ],
      },
      { refusalType: OFFER_REFUSED },
    );
  } catch (error) {
    if (error instanceof LaunchRefusedError) throw offerRefusalProblem(error.refusal as OfferRefusal);
    throw error;
  }
}

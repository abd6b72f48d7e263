// POST /v1/placements: a school coordinator's direct offer of a position to an applicant. The
// applicant's eligibility is checked here; the ApprenticeshipPlacement workflow then takes the seat
// (capacity under the enterprise's lock) and writes the offer's row, its one writer (offer.ts).
import { checkEligibility } from '../../core/apprenticeship-placement/rules';
import { placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import type { ApiDependencies } from '../dependencies';
import { type FieldError, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { defineRoute } from '../routing';
import { loadPeople, placementInput, positionFacts } from '../../activities/placement/offers';
import { currentStudentFacts, effectivePolicy, launchPlacement, RuleViolationProblem } from './offer';
import { offered, offerRequest } from './schemas';

/** The caller's application and position for an offer, or 422 naming what is missing. */
async function offerSubjects(deps: ApiDependencies, applicationId: string, positionId: string) {
  const [application, position] = await Promise.all([
    deps.db.placementApplication.findUnique({ where: { id: applicationId } }),
    deps.db.placementPosition.findUnique({ where: { id: positionId } }),
  ]);
  const errors: FieldError[] = [];
  if (!application) errors.push({ path: '/applicationId', message: `no application ${applicationId}` });
  if (!position || position.status !== 'open') errors.push({ path: '/positionId', message: `no open position ${positionId}` });
  if (errors.length > 0) throw new UnknownReferenceProblem(errors);
  return { application: application!, position: position! };
}
export const offerRoute = defineRoute({
  method: 'post',
  path: '/placements',
  summary: "A coordinator's direct offer of a position to an applicant (starts an ApprenticeshipPlacement)",
  tags: ['placements'],
  access: {
    roles: ['school_coordinator'],
    scope: {
      resource: 'Application',
      describe: "the application's school is the caller's organisation",
      organizationOf: async ({ body, deps }) =>
        (
          await deps.db.placementApplication.findUnique({
            where: { id: (body as { applicationId: string }).applicationId },
            select: { schoolOrganizationId: true },
          })
        )?.schoolOrganizationId ?? null,
    },
  },
  body: offerRequest,
  bodyExample: {
    applicationId: '802a8997-60f7-4380-b225-d6e5f549286b',
    positionId: '3c79e6b3-373b-4ae1-8ff5-7c5319d9f5b6',
    policy: { offerDeadline: 'PT1H', agreementDeadline: 'PT1H', checkInPeriod: 'PT1H', checkInGrace: 'PT0S' },
  },
  responses: { 201: { description: 'Offered', schema: offered } },
  handler: async ({ body, req, principal, deps }) => {
    const placementId = deterministicId(req, principal);
    const { application, position } = await offerSubjects(deps, body.applicationId, body.positionId);
    const rules = deps.config.placement.rules;
    const facts = await currentStudentFacts(deps.db, application);
    const violations = checkEligibility(facts, positionFacts(position), rules);
    if (violations.length > 0) throw new RuleViolationProblem('The placement rules refuse this offer.', violations);
    const people = await loadPeople(
      deps.db,
      [application.studentUserId, application.schoolMentorUserId, position.mentorUserId, ...(application.guardianUserId ? [application.guardianUserId] : [])],
      [application.schoolOrganizationId, position.enterpriseOrganizationId],
    );
    const input = placementInput({
      placementId,
      application,
      position,
      people,
      origin: { kind: 'direct_offer' },
      offeredBy: principal.userId,
      policy: effectivePolicy(deps, body.policy),
      rules,
      insurance: body.insurance ?? null,
      guardianConfirmed: facts.guardian === 'named',
    });
    // The workflow takes the seat and writes the offer's row (its launch activity): answered once it has
    // recorded the offer, or with its refusal (api/workflow-start.ts).
    await launchPlacement(deps, input);
    return {
      status: 201,
      headers: { location: `/v1/placements/${placementId}` },
      body: { id: placementId, workflowId: placementWorkflowId(placementId), status: 'offered' as const, agreementId: input.agreementId },
    };
  },
});

// POST /v1/commissioner-services: the home institution nominates one of its commissioners for a need.
// The commissioner must be proposed for it (core/commissioner-service/ranking.ts: not at capacity, not of
// the need's own organisation, a domain that fits), checked under the commissioner's lock together with
// the first row, so two nominations at once cannot overfill the capacity; both organisations must be
// accepted members of the need's alliance (the agreement is filed there). Then the CommissionerService
// workflow starts and the route answers once it has recorded the nomination.
import {
  type CommissionerServiceInput,
  commissionerServicePolicyDefaults,
  commissionerServiceWorkflowId,
  engagementHoldingStatuses,
} from '../../core/commissioner-service/input';
import { launchRecordedUpdate } from '../../core/commissioner-service/messages';
import { exclusionOf } from '../../core/commissioner-service/ranking';
import { addIsoDuration } from '../../core/iso-duration';
import { nameBasedId } from '../../core/name-based-id';
import { OrganizationIdsKey } from '../../core/search-attributes';
import { nominatedRow } from '../../activities/commissioner-service/projection';
import { commissionerService } from '../../workflows/commissioner-service/workflow';
import { institutionStaffRoles } from '../../workflows/commissioner-service/who-may-act';
import { ConflictProblem, ProblemError, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { assertPartiesAreMembers } from '../parties/alliance-membership';
import { defineRoute } from '../routing';
import { launchProcess } from '../workflow-start';
import { commissionerServiceDisplay } from '../../core/commissioner-service/display';
import { engagementsOf } from './candidates';
import { MAX_PERIODS, nominated, nominationRequest, servicePolicy } from './schemas';

/** How many log periods fit in the need's duration (at least one, at most MAX_PERIODS). */
export function periodsIn(duration: string, logPeriod: string, from: Date): number {
  const end = addIsoDuration(from, duration).getTime();
  let at = from;
  let k = 0;
  while (k < MAX_PERIODS) {
    at = addIsoDuration(at, logPeriod);
    if (at.getTime() > end) break;
    k++;
  }
  return Math.max(1, k);
}

export const nominationRoute = defineRoute({
  method: 'post',
  path: '/commissioner-services',
  summary: 'The home institution nominates its commissioner for a need (starts a CommissionerService)',
  tags: ['commissioners'],
  access: {
    roles: [...institutionStaffRoles],
    scope: {
      resource: 'Commissioner',
      describe: "the commissioner's institution is the caller's organisation",
      organizationOf: async ({ body, deps }) =>
        (
          await deps.db.commissioner.findUnique({
            where: { id: (body as { commissionerId: string }).commissionerId },
            select: { institutionOrganizationId: true },
          })
        )?.institutionOrganizationId ?? null,
    },
  },
  body: nominationRequest,
  bodyExample: {
    needId: '2167b4d4-d2bf-4bff-84b1-38baddaa6ef8',
    commissionerId: '01870b77-03f1-4a17-b806-3a44d8002d4f',
    policy: { acceptDeadline: 'PT1H', agreementDeadline: 'PT1H', logPeriod: 'PT1H', logGrace: 'PT1H', periods: 3, ratingDeadline: 'PT1H' },
  },
  responses: { 201: { description: 'Nominated', schema: nominated } },
  handler: async ({ body, req, principal, deps }) => {
    const serviceId = deterministicId(req, principal);
    const [need, commissioner] = await Promise.all([
      deps.db.serviceNeed.findUnique({ where: { id: body.needId } }),
      deps.db.commissioner.findUniqueOrThrow({ where: { id: body.commissionerId } }),
    ]);
    if (!need) throw new UnknownReferenceProblem([{ path: '/needId', message: `no service need ${body.needId}` }]);
    const [user, enterprise, institution] = await Promise.all([
      deps.db.user.findUniqueOrThrow({ where: { id: commissioner.userId } }),
      deps.db.organization.findUniqueOrThrow({ where: { id: need.organizationId } }),
      deps.db.organization.findUniqueOrThrow({ where: { id: commissioner.institutionOrganizationId } }),
    ]);
    // Consent: the need's organisation posted it to the alliance; the institution nominates; both must be its members.
    await assertPartiesAreMembers(deps.db, need.allianceId, [
      { partyId: 'enterprise', kind: 'organization', organizationId: need.organizationId },
      { partyId: 'institution', kind: 'organization', organizationId: institution.id },
    ]);
    const policy = servicePolicy.parse({ ...commissionerServicePolicyDefaults, ...body.policy });
    const now = new Date();
    const input: CommissionerServiceInput = {
      serviceId,
      need: {
        needId: need.id,
        allianceId: need.allianceId,
        domain: need.domain,
        problemStatement: need.problemStatement,
        expectedOutcome: need.expectedOutcome,
        duration: need.duration,
      },
      enterprise: { organizationId: enterprise.id, name: enterprise.name },
      commissionerId: commissioner.id,
      commissioner: { userId: user.id, name: user.name },
      institution: { organizationId: institution.id, name: institution.name },
      nominatedBy: principal.userId,
      agreementId: nameBasedId(`commissioner-service-agreement:${serviceId}`),
      periods: policy.periods ?? periodsIn(need.duration, policy.logPeriod, now),
      policy,
    };
    const existing = await deps.db.commissionerService.findUnique({ where: { id: serviceId }, select: { id: true } });
    if (!existing) {
      await deps.db.$transaction(async (tx) => {
        // One nomination at a time per commissioner: the count below and the new row go together.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`commissioner:${commissioner.id}`}))`;
        const current = await tx.serviceNeed.findUniqueOrThrow({ where: { id: need.id }, select: { status: true } });
        if (current.status !== 'open') throw new ConflictProblem(`The need is ${current.status}: the enterprise accepted a nomination already.`);
        const pending = await tx.commissionerService.count({
          where: { needId: need.id, commissionerId: commissioner.id, status: { in: [...engagementHoldingStatuses] } },
        });
        if (pending > 0) throw new ConflictProblem('This commissioner is already nominated for this need.');
        const engagements = (await engagementsOf(tx, [commissioner.id])).get(commissioner.id) ?? 0;
        const exclusion = exclusionOf(
          { domain: need.domain, organizationId: need.organizationId },
          {
            commissionerId: commissioner.id,
            userId: commissioner.userId,
            institutionOrganizationId: commissioner.institutionOrganizationId,
            domains: commissioner.domains,
            capacity: commissioner.capacity,
            engagements,
          },
        );
        if (exclusion || !commissioner.active) {
          throw new ProblemError(
            422,
            'commissioner-not-proposed',
            'Not a proposed commissioner',
            `The commissioner is not proposed for this need: ${exclusion ?? 'registration inactive'}.`,
            {
              reason: exclusion ?? 'inactive',
            },
          );
        }
        await tx.commissionerService.createMany({
          data: [
            nominatedRow({
              serviceId,
              status: 'nominated',
              needId: need.id,
              allianceId: need.allianceId,
              domain: need.domain,
              enterpriseOrganizationId: enterprise.id,
              commissionerId: commissioner.id,
              commissionerUserId: user.id,
              institutionOrganizationId: institution.id,
              agreementId: input.agreementId,
              nominatedBy: principal.userId,
              nominatedAt: now.toISOString(),
              startedAt: null,
              closedAt: null,
              closedReason: null,
              periods: input.periods,
              logsSubmitted: 0,
              logsMissed: 0,
              missedInARow: 0,
              escalations: 0,
              milestones: 0,
              hours: 0,
              confirmedHours: 0,
              nextLogDueAt: null,
              rating: null,
            }),
          ],
          skipDuplicates: true,
        });
      });
    }
    // Answered once the workflow has recorded the nomination (api/workflow-start.ts).
    await launchProcess(deps, commissionerService, launchRecordedUpdate, {
      workflowId: commissionerServiceWorkflowId(serviceId),
      args: [input],
      display: commissionerServiceDisplay(input),
      typedSearchAttributes: [{ key: OrganizationIdsKey, value: [enterprise.id, institution.id] }],
    });
    return {
      status: 201,
      headers: { location: `/v1/commissioner-services/${serviceId}` },
      body: {
        id: serviceId,
        workflowId: commissionerServiceWorkflowId(serviceId),
        status: 'nominated' as const,
        agreementId: input.agreementId,
        periods: input.periods,
      },
    };
  },
});

// POST /v1/agreements: launch an AgreementSigning workflow for an alliance's secretariat. The parties
// are resolved (every user active, every organisation known) and must be members of the alliance, and
// somebody must be able to act for each (else 422, unless allowUnreachableParties: an agreement nobody
// can sign could only expire); the document body goes to the document store and the workflow gets its
// reference (api/documents.ts).
import {
  type AgreementSigningInput,
  agreementWorkflowId,
  launchAgreementRequest,
  launchRecordedUpdate,
  type PartyInput,
  type ResolvedParty,
} from '../../workflows/agreement-signing/contract';
import { agreementSigning } from '../../workflows/agreement-signing/workflow';
import { AgreementStatusKey, AllianceIdKey, OrganizationIdsKey } from '../../core/search-attributes';
import type { ApiDependencies } from '../dependencies';
import { workflowDocumentOf } from '../documents';
import { type FieldError, NotFoundProblem, UnknownReferenceProblem, UnreachablePartiesProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { assertPartiesAreMembers } from '../parties/alliance-membership';
import { defineRoute } from '../routing';
import { launchProcess } from '../workflow-start';
import { agreementDisplay } from '../../core/agreement-signing/display';
import { launched } from './schemas';
import { unreachableFieldErrors, unreachableParties } from './who-may-sign';

/** Every named user must exist and be active, every organisation exist: 422 naming each field otherwise. */
async function resolveParties(deps: ApiDependencies, parties: PartyInput[]): Promise<ResolvedParty[]> {
  const userIds = [...new Set(parties.flatMap((p) => (p.userId ? [p.userId] : [])))];
  const organizationIds = [...new Set(parties.flatMap((p) => (p.organizationId ? [p.organizationId] : [])))];
  const [users, organizations] = await Promise.all([
    deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, organizationId: true, active: true } }),
    deps.db.organization.findMany({ where: { id: { in: organizationIds } }, select: { id: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const knownOrganizations = new Set(organizations.map((o) => o.id));
  const errors: FieldError[] = [];
  const resolved = parties.map((p, index): ResolvedParty => {
    const base = { partyId: p.partyId, displayName: p.displayName, role: p.role, routingGroup: p.routingGroup };
    if (p.userId) {
      const user = userById.get(p.userId);
      if (!user || !user.active) errors.push({ path: `/parties/${index}/userId`, message: `no active user ${p.userId}` });
      return { ...base, kind: 'user', userId: p.userId, organizationId: user?.organizationId ?? null };
    }
    if (!knownOrganizations.has(p.organizationId!)) errors.push({ path: `/parties/${index}/organizationId`, message: `no organisation ${p.organizationId}` });
    return { ...base, kind: 'organization', userId: null, organizationId: p.organizationId! };
  });
  if (errors.length > 0) throw new UnknownReferenceProblem(errors);
  return resolved;
}

export const launchAgreementRoute = defineRoute({
  method: 'post',
  path: '/agreements',
  summary: 'Launch an agreement (starts an AgreementSigning workflow)',
  tags: ['agreements'],
  access: {
    roles: ['secretariat'],
    scope: {
      resource: 'Alliance',
      describe: "allianceId must be an alliance whose secretariat is the caller's organisation",
      organizationOf: async ({ body, deps }) =>
        (await deps.db.alliance.findUnique({ where: { id: (body as { allianceId: string }).allianceId }, select: { secretariatOrganizationId: true } }))
          ?.secretariatOrganizationId ?? null,
      denial: 403,
    },
  },
  body: launchAgreementRequest,
  bodyExample: {
    allianceId: '40105778-98ea-4ac2-8029-d6030274ca91',
    title: 'Co-education memorandum',
    kind: 'cooperation_memorandum',
    document: { text: 'The parties agree.' },
    parties: [{ partyId: 'school-1', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: 'd8f34535-abd3-4cfb-99b9-1f571b926018' }],
    policy: { deadline: 'PT1H' },
  },
  responses: { 201: { description: 'Launched (with allowUnreachableParties, the parties nobody may act for are listed)', schema: launched } },
  handler: async ({ body, req, principal, deps }) => {
    const alliance = await deps.db.alliance.findUnique({ where: { id: body.allianceId }, select: { secretariatOrganizationId: true } });
    if (!alliance) throw new NotFoundProblem(`Alliance ${body.allianceId}`);
    const parties = await resolveParties(deps, body.parties);
    await assertPartiesAreMembers(deps.db, body.allianceId, parties);
    const unreachable = await unreachableParties(deps, parties);
    if (unreachable.length > 0 && body.allowUnreachableParties !== true) {
      throw new UnreachablePartiesProblem(
        unreachable.map(({ partyId, organizationId, userId }) => ({ partyId, organizationId, userId })),
        unreachableFieldErrors(unreachable),
      );
    }
    const agreementId = deterministicId(req, principal);
    // The body goes to the document store; the workflow gets its reference (api/documents.ts).
    const { document, documentSha256 } = await workflowDocumentOf(deps, body.document);
    const input: AgreementSigningInput = {
      agreementId,
      allianceId: body.allianceId,
      secretariatOrganizationId: alliance.secretariatOrganizationId,
      launchedBy: principal.userId,
      title: body.title,
      kind: body.kind,
      document,
      documentSha256,
      parties,
      policy: body.policy,
      maxAmendments: deps.config.agreements.maxAmendments,
    };
    const organizationIds = [...new Set([alliance.secretariatOrganizationId, ...parties.flatMap((p) => (p.organizationId ? [p.organizationId] : []))])];
    const workflowId = agreementWorkflowId(agreementId);
    // Deterministic id, REJECT_DUPLICATE, counted in workflow_starts_total; answered once the workflow has
    // written the agreement's row and launch entry (api/workflow-start.ts).
    await launchProcess(deps, agreementSigning, launchRecordedUpdate, {
      workflowId,
      args: [input],
      display: agreementDisplay(input),
      typedSearchAttributes: [
        { key: AgreementStatusKey, value: 'in_progress' },
        { key: AllianceIdKey, value: body.allianceId },
        { key: OrganizationIdsKey, value: organizationIds },
      ],
    });
    return {
      status: 201,
      headers: { location: `/v1/agreements/${agreementId}` },
      body: {
        id: agreementId,
        workflowId,
        documentSha256,
        status: 'in_progress',
        unreachableParties: unreachable.map(({ partyId, displayName, organizationId, userId, needs }) => ({
          partyId,
          displayName,
          organizationId,
          userId,
          needs,
        })),
        warnings: unreachableFieldErrors(unreachable).map((e) => e.message),
      },
    };
  },
});

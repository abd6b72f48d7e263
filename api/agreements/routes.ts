// /v1/agreements: launch an AgreementSigning workflow (launch.ts), run the parties' and the
// secretariat's steps as Workflow Updates through the step gateway, and read agreements back (list,
// live status, audit trail, certificate, document).
//
// Who sees an agreement: visibility.ts (else 404, as for one that does not exist). Who may take a step is
// the workflow's decision (its update validators); the API passes the authenticated caller as the actor
// and the gateway turns a refusal into a problem+json answer.
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { readAuditTrail } from '../../activities/audit/audit-trail';
import { isOpenStatus } from '../../platform/workflow-ends';
import {
  type Actor,
  amendUpdate,
  approveUpdate,
  declineUpdate,
  delegateUpdate,
  signUpdate,
  type StepName,
  type StepResult,
  voidUpdate,
} from '../../workflows/agreement-signing/contract';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import { auditKeysOf } from '../audit-keys';
import { recordsWritten } from '../read-your-write';
import { actorOf } from '../actor';
import type { ApiDependencies } from '../dependencies';
import { documentRefs, mayAmend, workflowDocumentOf } from '../documents';
import { ConflictProblem, UnknownReferenceProblem } from '../errors';
import { equalityFilters, titleContains } from '../list-filters';
import { listExportRoute, type ListRowsContext } from '../list-export';
import { listRoute } from '../list-route';
import { agreementExportColumns } from './export-columns';
import { mergeBranches } from '../pagination';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { certificateHtml, certificateOf, certificatePdfOf } from './certificate';
import { agreementDocumentRoutes } from './document-routes';
import { assertGuardianPartyLinked } from './guardian-party';
import { launchAgreementRoute } from './launch';
import { agreementProcess } from './process';
import {
  agreementPage,
  agreementParams,
  amendBody,
  certificateQuery,
  declineBody,
  delegateBody,
  listQuery,
  signBody,
  stepResultSchema,
  voidBody,
} from './schemas';
import { sealedHeadOf } from '../../activities/audit/seal-verification';
import { pendingForFilter } from './who-may-sign';
import { assertAgreementVisible, visibilityBranches, visibleAgreement } from './visibility';

const PARTY_RULE =
  'The workflow admits only who may act for the party (a signatory of its organisation, its user, or its delegate; else 403), ' +
  'in its turn (else 409), acknowledging the current document hash (else 422).';
const SECRETARIAT_RULE = "The workflow admits only the alliance's secretariat (else 403), while the agreement is in progress (else 409).";

function stepRoute<B extends z.ZodObject, A extends { actor: Actor }>(options: {
  step: StepName;
  summary: string;
  /** Who may take the step: the workflow's rule, for the policy table. */
  rule: string;
  body: B;
  bodyExample?: z.input<B>;
  update: UpdateDefinition<StepResult, [A]>;
  args: (body: z.infer<B>, actor: Actor, deps: ApiDependencies, agreementId: string) => Promise<A> | A;
  /** `args` only restate the body and the caller: the visibility check may run alongside the Update (api/step-route.ts). */
  visibleAlongside?: true;
}) {
  return processStepRoute({
    process: agreementProcess,
    path: `/agreements/:id/${options.step}`,
    summary: options.summary,
    tags: ['agreements'],
    note: `Only callers who can see the agreement (its parties' organisations, the alliance secretariat; else 404). ${options.rule}`,
    params: agreementParams,
    body: options.body,
    bodyExample: options.bodyExample,
    result: stepResultSchema,
    update: options.update,
    visible: async (deps, principal, id) => (await visibleAgreement(deps, principal, id)).record,
    // Every caller the workflow admits to a step can see the agreement (a party's organisation, user or
    // delegate; the secretariat), so an accepted step is never answered to a caller who may not see it.
    ...(options.visibleAlongside ? { visibleAlongside: assertAgreementVisible } : {}),
    args: async ({ id, body, principal, deps }) => {
      const args = await options.args(body, actorOf(principal), deps, id);
      const party = 'partyId' in body ? String(body.partyId) : null;
      await assertGuardianPartyLinked(deps, id, party, principal);
      return args;
    },
  });
}

/** The agreement list's query and rows, shared by the JSON list and its export (api/list-export.ts). */
const agreementList = {
  path: '/agreements',
  summary: 'Agreements the caller can see, newest first, filtered (cursor pagination)',
  tags: ['agreements'],
  note: 'Lists only agreements the caller can see: its organisation is a party or the secretariat.',
  query: listQuery,
  page: agreementPage,
  pageDescription: 'A page of agreements',
  rows: async ({ query, principal, deps, page }: ListRowsContext<typeof listQuery>) => {
    const filters: Prisma.AgreementWhereInput[] = [
      equalityFilters(query, ['status', 'allianceId', 'kind']),
      query.organizationId ? { parties: { some: { organizationId: query.organizationId } } } : {},
      query.pendingFor ? pendingForFilter(principal, query.pendingFor) : {},
      query.q ? titleContains(query.q) : {},
    ];
    const branches = await Promise.all(
      visibilityBranches(principal).map((visible) =>
        deps.db.agreement.findMany({
          where: { AND: [visible, ...filters, page.where] },
          include: { parties: { where: { state: 'pending' }, orderBy: [{ routingGroup: 'asc' }, { partyId: 'asc' }] } },
          orderBy: page.orderBy,
          take: page.take,
        }),
      ),
    );
    return mergeBranches(branches, page.take);
  },
  item: (a: Prisma.AgreementGetPayload<{ include: { parties: true } }>) => ({
    id: a.id,
    allianceId: a.allianceId,
    title: a.title,
    kind: a.kind,
    status: a.status,
    version: a.version,
    documentSha256: a.documentSha256,
    currentRoutingGroup: a.currentRoutingGroup,
    pendingParties: a.parties.map((p) => ({
      partyId: p.partyId,
      displayName: p.displayName,
      role: p.role,
      kind: p.kind,
      organizationId: p.organizationId,
      userId: p.userId,
      delegatedTo: p.delegatedToUserId ? { userId: p.delegatedToUserId } : null,
    })),
    deadline: a.deadline?.toISOString() ?? null,
    effectiveAt: a.effectiveAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  }),
};

export const agreementRoutes: AnyRoute[] = [
  launchAgreementRoute,

  listRoute(agreementList),
  listExportRoute({
    ...agreementList,
    summary: "Agreements the caller can see, with the list's filters, as CSV or XLSX (streamed, every row)",
    fileName: 'agreements',
    columns: agreementExportColumns,
  }),

  defineRoute({
    method: 'get',
    path: '/agreements/:id',
    summary: 'An agreement: its record merged with the live workflow status',
    tags: ['agreements'],
    access: { roles: 'any', note: "Only its parties' organisations and the alliance secretariat see an agreement (else 404)." },
    params: agreementParams,
    responses: { 200: { description: 'The agreement' } },
    handler: async ({ params, principal, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      // A record still open: is its workflow still there? (A query would answer a terminated one by replay.)
      const [live, end] = await Promise.all([
        liveStatus(deps, agreementProcess, params.id, record !== null),
        record && isOpenStatus('agreement', record.status) ? findAbnormalEnd(deps, 'agreement', params.id, agreementProcess.workflowId(params.id)) : null,
      ]);
      const ended = end
        ? abnormalEndView(end)
        : record && isAbnormalEndStatus(record.status)
          ? { status: record.status, workflowEnd: { status: record.status, closedAt: record.closedAt?.toISOString() ?? null } }
          : {};
      // The current version's body is in the document store: its reference here, the body at `href`.
      const currentSha256 = live?.documentSha256 ?? record?.documentSha256;
      const stored = currentSha256 ? (await documentRefs(deps, [currentSha256])).get(currentSha256) : undefined;
      const document = stored ? { ...stored, href: `/v1/agreements/${params.id}/document` } : null;
      // The workflow is the truth for the process; the row adds what was recorded (and serves lists).
      return {
        status: 200,
        body: {
          id: params.id,
          ...(record
            ? {
                allianceId: record.allianceId,
                title: record.title,
                kind: record.kind,
                status: record.status,
                version: record.version,
                documentSha256: record.documentSha256,
                currentRoutingGroup: record.currentRoutingGroup,
                deadlineAt: record.deadline?.toISOString() ?? null,
                effectiveAt: record.effectiveAt?.toISOString() ?? null,
                effectiveUntil: record.effectiveUntil?.toISOString() ?? null,
                seal: record.seal,
                parties: record.parties.map((p) => ({
                  partyId: p.partyId,
                  displayName: p.displayName,
                  role: p.role,
                  routingGroup: p.routingGroup,
                  kind: p.kind,
                  userId: p.userId,
                  organizationId: p.organizationId,
                  state: p.state,
                  delegatedTo: p.delegatedToUserId ? { userId: p.delegatedToUserId } : null,
                })),
              }
            : {}),
          createdAt: record?.createdAt.toISOString(),
          ...live,
          ...ended,
          document,
          live: live !== null,
        },
      };
    },
  }),

  stepRoute({
    step: 'sign',
    visibleAlongside: true,
    rule: PARTY_RULE,
    summary: 'Sign for a party, acknowledging the document hash (a repeat is harmless)',
    body: signBody,
    bodyExample: { partyId: 'a', documentSha256: '39d066d8159a88253e53979ae5b8e9ce1737c86b0d55a79a6fbc70cb8358bf87' },
    update: signUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, documentSha256: body.documentSha256 }),
  }),
  stepRoute({
    step: 'approve',
    visibleAlongside: true,
    rule: PARTY_RULE,
    summary: "Approve for an approver party, before its routing group's signers sign",
    body: signBody,
    bodyExample: { partyId: 'a', documentSha256: '39d066d8159a88253e53979ae5b8e9ce1737c86b0d55a79a6fbc70cb8358bf87' },
    update: approveUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, documentSha256: body.documentSha256 }),
  }),
  stepRoute({
    step: 'decline',
    visibleAlongside: true,
    rule: PARTY_RULE,
    summary: 'Decline for a party, with a reason: the agreement ends at once',
    body: declineBody,
    bodyExample: { partyId: 'a', reason: 'The terms do not suit us.' },
    update: declineUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, reason: body.reason }),
  }),
  stepRoute({
    step: 'delegate',
    rule: PARTY_RULE,
    summary: "Hand a party's step to another active user of the same organisation",
    body: delegateBody,
    bodyExample: { partyId: 'a', toUserId: '002e352a-36c7-40db-bef9-fe193a73d90c' },
    update: delegateUpdate,
    args: async (body, actor, deps) => {
      const to = await deps.db.user.findUnique({ where: { id: body.toUserId }, select: { id: true, organizationId: true, name: true, active: true } });
      if (!to || !to.active) throw new UnknownReferenceProblem([{ path: '/toUserId', message: `no active user ${body.toUserId}` }]);
      return { actor, partyId: body.partyId, to: { userId: to.id, organizationId: to.organizationId, name: to.name }, reason: body.reason };
    },
  }),
  stepRoute({
    step: 'void',
    rule: SECRETARIAT_RULE,
    summary: 'Void an agreement in progress (the alliance secretariat), with a reason',
    body: voidBody,
    bodyExample: { reason: 'Launched twice.' },
    update: voidUpdate,
    args: (body, actor) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    step: 'amend',
    rule: SECRETARIAT_RULE,
    summary: 'Amend an agreement in progress (the alliance secretariat): a new version, signatures reset',
    body: amendBody,
    bodyExample: { document: { text: 'The parties agree, as amended.' } },
    update: amendUpdate,
    args: async (body, actor, deps, agreementId) => ({
      actor,
      ...(await workflowDocumentOf(deps, body.document, { store: await mayAmend(deps, actor, agreementId) })),
      note: body.note,
    }),
  }),

  defineRoute({
    method: 'get',
    path: '/agreements/:id/audit',
    summary: "The agreement's hash-chained audit trail, verified",
    tags: ['agreements'],
    access: { roles: 'any', note: 'Only callers who can see the agreement (else 404).' },
    params: agreementParams,
    responses: { 200: { description: 'The entries in sequence order and the verification result' } },
    handler: async ({ params, principal, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      // A step answered, its entry may still be being written: wait for it (README "Read your own write").
      if (!record || isOpenStatus('agreement', record.status)) await recordsWritten(deps, agreementProcess.workflowId(params.id));
      const trail = await readAuditTrail(deps.db, auditKeysOf(deps), 'agreement', params.id);
      // The sealed head must still be in the chain: a rebuilt chain would not contain it.
      const sealedHead = record ? sealedHeadOf(record, trail) : null;
      return {
        status: 200,
        body: {
          agreementId: params.id,
          entries: trail.entries,
          verification: { ...trail.verification, valid: trail.verification.valid && (sealedHead?.inTrail ?? true), sealedHead },
        },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/agreements/:id/certificate',
    summary: 'The certificate of completion of an effective agreement (JSON, or printable HTML)',
    tags: ['agreements'],
    access: { roles: 'any', note: 'Only callers who can see the agreement (else 404); 409 until it is effective.' },
    params: agreementParams,
    query: certificateQuery,
    responses: {
      200: {
        description:
          'The certificate (application/json; text/html with ?format=html or Accept: text/html; application/pdf with ?format=pdf or Accept: application/pdf)',
      },
    },
    handler: async ({ params, query, principal, req, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      if (!record || record.status !== 'effective' || !record.seal) {
        throw new ConflictProblem(`Agreement ${params.id} is ${record?.status ?? 'in_progress'}: a certificate exists once it is effective.`);
      }
      const preferred =
        query.format ?? ({ 'text/html': 'html', 'application/pdf': 'pdf' } as const)[req.accepts(['application/json', 'text/html', 'application/pdf']) || ''];
      if (preferred === 'pdf') {
        const pdf = await certificatePdfOf(deps, record);
        return {
          status: 200,
          contentType: 'application/pdf',
          headers: { 'content-disposition': `inline; filename="certificate-${record.id}.pdf"`, 'x-document-sha256': pdf.sha256 },
          body: pdf.body,
        };
      }
      const certificate = await certificateOf(deps, record);
      const html = preferred === 'html';
      if (html) return { status: 200, contentType: 'text/html; charset=utf-8', body: certificateHtml(certificate) };
      return { status: 200, body: certificate };
    },
  }),

  ...agreementDocumentRoutes,
];

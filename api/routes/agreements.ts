// /v1/agreements: launch an AgreementSigning workflow, run the parties' and the secretariat's steps as
// Workflow Updates, and read agreements back (list, live status, audit trail, certificate).
//
// Who sees an agreement: its parties' organisations (and a user party itself) and the alliance's
// secretariat; anyone else gets 404, as for an agreement that does not exist. Who may take a step is the
// workflow's decision (its update validators); the API passes the authenticated caller as the actor and
// turns a refusal into a problem+json answer.
import type { Prisma } from '../../prisma/generated/client';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { readAuditTrail } from '../../activities/audit/audit-trail';
import { auditKeysOf } from '../audit-keys';
import {
  type Actor,
  AGREEMENT_SIGNING_WORKFLOW,
  type AgreementSigningInput,
  agreementKind,
  agreementStatus,
  agreementStatuses,
  type AgreementStatusView,
  agreementWorkflowId,
  type DelegateStep,
  amendUpdate,
  approveUpdate,
  declineUpdate,
  delegateUpdate,
  documentInput,
  launchAgreementRequest,
  type PartyInput,
  refusals,
  type ResolvedParty,
  sha256Hex,
  signUpdate,
  statusQuery,
  type StepName,
  type StepResult,
  voidUpdate,
} from '../../workflows/agreement-signing/contract';
import type { SignatureRecord } from '../../core/agreement-signing/seal';
import { AgreementStatusKey, AllianceIdKey, OrganizationIdsKey } from '../../core/search-attributes';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { documentRefs, mayAmend, workflowDocumentOf } from '../documents';
import { abnormalEndView, findAbnormalEnd, WorkflowEndedProblem } from '../workflow-ends';
import { isOpenStatus } from '../../platform/workflow-ends';
import { abnormalEndStatuses, isAbnormalEndStatus } from '../../core/workflow-ends';
import { ConflictProblem, type FieldError, NotFoundProblem, ProblemError, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { mergeBranches, pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { defineRoute, type HandlerResult } from '../routing';
import { startWorkflowOnce } from '../workflow-start';
import { assertPartiesAreMembers } from '../parties/alliance-membership';
import { sealedHeadOf, verifySeal } from './agreement-verification';
import { assertGuardianPartyLinked } from './tripartite-guardian';

const agreementParams = z.object({ id: z.uuid() }).strict();
const partyId = z.string().trim().min(1).max(128);
const reason = z.string().trim().min(1, 'a reason is required').max(2000);

// ---------------------------------------------------------------------------------------------------
// Schemas

const launched = z
  .object({ id: z.string(), workflowId: z.string(), documentSha256: z.string(), status: z.string() })
  .meta({ id: 'AgreementLaunched' });

const signBody = z
  .object({
    partyId,
    documentSha256: sha256Hex.meta({ description: 'The SHA-256 of the document version the caller read and signs.' }),
  })
  .strict()
  .meta({ id: 'SignAgreement' });
const declineBody = z.object({ partyId, reason }).strict().meta({ id: 'DeclineAgreement' });
const delegateBody = z
  .object({ partyId, toUserId: z.uuid().meta({ description: 'An active user of the party\'s organisation.' }), reason: reason.optional() })
  .strict()
  .meta({ id: 'DelegateAgreementStep' });
const voidBody = z.object({ reason }).strict().meta({ id: 'VoidAgreement' });
const amendBody = z
  .object({ document: documentInput, note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .meta({ id: 'AmendAgreement' });

const stepResultSchema = z
  .object({
    agreementId: z.string(),
    step: z.enum(['sign', 'approve', 'decline', 'delegate', 'void', 'amend']),
    partyId: z.string().nullable(),
    status: agreementStatus,
    version: z.number().int(),
    currentRoutingGroup: z.number().int().nullable(),
    alreadyDone: z.boolean().meta({ description: 'The step had been done before: nothing changed.' }),
  })
  .meta({ id: 'AgreementStepResult' });

const listQuery = z
  .object({
    status: z.enum([...agreementStatuses, ...abnormalEndStatuses]).optional(),
    allianceId: z.string().trim().min(1).max(128).optional(),
    kind: agreementKind.optional(),
    organizationId: z.string().trim().min(1).max(128).optional().meta({ description: 'Only agreements this organisation is a party of.' }),
    ...paginationQuery,
  })
  .strict();

const agreementSummary = z
  .object({
    id: z.string(),
    allianceId: z.string().nullable(),
    title: z.string(),
    kind: agreementKind,
    status: z.string(),
    version: z.number().int(),
    documentSha256: z.string(),
    currentRoutingGroup: z.number().int().nullable(),
    deadline: z.iso.datetime().nullable(),
    effectiveAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AgreementSummary' });
const agreementPage = z.object({ items: z.array(agreementSummary), ...pageInfo }).meta({ id: 'AgreementPage' });

const certificateQuery = z
  .object({ format: z.enum(['json', 'html']).optional().meta({ description: 'Default: JSON, or HTML when the Accept header prefers text/html.' }) })
  .strict();

// ---------------------------------------------------------------------------------------------------
// Who sees what

function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, organizationId: principal.organizationId, roles: [...principal.roles] };
}

interface Visibility {
  secretariatOrganizationId: string | null;
  parties: { organizationId: string | null; userId: string | null; delegatedToUserId?: string | null }[];
}

function canSee(principal: Principal, agreement: Visibility): boolean {
  if (principal.roles.has('admin')) return true;
  const org = principal.organizationId;
  if (org !== null && agreement.secretariatOrganizationId === org) return true;
  return agreement.parties.some(
    (p) => (org !== null && p.organizationId === org) || p.userId === principal.userId || p.delegatedToUserId === principal.userId,
  );
}

/** A query needs a worker to answer; with none answering in time, a reader still gets the row. */
const LIVE_QUERY_TIMEOUT_MS = 5000;

/**
 * The workflow's live status; null when there is no such workflow (any more), or, when the caller has
 * the recorded row to fall back on (`fallback`), when the query could not be answered (no worker in
 * time, a worker shutting down, the workflow's history beyond retention...).
 */
async function liveStatus(deps: ApiDependencies, id: string, fallback = false): Promise<AgreementStatusView | null> {
  const handle = deps.temporal.workflow.getHandle(agreementWorkflowId(id));
  return deps.temporal
    .withDeadline(Date.now() + LIVE_QUERY_TIMEOUT_MS, () => handle.query(statusQuery))
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      if (!fallback) throw error;
      deps.log.warn({ err: error, agreementId: id }, 'live status unavailable: answering from the record');
      return null;
    });
}

async function agreementRecord(deps: ApiDependencies, id: string) {
  return deps.db.agreement.findUnique({ where: { id }, include: { parties: { orderBy: [{ routingGroup: 'asc' }, { partyId: 'asc' }] } } });
}

/**
 * Who sees an agreement whose row is not written yet (the moments after its launch), from what the
 * launch put on the workflow execution: the OrganizationIds search attribute (the secretariat's and the
 * parties' organisations) and the memo's party user ids. Describing an execution is answered by the
 * server alone, without waiting for a worker as a query would.
 */
async function launchedVisibility(deps: ApiDependencies, id: string): Promise<{ organizationIds: string[]; userIds: string[] } | null> {
  try {
    const description = await deps.temporal.workflow.getHandle(agreementWorkflowId(id)).describe();
    const memo = description.memo as { partyUserIds?: string[] } | undefined;
    return { organizationIds: description.typedSearchAttributes.get(OrganizationIdsKey) ?? [], userIds: memo?.partyUserIds ?? [] };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** The agreement if the caller may see it; 404 otherwise. The row decides, else the launched execution. */
export async function visibleAgreement(deps: ApiDependencies, principal: Principal, id: string) {
  const record = await agreementRecord(deps, id);
  if (record) {
    if (!canSee(principal, record)) throw new NotFoundProblem(`Agreement ${id}`);
    return { record };
  }
  const launched = await launchedVisibility(deps, id);
  const visible =
    launched !== null &&
    (principal.roles.has('admin') ||
      (principal.organizationId !== null && launched.organizationIds.includes(principal.organizationId)) ||
      launched.userIds.includes(principal.userId));
  if (!visible) throw new NotFoundProblem(`Agreement ${id}`);
  return { record: null };
}

/**
 * The ways a caller may see agreements, one list filter each: everything (admin); as the secretariat
 * of the alliance; as a party organisation; as a party in person. Listed as separate queries and
 * merged (mergeBranches), so each uses its own index.
 */
function visibilityBranches(principal: Principal): Prisma.AgreementWhereInput[] {
  if (principal.roles.has('admin')) return [{}];
  const org = principal.organizationId;
  return [
    ...(org === null ? [] : [{ secretariatOrganizationId: org }, { parties: { some: { organizationId: org } } }]),
    { parties: { some: { userId: principal.userId } } },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Steps as Workflow Updates

const refusalAnswers: Record<string, { status: number; slug: string; title: string }> = {
  [refusals.unknownParty]: { status: 422, slug: 'unknown-party', title: 'Unknown party' },
  [refusals.notAuthorized]: { status: 403, slug: 'not-authorized', title: 'Not authorised for this step' },
  [refusals.notYourTurn]: { status: 409, slug: 'not-your-turn', title: 'Not this party\'s turn' },
  [refusals.documentHashMismatch]: { status: 422, slug: 'document-hash-mismatch', title: 'Document hash mismatch' },
  [refusals.agreementClosed]: { status: 409, slug: 'agreement-closed', title: 'Agreement closed' },
  [refusals.invalidStep]: { status: 422, slug: 'invalid-step', title: 'Invalid step' },
  [refusals.amendmentLimitReached]: { status: 409, slug: 'amendment-limit-reached', title: 'Amendment limit reached' },
};

function refusalProblem(failure: ApplicationFailure): ProblemError {
  const answer = refusalAnswers[failure.type ?? ''] ?? { status: 422, slug: 'step-refused', title: 'Step refused' };
  return new ProblemError(answer.status, answer.slug, answer.title, failure.message, { refusal: failure.type });
}

type AgreementRow = NonNullable<Awaited<ReturnType<typeof agreementRecord>>>;

/** The workflow's rule for who may act for a party (state.ts mayActFor), over the recorded party row. */
function mayActForRow(p: AgreementRow['parties'][number], actor: Actor): boolean {
  if (p.delegatedToUserId) return actor.userId === p.delegatedToUserId;
  if (p.kind === 'user') return actor.userId === p.userId;
  return p.organizationId !== null && actor.organizationId === p.organizationId && actor.roles.includes('signatory');
}

/**
 * A step on an agreement whose workflow has ended (declined, voided, expired, or effective with nothing
 * left to remind): the validators' order over the recorded rows. Who may act (403), a repeat of a
 * completed step (answered as done), and otherwise a refusal, since nothing can change any more (409).
 */
function stepOnClosedAgreement(record: AgreementRow, step: StepName, args: { actor: Actor }, party: string | null): HandlerResult {
  const actor = args.actor;
  const done = (): HandlerResult => ({
    status: 200,
    body: {
      agreementId: record.id,
      step,
      partyId: party,
      status: record.status as StepResult['status'],
      version: record.version,
      currentRoutingGroup: null,
      alreadyDone: true,
    } satisfies StepResult,
  });
  const refused = (type: string, detail: string) => new ProblemError(refusalAnswers[type]!.status, refusalAnswers[type]!.slug, refusalAnswers[type]!.title, detail, { refusal: type });
  if (party !== null) {
    const row = record.parties.find((p) => p.partyId === party);
    if (!row) throw refused(refusals.unknownParty, `there is no party ${party} in this agreement`);
    if (!mayActForRow(row, actor)) throw refused(refusals.notAuthorized, `the caller may not act for party ${party}`);
    const completedState = ({ sign: 'signed', approve: 'approved', decline: 'declined' } as Partial<Record<StepName, string>>)[step];
    if (completedState && row.state === completedState) return done();
    if (step === 'delegate' && row.delegatedToUserId === (args as unknown as DelegateStep).to.userId) return done();
  } else {
    const secretariat = actor.roles.includes('admin') || (actor.roles.includes('secretariat') && actor.organizationId === record.secretariatOrganizationId);
    if (!secretariat) throw refused(refusals.notAuthorized, `only the secretariat of alliance ${record.allianceId} may ${step} this agreement`);
    if (step === 'void' && record.status === 'voided') return done();
  }
  // The same words as the workflow's refusal (state.ts `closed`).
  const how =
    record.status === 'effective' ? 'is already effective' : record.closedAt ? `was ${record.status} at ${record.closedAt.toISOString()}` : `is ${record.status}`;
  throw refused(refusals.agreementClosed, `the agreement ${how}; no further steps are possible`);
}

async function runStep<A extends { actor: Actor }>(
  deps: ApiDependencies,
  record: AgreementRow | null,
  id: string,
  update: UpdateDefinition<StepResult, [A]>,
  args: A,
  updateId: string,
  party: string | null,
): Promise<HandlerResult> {
  if (record && isAbnormalEndStatus(record.status)) throw new WorkflowEndedProblem(`agreement ${id}`, record.status, record.closedAt);
  try {
    const result = await deps.temporal.workflow.getHandle(agreementWorkflowId(id)).executeUpdate(update, { args: [args], updateId });
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      // A repeat of a completed step: the validator answered with what the step left.
      if (error.cause.type === refusals.alreadyDone) return { status: 200, body: error.cause.details?.[0] };
      throw refusalProblem(error.cause);
    }
    if (error instanceof WorkflowNotFoundError) {
      const closed = record ?? (await agreementRecord(deps, id));
      // Closed while its record is open: the workflow ended abnormally (terminated, failed...).
      const end = closed && isOpenStatus('agreement', closed.status) ? await findAbnormalEnd(deps, 'agreement', id, agreementWorkflowId(id)) : null;
      if (end) throw new WorkflowEndedProblem(`agreement ${id}`, end.status, end.closedAt);
      if (closed) return stepOnClosedAgreement(closed, update.name as StepName, args, party);
      throw new NotFoundProblem(`Agreement ${id}`);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Launch

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

// ---------------------------------------------------------------------------------------------------
// Certificate of completion

async function certificateOf(deps: ApiDependencies, record: AgreementRow) {
  const [signatures, delegations, versions, alliance, trail] = await Promise.all([
    deps.db.agreementSignature.findMany({ where: { agreementId: record.id, version: record.version } }),
    deps.db.agreementDelegation.findMany({ where: { agreementId: record.id }, orderBy: [{ partyId: 'asc' }, { sequence: 'asc' }] }),
    deps.db.agreementVersion.findMany({ where: { agreementId: record.id }, orderBy: { version: 'asc' } }),
    record.allianceId ? deps.db.alliance.findUnique({ where: { id: record.allianceId }, select: { name: true } }) : null,
    readAuditTrail(deps.db, auditKeysOf(deps), 'agreement', record.id),
  ]);
  const userIds = new Set<string>([
    ...record.parties.flatMap((p) => (p.userId ? [p.userId] : [])),
    ...signatures.map((s) => s.actedByUserId),
    ...delegations.flatMap((d) => [d.fromUserId, d.toUserId]),
  ]);
  const organizationIds = new Set<string>(record.parties.flatMap((p) => (p.organizationId ? [p.organizationId] : [])));
  const [users, organizations] = await Promise.all([
    deps.db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } }),
    deps.db.organization.findMany({ where: { id: { in: [...organizationIds] } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const organizationName = new Map(organizations.map((o) => [o.id, o.name]));
  const person = (id: string) => ({ userId: id, name: userName.get(id) ?? null });

  const records: SignatureRecord[] = signatures.map((s) => ({
    partyId: s.partyId,
    role: s.role as SignatureRecord['role'],
    step: s.step as SignatureRecord['step'],
    actedBy: s.actedByUserId,
    onBehalfOf: s.onBehalfOfOrganizationId,
    delegated: s.delegated,
    documentSha256: s.documentSha256,
    at: s.occurredAt.toISOString(),
  }));
  const auditHead = { sequence: record.auditHeadSequence!, hash: record.auditHeadHash! };
  const seal = verifySeal(auditKeysOf(deps), record, records);
  const current = versions.find((v) => v.version === record.version);
  const stored = (await documentRefs(deps, [record.documentSha256])).get(record.documentSha256) ?? null;

  return {
    type: 'AllianceFlow certificate of completion',
    agreementId: record.id,
    title: record.title,
    kind: record.kind,
    alliance: { id: record.allianceId, name: alliance?.name ?? null },
    status: record.status,
    version: record.version,
    documentSha256: record.documentSha256,
    documentReference: current?.documentReference ?? null,
    /** The signed body in the document store (its reference; the body at GET .../document). */
    document: stored,
    launchedAt: record.createdAt.toISOString(),
    effectiveAt: record.effectiveAt?.toISOString() ?? null,
    effectiveUntil: record.effectiveUntil?.toISOString() ?? null,
    seal: record.seal,
    verification: {
      ...seal,
      auditTrailValid: trail.verification.valid,
      auditTrailProven: trail.verification.proven,
      auditTrailFirstInvalid: trail.verification.firstInvalid,
      auditHeadInTrail: sealedHeadOf(record, trail)?.inTrail ?? false,
      auditHead,
    },
    parties: record.parties.map((p) => {
      const signature = signatures.find((s) => s.partyId === p.partyId);
      return {
        partyId: p.partyId,
        displayName: p.displayName,
        role: p.role,
        routingGroup: p.routingGroup,
        organization: p.organizationId ? { id: p.organizationId, name: organizationName.get(p.organizationId) ?? null } : null,
        user: p.userId ? person(p.userId) : null,
        action: signature
          ? { step: signature.step, at: signature.occurredAt.toISOString(), by: person(signature.actedByUserId), delegated: signature.delegated, documentSha256: signature.documentSha256 }
          : null,
        delegations: delegations
          .filter((d) => d.partyId === p.partyId)
          .map((d) => ({ version: d.version, at: d.occurredAt.toISOString(), from: person(d.fromUserId), to: person(d.toUserId), reason: d.reason })),
      };
    }),
    versions: versions.map((v) => ({ version: v.version, documentSha256: v.documentSha256, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy, note: v.note })),
  };
}

type Certificate = Awaited<ReturnType<typeof certificateOf>>;

// Handlebars escapes every {{value}} for HTML; nothing here uses the unescaped {{{triple}}} form.
const certificateTemplate = Handlebars.compile<Certificate>(
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate of completion: {{title}}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#111}h1{font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
code{font-size:.8rem;word-break:break-all}.ok{color:#060}.bad{color:#a00}@media print{body{margin:1cm}}
</style></head>
<body>
<h1>Certificate of completion</h1>
<p><strong>{{title}}</strong> ({{kind}}){{#if alliance.name}}, alliance {{alliance.name}}{{/if}}</p>
<table>
<tr><th>Agreement</th><td><code>{{agreementId}}</code></td></tr>
<tr><th>Status</th><td>{{status}}, version {{version}}</td></tr>
<tr><th>Document SHA-256</th><td><code>{{documentSha256}}</code>{{#if documentReference}}<br>{{documentReference}}{{/if}}{{#if document}}<br>{{document.mediaType}}, {{document.sizeBytes}} bytes, kept by the platform{{/if}}</td></tr>
<tr><th>Launched</th><td>{{launchedAt}}</td></tr>
<tr><th>Effective</th><td>{{effectiveAt}}{{#if effectiveUntil}} until {{effectiveUntil}}{{/if}}</td></tr>
<tr><th>Seal</th><td><code>{{seal}}</code> {{#if verification.sealValid}}<span class="ok">verified: matches the records, signed</span>{{else}}{{#if verification.sealMatchesRecords}}{{#if verification.sealSigned}}<span class="bad">signature does not verify ({{verification.sealSignature}})</span>{{else}}<span class="bad">matches the records but is not signed</span>{{/if}}{{else}}<span class="bad">does not match the records</span>{{/if}}{{/if}}</td></tr>
<tr><th>Audit trail</th><td>head #{{verification.auditHead.sequence}} <code>{{verification.auditHead.hash}}</code> {{#if verification.auditTrailValid}}<span class="ok">chain and signatures verified</span>{{else}}<span class="bad">fails at entry #{{verification.auditTrailFirstInvalid.sequence}} ({{verification.auditTrailFirstInvalid.fault}})</span>{{/if}}</td></tr>
</table>
<h2>Parties</h2>
<table>
<tr><th>Group</th><th>Party</th><th>Role</th><th>Action</th><th>By</th><th>Time (UTC)</th><th>Delegation</th></tr>
{{#each parties}}
<tr><td>{{routingGroup}}</td><td>{{displayName}}{{#if organization.name}}<br><small>{{organization.name}}</small>{{/if}}</td><td>{{role}}</td>
<td>{{#if action}}{{action.step}}{{else}}copy{{/if}}</td><td>{{#if action}}{{action.by.name}}{{/if}}</td><td>{{#if action}}{{action.at}}{{/if}}</td>
<td>{{#each delegations}}{{from.name}} &rarr; {{to.name}} ({{at}})<br>{{/each}}</td></tr>
{{/each}}
</table>
<h2>Versions</h2>
<table><tr><th>Version</th><th>Document SHA-256</th><th>Created</th><th>Note</th></tr>
{{#each versions}}<tr><td>{{version}}</td><td><code>{{documentSha256}}</code></td><td>{{createdAt}}</td><td>{{note}}</td></tr>{{/each}}
</table>
</body></html>
`,
  { strict: false },
);

// ---------------------------------------------------------------------------------------------------
// Routes

const PARTY_RULE =
  'The workflow admits only who may act for the party (a signatory of its organisation, its user, or its delegate; else 403), ' +
  'in its turn (else 409), acknowledging the current document hash (else 422).';
const SECRETARIAT_RULE = 'The workflow admits only the alliance\'s secretariat (else 403), while the agreement is in progress (else 409).';

function stepRoute<B extends z.ZodObject, A extends { actor: Actor }>(options: {
  step: StepName;
  summary: string;
  /** Who may take the step: the workflow's rule, for the policy table. */
  rule: string;
  body: B;
  update: UpdateDefinition<StepResult, [A]>;
  args: (body: z.infer<B>, actor: Actor, deps: ApiDependencies, agreementId: string) => Promise<A> | A;
}) {
  return defineRoute({
    method: 'post',
    path: `/agreements/:id/${options.step}`,
    summary: options.summary,
    tags: ['agreements'],
    access: {
      roles: 'any',
      note: `Only callers who can see the agreement (its parties' organisations, the alliance secretariat; else 404). ${options.rule}`,
    },
    params: agreementParams,
    body: options.body,
    responses: { 200: { description: 'Done, or already done before (alreadyDone)', schema: stepResultSchema } },
    handler: async ({ params, body, principal, req, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      const actor = actorOf(principal);
      const args = await options.args(body, actor, deps, params.id);
      const party = 'partyId' in body ? String(body.partyId) : null;
      await assertGuardianPartyLinked(deps, params.id, party, principal);
      // With an Idempotency-Key the update id is derived from it, so Temporal itself deduplicates a retry.
      return runStep(deps, record, params.id, options.update, args, deterministicId(req, principal), party);
    },
  });
}

export const agreementRoutes = [
  defineRoute({
    method: 'post',
    path: '/agreements',
    summary: 'Launch an agreement (starts an AgreementSigning workflow)',
    tags: ['agreements'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Alliance',
        describe: 'allianceId must be an alliance whose secretariat is the caller\'s organisation',
        organizationOf: async ({ body, deps }) =>
          (await deps.db.alliance.findUnique({ where: { id: (body as { allianceId: string }).allianceId }, select: { secretariatOrganizationId: true } }))
            ?.secretariatOrganizationId ?? null,
        denial: 403,
      },
    },
    body: launchAgreementRequest,
    responses: { 201: { description: 'Launched', schema: launched } },
    handler: async ({ body, req, principal, deps }) => {
      const alliance = await deps.db.alliance.findUnique({ where: { id: body.allianceId }, select: { secretariatOrganizationId: true } });
      if (!alliance) throw new NotFoundProblem(`Alliance ${body.allianceId}`);
      const parties = await resolveParties(deps, body.parties);
      await assertPartiesAreMembers(deps.db, body.allianceId, parties);
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
      // Deterministic id, REJECT_DUPLICATE, counted in workflow_starts_total (api/workflow-start.ts).
      await startWorkflowOnce(deps, AGREEMENT_SIGNING_WORKFLOW, {
        workflowId,
        args: [input],
        typedSearchAttributes: [
          { key: AgreementStatusKey, value: 'in_progress' },
          { key: AllianceIdKey, value: body.allianceId },
          { key: OrganizationIdsKey, value: organizationIds },
        ],
        // With OrganizationIds, who may see the agreement before its row is written (launchedVisibility).
        memo: { partyUserIds: parties.flatMap((p) => (p.userId ? [p.userId] : [])) },
      });
      return {
        status: 201,
        headers: { location: `/v1/agreements/${agreementId}` },
        body: { id: agreementId, workflowId, documentSha256, status: 'in_progress' },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/agreements',
    summary: 'Agreements the caller can see, newest first, filtered (cursor pagination)',
    tags: ['agreements'],
    access: { roles: 'any', note: 'Lists only agreements the caller can see: its organisation is a party or the secretariat.' },
    query: listQuery,
    responses: { 200: { description: 'A page of agreements', schema: agreementPage } },
    handler: async ({ query, principal, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const filters = {
        ...(query.status ? { status: query.status } : {}),
        ...(query.allianceId ? { allianceId: query.allianceId } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.organizationId ? { parties: { some: { organizationId: query.organizationId } } } : {}),
      };
      const branches = await Promise.all(
        visibilityBranches(principal).map((visible) =>
          deps.db.agreement.findMany({ where: { AND: [visible, filters, page.where] }, orderBy: page.orderBy, take: page.take }),
        ),
      );
      const rows = mergeBranches(branches, page.take);
      const { items, nextCursor } = toPage(rows, query.limit);
      return {
        status: 200,
        body: {
          items: items.map((a) => ({
            id: a.id,
            allianceId: a.allianceId,
            title: a.title,
            kind: a.kind,
            status: a.status,
            version: a.version,
            documentSha256: a.documentSha256,
            currentRoutingGroup: a.currentRoutingGroup,
            deadline: a.deadline?.toISOString() ?? null,
            effectiveAt: a.effectiveAt?.toISOString() ?? null,
            createdAt: a.createdAt.toISOString(),
          })),
          nextCursor,
        },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/agreements/:id',
    summary: 'An agreement: its record merged with the live workflow status',
    tags: ['agreements'],
    access: { roles: 'any', note: 'Only its parties\' organisations and the alliance secretariat see an agreement (else 404).' },
    params: agreementParams,
    responses: { 200: { description: 'The agreement' } },
    handler: async ({ params, principal, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      // A record still open: is its workflow still there? (A query would answer a terminated one by replay.)
      const [live, end] = await Promise.all([
        liveStatus(deps, params.id, record !== null),
        record && isOpenStatus('agreement', record.status) ? findAbnormalEnd(deps, 'agreement', params.id, agreementWorkflowId(params.id)) : null,
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
    rule: PARTY_RULE,
    summary: 'Sign for a party, acknowledging the document hash (a repeat is harmless)',
    body: signBody,
    update: signUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, documentSha256: body.documentSha256 }),
  }),
  stepRoute({
    step: 'approve',
    rule: PARTY_RULE,
    summary: 'Approve for an approver party, before its routing group\'s signers sign',
    body: signBody,
    update: approveUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, documentSha256: body.documentSha256 }),
  }),
  stepRoute({
    step: 'decline',
    rule: PARTY_RULE,
    summary: 'Decline for a party, with a reason: the agreement ends at once',
    body: declineBody,
    update: declineUpdate,
    args: (body, actor) => ({ actor, partyId: body.partyId, reason: body.reason }),
  }),
  stepRoute({
    step: 'delegate',
    rule: PARTY_RULE,
    summary: 'Hand a party\'s step to another active user of the same organisation',
    body: delegateBody,
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
    update: voidUpdate,
    args: (body, actor) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    step: 'amend',
    rule: SECRETARIAT_RULE,
    summary: 'Amend an agreement in progress (the alliance secretariat): a new version, signatures reset',
    body: amendBody,
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
    summary: 'The agreement\'s hash-chained audit trail, verified',
    tags: ['agreements'],
    access: { roles: 'any', note: 'Only callers who can see the agreement (else 404).' },
    params: agreementParams,
    responses: { 200: { description: 'The entries in sequence order and the verification result' } },
    handler: async ({ params, principal, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
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
      200: { description: 'The certificate (application/json, or text/html with ?format=html or Accept: text/html)' },
    },
    handler: async ({ params, query, principal, req, deps }) => {
      const { record } = await visibleAgreement(deps, principal, params.id);
      if (!record || record.status !== 'effective' || !record.seal) {
        throw new ConflictProblem(`Agreement ${params.id} is ${record?.status ?? 'in_progress'}: a certificate exists once it is effective.`);
      }
      const certificate = await certificateOf(deps, record);
      const html = query.format === 'html' || (query.format === undefined && req.accepts(['application/json', 'text/html']) === 'text/html');
      if (html) return { status: 200, contentType: 'text/html; charset=utf-8', body: certificateTemplate(certificate) };
      return { status: 200, body: certificate };
    },
  }),
];

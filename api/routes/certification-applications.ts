// /v1/certification-applications: apply (starts a CertificationReview workflow), read the live status
// and the audit trail, and the candidate's, exam system's and secretariat's steps (Workflow Updates).
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { readAuditTrail } from '../../activities/audit/audit-trail';
import { auditKeysOf } from '../audit-keys';
import type { CertificationApplication } from '../../prisma/generated/client';
import {
  appealRequest,
  appealUpdate,
  applicationQuery,
  applicationStatuses,
  applyRequest,
  CERTIFICATION_REVIEW_WORKFLOW,
  type CertificationReviewInput,
  certificationWorkflowId,
  examResultsRequest,
  examResultsUpdate,
  objectionRequest,
  objectionUpdate,
  resolveObjectionRequest,
  resolveObjectionUpdate,
  resubmitRequest,
  resubmitUpdate,
} from '../../workflows/certification-review/contract';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ForbiddenProblem, NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { resourceId } from '../parties/common';
import { defineRoute } from '../routing';
import { startWorkflowOnce } from '../workflow-start';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { isOpenStatus } from '../../platform/workflow-ends';
import { abnormalEndStatuses, isAbnormalEndStatus } from '../../core/workflow-ends';
import { programmeSnapshot } from './certification-programmes';
import { actorOf, runStep, stepResultSchema } from './certification-steps';

const applicationParams = z.object({ id: resourceId }).strict();
const objectionParams = z.object({ id: resourceId, objectionId: resourceId }).strict();

const applied = z
  .object({ id: z.string(), workflowId: z.string(), status: z.string() })
  .meta({ id: 'CertificationApplied' });

const applicationSummary = z
  .object({
    id: z.string(),
    programmeId: z.string(),
    domain: z.string(),
    level: z.string(),
    candidateUserId: z.string(),
    organizationId: z.string().nullable(),
    status: z.enum([...applicationStatuses, ...abnormalEndStatuses]),
    stage: z.string().nullable(),
    round: z.number().int(),
    certificateNumber: z.string().nullable(),
    closed: z.boolean(),
    submittedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'CertificationApplicationSummary' });

function summary(row: CertificationApplication) {
  return {
    id: row.id,
    programmeId: row.programmeId,
    domain: row.domain,
    level: row.level,
    candidateUserId: row.candidateUserId,
    organizationId: row.organizationId,
    status: row.status,
    stage: row.stage,
    round: row.round,
    certificateNumber: row.certificateNumber,
    closed: row.closed,
    submittedAt: row.submittedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Who may read an application: the candidate and the applicant, the programme's secretariat, the exam
 * system, reviewers who hold, held or may claim one of its tasks, and admins. Others get 404.
 */
export async function assertMayRead(deps: ApiDependencies, principal: Principal, row: Pick<CertificationApplication, 'id' | 'candidateUserId' | 'appliedBy' | 'secretariatOrganizationId'>): Promise<void> {
  const me = principal.userId;
  if (principal.roles.has('admin') || principal.roles.has('exam_system') || row.candidateUserId === me || row.appliedBy === me) return;
  if (principal.roles.has('secretariat') && principal.organizationId === row.secretariatOrganizationId) return;
  if (principal.roles.has('reviewer')) {
    const task = await deps.db.reviewTask.findFirst({
      where: { applicationId: row.id, OR: [{ assigneeUserId: me }, { decidedBy: me }, { candidateUserIds: { has: me } }] },
      select: { id: true },
    });
    if (task) return;
  }
  throw new NotFoundProblem('Certification application');
}

export async function readableApplication(deps: ApiDependencies, principal: Principal, id: string): Promise<CertificationApplication> {
  const row = await deps.db.certificationApplication.findUnique({ where: { id } });
  if (!row) throw new NotFoundProblem('Certification application');
  await assertMayRead(deps, principal, row);
  return row;
}

/**
 * An objection may come from anyone while the application is on public notice (that is what the notice
 * is for); at any other time only from who may read it, so a stranger learns nothing of its state (404).
 */
async function objectableApplication(deps: ApiDependencies, principal: Principal, id: string): Promise<void> {
  const row = await deps.db.certificationApplication.findUnique({ where: { id } });
  if (!row) throw new NotFoundProblem('Certification application');
  if (row.status === 'public_notice') return;
  await assertMayRead(deps, principal, row);
}

const listQuery = z
  .object({
    status: z.enum([...applicationStatuses, ...abnormalEndStatuses]).optional(),
    programmeId: z.string().max(64).optional(),
    candidateUserId: z.string().max(128).optional(),
    ...paginationQuery,
  })
  .strict();

export const certificationApplicationRoutes = [
  defineRoute({
    method: 'post',
    path: '/certification-applications',
    summary: 'Apply for certification (starts a CertificationReview workflow)',
    tags: ['certification'],
    access: {
      roles: ['candidate', 'school_coordinator'],
      note: "A candidate applies for themselves; a training institution's coordinator for a candidate of its own organisation; for the candidate's own organisation only (else 403).",
    },
    body: applyRequest,
    responses: { 201: { description: 'Submitted', schema: applied } },
    handler: async ({ body, req, principal, deps }) => {
      const candidateUserId = body.candidateUserId ?? principal.userId;
      const [programme, candidate] = await Promise.all([
        deps.db.certificationProgramme.findUnique({ where: { id: body.programmeId } }),
        deps.db.user.findUnique({ where: { id: candidateUserId } }),
      ]);
      if (!programme) throw new UnknownReferenceProblem([{ path: '/programmeId', message: 'no such certification programme' }]);
      const snapshot = programmeSnapshot(programme);
      if (!programme.domains.includes(body.domain)) {
        throw new UnknownReferenceProblem([{ path: '/domain', message: `not a domain of programme ${programme.id} (${programme.domains.join(', ')})` }]);
      }
      if (!snapshot.policy.levels[body.level]) {
        throw new UnknownReferenceProblem([{ path: '/level', message: `programme ${programme.id} does not certify the ${body.level} level` }]);
      }

      if (!candidate || !candidate.active || !candidate.roles.includes('candidate')) {
        throw new UnknownReferenceProblem([{ path: '/candidateUserId', message: 'is not an active user with the candidate role' }]);
      }
      if (candidateUserId !== principal.userId && !principal.roles.has('admin')) {
        if (!principal.roles.has('school_coordinator') || candidate.organizationId !== principal.organizationId) {
          throw new ForbiddenProblem("Only a coordinator of the candidate's own training institution applies for a candidate.");
        }
      }
      const organizationId = body.organizationId ?? candidate.organizationId;
      if (body.organizationId && !(await deps.db.organization.findUnique({ where: { id: body.organizationId }, select: { id: true } }))) {
        throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no such organisation' }]);
      }
      // A candidate applies for their own organisation only: naming another would exclude its reviewers
      // (conflict of interest) and send it the application's events without its consent.
      if (organizationId !== candidate.organizationId && !principal.roles.has('admin')) {
        throw new ForbiddenProblem("A candidate applies for their own organisation only (organizationId is the candidate's organisation).");
      }

      const applicationId = deterministicId(req, principal);
      const input: CertificationReviewInput = {
        applicationId,
        programme: snapshot,
        domain: body.domain,
        level: body.level,
        trainingHours: body.trainingHours,
        evidence: body.evidence,
        candidate: { userId: candidate.id, name: candidate.name, organizationId: candidate.organizationId },
        organizationId,
        conflictUserIds: [...new Set(body.conflictsOfInterest)],
        appliedBy: principal.userId,
      };
      const workflowId = certificationWorkflowId(applicationId);
      await startWorkflowOnce(deps, CERTIFICATION_REVIEW_WORKFLOW, { workflowId, args: [input] });
      return {
        status: 201,
        headers: { location: `/v1/certification-applications/${applicationId}` },
        body: { id: applicationId, workflowId, status: 'eligibility_check' },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certification-applications',
    summary: 'List certification applications, newest first (filters: status, programme, candidate)',
    tags: ['certification'],
    access: { roles: 'any', note: "Admins see all; others their own applications and, as secretariat, their programmes'." },
    query: listQuery,
    responses: { 200: { description: 'A page of applications', schema: z.object({ items: z.array(applicationSummary), ...pageInfo }) } },
    handler: async ({ query, principal, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const visible = principal.roles.has('admin')
        ? {}
        : {
            OR: [
              { candidateUserId: principal.userId },
              { appliedBy: principal.userId },
              ...(principal.roles.has('secretariat') && principal.organizationId ? [{ secretariatOrganizationId: principal.organizationId }] : []),
            ],
          };
      const rows = await deps.db.certificationApplication.findMany({
        where: {
          AND: [
            visible,
            page.where,
            query.status ? { status: query.status } : {},
            query.programmeId ? { programmeId: query.programmeId } : {},
            query.candidateUserId ? { candidateUserId: query.candidateUserId } : {},
          ],
        },
        orderBy: page.orderBy,
        take: page.take,
      });
      const { items, nextCursor } = toPage(rows, query.limit);
      return { status: 200, body: { items: items.map(summary), nextCursor } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certification-applications/:id',
    summary: 'An application: its record merged with the live workflow status (tasks, objections, certificate)',
    tags: ['certification'],
    access: { roles: 'any', note: 'The candidate, the applicant, the programme secretariat, the exam system and its reviewers.' },
    params: applicationParams,
    responses: { 200: { description: 'The application' } },
    handler: async ({ params, principal, deps }) => {
      const row = await readableApplication(deps, principal, params.id);
      // A record still open: is its workflow still there? (A query would answer a terminated one by replay.)
      const [live, end] = await Promise.all([
        deps.temporal.workflow
          .getHandle(certificationWorkflowId(params.id))
          .query(applicationQuery)
          .catch((error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return null;
            throw error;
          }),
        isOpenStatus('certification_application', row.status) ? findAbnormalEnd(deps, 'certification_application', row.id, certificationWorkflowId(row.id)) : null,
      ]);
      const ended = end ? abnormalEndView(end) : isAbnormalEndStatus(row.status) ? { status: row.status, workflowEnd: { status: row.status } } : {};
      return { status: 200, body: { ...summary(row), ...live, ...ended, id: row.id } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certification-applications/:id/audit',
    summary: "The application's hash-chained audit trail, verified",
    tags: ['certification'],
    access: { roles: 'any', note: 'Whoever may read the application.' },
    params: applicationParams,
    responses: { 200: { description: 'The trail and its verification' } },
    handler: async ({ params, principal, deps }) => {
      await readableApplication(deps, principal, params.id);
      return { status: 200, body: await readAuditTrail(deps.db, auditKeysOf(deps), 'certification_application', params.id) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/exam-results',
    summary: 'Record the theory and practical exam results (the exam system)',
    tags: ['certification'],
    access: { roles: ['exam_system'] },
    params: applicationParams,
    body: examResultsRequest,
    responses: { 200: { description: 'Recorded (or recorded before)', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => runStep(deps, params.id, examResultsUpdate, { actor: actorOf(principal), ...body }),
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/resubmit',
    summary: 'Resubmit after changes were requested; the review resumes at the stage that asked, with a fresh task',
    tags: ['certification'],
    access: { roles: ['candidate', 'school_coordinator'], note: 'Only who may read the application (else 404); the candidate or the applicant (decided by the workflow, else 403).' },
    params: applicationParams,
    body: resubmitRequest,
    responses: { 200: { description: 'Resubmitted', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => {
      // A caller who cannot read the application gets the 404 of an unknown id, not the workflow's 403 or 409.
      await readableApplication(deps, principal, params.id);
      return runStep(deps, params.id, resubmitUpdate, { actor: actorOf(principal), ...body });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/objections',
    summary: 'Object during the public notice; issuance waits until the secretariat resolves it',
    tags: ['certification'],
    access: { roles: 'any', note: 'Anyone during the public notice; otherwise only who may read the application (else 404).' },
    params: applicationParams,
    body: objectionRequest,
    responses: { 201: { description: 'Filed', schema: stepResultSchema } },
    handler: async ({ params, body, req, principal, deps }) => {
      await objectableApplication(deps, principal, params.id);
      const result = await runStep(deps, params.id, objectionUpdate, { actor: actorOf(principal), objectionId: deterministicId(req, principal), reason: body.reason });
      return result.status === 200 ? { ...result, status: 201 } : result;
    },
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/objections/:objectionId/resolve',
    summary: 'Resolve an objection: upheld (the application is rejected) or dismissed',
    tags: ['certification'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Certification application',
        describe: "the programme secretariat's organisation",
        organizationOf: async ({ params, deps }) =>
          (await deps.db.certificationApplication.findUnique({ where: { id: params.id }, select: { secretariatOrganizationId: true } }))?.secretariatOrganizationId ?? null,
      },
    },
    params: objectionParams,
    body: resolveObjectionRequest,
    responses: { 200: { description: 'Resolved', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) =>
      runStep(deps, params.id, resolveObjectionUpdate, { actor: actorOf(principal), objectionId: params.objectionId, ...body }),
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/appeal',
    summary: 'Appeal a rejection within the appeal window: a panel with none of the earlier reviewers re-reviews',
    tags: ['certification'],
    access: { roles: ['candidate', 'school_coordinator'], note: 'Only who may read the application (else 404); the candidate or the applicant (decided by the workflow, else 403).' },
    params: applicationParams,
    body: appealRequest,
    responses: { 200: { description: 'Appealed', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => {
      await readableApplication(deps, principal, params.id);
      return runStep(deps, params.id, appealUpdate, { actor: actorOf(principal), ...body });
    },
  }),
];

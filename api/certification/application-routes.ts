// /v1/certification-applications: apply (starts a CertificationReview workflow), read the live status
// and the audit trail, and the candidate's, exam system's and secretariat's steps (Workflow Updates
// through the step gateway).
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { CertificationApplication } from '../../prisma/generated/client';
import { readAuditTrail } from '../../activities/audit/audit-trail';
import { isOpenStatus } from '../../platform/workflow-ends';
import {
  appealRequest,
  appealUpdate,
  applyRequest,
  type CertificationReviewInput,
  certificationWorkflowId,
  examResultsRequest,
  examResultsUpdate,
  launchRecordedUpdate,
  objectionRequest,
  objectionUpdate,
  resolveObjectionRequest,
  resolveObjectionUpdate,
  resubmitRequest,
  resubmitUpdate,
  type StepResult,
} from '../../workflows/certification-review/contract';
import { certificationReview } from '../../workflows/certification-review/workflow';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import { actorOf, type StepActor } from '../actor';
import { auditKeysOf } from '../audit-keys';
import { ForbiddenProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageInfo, pageQuery, toPage } from '../pagination';
import { defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { launchProcess } from '../workflow-start';
import { certificationDisplay } from '../../core/certification-review/display';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { applicationStep, certificationProcess } from './process';
import { programmeSnapshot } from './programmes';
import { applicationParams, applicationSummary, applied, listQuery, objectionParams, stepResultSchema } from './schemas';
import { objectableApplication, programmeSecretariatScope, readableApplication } from './visibility';

/** An application as lists and reads show it. */
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
 * A step of the candidate or the applicant (decided by the workflow, else 403). A caller who cannot read
 * the application gets the 404 of an unknown id, not the workflow's 403 or 409.
 */
function candidateStepRoute<B extends z.ZodObject, A>(options: {
  step: string;
  summary: string;
  /** What the 200 answer says was done. */
  done: string;
  body: B;
  bodyExample?: z.input<B>;
  update: UpdateDefinition<StepResult, [A]>;
  args: (body: z.infer<B>, actor: StepActor) => A;
}) {
  return defineRoute({
    method: 'post',
    path: `/certification-applications/:id/${options.step}`,
    summary: options.summary,
    tags: ['certification'],
    access: {
      roles: ['candidate', 'school_coordinator'],
      note: 'Only who may read the application (else 404); the candidate or the applicant (decided by the workflow, else 403).',
    },
    params: applicationParams,
    body: options.body,
    bodyExample: options.bodyExample,
    responses: { 200: { description: options.done, schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => {
      await readableApplication(deps, principal, params.id);
      return applicationStep(deps, principal, params.id, options.update, options.args(body, actorOf(principal)));
    },
  });
}

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
    bodyExample: {
      programmeId: 'digital-engineer',
      domain: 'big-data',
      level: 'junior',
      trainingHours: 150,
      candidateUserId: '4385fa69-7f1d-4ae7-9a2f-96e21e19d6c1',
    },
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
      // Answered once the workflow has written the application (with its eligibility outcome): a read right
      // after finds it (api/workflow-start.ts). The body is the one answered before reads waited for that.
      await launchProcess(deps, certificationReview, launchRecordedUpdate, { workflowId, args: [input], display: certificationDisplay(input) });
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
        liveStatus(deps, certificationProcess, params.id, true),
        isOpenStatus('certification_application', row.status)
          ? findAbnormalEnd(deps, 'certification_application', row.id, certificationWorkflowId(row.id))
          : null,
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
    bodyExample: { examId: '2027-03-sitting', theoryScore: 80, practicalScore: 80 },
    responses: { 200: { description: 'Recorded (or recorded before)', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) =>
      applicationStep(deps, principal, params.id, examResultsUpdate, { actor: actorOf(principal), ...body }),
  }),

  candidateStepRoute({
    step: 'resubmit',
    summary: 'Resubmit after changes were requested; the review resumes at the stage that asked, with a fresh task',
    done: 'Resubmitted',
    body: resubmitRequest,
    bodyExample: { note: 'Added the project report.' },
    update: resubmitUpdate,
    args: (body, actor) => ({ actor, ...body }),
  }),

  defineRoute({
    method: 'post',
    path: '/certification-applications/:id/objections',
    summary: 'Object during the public notice; issuance waits until the secretariat resolves it',
    tags: ['certification'],
    access: { roles: 'any', note: 'Anyone during the public notice; otherwise only who may read the application (else 404).' },
    params: applicationParams,
    body: objectionRequest,
    bodyExample: { reason: 'The training hours are overstated.' },
    responses: { 201: { description: 'Filed', schema: stepResultSchema } },
    handler: async ({ params, body, req, principal, deps }) => {
      await objectableApplication(deps, principal, params.id);
      const result = await applicationStep(deps, principal, params.id, objectionUpdate, {
        actor: actorOf(principal),
        objectionId: deterministicId(req, principal),
        reason: body.reason,
      });
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
      scope: programmeSecretariatScope<z.infer<typeof objectionParams>>('Certification application', ({ id }, deps) =>
        deps.db.certificationApplication.findUnique({ where: { id }, select: { secretariatOrganizationId: true } }),
      ),
    },
    params: objectionParams,
    body: resolveObjectionRequest,
    bodyExample: { outcome: 'dismissed', reason: 'The hours are documented.' },
    responses: { 200: { description: 'Resolved', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) =>
      applicationStep(deps, principal, params.id, resolveObjectionUpdate, { actor: actorOf(principal), objectionId: params.objectionId, ...body }),
  }),

  candidateStepRoute({
    step: 'appeal',
    summary: 'Appeal a rejection within the appeal window: a panel with none of the earlier reviewers re-reviews',
    done: 'Appealed',
    body: appealRequest,
    bodyExample: { reason: 'The practical task was marked against the wrong rubric.' },
    update: appealUpdate,
    args: (body, actor) => ({ actor, ...body }),
  }),
];

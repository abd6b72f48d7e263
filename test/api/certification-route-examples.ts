// Example requests for the certification routes (programmes, applications and their steps, the review
// task inbox and steps, certificates), part of test/support/route-examples.ts. The programmes' secretariat
// is organisation A; programme A's reviewers are A's (the matrix reviewer among them), the others' an
// evaluation body R of their own. Who may take a step is the workflow's rule (the candidate, the
// assignee, the programme's secretariat...), which no route declaration can say: each step's `expect`
// names the callers it admits. Applications are driven to the state an example needs through the
// workflow's own Updates.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { programmeSnapshot } from '../../api/certification/programmes';
import type { CertificationProgramme } from '../../prisma/generated/client';
import {
  type Actor,
  CERTIFICATION_REVIEW_WORKFLOW,
  type CertificationReviewInput,
  certificationWorkflowId,
  claimTaskUpdate,
  decideTaskUpdate,
  examResultsUpdate,
  objectionUpdate,
  type ReviewStage,
} from '../../workflows/certification-review/contract';
import { eventually } from '../support/eventually';
import { createOrganization, createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);

function policy(noticePeriod: string) {
  return {
    levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
    panel: { size: 3, quorum: 2, majority: 'simple' },
    reviewTask: { due: 'P1D', followUp: 'PT12H', reminderEvery: 'PT6H', maxReminders: 2 },
    durations: { noticePeriod, appealWindow: 'P1D', resubmitWithin: 'P1D', validity: 'P1Y', renewalReminderBefore: 'P30D' },
  };
}

function programme(fx: Fixture, key: string, evaluationOrganizationId: string, noticePeriod: string): Promise<CertificationProgramme> {
  return fx.once(`certification-programme-${key}`, () =>
    fx.system.db.certificationProgramme.create({
      data: {
        id: `matrix-${key}-${randomUUID().slice(0, 8)}`,
        name: 'Matrix digital technology engineer',
        certificatePrefix: 'MTX',
        secretariatOrganizationId: fx.orgA,
        evaluationOrganizationIds: [evaluationOrganizationId],
        domains: ['big-data'],
        policy: policy(noticePeriod),
        createdBy: 'matrix',
      },
    }),
  );
}

/** The user of organisation A holding just this role: the matrix's own caller when there is one. */
function userOfA(fx: Fixture, role: Role) {
  return fx.once(`certification-user-a-${role}`, async () => {
    const found = await fx.system.db.user.findFirst({ where: { organizationId: fx.orgA, roles: { equals: [role] } }, orderBy: { createdAt: 'asc' } });
    return found ?? createUser(fx.system.db, { organizationId: fx.orgA, roles: [role] }).then((u) => ({ id: u.id }));
  });
}

/** An evaluation body R with three reviewers, and a candidate of organisation C (no matrix caller). */
function people(fx: Fixture) {
  return fx.once('certification-people', async () => {
    const body = await createOrganization(fx.system.db, 'research_institute', 'Matrix evaluation body');
    const reviewers = await Promise.all([1, 2, 3].map(() => createUser(fx.system.db, { organizationId: body.id, roles: ['reviewer'] })));
    const candidate = await createUser(fx.system.db, { organizationId: fx.orgC, roles: ['candidate'] });
    return { evaluationOrganizationId: body.id, reviewers, candidate };
  });
}

const programmeA = async (fx: Fixture) => programme(fx, 'a', fx.orgA, 'P1D');
const programmeR = async (fx: Fixture) => programme(fx, 'r', (await people(fx)).evaluationOrganizationId, 'P1D');
const programmeShortNotice = async (fx: Fixture) => programme(fx, 's', (await people(fx)).evaluationOrganizationId, 'PT1S');

const handle = (fx: Fixture, applicationId: string) => fx.system.client.workflow.getHandle(certificationWorkflowId(applicationId));
const examSystem: Actor = { userId: 'matrix-exam-system', organizationId: null, roles: ['exam_system'] };

/** Starts an application (as its candidate) and, unless told otherwise, posts passing exam results. */
async function application(fx: Fixture, row: CertificationProgramme, candidate: { id: string; organizationId: string | null }, exam = true): Promise<string> {
  const applicationId = randomUUID();
  const input: CertificationReviewInput = {
    applicationId,
    programme: programmeSnapshot(row),
    domain: 'big-data',
    level: 'junior',
    trainingHours: 150,
    evidence: [],
    candidate: { userId: candidate.id, name: 'Matrix candidate', organizationId: candidate.organizationId },
    organizationId: candidate.organizationId,
    conflictUserIds: [],
    appliedBy: candidate.id,
  };
  await fx.system.client.workflow.start(CERTIFICATION_REVIEW_WORKFLOW, {
    taskQueue: fx.system.config.temporal.taskQueue,
    workflowId: certificationWorkflowId(applicationId),
    args: [input],
  });
  if (exam)
    await handle(fx, applicationId).executeUpdate(examResultsUpdate, {
      args: [{ actor: examSystem, examId: `matrix-${applicationId}`, theoryScore: 80, practicalScore: 80 }],
    });
  return applicationId;
}

async function openTask(fx: Fixture, applicationId: string, stage: ReviewStage, seat = 1): Promise<string> {
  const task = await eventually(
    () => fx.system.db.reviewTask.findFirst({ where: { applicationId, stage, seat, status: 'open' } }),
    (t) => t !== null,
  );
  return task!.id;
}

const reviewerActor = (userId: string, organizationId: string): Actor => ({ userId, organizationId, roles: ['reviewer'] });

async function decide(fx: Fixture, applicationId: string, actor: Actor, taskId: string, decision: 'approve' | 'reject' | 'request_changes') {
  const h = handle(fx, applicationId);
  await h.executeUpdate(claimTaskUpdate, { args: [{ actor, taskId }] });
  const step =
    decision === 'approve' ? { decision } : decision === 'reject' ? { decision, reason: 'Matrix rejection' } : { decision, points: ['Matrix point'] };
  await h.executeUpdate(decideTaskUpdate, { args: [{ actor, taskId, ...step } as never] });
}

/** Formal review approved by R's first reviewer, the panel decided by the other two. */
async function throughPanel(fx: Fixture, applicationId: string, panelDecision: 'approve' | 'reject'): Promise<void> {
  const { reviewers, evaluationOrganizationId } = await people(fx);
  const [r1, r2, r3] = reviewers.map((r) => reviewerActor(r.id, evaluationOrganizationId));
  await decide(fx, applicationId, r1!, await openTask(fx, applicationId, 'formal'), 'approve');
  await decide(fx, applicationId, r2!, await openTask(fx, applicationId, 'panel', 1), panelDecision);
  await decide(fx, applicationId, r3!, await openTask(fx, applicationId, 'panel', 2), panelDecision);
}

/** An application of programme A in formal review: its task is in the pool of A's reviewers. */
function formalReview(fx: Fixture, key: string) {
  return fx.once(`certification-formal-${key}`, async () => {
    await userOfA(fx, 'reviewer'); // in the pool when the task opens
    const id = await application(fx, await programmeA(fx), (await people(fx)).candidate);
    return { id, taskId: await openTask(fx, id, 'formal') };
  });
}

/** As formalReview, with the task claimed by A's reviewer. */
function claimedByReviewerOfA(fx: Fixture, key: string) {
  return fx.once(`certification-claimed-${key}`, async () => {
    const app = await formalReview(fx, key);
    const reviewer = await userOfA(fx, 'reviewer');
    await handle(fx, app.id).executeUpdate(claimTaskUpdate, { args: [{ actor: reviewerActor(reviewer.id, fx.orgA), taskId: app.taskId }] });
    return app;
  });
}

/** An application of A's candidate to which changes were requested. */
function changesRequested(fx: Fixture) {
  return fx.once('certification-changes', async () => {
    const candidate = await userOfA(fx, 'candidate');
    const id = await application(fx, await programmeR(fx), { id: candidate.id, organizationId: fx.orgA });
    const { reviewers, evaluationOrganizationId } = await people(fx);
    await decide(fx, id, reviewerActor(reviewers[0]!.id, evaluationOrganizationId), await openTask(fx, id, 'formal'), 'request_changes');
    return id;
  });
}

/** An application of A's candidate rejected by the panel, still appealable. */
function rejected(fx: Fixture) {
  return fx.once('certification-rejected', async () => {
    const candidate = await userOfA(fx, 'candidate');
    const id = await application(fx, await programmeR(fx), { id: candidate.id, organizationId: fx.orgA });
    await throughPanel(fx, id, 'reject');
    return id;
  });
}

/** An application in its public notice (one day), with one objection filed. */
function inNotice(fx: Fixture) {
  return fx.once('certification-notice', async () => {
    const id = await application(fx, await programmeR(fx), (await people(fx)).candidate);
    await throughPanel(fx, id, 'approve');
    const objectionId = randomUUID();
    await handle(fx, id).executeUpdate(objectionUpdate, {
      args: [{ actor: { userId: 'matrix-objector', organizationId: null, roles: [] }, objectionId, reason: 'Matrix objection' }],
    });
    return { id, objectionId };
  });
}

/** An issued certificate (a notice of one second) and its credential. */
export function issued(fx: Fixture) {
  return fx.once('certification-issued', async () => {
    const id = await application(fx, await programmeShortNotice(fx), (await people(fx)).candidate);
    await throughPanel(fx, id, 'approve');
    const certificate = await eventually(
      () => fx.system.db.certificate.findUnique({ where: { applicationId: id } }),
      (c) => c !== null,
    );
    return certificate!;
  });
}

export const certificationExamples: Record<string, Example> = {
  'POST /v1/certification-programmes': {
    request: () => ({
      path: '/v1/certification-programmes',
      body: { id: `matrix-new-${randomUUID().slice(0, 8)}`, name: 'Matrix programme', certificatePrefix: 'MTX', domains: ['big-data'], policy: policy('P5D') },
    }),
  },
  'GET /v1/certification-programmes': { request: () => ({ path: '/v1/certification-programmes?limit=5' }) },
  'GET /v1/certification-programmes/:id': { request: async (fx) => ({ path: `/v1/certification-programmes/${(await programmeA(fx)).id}` }) },

  'POST /v1/certification-applications': {
    // For A's candidate: the candidate applies for themselves, A's coordinator for a candidate of A.
    request: async (fx) => ({
      path: '/v1/certification-applications',
      body: {
        programmeId: (await programmeA(fx)).id,
        domain: 'big-data',
        level: 'junior',
        trainingHours: 150,
        candidateUserId: (await userOfA(fx, 'candidate')).id,
      },
    }),
    expect: only('admin', 'candidate', 'school_coordinator'),
  },
  'GET /v1/certification-applications': { request: () => ({ path: '/v1/certification-applications?limit=5' }) },
  'GET /v1/certification-applications/:id': {
    request: async (fx) => ({ path: `/v1/certification-applications/${(await formalReview(fx, 'read')).id}` }),
    // The programme's secretariat (A), the exam system and the reviewers of its pool (A's) read it.
    expect: only('admin', 'secretariat', 'exam_system', 'reviewer'),
  },
  'GET /v1/certification-applications/:id/audit': {
    request: async (fx) => ({ path: `/v1/certification-applications/${(await formalReview(fx, 'read')).id}/audit` }),
    expect: only('admin', 'secretariat', 'exam_system', 'reviewer'),
  },
  'POST /v1/certification-applications/:id/exam-results': {
    request: async (fx) => {
      const id = await fx.once('certification-awaiting-exam', async () => application(fx, await programmeA(fx), (await people(fx)).candidate, false));
      return { path: `/v1/certification-applications/${id}/exam-results`, body: { examId: 'matrix-sitting', theoryScore: 80, practicalScore: 80 } };
    },
  },
  'POST /v1/certification-applications/:id/resubmit': {
    request: async (fx) => ({ path: `/v1/certification-applications/${await changesRequested(fx)}/resubmit`, body: { note: 'Matrix resubmission' } }),
    expect: only('candidate'),
    oncePerPerson: true,
  },
  'POST /v1/certification-applications/:id/objections': {
    request: async (fx) => ({ path: `/v1/certification-applications/${(await inNotice(fx)).id}/objections`, body: { reason: 'Matrix objection' } }),
  },
  'POST /v1/certification-applications/:id/objections/:objectionId/resolve': {
    request: async (fx) => {
      const { id, objectionId } = await inNotice(fx);
      return { path: `/v1/certification-applications/${id}/objections/${objectionId}/resolve`, body: { outcome: 'dismissed', reason: 'Matrix dismissal' } };
    },
  },
  'POST /v1/certification-applications/:id/appeal': {
    request: async (fx) => ({ path: `/v1/certification-applications/${await rejected(fx)}/appeal`, body: { reason: 'Matrix appeal' } }),
    expect: only('candidate'),
  },

  'GET /v1/review-tasks': { request: () => ({ path: '/v1/review-tasks?view=all&limit=5' }) },
  'POST /v1/review-tasks/:id/claim': {
    request: async (fx) => ({ path: `/v1/review-tasks/${(await formalReview(fx, 'claim')).taskId}/claim` }),
    // A reviewer of A (in the pool); the admin is no reviewer; B's reviewer is not in the pool.
    expect: only('reviewer'),
  },
  'POST /v1/review-tasks/:id/unclaim': {
    request: async (fx) => ({ path: `/v1/review-tasks/${(await claimedByReviewerOfA(fx, 'unclaim')).taskId}/unclaim` }),
    // The admin gives it back first; after that A's secretariat and A's reviewer (in the pool) are answered "already done".
    expect: only('admin', 'secretariat', 'reviewer'),
  },
  'POST /v1/review-tasks/:id/decision': {
    request: async (fx) => ({ path: `/v1/review-tasks/${(await claimedByReviewerOfA(fx, 'decision')).taskId}/decision`, body: { decision: 'approve' } }),
    expect: only('reviewer'),
  },

  'GET /v1/certificates/:number/verify': { request: async (fx) => ({ path: `/v1/certificates/${(await issued(fx)).number}/verify` }) },
  'POST /v1/certificates/verify': { request: async (fx) => ({ path: '/v1/certificates/verify', body: { credential: (await issued(fx)).credential } }) },
  'GET /v1/certificate-status-lists/:id': {
    request: async (fx) => ({ path: `/v1/certificate-status-lists/${Math.floor((await issued(fx)).statusListIndex / 131_072) + 1}` }),
  },
  'POST /v1/certificates/:number/revoke': {
    request: async (fx) => ({ path: `/v1/certificates/${(await issued(fx)).number}/revoke`, body: { reason: 'Matrix revocation' } }),
  },
};

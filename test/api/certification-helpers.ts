// Shared fixtures of the certification tests: the people (a programme secretariat, an evaluation body
// with reviewers, a candidate's employer with a reviewer of its own, an exam system), a programme with
// test-scale durations, and the steps as HTTP calls.
import { randomUUID } from 'node:crypto';
import { programmeSnapshot } from '../../api/certification/programmes';
import type { ApplicationView, CertificationReviewInput, ReviewStage } from '../../workflows/certification-review/contract';
import { applicationQuery, certificationWorkflowId } from '../../workflows/certification-review/contract';
import { eventually } from '../support/eventually';
import { type JsonResponse, request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';

export interface Cast {
  secretariat: TestUser;
  examSystem: TestUser;
  candidate: TestUser;
  coordinator: TestUser;
  /** Reviewers of the evaluation body, sorted by id (the order escalation prefers among equal loads). */
  reviewers: TestUser[];
  /** A reviewer employed by the candidate's organisation: always a conflict of interest. */
  colleague: TestUser;
  /** A reviewer of the evaluation body the candidate names as a conflict. */
  namedConflict: TestUser;
  secretariatOrganizationId: string;
  evaluationOrganizationId: string;
  candidateOrganizationId: string;
}

export async function createCast(system: TestSystem, reviewerCount = 6): Promise<Cast> {
  const [secretariatOrg, evaluationOrg, employer] = await Promise.all([
    createOrganization(system.db, 'association', 'Digital Engineer Evaluation Secretariat'),
    createOrganization(system.db, 'research_institute', 'Evaluation Body'),
    createOrganization(system.db, 'enterprise', 'Candidate Employer Ltd'),
  ]);
  const reviewers = await Promise.all(
    Array.from({ length: reviewerCount }, (_, i) =>
      createUser(system.db, { organizationId: evaluationOrg.id, roles: ['reviewer'], name: `Reviewer ${i + 1}` }),
    ),
  );
  reviewers.sort((a, b) => (a.id < b.id ? -1 : 1));
  const [secretariat, examSystem, candidate, coordinator, colleague, namedConflict] = await Promise.all([
    createUser(system.db, { organizationId: secretariatOrg.id, roles: ['secretariat'], name: 'Secretariat' }),
    createUser(system.db, { organizationId: secretariatOrg.id, roles: ['exam_system'], name: 'Exam system' }),
    createUser(system.db, { organizationId: employer.id, roles: ['candidate'], name: 'Li Ming', email: 'li.ming@example.com' }),
    createUser(system.db, { organizationId: employer.id, roles: ['school_coordinator'], name: 'Coordinator' }),
    createUser(system.db, { organizationId: employer.id, roles: ['reviewer'], name: 'Colleague reviewer' }),
    createUser(system.db, { organizationId: evaluationOrg.id, roles: ['reviewer'], name: 'Named conflict' }),
  ]);
  return {
    secretariat,
    examSystem,
    candidate,
    coordinator,
    reviewers,
    colleague,
    namedConflict,
    secretariatOrganizationId: secretariatOrg.id,
    evaluationOrganizationId: evaluationOrg.id,
    candidateOrganizationId: employer.id,
  };
}

/** The cast with a candidate of their own (a certificate issued to one candidate changes their eligibility). */
export async function withNewCandidate(system: TestSystem, cast: Cast, name = 'Wang Fang'): Promise<Cast> {
  const candidate = await createUser(system.db, { organizationId: cast.candidateOrganizationId, roles: ['candidate'], name });
  return { ...cast, candidate };
}

export function testPolicy(overrides: { reviewTask?: object; durations?: object; panel?: object } = {}) {
  return {
    levels: {
      junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null },
      intermediate: { trainingHours: 200, theoryPassMark: 65, practicalPassMark: 65, prerequisiteLevel: 'junior' },
    },
    panel: { size: 3, quorum: 2, majority: 'simple', ...overrides.panel },
    reviewTask: { due: 'PT1H', followUp: 'PT30M', reminderEvery: 'PT10M', maxReminders: 3, ...overrides.reviewTask },
    durations: { noticePeriod: 'PT2S', appealWindow: 'PT1H', resubmitWithin: 'PT1H', validity: 'P1Y', renewalReminderBefore: 'P30D', ...overrides.durations },
  };
}

export async function createProgramme(system: TestSystem, cast: Cast, policy = testPolicy(), extra: Record<string, unknown> = {}): Promise<string> {
  const id = `dte-${randomUUID().slice(0, 8)}`;
  const response = await request(system.baseUrl, 'POST', '/v1/certification-programmes', {
    headers: cast.secretariat.auth,
    body: {
      id,
      name: 'Digital Technology Engineer',
      occupation: 'Digital technology engineer (数字技术工程师)',
      certificatePrefix: 'DTE',
      domains: ['artificial-intelligence', 'big-data'],
      evaluationOrganizationIds: [cast.evaluationOrganizationId],
      policy,
      ...extra,
    },
  });
  if (response.status !== 201) throw new Error(`programme not created: ${response.status} ${JSON.stringify(response.body)}`);
  return id;
}

/** The input a launch route would give the workflow, for tests that start it with the Temporal client itself. */
export async function directApplicationInput(
  system: TestSystem,
  cast: Cast,
  programmeId: string,
  candidateName = 'Wang Fang',
): Promise<CertificationReviewInput> {
  const programme = await system.db.certificationProgramme.findUniqueOrThrow({ where: { id: programmeId } });
  return {
    applicationId: randomUUID(),
    programme: programmeSnapshot(programme),
    domain: 'big-data',
    level: 'junior',
    trainingHours: 150,
    evidence: [],
    candidate: { userId: cast.candidate.id, name: candidateName, organizationId: cast.candidateOrganizationId },
    organizationId: cast.candidateOrganizationId,
    conflictUserIds: [],
    appliedBy: cast.candidate.id,
  };
}

export async function apply(system: TestSystem, cast: Cast, programmeId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await request(system.baseUrl, 'POST', '/v1/certification-applications', {
    headers: cast.candidate.auth,
    body: {
      programmeId,
      domain: 'artificial-intelligence',
      level: 'junior',
      trainingHours: 120,
      evidence: [{ name: 'Training record', reference: 'https://training.example.com/records/42', sha256: 'a'.repeat(64) }],
      conflictsOfInterest: [cast.namedConflict.id],
      ...extra,
    },
  });
  if (response.status !== 201) throw new Error(`application not submitted: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

export async function view(system: TestSystem, applicationId: string): Promise<ApplicationView> {
  return system.client.workflow.getHandle(certificationWorkflowId(applicationId)).query(applicationQuery);
}

export async function waitForStatus(
  system: TestSystem,
  applicationId: string,
  status: ApplicationView['status'],
  timeoutMs = 20_000,
): Promise<ApplicationView> {
  return eventually(
    () => view(system, applicationId),
    (v) => v.status === status,
    { timeoutMs },
  );
}

/** The open task of a stage (and seat), once the workflow has opened and recorded it. */
export async function openTask(system: TestSystem, applicationId: string, stage: ReviewStage, seat = 1) {
  return eventually(
    () => system.db.reviewTask.findFirst({ where: { applicationId, stage, seat, status: 'open' }, orderBy: { round: 'desc' } }),
    (t) => t !== null,
  ).then((t) => t!);
}

export function step(system: TestSystem, user: TestUser, path: string, body?: unknown): Promise<JsonResponse> {
  return request(system.baseUrl, 'POST', path, { headers: user.auth, body });
}

export async function examResults(system: TestSystem, cast: Cast, applicationId: string, theoryScore = 82, practicalScore = 77): Promise<JsonResponse> {
  return step(system, cast.examSystem, `/v1/certification-applications/${applicationId}/exam-results`, {
    examId: `exam-${applicationId}`,
    theoryScore,
    practicalScore,
  });
}

/** Claims a task and decides it; fails the test on any refusal. */
export async function claimAndDecide(system: TestSystem, reviewer: TestUser, taskId: string, decision: Record<string, unknown>): Promise<JsonResponse> {
  const claimed = await step(system, reviewer, `/v1/review-tasks/${taskId}/claim`);
  if (claimed.status !== 200) throw new Error(`claim refused: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  const decided = await step(system, reviewer, `/v1/review-tasks/${taskId}/decision`, decision);
  if (decided.status !== 200) throw new Error(`decision refused: ${decided.status} ${JSON.stringify(decided.body)}`);
  return decided;
}

/** Through eligibility, exam and the formal review (approved by `formal`), to the panel's open tasks. */
export async function toPanel(system: TestSystem, cast: Cast, applicationId: string, formal: TestUser) {
  await waitForStatus(system, applicationId, 'awaiting_exam');
  expect((await examResults(system, cast, applicationId)).status).toBe(200);
  const task = await openTask(system, applicationId, 'formal');
  await claimAndDecide(system, formal, task.id, { decision: 'approve' });
  await waitForStatus(system, applicationId, 'panel_review');
  return Promise.all([1, 2, 3].map((seat) => openTask(system, applicationId, 'panel', seat)));
}

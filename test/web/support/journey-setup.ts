// What other people do before and during the placement and certification journeys, over HTTP with their
// bearer tokens: people registered by the admin, positions published by the enterprise, applications and
// offers by the school, the tripartite agreement's signatures, a certification programme of the seeded
// evaluation body with reviewers enough for its panel, exam results and review decisions.
import { callAs, callWith, person, stack, until } from './fixtures';

export interface Registered {
  id: string;
  name: string;
  token: string;
}

const today = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A person registered by the admin in a seeded organisation (a student needs a birth date: an adult here). */
export async function register(orgSlug: string, name: string, roles: string[]): Promise<Registered> {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const answer = await callAs('admin', 'POST', '/v1/users', {
    organizationId: stack().organizationIds[orgSlug],
    name,
    email: `journey-${stamp}@example.org`,
    roles,
    ...(roles.includes('student') ? { birthDate: '2006-03-14' } : {}),
  });
  if (answer.status !== 201) throw new Error(`register ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, name, token: answer.body.apiToken.token };
}

/** A position of the seeded enterprise (its mentor 赵工) that the placement rules accept. */
export async function publishPosition(title: string, capacity = 5): Promise<string> {
  const answer = await callAs('signatory-enterprise', 'POST', '/v1/positions', {
    enterpriseOrganizationId: stack().organizationIds['enterprise-1'],
    mentorUserId: person('mentor-enterprise').id,
    title,
    majorGroups: ['46'],
    skills: ['CNC', 'CAD'],
    location: '深圳宝安',
    capacity,
    startDate: today(),
    endDate: today(120),
    dailyHours: 8,
    weeklyHours: 40,
    nightWork: false,
    stipendMonthly: 360_000,
    regularMonthlyWage: 400_000,
    positionStaff: 50,
    enterpriseStaff: 500,
  });
  if (answer.status !== 201) throw new Error(`publish ${title}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** The school's coordinator applies for a student of the school. */
export async function applyFor(studentId: string, cohort: string, preferences: string[]): Promise<string> {
  const answer = await callAs('school-coordinator', 'POST', '/v1/applications', {
    studentUserId: studentId,
    cohort,
    yearOfStudy: 2,
    majorCode: '460104',
    schoolMentorUserId: person('mentor-school').id,
    preferences,
  });
  if (answer.status !== 201) throw new Error(`apply: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** Short placement policies: weeks of `week`, a log on time for `grace` after its week. */
export function placementPolicy(week: string, grace = 'PT30M', weeks = 6) {
  return {
    offerDeadline: 'PT30M',
    agreementDeadline: 'PT30M',
    checkInPeriod: week,
    checkInGrace: grace,
    weeks,
    midTermWeek: 1,
    missedCheckInsToEscalate: 2,
    continueAsNewEveryWeeks: 3,
  };
}

export async function offer(applicationId: string, positionId: string, policy: object): Promise<{ id: string; agreementId: string }> {
  const answer = await callAs('school-coordinator', 'POST', '/v1/placements', {
    applicationId,
    positionId,
    policy,
    insurance: { policyNumber: 'PICC-2027-0001', insurer: 'PICC' },
  });
  if (answer.status !== 201) throw new Error(`offer: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, agreementId: answer.body.agreementId };
}

export async function placementStatus(id: string, status: string) {
  return until(
    () => callAs('school-coordinator', 'GET', `/v1/placements/${id}`),
    (r) => r.status === 200 && r.body.status === status,
    `placement ${id} ${status}`,
  ).then((r) => r.body);
}

/** The school's and the enterprise's signatories sign the tripartite agreement (and the student, given a token). */
export async function signTripartite(agreementId: string, studentToken?: string): Promise<void> {
  const agreement = await until(
    () => callAs('signatory-school', 'GET', `/v1/agreements/${agreementId}`),
    (r) => r.status === 200 && r.body.status === 'in_progress',
    `agreement ${agreementId}`,
  );
  const sha = agreement.body.documentSha256;
  const signers: [string, (p: string, b: unknown) => Promise<{ status: number; body: unknown }>][] = [
    ['school', (p, b) => callAs('signatory-school', 'POST', p, b)],
    ['enterprise', (p, b) => callAs('signatory-enterprise', 'POST', p, b)],
    ...(studentToken
      ? [
          ['student', (p: string, b: unknown) => callWith(studentToken, 'POST', p, b)] as [
            string,
            (p: string, b: unknown) => Promise<{ status: number; body: unknown }>,
          ],
        ]
      : []),
  ];
  for (const [partyId, call] of signers) {
    const signed = await call(`/v1/agreements/${agreementId}/sign`, { partyId, documentSha256: sha });
    if (signed.status !== 200) throw new Error(`sign ${partyId}: ${signed.status} ${JSON.stringify(signed.body)}`);
  }
}

/** A placement through offer, acceptance and the three signatures: active. */
export async function activePlacement(student: Registered, cohort: string, positionId: string, policy: object): Promise<string> {
  const applicationId = await applyFor(student.id, cohort, [positionId]);
  const offered = await offer(applicationId, positionId, policy);
  await placementStatus(offered.id, 'offered');
  const accepted = await callWith(student.token, 'POST', `/v1/placements/${offered.id}/accept`, {});
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  await signTripartite(offered.agreementId, student.token);
  await placementStatus(offered.id, 'active');
  return offered.id;
}

// ---------------------------------------------------------------------------------------------------
// Certification

/** A programme of the seeded secretariat, reviewed by the seeded evaluation body (institute-1, Dr. Walker's). */
export async function createProgramme(options: { due?: string } = {}): Promise<string> {
  const id = `dte-${Math.random().toString(36).slice(2, 10)}`;
  const answer = await callAs('secretariat', 'POST', '/v1/certification-programmes', {
    id,
    name: `数字技术工程师 ${id}`,
    occupation: '数字技术工程师',
    certificatePrefix: 'DTE',
    domains: ['artificial-intelligence', 'big-data'],
    evaluationOrganizationIds: [stack().organizationIds['institute-1']],
    policy: {
      levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
      panel: { size: 2, quorum: 2, majority: 'simple' },
      reviewTask: { due: options.due ?? 'PT1H', followUp: 'PT1H', reminderEvery: 'PT30M', maxReminders: 1 },
      durations: { noticePeriod: 'PT2S', appealWindow: 'PT1H', resubmitWithin: 'PT1H', validity: 'P1Y', renewalReminderBefore: 'P30D' },
    },
  });
  if (answer.status !== 201) throw new Error(`programme: ${answer.status} ${JSON.stringify(answer.body)}`);
  return id;
}

export async function applyForCertification(programmeId: string, extra: object = {}): Promise<string> {
  const answer = await callAs('candidate', 'POST', '/v1/certification-applications', {
    programmeId,
    domain: 'artificial-intelligence',
    level: 'junior',
    trainingHours: 120,
    evidence: [{ name: '培训记录', reference: 'https://training.example.com/records/42', sha256: 'a'.repeat(64) }],
    ...extra,
  });
  if (answer.status !== 201) throw new Error(`certification application: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

export async function applicationStatus(id: string, status: string) {
  return until(
    () => callAs('candidate', 'GET', `/v1/certification-applications/${id}`),
    (r) => r.status === 200 && r.body.status === status,
    `application ${id} ${status}`,
  ).then((r) => r.body);
}

export async function examResults(applicationId: string): Promise<void> {
  await applicationStatus(applicationId, 'awaiting_exam');
  const answer = await callAs('exam-system', 'POST', `/v1/certification-applications/${applicationId}/exam-results`, {
    examId: `exam-${applicationId}`,
    theoryScore: 82,
    practicalScore: 77,
  });
  if (answer.status !== 200) throw new Error(`exam results: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** The open task of a stage (and seat) in a reviewer's inbox. */
export async function openTask(token: string, applicationId: string, stage: string, seat = 1): Promise<{ id: string }> {
  const found = await until(
    () => callWith(token, 'GET', `/v1/review-tasks?applicationId=${applicationId}&limit=20`),
    (r) =>
      r.status === 200 &&
      r.body.items.some((t: { stage: string; seat: number; status: string }) => t.stage === stage && t.seat === seat && t.status === 'open'),
    `${stage} task ${seat} of ${applicationId}`,
  );
  return found.body.items.find((t: { stage: string; seat: number; status: string }) => t.stage === stage && t.seat === seat && t.status === 'open');
}

export async function claimAndDecide(token: string, taskId: string, decision: object): Promise<void> {
  const claimed = await callWith(token, 'POST', `/v1/review-tasks/${taskId}/claim`);
  if (claimed.status !== 200) throw new Error(`claim: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  const decided = await callWith(token, 'POST', `/v1/review-tasks/${taskId}/decision`, decision);
  if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
}

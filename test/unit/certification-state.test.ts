// The CertificationReview rules as pure functions: eligibility and exam, conflict of interest and
// four-eyes, the panel's quorum and majority, task timers and escalation, resubmission, notice and
// objections, appeal, issue and revocation.
import type { Actor, CertificationReviewInput, DecisionRequest, DecisionStep, ProgrammePolicy } from '../../workflows/certification-review/contract';
import { candidatesOf, type CertificationState, conflictOfInterest, fourEyes, initialState } from '../../workflows/certification-review/state';
import { checkAppeal, checkResubmit, fileAppeal, resubmit } from '../../workflows/certification-review/resubmission-and-appeal';
import { checkClaim, checkDecision, checkUnclaim, claim, decide, majorityMet, openTasks, stageToOpen } from '../../workflows/certification-review/review-tasks';
import { checkExamResults, recordEligibility, recordExamResults } from '../../workflows/certification-review/eligibility-and-exam';
import {
  checkObjection,
  MAX_OBJECTIONS,
  MAX_OBJECTIONS_PER_USER,
  checkResolveObjection,
  checkRevoke,
  endNotice,
  fileObjection,
  issue,
  readyToIssue,
  resolveObjection,
  revoke,
} from '../../workflows/certification-review/notice-and-certificate';
import { escalate, nextTimer, recordReminder } from '../../workflows/certification-review/timers';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const policy: ProgrammePolicy = {
  levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
  panel: { size: 3, quorum: 2, majority: 'simple' },
  reviewTask: { due: 'PT10S', followUp: 'PT4S', reminderEvery: 'PT2S', maxReminders: 5 },
  durations: { noticePeriod: 'PT5S', appealWindow: 'PT30S', resubmitWithin: 'PT60S', validity: 'P3Y', renewalReminderBefore: 'P30D' },
};

const input: CertificationReviewInput = {
  applicationId: 'app-1',
  programme: {
    id: 'dte',
    name: 'Digital Technology Engineer',
    certificatePrefix: 'DTE',
    secretariatOrganizationId: 'org-sec',
    evaluationOrganizationIds: ['org-eval'],
    policy,
  },
  domain: 'big-data',
  level: 'junior',
  trainingHours: 120,
  evidence: [],
  candidate: { userId: 'cand', name: 'Li Ming', organizationId: 'org-emp' },
  organizationId: 'org-emp',
  conflictUserIds: ['r-named'],
  appliedBy: 'cand',
};

const reviewer = (userId: string, organizationId = 'org-eval'): Actor => ({ userId, organizationId, roles: ['reviewer'] });
const reviewers = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((userId) => ({ userId, organizationId: 'org-eval', openTasks: 0 }));
const pool = [...reviewers, { userId: 'r-emp', organizationId: 'org-emp', openTasks: 0 }, { userId: 'r-named', organizationId: 'org-eval', openTasks: 0 }];
const examSystem: Actor = { userId: 'exam', organizationId: null, roles: ['exam_system'] };
const candidate: Actor = { userId: 'cand', organizationId: 'org-emp', roles: ['candidate'] };
const secretariat: Actor = { userId: 'sec', organizationId: 'org-sec', roles: ['secretariat'] };

let ids = 0;
const taskIds = (n: number) => Array.from({ length: n }, () => `t${++ids}`);

function inFormalReview(): CertificationState {
  let s = initialState(input, T0);
  s = recordEligibility(s, { eligible: true, reasons: [], prerequisiteCertificate: null }, at(1));
  s = recordExamResults(s, { actor: examSystem, examId: 'e1', theoryScore: 80, practicalScore: 70 }, at(2));
  return openTasks(s, pool, taskIds(1), at(3));
}

function task(s: CertificationState, stage: string, seat = 1) {
  return s.tasks.filter((t) => t.stage === stage && t.seat === seat && t.status === 'open').pop()!;
}

function act(s: CertificationState, who: Actor, taskId: string, decision: DecisionRequest, when = at(5)) {
  expect(checkClaim(s, { actor: who, taskId })).toBeNull();
  s = claim(s, { actor: who, taskId });
  const step = { actor: who, taskId, ...decision } as DecisionStep;
  expect(checkDecision(s, step)).toBeNull();
  return decide(s, step, when);
}

function inPanel(): CertificationState {
  const s = inFormalReview();
  const next = act(s, reviewer('r1'), task(s, 'formal').taskId, { decision: 'approve' });
  expect(next.status).toBe('panel_review');
  return openTasks(next, pool, taskIds(3), at(6));
}

describe('eligibility and exam', () => {
  test('ineligible: rejected with the reasons, not appealable, closed', () => {
    const s = recordEligibility(initialState(input, T0), { eligible: false, reasons: ['too few hours'], prerequisiteCertificate: null }, at(1));
    expect(s).toMatchObject({ status: 'rejected', closed: true, rejection: { kind: 'ineligible', reasons: ['too few hours'], appealableUntil: null } });
  });

  test('results arriving during the eligibility check are held, then graded', () => {
    let s = initialState(input, T0);
    s = recordExamResults(s, { actor: examSystem, examId: 'e1', theoryScore: 59, practicalScore: 90 }, at(1));
    expect(s).toMatchObject({ status: 'eligibility_check', exam: null });
    s = recordEligibility(s, { eligible: true, reasons: [], prerequisiteCertificate: null }, at(2));
    expect(s).toMatchObject({ status: 'rejected', closed: true, rejection: { kind: 'exam_failed', reasons: ['theory score 59 is below the pass mark 60'] } });
  });

  test('only the exam system records; the same results again are "already done"; other results are refused', () => {
    const s = inFormalReview();
    expect(checkExamResults(s, { actor: candidate, examId: 'e1', theoryScore: 80, practicalScore: 70 })?.type).toBe('NotAuthorized');
    expect(checkExamResults(s, { actor: examSystem, examId: 'e1', theoryScore: 80, practicalScore: 70 })?.type).toBe('AlreadyDone');
    expect(checkExamResults(s, { actor: examSystem, examId: 'e1', theoryScore: 90, practicalScore: 70 })?.type).toBe('InvalidStep');
  });
});

describe('conflict of interest and four-eyes', () => {
  test("the candidate, the applicant, the candidate's organisation and named reviewers never review", () => {
    const s = inFormalReview();
    expect(conflictOfInterest(s, { userId: 'cand', organizationId: null })).toMatch(/own application/);
    expect(conflictOfInterest(s, { userId: 'r-emp', organizationId: 'org-emp' })).toMatch(/candidate's organisation/);
    expect(conflictOfInterest(s, { userId: 'r-named', organizationId: 'org-eval' })).toMatch(/declared a conflict/);
    expect(conflictOfInterest(s, { userId: 'r1', organizationId: 'org-eval' })).toBeNull();
    // The pool leaves them out; the validator names the reason even so.
    const formal = task(s, 'formal');
    expect(formal.pool).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(checkClaim(s, { actor: reviewer('r-emp', 'org-emp'), taskId: formal.taskId })).toMatchObject({ type: 'ConflictOfInterest' });
    expect(checkClaim(s, { actor: reviewer('r-named'), taskId: formal.taskId })).toMatchObject({ type: 'ConflictOfInterest' });
    expect(checkClaim(s, { actor: { ...reviewer('x'), roles: ['secretariat'] }, taskId: formal.taskId })).toMatchObject({ type: 'NotAuthorized' });
  });

  test('one person, one seat: the formal reviewer cannot sit on the panel, a panel member takes one seat only', () => {
    let s = inPanel();
    const seat1 = task(s, 'panel', 1);
    const seat2 = task(s, 'panel', 2);
    expect(candidatesOf(s, seat1)).not.toContain('r1');
    expect(checkClaim(s, { actor: reviewer('r1'), taskId: seat1.taskId })).toMatchObject({
      type: 'FourEyes',
      message: expect.stringMatching(/as the formal reviewer/),
    });
    s = claim(s, { actor: reviewer('r2'), taskId: seat1.taskId });
    expect(checkClaim(s, { actor: reviewer('r2'), taskId: seat2.taskId })).toMatchObject({ type: 'FourEyes', message: expect.stringMatching(/seat 1/) });
    expect(candidatesOf(s, seat2)).not.toContain('r2');
    // Giving the seat back frees the person for another.
    expect(checkUnclaim(s, { actor: reviewer('r2'), taskId: seat1.taskId })).toBeNull();
  });

  test('a stranger learns only that the task is not theirs, whatever its state', () => {
    let s = inFormalReview();
    const formal = task(s, 'formal');
    s = act(s, reviewer('r1'), formal.taskId, { decision: 'approve' });
    expect(checkDecision(s, { actor: reviewer('rx', 'org-other'), taskId: formal.taskId, decision: 'approve' })).toMatchObject({ type: 'NotAssignee' });
    expect(checkClaim(s, { actor: reviewer('rx', 'org-other'), taskId: formal.taskId })).toMatchObject({ type: 'NotCandidate' });
    expect(checkUnclaim(s, { actor: reviewer('rx', 'org-other'), taskId: formal.taskId })).toMatchObject({ type: 'NotAssignee' });
    expect(checkDecision(s, { actor: reviewer('r1'), taskId: formal.taskId, decision: 'approve' })).toMatchObject({ type: 'AlreadyDone' });
  });
});

describe('the panel', () => {
  test.each([
    ['simple', 2, 3, true],
    ['simple', 1, 2, false],
    ['two_thirds', 2, 3, true],
    ['two_thirds', 3, 5, false],
    ['unanimous', 3, 3, true],
    ['unanimous', 2, 3, false],
  ] as const)('%s majority: %i approvals of %i votes -> %s', (majority, approvals, cast, met) => {
    expect(majorityMet({ size: 5, quorum: 1, majority }, approvals, cast)).toBe(met);
  });

  test('decides once the quorum has voted, and cancels the open seat', () => {
    let s = inPanel();
    s = act(s, reviewer('r2'), task(s, 'panel', 1).taskId, { decision: 'approve' });
    expect(s.status).toBe('panel_review');
    s = act(s, reviewer('r3'), task(s, 'panel', 2).taskId, { decision: 'approve' }, at(7));
    expect(s).toMatchObject({ status: 'public_notice', notice: { endsAt: at(12).toISOString(), ended: false } });
    expect(s.tasks.find((t) => t.stage === 'panel' && t.seat === 3)?.status).toBe('cancelled');
  });

  test('a split quorum under a simple majority rejects, with every reason; the rejection is appealable', () => {
    let s = inPanel();
    s = act(s, reviewer('r2'), task(s, 'panel', 1).taskId, { decision: 'approve' });
    s = act(s, reviewer('r3'), task(s, 'panel', 2).taskId, { decision: 'reject', reason: 'too small' }, at(8));
    expect(s).toMatchObject({
      status: 'rejected',
      closed: false,
      rejection: { kind: 'review', stage: 'panel', reasons: ['too small'], appealableUntil: at(38).toISOString() },
    });
  });
});

describe('request changes and resubmission', () => {
  test('the stage that asked resumes with a fresh task, back to the reviewer who asked', () => {
    let s = inFormalReview();
    const first = task(s, 'formal');
    s = act(s, reviewer('r1'), first.taskId, { decision: 'request_changes', points: ['attach the record'] });
    expect(s).toMatchObject({
      status: 'changes_requested',
      changesRequested: { stage: 'formal', points: ['attach the record'], resubmitBy: at(65).toISOString() },
    });
    expect(nextTimer(s)).toEqual({ kind: 'resubmit_deadline', at: at(65).toISOString() });
    expect(checkResubmit(s, { actor: reviewer('r2'), note: 'x' })?.type).toBe('NotAuthorized');
    s = resubmit(s, { actor: candidate, note: 'attached' }, at(20));
    expect(s).toMatchObject({ status: 'formal_review', stage: 'formal', round: 2 });
    expect(stageToOpen(s)).toEqual({ stage: 'formal', round: 2, seats: 1 });
    s = openTasks(s, pool, taskIds(1), at(21));
    const fresh = task(s, 'formal');
    expect(fresh).toMatchObject({ round: 2, assigneeUserId: 'r1' });
    expect(fresh.taskId).not.toBe(first.taskId);
    // The same seat: the reviewer who asked reviews the resubmission.
    expect(checkDecision(s, { actor: reviewer('r1'), taskId: fresh.taskId, decision: 'approve' })).toBeNull();
  });
});

describe('task timers', () => {
  test('reminders from the follow-up date, every interval, before the due date; then the due date', () => {
    let s = inFormalReview(); // opened at +3 s: follow-up +7 s, due +13 s, every 2 s
    const id = task(s, 'formal').taskId;
    const fired: string[] = [];
    for (let i = 0; i < 4; i++) {
      const timer = nextTimer(s)!;
      fired.push(`${timer.kind}@${(new Date(timer.at).getTime() - T0.getTime()) / 1000}`);
      if (timer.kind !== 'task_reminder') break;
      s = recordReminder(s, id);
    }
    expect(fired).toEqual(['task_reminder@7', 'task_reminder@9', 'task_reminder@11', 'task_due@13']);
    expect(task(s, 'formal')).toMatchObject({ remindersSent: 3, status: 'open' });
  });

  test('escalation: the least loaded eligible reviewer who has not held it, then by id; nobody left: back to the pool', () => {
    let s = inFormalReview();
    const id = task(s, 'formal').taskId;
    s = claim(s, { actor: reviewer('r1'), taskId: id });
    const loads = reviewers.map((r) => ({ ...r, openTasks: r.userId === 'r2' ? 4 : r.userId === 'r3' ? 1 : 2 }));
    let result = escalate(s, id, [...loads, { userId: 'r-emp', organizationId: 'org-emp', openTasks: 0 }], at(13));
    expect(result).toMatchObject({ from: 'r1', to: 'r3' });
    s = result.state;
    expect(task(s, 'formal')).toMatchObject({
      assigneeUserId: 'r3',
      previousAssignees: ['r1'],
      escalations: 1,
      dueAt: at(23).toISOString(),
      followUpAt: at(17).toISOString(),
    });
    result = escalate(
      s,
      id,
      [
        { userId: 'r1', organizationId: 'org-eval', openTasks: 0 },
        { userId: 'r3', organizationId: 'org-eval', openTasks: 0 },
      ],
      at(23),
    );
    expect(result).toMatchObject({ from: 'r3', to: null });
    expect(task(result.state, 'formal')).toMatchObject({ assigneeUserId: null, previousAssignees: ['r1', 'r3'], escalations: 2 });
  });
});

describe('appeal', () => {
  function rejectedByPanel(): CertificationState {
    let s = inPanel();
    s = claim(s, { actor: reviewer('r4'), taskId: task(s, 'panel', 3).taskId }); // holds a seat, never votes
    s = act(s, reviewer('r2'), task(s, 'panel', 1).taskId, { decision: 'reject', reason: 'a' });
    return act(s, reviewer('r3'), task(s, 'panel', 2).taskId, { decision: 'reject', reason: 'b' }, at(8));
  }

  test('within the window, by the candidate, once: a panel with none of the earlier reviewers', () => {
    let s = rejectedByPanel();
    expect(checkAppeal(s, { actor: reviewer('r5'), reason: 'x' }, at(9))?.type).toBe('NotAuthorized');
    expect(checkAppeal(s, { actor: candidate, reason: 'x' }, at(38))?.type).toBe('WindowClosed');
    expect(checkAppeal(s, { actor: candidate, reason: 'x' }, at(9))).toBeNull();
    s = fileAppeal(s, { actor: candidate, reason: 'wrong scale' }, at(9));
    expect(stageToOpen(s)).toEqual({ stage: 'appeal_panel', round: 1, seats: 3 });
    s = openTasks(s, pool, taskIds(3), at(10));
    const appealTask = task(s, 'appeal_panel', 1);
    expect(appealTask.pool).toEqual(['r5', 'r6']);
    for (const earlier of ['r1', 'r2', 'r3', 'r4']) {
      expect(fourEyes(s, earlier, appealTask)).toMatch(/none of the earlier reviewers/);
    }
    s = act(s, reviewer('r5'), appealTask.taskId, { decision: 'reject', reason: 'still too small' }, at(11));
    s = act(s, reviewer('r6'), task(s, 'appeal_panel', 2).taskId, { decision: 'reject', reason: 'agreed' }, at(12));
    // The appeal panel's decision is final.
    expect(s).toMatchObject({ status: 'rejected', closed: true, rejection: { appealableUntil: null } });
    expect(checkAppeal(s, { actor: candidate, reason: 'again' }, at(13))?.type).toBe('WrongState');
  });
});

describe('notice, objections, issue, revocation', () => {
  function inNotice(): CertificationState {
    let s = inPanel();
    s = act(s, reviewer('r2'), task(s, 'panel', 1).taskId, { decision: 'approve' });
    return act(s, reviewer('r3'), task(s, 'panel', 2).taskId, { decision: 'approve' }, at(7));
  }

  test('objections are bounded: per application and per objector', () => {
    let s = inNotice();
    for (let i = 0; i < MAX_OBJECTIONS_PER_USER; i++) s = fileObjection(s, { actor: reviewer('r6'), objectionId: `mine-${i}`, reason: 'x' }, at(8));
    expect(checkObjection(s, { actor: reviewer('r6'), objectionId: 'mine-more', reason: 'x' }, at(8))).toMatchObject({ type: 'WrongState' });
    expect(checkObjection(s, { actor: reviewer('r5'), objectionId: 'other', reason: 'x' }, at(8))).toBeNull();
    for (let i = s.objections.length; i < MAX_OBJECTIONS; i++) s = fileObjection(s, { actor: reviewer(`u${i}`), objectionId: `o-${i}`, reason: 'x' }, at(8));
    expect(checkObjection(s, { actor: reviewer('r5'), objectionId: 'other', reason: 'x' }, at(8))).toMatchObject({
      type: 'WrongState',
      message: expect.stringContaining(`(${MAX_OBJECTIONS})`),
    });
  });

  test('an open objection holds issuance after the notice ends; dismissed, the certificate may be issued', () => {
    let s = inNotice();
    expect(checkObjection(s, { actor: candidate, objectionId: 'o1', reason: 'x' }, at(8))?.type).toBe('NotAuthorized');
    expect(checkObjection(s, { actor: secretariat, objectionId: 'o1', reason: 'x' }, at(8))).toBeNull();
    s = fileObjection(s, { actor: reviewer('r6'), objectionId: 'o1', reason: 'dates do not match' }, at(8));
    s = endNotice(s);
    expect(readyToIssue(s)).toBe(false);
    expect(checkObjection(s, { actor: secretariat, objectionId: 'o2', reason: 'late' }, at(13))?.type).toBe('WindowClosed');
    expect(checkResolveObjection(s, { actor: reviewer('r1'), objectionId: 'o1', outcome: 'dismissed', reason: 'x' })?.type).toBe('NotAuthorized');
    expect(
      checkResolveObjection(s, { actor: { ...secretariat, organizationId: 'org-other' }, objectionId: 'o1', outcome: 'dismissed', reason: 'x' })?.type,
    ).toBe('NotAuthorized');
    s = resolveObjection(s, { actor: secretariat, objectionId: 'o1', outcome: 'dismissed', reason: 'confirmed' }, at(14));
    expect(readyToIssue(s)).toBe(true);
    s = issue(s, { number: 'DTE-2026-000001', validFrom: at(15).toISOString(), validUntil: new Date('2029-03-01T08:00:15.000Z').toISOString() });
    expect(s.certificate).toMatchObject({ renewalReminderAt: '2029-01-30T08:00:15.000Z', revokedAt: null });
    expect(nextTimer(s)).toEqual({ kind: 'renewal_reminder', at: '2029-01-30T08:00:15.000Z' });
    expect(checkRevoke(s, { actor: candidate, reason: 'x' })?.type).toBe('NotAuthorized');
    s = revoke(s, at(20));
    expect(s).toMatchObject({ status: 'revoked', closed: true, certificate: { revokedAt: at(20).toISOString() } });
    expect(checkRevoke(s, { actor: secretariat, reason: 'again' })?.type).toBe('AlreadyDone');
  });

  test('an upheld objection rejects; it can be appealed', () => {
    let s = inNotice();
    s = fileObjection(s, { actor: secretariat, objectionId: 'o1', reason: 'plagiarism' }, at(8));
    s = resolveObjection(s, { actor: secretariat, objectionId: 'o1', outcome: 'upheld', reason: 'copied report' }, at(9));
    expect(s).toMatchObject({ status: 'rejected', closed: false, rejection: { kind: 'objection_upheld', reasons: ['copied report'] } });
  });
});

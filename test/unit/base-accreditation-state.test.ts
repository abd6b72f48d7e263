// The BaseAccreditation's pure rules: review tasks (pools without conflicts, four-eyes, the panel's
// majority, escalation), the notice, the yearly outcomes and their deadlines, renewal and the standing.
import type { BaseAccreditationInput } from '../../core/base-accreditation/input';
import { checkClaim, claim, decide, escalate, openTasks, stageToOpen } from '../../workflows/base-accreditation/review-tasks';
import {
  type AccreditationState,
  checkReport,
  endNotice,
  fileReport,
  initialState,
  reportRectification,
  requestRenewal,
  standingOf,
} from '../../workflows/base-accreditation/state';
import { fire, nextTimer } from '../../workflows/base-accreditation/timers';

const input: BaseAccreditationInput = {
  application: {
    accreditationId: 'acc-1',
    organizationId: 'base',
    authorityOrganizationId: 'authority',
    domain: 'blockchain',
    facilities: [],
    faculty: [],
    evidence: [],
    conflictsOfInterest: ['named'],
  },
  appliedBy: 'applicant',
  policy: {
    evaluationOrganizationIds: ['authority'],
    panel: { size: 3, quorum: 2, majority: 'simple' },
    taskDue: 'P14D',
    noticePeriod: 'P7D',
    validity: 'P2Y',
    cycle: 'P1Y',
    reportWithin: 'P60D',
    rectificationWithin: 'P90D',
    marks: { pass: 80, rectification: 60 },
  },
};
const t0 = new Date('2027-01-01T00:00:00.000Z');
const reviewer = (userId: string, organizationId = 'authority') => ({ userId, organizationId, openTasks: 0 });
const reviewers = ['r1', 'r2', 'r3', 'r4', 'r5', 'named'].map((id) => reviewer(id)).concat([reviewer('own', 'base')]);
const actor = (userId: string, organizationId = 'authority') => ({ userId, organizationId, roles: ['reviewer'] });
const staff = { userId: 'staff', organizationId: 'base', roles: ['school_coordinator'] };

function decideTask(state: AccreditationState, taskId: string, by: string, decision: { decision?: 'approve' | 'reject'; score?: number; reason?: string }) {
  return decide(claim(state, { actor: actor(by), taskId }), { actor: actor(by), taskId, ...decision }, t0);
}

function accredited(): AccreditationState {
  let state = openTasks(initialState(input, t0), reviewers, t0);
  state = decideTask(state, state.tasks[0]!.taskId, 'r1', { decision: 'approve' });
  state = openTasks(state, reviewers, t0);
  const [s1, s2] = state.tasks.filter((t) => t.stage === 'expert');
  state = decideTask(state, s1!.taskId, 'r2', { decision: 'approve' });
  state = decideTask(state, s2!.taskId, 'r3', { decision: 'approve' });
  expect(state.status).toBe('public_notice');
  return endNotice(state, new Date(state.notice!.endsAt));
}

test('pools leave out conflicts of interest; the formal reviewer sits on no panel seat', () => {
  let state = openTasks(initialState(input, t0), reviewers, t0);
  expect(state.tasks[0]!.pool).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  expect(checkClaim(state, { actor: actor('own', 'base'), taskId: state.tasks[0]!.taskId })?.type).toBe('ConflictOfInterest');
  state = decideTask(state, state.tasks[0]!.taskId, 'r1', { decision: 'approve' });
  expect(stageToOpen(state)).toMatchObject({ stage: 'expert', seats: 3 });
  state = openTasks(state, reviewers, t0);
  const seat = state.tasks.find((t) => t.stage === 'expert')!;
  expect(seat.pool).not.toContain('r1');
  expect(checkClaim(state, { actor: actor('r1'), taskId: seat.taskId })?.type).toBe('FourEyes');
});

test('the panel decides at its quorum by the majority; open seats are cancelled', () => {
  let state = openTasks(initialState(input, t0), reviewers, t0);
  state = openTasks(decideTask(state, state.tasks[0]!.taskId, 'r1', { decision: 'approve' }), reviewers, t0);
  const [s1, s2] = state.tasks.filter((t) => t.stage === 'expert');
  state = decideTask(state, s1!.taskId, 'r2', { decision: 'approve' });
  state = decideTask(state, s2!.taskId, 'r3', { decision: 'reject', reason: 'too few faculty' });
  expect(state.status).toBe('rejected');
  expect(state.rejection?.reasons).toEqual(['too few faculty']);
  expect(state.tasks.filter((t) => t.status === 'cancelled')).toHaveLength(1);
});

test('a year: report due at its end, scored; pass begins the next year, rectification sets a deadline, a missed one exits', () => {
  let state = accredited();
  expect(standingOf(state, 'wf')).toMatchObject({ status: 'accredited', accreditedUntil: '2029-01-08T00:00:00.000Z' });
  expect(nextTimer(state)).toMatchObject({ kind: 'year_end', at: '2028-01-08T00:00:00.000Z' });
  state = fire(state, nextTimer(state)!, new Date('2028-01-08T00:00:00.000Z'));
  expect(state.status).toBe('report_due');
  expect(
    checkReport(state, { actor: staff, year: 2, declared: { peopleTrained: 1, hoursDelivered: 1, completionRate: 1, satisfaction: 1 }, summary: 's' })?.type,
  ).toBe('InvalidStep');
  const computed = { from: '', to: '', cohorts: 1, peopleTrained: 10, completed: 10, incomplete: 0, completionRate: 1, hoursDelivered: 320 };
  state = fileReport(
    state,
    { actor: staff, year: 1, declared: { peopleTrained: 10, hoursDelivered: 320, completionRate: 1, satisfaction: 90 }, summary: 's' },
    computed,
    t0,
  );
  state = openTasks(state, reviewers, t0);
  const evaluation = state.tasks.find((t) => t.stage === 'evaluation')!;
  state = decideTask(state, evaluation.taskId, 'r4', { score: 65 });
  expect(state.status).toBe('rectification');
  expect(standingOf(state, 'wf')?.status).toBe('rectification');
  // The measures reported: the evaluator who asked for them does not judge them.
  const rectifying = openTasks(reportRectification(state, { actor: staff, measures: 'm' }, t0), reviewers, t0);
  const review = rectifying.tasks.find((t) => t.stage === 'rectification_review')!;
  expect(review.pool).not.toContain('r4');
  // Not reported by the deadline: exit.
  const timer = nextTimer(state)!;
  expect(timer.kind).toBe('rectification_deadline');
  state = fire(state, timer, new Date(timer.at));
  expect(state.status).toBe('exited');
  expect(state.years[0]).toMatchObject({ outcome: 'exit', exitReason: 'rectification_missed' });
  expect(standingOf(state, 'wf')?.status).toBe('exited');
});

test('the validity ends: renewed when asked for, else expired (its standing then refuses new cohorts by date)', () => {
  let state = accredited();
  // Skip to the validity's end with every year passed: the last year's report comes first on a tie.
  state = { ...state, years: [{ ...state.years[0]!, to: state.accreditedUntil! }] };
  expect(nextTimer(state)?.kind).toBe('year_end');
  state = { ...state, years: [{ ...state.years[0]!, to: '2099-01-01T00:00:00.000Z' }] };
  expect(nextTimer(state)?.kind).toBe('validity_end');
  const expired = fire(state, nextTimer(state)!, new Date(state.accreditedUntil!));
  expect(expired.status).toBe('expired');
  expect(standingOf(expired, 'wf')).toMatchObject({ status: 'accredited', accreditedUntil: state.accreditedUntil });
  const renewed = fire(requestRenewal(state), nextTimer(state)!, new Date(state.accreditedUntil!));
  expect(renewed).toMatchObject({ status: 'accredited', renewals: 1, accreditedUntil: '2031-01-08T00:00:00.000Z' });
});

test('a due task escalates to the least loaded eligible reviewer who has not held it, else back to its pool', () => {
  let state = openTasks(initialState(input, t0), reviewers, t0);
  const taskId = state.tasks[0]!.taskId;
  state = claim(state, { actor: actor('r1'), taskId });
  const loads = [reviewer('r1'), { ...reviewer('r2'), openTasks: 3 }, reviewer('r3'), reviewer('r4'), reviewer('r5')];
  let out = escalate(state, taskId, loads, t0);
  expect(out).toMatchObject({ from: 'r1', to: 'r3' });
  for (const next of ['r4', 'r5', 'r2']) {
    out = escalate(out.state, taskId, loads, t0);
    expect(out.to).toBe(next);
  }
  out = escalate(out.state, taskId, loads, t0);
  expect(out.to).toBeNull();
  expect(out.state.tasks[0]!.escalations).toBe(5);
});

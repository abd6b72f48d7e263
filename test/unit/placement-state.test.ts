// The placement's pure state machine (workflows/apprenticeship-placement/state.ts): guarded transitions,
// the weekly schedule, missed check-ins and escalation, who may take which step, evaluations and credits.
import fc from 'fast-check';
import { defaultPlacementPolicy, type ApprenticeshipPlacementInput, placementStatuses } from '../../workflows/apprenticeship-placement/contract';
import { defaultRulesPolicy } from '../../core/apprenticeship-placement/rules';
import {
  accept,
  checkIncident,
  MAX_INCIDENTS,
  reportIncident,
  checkAccept,
  checkCheckIn,
  checkEvaluation,
  checkIn,
  checkTerminate,
  checkTransfer,
  complete,
  evaluate,
  evaluationsComplete,
} from '../../workflows/apprenticeship-placement/steps';
import {
  agreementEnded,
  initialState,
  mayStart,
  type PlacementState,
  plannedWeeks,
  resumedState,
  start,
  startBlockers,
  transitions,
} from '../../workflows/apprenticeship-placement/state';
import { closeWeek, currentWeek } from '../../workflows/apprenticeship-placement/schedule';
import { toProjection } from '../../workflows/apprenticeship-placement/status-view';

const t0 = new Date('2027-03-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const actor = (userId: string, roles: string[] = [], organizationId: string | null = null) => ({ userId, organizationId, roles });

function input(overrides: Partial<ApprenticeshipPlacementInput> = {}): ApprenticeshipPlacementInput {
  return {
    placementId: 'p1',
    cohort: '2027',
    applicationId: 'a1',
    origin: { kind: 'direct_offer' },
    offeredBy: 'coord',
    student: { userId: 'stu', name: 'S', birthDate: '2008-01-01', yearOfStudy: 2, majorCode: '460104' },
    guardian: null,
    school: { organizationId: 'school', name: 'School' },
    schoolMentor: { userId: 'sm', name: 'SM' },
    enterprise: { organizationId: 'ent', name: 'Ent' },
    enterpriseMentor: { userId: 'em', name: 'EM' },
    position: {
      positionId: 'pos',
      title: 'T',
      location: 'L',
      allianceId: null,
      facts: {
        majorGroups: ['46'],
        startDate: '2027-03-01',
        endDate: '2027-08-27',
        dailyHours: 8,
        weeklyHours: 40,
        nightWork: false,
        stipendMonthly: 320_000,
        regularMonthlyWage: 400_000,
        positionStaff: 50,
        enterpriseStaff: 500,
      },
    },
    agreementId: 'agr',
    insurance: { policyNumber: 'P1' },
    rules: defaultRulesPolicy,
    policy: { ...defaultPlacementPolicy, checkInPeriod: 'PT10S', checkInGrace: 'PT0S', weeks: 4 },
    carriedOver: null,
    ...overrides,
  };
}

function activeState(overrides: Partial<ApprenticeshipPlacementInput> = {}): PlacementState {
  let s = initialState(input(overrides), t0);
  s = accept(s, { actor: actor('stu') }, t0);
  s = agreementEnded(s, { status: 'effective', guardianSigned: false, effectiveAt: t0.toISOString(), reason: null }, t0);
  expect(mayStart(s, t0)).toBe(true);
  return start(s, t0);
}

const days = (hours: number[]) => hours.map((h, i) => ({ date: `2027-03-0${i + 1}`, hours: h }));

test('every status has its transitions; the closed ones have none', () => {
  expect(Object.keys(transitions).sort()).toEqual([...placementStatuses].sort());
  for (const closed of ['declined', 'offer_expired', 'agreement_failed', 'completed', 'terminated', 'transferred'] as const)
    expect(transitions[closed]).toEqual([]);
  expect(() => start(initialState(input(), t0), t0)).toThrow(/no transition from offered to active/);
});

test('the planned weeks come from the policy, else from the position dates', () => {
  expect(plannedWeeks(initialState(input(), t0).input)).toBe(4);
  const { weeks: _weeks, ...policy } = input().policy;
  expect(plannedWeeks(initialState(input({ policy }), t0).input)).toBe(26);
});

test('the start gate: a minor needs the guardian signature, everyone the insurance', () => {
  let s = initialState(input({ student: { ...input().student, birthDate: '2010-06-01' }, guardian: { userId: 'g', name: 'G' }, insurance: null }), t0);
  expect(checkAccept(s, { actor: actor('stu') })).toBeNull();
  s = accept(s, { actor: actor('stu') }, t0);
  s = agreementEnded(s, { status: 'effective', guardianSigned: false, effectiveAt: null, reason: null }, t0);
  expect(
    startBlockers(s)
      .map((v) => v.ruleId)
      .sort(),
  ).toEqual(['insurance.liability_before_start', 'student.guardian_for_minor']);
  expect(mayStart(s, t0)).toBe(false);
  s = { ...s, agreement: { ...s.agreement, guardianSigned: true }, insurance: { policyNumber: 'X' } };
  expect(mayStart(s, t0)).toBe(true);
  // A minor without a guardian cannot even accept.
  const lone = initialState(input({ student: { ...input().student, birthDate: '2010-06-01' } }), t0);
  expect(checkAccept(lone, { actor: actor('stu') })?.type).toBe('RuleViolation');
  // Nor one named as their own guardian (whatever the age): the student never acts as guardian.
  for (const birthDate of ['2010-06-01', '2000-01-01']) {
    const self = initialState(input({ student: { ...input().student, birthDate }, guardian: { userId: 'stu', name: 'S' } }), t0);
    expect(checkAccept(self, { actor: actor('stu') })).toMatchObject({ type: 'RuleViolation', message: expect.stringContaining('own guardian') });
  }
});

test('weeks, check-ins, misses and escalation', () => {
  let s = activeState();
  expect(currentWeek(s, at(0))).toBe(1);
  expect(currentWeek(s, at(15))).toBe(2);
  expect(checkCheckIn(s, { actor: actor('stu'), week: 2, days: days([8]), tasks: 't', reflections: '' }, at(5))?.type).toBe('InvalidStep');
  expect(checkCheckIn(s, { actor: actor('sm'), week: 1, days: days([8]), tasks: 't', reflections: '' }, at(5))?.type).toBe('NotAuthorized');
  s = checkIn(s, { actor: actor('stu'), week: 1, days: days([8, 8, 8, 8, 8]), tasks: 't', reflections: '' }, at(5)).state;
  expect(checkCheckIn(s, { actor: actor('stu'), week: 1, days: days([8]), tasks: 't', reflections: '' }, at(6))?.type).toBe('AlreadyDone');
  let closed = closeWeek(s, 1);
  expect(closed).toMatchObject({ missed: false, escalate: false });
  closed = closeWeek(closed.state, 2);
  expect(closed).toMatchObject({ missed: true, escalate: false });
  closed = closeWeek(closed.state, 3);
  expect(closed).toMatchObject({ missed: true, escalate: true });
  expect(closed.state.missedInARow).toBe(2);
  // A late log is recorded as late and does not undo the misses.
  const late = checkIn(closed.state, { actor: actor('stu'), week: 2, days: days([8]), tasks: 't', reflections: '' }, at(35));
  expect(late.checkIn.late).toBe(true);
  expect(late.state.missedInARow).toBe(2);
  closed = closeWeek(late.state, 4);
  expect(closed.state.status).toBe('final_evaluation');
  expect(toProjection(closed.state)).toMatchObject({ checkInsSubmitted: 2, checkInsMissed: 3, missedInARow: 3, nextCheckInDueAt: null });
});

test("with a grace period, a later week's log does not break a run of misses; the next week's does", () => {
  let s = activeState();
  s = checkIn(s, { actor: actor('stu'), week: 1, days: days([8]), tasks: 't', reflections: '' }, at(5)).state;
  s = closeWeek(s, 1).state;
  s = closeWeek(s, 2).state; // missed
  expect(s.missedInARow).toBe(1);
  // Week 4 is logged while week 3's deadline is still open: the run goes on, week 3 escalates.
  s = checkIn(s, { actor: actor('stu'), week: 4, days: days([8]), tasks: 't', reflections: '' }, at(35)).state;
  expect(s.missedInARow).toBe(1);
  const third = closeWeek(s, 3);
  expect(third).toMatchObject({ missed: true, escalate: true });
  // The log for the week right after the run ends it at once.
  let t = activeState();
  t = closeWeek(t, 1).state;
  expect(t.missedInARow).toBe(1);
  t = checkIn(t, { actor: actor('stu'), week: 2, days: days([8]), tasks: 't', reflections: '' }, at(15)).state;
  expect(t.missedInARow).toBe(0);
});

test('a 45-hour log is recorded with its violations', () => {
  const s = activeState();
  const recorded = checkIn(s, { actor: actor('stu'), week: 1, days: days([9, 9, 9, 9, 9]), tasks: 't', reflections: '' }, at(1));
  expect(recorded.violations.map((v) => v.ruleId)).toContain('hours.weekly_limit');
  expect(recorded.state.violations).toHaveLength(6);
  expect(new Set(recorded.state.violations.map((v) => v.key)).size).toBe(6);
});

test('evaluations: the two mentors, mid-term after its week, final after the last; credits when passed', () => {
  let s = activeState();
  const mid = (userId: string) => ({ actor: actor(userId), kind: 'mid_term' as const, score: 70, comments: 'c' });
  expect(checkEvaluation(s, mid('coord'))?.type).toBe('NotAuthorized');
  expect(checkEvaluation(s, mid('sm'))?.type).toBe('InvalidState');
  for (const k of [1, 2]) s = closeWeek(s, k).state;
  s = evaluate(s, mid('sm'), at(25));
  s = evaluate(s, mid('em'), at(25));
  expect(checkEvaluation(s, mid('em'))?.type).toBe('AlreadyDone');
  expect(checkEvaluation(s, { ...mid('em'), kind: 'final' })?.type).toBe('InvalidState');
  for (const k of [3, 4]) s = closeWeek(s, k).state;
  s = evaluate(s, { actor: actor('sm'), kind: 'final', score: 50, comments: 'c' }, at(45));
  expect(evaluationsComplete(s)).toBe(false);
  s = evaluate(s, { actor: actor('em'), kind: 'final', score: 60, comments: 'c' }, at(45));
  expect(evaluationsComplete(s)).toBe(true);
  expect(complete(s, at(46)).outcome).toEqual({ kind: 'completed', at: at(46).toISOString(), passed: false, credits: 0, averageFinalScore: 55 });
});

test('termination by the school or the enterprise only; a transfer names this placement', () => {
  const s = activeState();
  expect(checkTerminate(s, { actor: actor('stu', ['student'], 'school'), reason: 'r' })?.type).toBe('NotAuthorized');
  expect(checkTerminate(s, { actor: actor('someone', ['school_coordinator'], 'school'), reason: 'r' })).toBeNull();
  expect(checkTerminate(s, { actor: actor('someone', ['signatory'], 'ent'), reason: 'r' })).toBeNull();
  expect(checkTerminate(s, { actor: actor('someone', ['signatory'], 'school'), reason: 'r' })?.type).toBe('NotAuthorized');
  const continuation = {
    ...input(),
    placementId: 'p2',
    position: { ...input().position, positionId: 'pos2' },
    origin: { kind: 'transfer' as const, previousPlacementId: 'p1', reason: 'r' },
  };
  expect(checkTransfer(s, { actor: actor('stu'), reason: 'r', continuation })).toBeNull();
  expect(checkTransfer(s, { actor: actor('stu'), reason: 'r', continuation: { ...continuation, position: input().position } })?.type).toBe('InvalidStep');
  expect(checkTransfer(s, { actor: actor('stu'), reason: 'r', continuation: { ...continuation, origin: { kind: 'direct_offer' } } })?.type).toBe('InvalidStep');
});

test('the carried state survives continue-as-new unchanged, counting the runs', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (submitted) => {
      let s = activeState();
      submitted.forEach((done, i) => {
        if (done) s = checkIn(s, { actor: actor('stu'), week: i + 1, days: days([8]), tasks: 't', reflections: '' }, at(i * 10 + 1)).state;
        s = closeWeek(s, i + 1).state;
      });
      const carried = JSON.parse(JSON.stringify(s)) as PlacementState;
      const resumed = resumedState({ ...s.input, carried });
      expect({ ...resumed, runs: s.runs, closedWeeksAtRunStart: s.closedWeeksAtRunStart }).toEqual(s);
      expect(resumed.runs).toBe(s.runs + 1);
      expect(resumed.closedWeeksAtRunStart).toBe(s.closedWeeks);
    }),
  );
});

test('incidents are bounded: past MAX_INCIDENTS one more is refused (its text would grow the carried state)', () => {
  let s = activeState();
  for (let i = 0; i < MAX_INCIDENTS; i++) {
    expect(checkIncident(s, { actor: actor('stu'), severity: 'low', description: `incident ${i}` })).toBeNull();
    s = reportIncident(s, { actor: actor('stu'), severity: 'low', description: `incident ${i}` }, t0).state;
  }
  expect(checkIncident(s, { actor: actor('stu'), severity: 'low', description: 'one more' })).toMatchObject({
    type: 'InvalidState',
    message: expect.stringContaining(`(${MAX_INCIDENTS})`),
  });
});

// The commissioner service's pure rules (workflows/commissioner-service/state.ts, steps.ts): the monthly
// schedule, a missed log and the escalation after N in a row, who may take which step, and the guarded
// transitions.
import { commissionerServicePolicyDefaults, type CommissionerServiceInput } from '../../core/commissioner-service/input';
import type { Actor } from '../../core/commissioner-service/messages';
import {
  agreementEnded,
  closePeriod,
  currentPeriod,
  initialState,
  logDueAt,
  moveTo,
  periodStart,
  type ServiceState,
} from '../../workflows/commissioner-service/state';
import { accept, checkAccept, checkConfirmLog, checkEnd, checkRate, checkServiceLog, serviceLog } from '../../workflows/commissioner-service/steps';

const input: CommissionerServiceInput = {
  serviceId: 'service-1',
  need: { needId: 'need-1', allianceId: 'alliance-1', domain: 'machine vision', problemStatement: 'p', expectedOutcome: 'o', duration: 'P3M' },
  enterprise: { organizationId: 'enterprise-1', name: 'Gear Co.' },
  commissionerId: 'commissioner-1',
  commissioner: { userId: 'prof-zhang', name: 'Prof. Zhang' },
  institution: { organizationId: 'university-1', name: 'University' },
  nominatedBy: 'coordinator-1',
  agreementId: 'agreement-1',
  periods: 3,
  policy: { ...commissionerServicePolicyDefaults, logPeriod: 'P1M', logGrace: 'P7D', missedLogsToEscalate: 2 },
};

const actor = (userId: string, organizationId: string | null, roles: string[]): Actor => ({ userId, organizationId, roles });
const enterpriseSignatory = actor('e-1', 'enterprise-1', ['signatory']);
const commissioner = actor('prof-zhang', 'university-1', ['mentor']);
const institutionCoordinator = actor('c-1', 'university-1', ['school_coordinator']);
const stranger = actor('x-1', 'other-1', ['signatory']);

const started = new Date('2027-01-01T00:00:00Z');
function activeState(): ServiceState {
  const accepted = accept(initialState(input, started), { actor: enterpriseSignatory }, started);
  return agreementEnded(accepted, { status: 'effective', effectiveAt: started.toISOString(), reason: null }, started);
}

test('the schedule: P1M periods from the start, each log due a grace period after its end', () => {
  const s = activeState();
  expect(periodStart(s, 2).toISOString()).toBe('2027-02-01T00:00:00.000Z');
  expect(logDueAt(s, 1).toISOString()).toBe('2027-02-08T00:00:00.000Z');
  expect(currentPeriod(s, new Date('2027-02-15T00:00:00Z'))).toBe(2);
  expect(currentPeriod(s, new Date('2027-09-01T00:00:00Z'))).toBe(3);
});

test('a missed log is a miss; two in a row escalate; a log in between ends the run; the last period opens the rating', () => {
  let s = activeState();
  s = serviceLog(s, { actor: commissioner, period: 1, hours: 12, activities: 'a', outcomes: 'b' }, new Date('2027-01-20T00:00:00Z')).state;
  const first = closePeriod(s, 1, new Date('2027-02-08T00:00:00Z'));
  expect([first.missed, first.escalate]).toEqual([false, false]);
  const second = closePeriod(first.state, 2, new Date('2027-03-08T00:00:00Z'));
  expect([second.missed, second.escalate, second.state.missedInARow]).toEqual([true, false, 1]);
  const third = closePeriod(second.state, 3, new Date('2027-04-08T00:00:00Z'));
  expect([third.missed, third.escalate, third.state.missedInARow, third.state.escalations]).toEqual([true, true, 2, 1]);
  expect(third.state.status).toBe('awaiting_rating');
  expect(third.state.missedPeriods).toEqual([2, 3]);
  expect(third.state.ratingDeadlineAt).toBe('2027-05-08T00:00:00.000Z');
});

test('who may act: the enterprise accepts, confirms and rates; the commissioner logs; any of the three ends; no one else', () => {
  const nominated = initialState(input, started);
  expect(checkAccept(nominated, { actor: enterpriseSignatory })).toBeNull();
  expect(checkAccept(nominated, { actor: commissioner })?.type).toBe('NotAuthorized');
  expect(checkAccept(nominated, { actor: stranger })?.type).toBe('NotAuthorized');
  for (const a of [enterpriseSignatory, commissioner, institutionCoordinator]) expect(checkEnd(nominated, { actor: a, reason: 'r' })).toBeNull();
  expect(checkEnd(nominated, { actor: stranger, reason: 'r' })?.type).toBe('NotAuthorized');

  const s = activeState();
  const now = new Date('2027-01-10T00:00:00Z');
  expect(checkServiceLog(s, { actor: commissioner, period: 1, hours: 1, activities: 'a', outcomes: '' }, now)).toBeNull();
  expect(checkServiceLog(s, { actor: enterpriseSignatory, period: 1, hours: 1, activities: 'a', outcomes: '' }, now)?.type).toBe('NotAuthorized');
  expect(checkServiceLog(s, { actor: commissioner, period: 2, hours: 1, activities: 'a', outcomes: '' }, now)?.type).toBe('InvalidStep');
  expect(checkConfirmLog(s, { actor: enterpriseSignatory, period: 1 })?.type).toBe('InvalidStep');
  expect(checkRate(s, { actor: enterpriseSignatory, score: 5, comment: '' })?.type).toBe('InvalidState');
  // A repeated log answers what the first left.
  const logged = serviceLog(s, { actor: commissioner, period: 1, hours: 1, activities: 'a', outcomes: '' }, now).state;
  expect(checkServiceLog(logged, { actor: commissioner, period: 1, hours: 1, activities: 'a', outcomes: '' }, now)).toMatchObject({
    type: 'AlreadyDone',
    result: { alreadyDone: true, reference: 1 },
  });
});

test('the transitions are guarded: a completed service does not start again', () => {
  const s = { ...activeState(), status: 'completed' as const };
  expect(() => moveTo(s, 'active')).toThrow('no transition from completed to active');
});

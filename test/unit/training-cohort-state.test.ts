import type { CohortOffering } from '../../core/training-cohort/input';
import { assess, checkAttendance, checkCorrection, correct, enrol, initialState, recordAttendance, withdraw } from '../../workflows/training-cohort/state';

const base = 'base-org';
const staff = { userId: 'staff', organizationId: base, roles: ['school_coordinator'] };
const offering: CohortOffering = {
  cohortId: 'c1',
  baseOrganizationId: base,
  title: 'T',
  project: 'advanced_seminar',
  domain: 'blockchain',
  level: 'senior',
  plannedHours: { theory: 4, practice: 4 },
  capacity: 2,
  sessions: [
    { number: 1, date: '2027-01-01', module: 'theory', hours: 4 },
    { number: 2, date: '2027-01-02', module: 'practice', hours: 4 },
  ],
  completion: { attendanceThreshold: 0.75, passMark: 60, issueCredentials: false },
};
const now = new Date('2027-01-01T00:00:00Z');
const self = (userId: string) => ({ actor: { userId, organizationId: null, roles: ['candidate'] }, userId, organizationId: null, source: 'self' as const });

function fourPeople() {
  let state = initialState({ offering, publishedBy: 'staff' }, now);
  for (const id of ['a', 'b', 'c', 'd']) state = enrol(state, self(id), now).state;
  return state;
}

test('seats fill in order of arrival, then the waitlist; a withdrawal promotes the first waitlisted', () => {
  let state = fourPeople();
  expect(['a', 'b', 'c', 'd'].map((id) => state.enrolments[id]!.status)).toEqual(['enrolled', 'enrolled', 'waitlisted', 'waitlisted']);
  const out = withdraw(state, { actor: staff, userId: 'a', reason: 'ill' }, now);
  state = out.state;
  expect(out.result.promotedUserId).toBe('c');
  // A waitlisted person withdrawing frees no seat.
  expect(withdraw(state, { actor: staff, userId: 'd', reason: 'moved' }, now).result.promotedUserId).toBeNull();
});

test('attendance is credited once per person and session; a different figure needs a correction, which compensates the difference', () => {
  let state = fourPeople();
  const batch = {
    actor: staff,
    session: 1,
    records: [
      { userId: 'a', present: true },
      { userId: 'b', present: false },
    ],
  };
  expect(checkAttendance(state, batch)).toBeNull();
  const first = recordAttendance(state, batch);
  expect(first.credits).toEqual([{ userId: 'a', hours: 4 }]);
  state = first.state;
  expect(checkAttendance(state, batch)).toMatchObject({ type: 'AlreadyDone', result: { recorded: 0, unchanged: 2 } });
  expect(checkAttendance(state, { ...batch, records: [{ userId: 'b', present: true }] })).toMatchObject({ type: 'InvalidStep' });
  expect(checkAttendance(state, { ...batch, records: [{ userId: 'c', present: true }] })).toMatchObject({ type: 'InvalidStep' });
  expect(checkAttendance(state, { ...batch, actor: { ...staff, organizationId: 'elsewhere' } })).toMatchObject({ type: 'NotAuthorized' });
  const fix = { actor: staff, session: 1, userId: 'b', hours: 3, reason: 'signed in late' };
  expect(checkCorrection(state, fix)).toBeNull();
  const corrected = correct(state, fix);
  expect(corrected.result).toMatchObject({ delta: 3, correction: 1 });
  expect(checkCorrection(corrected.state, fix)).toMatchObject({ type: 'AlreadyDone' });
});

test('completion needs the attendance threshold and the pass mark; the cohort closes when nobody enrolled is undecided', () => {
  let state = fourPeople();
  state = recordAttendance(state, {
    actor: staff,
    session: 1,
    records: [
      { userId: 'a', present: true },
      { userId: 'b', present: true },
    ],
  }).state;
  state = recordAttendance(state, {
    actor: staff,
    session: 2,
    records: [
      { userId: 'a', present: true },
      { userId: 'b', present: false },
    ],
  }).state;
  const done = assess(
    state,
    {
      actor: staff,
      results: [
        { userId: 'a', score: 70 },
        { userId: 'b', score: 90 },
      ],
    },
    now,
  );
  expect(done.outcomes.map((o) => [o.userId, o.status])).toEqual([
    ['a', 'completed'],
    ['b', 'incomplete'],
  ]);
  expect(done.outcomes[1]!.reasons[0]).toContain('attended 4 of 8 planned hours');
  expect(done.state.status).toBe('closed');
  expect(done.state.enrolments.c!.status).toBe('not_admitted');
});

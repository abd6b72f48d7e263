// Issue 17, acceptance 1: a cohort of 40 with capacity 30: 10 waitlisted, 3 withdraw, 3 promoted in
// order; attendance for 8 sessions in bulk (one batch sent twice: no double hours); 27 complete, their
// ledgers verify; one ledger entry corrected by a compensating entry. Also: a base not in standing
// opens no cohort, and the routes' refusals.
import { trainingCohortWorkflowId } from '../../core/training-cohort/input';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { cohortStep, createCohortParties, createTrainees, offering, publishCohort } from './training-cohort-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('acceptance 1: 40 people for 30 seats, waitlist and promotion, bulk attendance, a correction, 27 complete with verified ledgers', async () => {
  const p = await createCohortParties(system.db);
  const people = await createTrainees(system.db, p.employerId, 40);
  const launched = await publishCohort(system, p.staff);
  expect(launched.status).toBe(201);
  const cohortId: string = launched.body.id;

  // 40 enrolments in order: 30 by themselves, the last 10 by their employer.
  const enrolments = [];
  for (const [i, person] of people.entries()) {
    const body = i < 30 ? {} : { userId: person.id };
    const who = i < 30 ? person : p.employerStaff;
    const answer = await cohortStep(system, cohortId, 'enrolments', who, body);
    expect(answer.status).toBe(200);
    enrolments.push(answer.body);
  }
  const waitlisted = enrolments.filter((e) => e.status === 'waitlisted');
  expect(enrolments.filter((e) => e.status === 'enrolled')).toHaveLength(30);
  expect(waitlisted.map((e) => e.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Enrolling again changes nothing.
  expect((await cohortStep(system, cohortId, 'enrolments', people[0]!, {})).body).toMatchObject({ status: 'enrolled', alreadyDone: true });

  // Three withdraw (one of them withdrawn by the employer): the first three on the waitlist are promoted, in order.
  const leaving = [people[1]!, people[4]!, people[8]!];
  const promoted: string[] = [];
  for (const [i, person] of leaving.entries()) {
    const answer = await cohortStep(system, cohortId, 'withdrawals', i === 2 ? p.employerStaff : person, {
      ...(i === 2 ? { userId: person.id } : {}),
      reason: 'Posted abroad for a project',
    });
    expect(answer.status).toBe(200);
    promoted.push(answer.body.promotedUserId);
  }
  expect(promoted).toEqual([people[30]!.id, people[31]!.id, people[32]!.id]);

  const seated = people.filter((_, i) => ![1, 4, 8].includes(i) && i < 33);
  expect(seated).toHaveLength(30);
  // Two people miss sessions: 3 × 4 h (20 of 32 h) and 2 × 4 h (24 h), both below 80 % (25.6 h).
  const [absentThree, absentTwo, corrected, failsExam] = [seated[3]!, seated[7]!, seated[10]!, seated[20]!];
  const absent = (session: number, userId: string) =>
    (userId === absentThree.id && [2, 5, 7].includes(session)) || (userId === absentTwo.id && [3, 6].includes(session));

  let doubleSend: { first: unknown; second: unknown } | null = null;
  for (let session = 1; session <= 8; session++) {
    const body = { session, records: seated.map((person) => ({ userId: person.id, present: !absent(session, person.id) })) };
    const answer = await cohortStep(system, cohortId, 'attendance', p.staff, body);
    expect(answer.status).toBe(200);
    if (session === 3) {
      // The same batch again (a client retry without an Idempotency-Key): nothing credited twice.
      const again = await cohortStep(system, cohortId, 'attendance', p.staff, body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ recorded: 0, unchanged: 30, hoursCredited: 0, alreadyDone: true });
      doubleSend = { first: answer.body, second: again.body };
    }
  }
  // A conflicting figure for someone already recorded is a correction, not a second attendance.
  const conflicting = await cohortStep(system, cohortId, 'attendance', p.staff, { session: 2, records: [{ userId: corrected.id, present: false }] });
  expect(conflicting.status).toBe(422);

  // The correction: session 2 was a half day for this person (2 h, not 4 h).
  const correction = await cohortStep(system, cohortId, 'corrections', p.staff, {
    session: 2,
    userId: corrected.id,
    hours: 2,
    reason: 'Left at noon (sign-out sheet)',
  });
  expect(correction.status).toBe(200);
  expect(correction.body).toMatchObject({ delta: -2, hours: 2, alreadyDone: false });

  const results = seated.map((person) => ({ userId: person.id, score: person.id === failsExam.id ? 45 : 82 }));
  const assessed = await cohortStep(system, cohortId, 'assessments', p.staff, { results });
  expect(assessed.status).toBe(200);
  expect(assessed.body.cohortStatus).toBe('closed');

  const cohort = await request(system.baseUrl, 'GET', `/v1/training-cohorts/${cohortId}`, { headers: p.staff.auth });
  expect(cohort.status).toBe(200);
  const completed = cohort.body.enrolments.filter((e: { status: string }) => e.status === 'completed');
  const incomplete = cohort.body.enrolments.filter((e: { status: string }) => e.status === 'incomplete');
  expect(completed).toHaveLength(27);
  expect(incomplete.map((e: { userId: string }) => e.userId).sort()).toEqual([absentThree.id, absentTwo.id, failsExam.id].sort());

  // Every completed person's ledger verifies and holds exactly their hours (the double send counted once).
  const verifications = [];
  for (const e of completed) {
    const v = await request(system.baseUrl, 'GET', `/v1/hours-ledgers/${e.userId}/verify`, { headers: p.staff.auth });
    expect(v.status).toBe(200);
    expect(v.body.verification).toMatchObject({ valid: true, proven: true });
    expect(v.body.hours).toBe(e.userId === corrected.id ? 30 : 32);
    verifications.push(v.body);
  }
  const ledger = await request(system.baseUrl, 'GET', `/v1/hours-ledgers/${corrected.id}`, { headers: corrected.auth });
  const compensation = ledger.body.entries.find((e: { step: string }) => e.step === 'hours_compensated');
  expect(compensation.data).toMatchObject({ kind: 'compensation', hours: -2, session: 2, reason: 'Left at noon (sign-out sheet)' });
  expect(compensation.data.compensates).toBe(ledger.body.entries.find((e: { data: { session: number } }) => e.data.session === 2).entryKey);
  // Another person's ledger is not the caller's to read (404, as for no ledger).
  expect((await request(system.baseUrl, 'GET', `/v1/hours-ledgers/${corrected.id}`, { headers: people[0]!.auth })).status).toBe(404);

  const row = await system.db.trainingEnrolment.findUnique({ where: { cohortId_userId: { cohortId, userId: completed[0].userId } } });
  expect(row?.credential).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], proof: { cryptosuite: 'eddsa-jcs-2022' } });

  console.log(
    [
      `cohort ${cohortId}: capacity 30, 40 enrolled in order → enrolled ${enrolments.filter((e) => e.status === 'enrolled').length}, waitlisted ${waitlisted.length} (positions ${waitlisted.map((e) => e.waitlistPosition).join(',')})`,
      `withdrawn 3 (people #2, #5, #9) → promoted in order: people #31, #32, #33 (${promoted.every((id, i) => id === people[30 + i]!.id) ? 'in order' : 'OUT OF ORDER'})`,
      `attendance: 8 sessions × 30 people in 8 batches; session 3 sent twice: first ${JSON.stringify(doubleSend!.first)}, second ${JSON.stringify(doubleSend!.second)}`,
      `correction: ${JSON.stringify(correction.body)}; compensating entry #${compensation.sequence} hours ${compensation.data.hours} compensates ${compensation.data.compensates}`,
      `outcomes: completed ${completed.length}, incomplete ${incomplete.length} (${incomplete.map((e: { reasons: string[] }) => e.reasons.join(' / ')).join('; ')}), not admitted ${cohort.body.counts.notAdmitted}`,
      `ledgers of the ${completed.length} completed: ${verifications.filter((v) => v.verification.valid && v.verification.proven).length} verify (chain and signatures); hours ${[...new Set(verifications.map((v) => v.hours))].join(' or ')}; corrected person's ledger: ${ledger.body.entries.length} entries, total ${ledger.body.totals.hours} h`,
    ].join('\n'),
  );
  await saveHistory(system.client, trainingCohortWorkflowId(cohortId), 'forty-for-thirty-seats');
});

test('a base not in standing opens no cohort; an exited base neither', async () => {
  const none = await createCohortParties(system.db, null);
  const refused = await publishCohort(system, none.staff);
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({ type: expect.stringContaining('base-not-in-standing'), reason: 'not-a-base' });
  const exited = await createCohortParties(system.db, 'exited');
  expect((await publishCohort(system, exited.staff)).body).toMatchObject({ reason: 'base-exited' });
  expect(await system.db.trainingCohort.count({ where: { baseOrganizationId: { in: [none.baseId, exited.baseId] } } })).toBe(0);
});

test('only the base staff record attendance; an unknown session and a stranger are refused', async () => {
  const p = await createCohortParties(system.db);
  const [person] = await createTrainees(system.db, p.employerId, 1);
  const { body } = await publishCohort(system, p.staff, offering({ capacity: 2 }));
  expect((await cohortStep(system, body.id, 'enrolments', person!, {})).body.status).toBe('enrolled');
  expect((await cohortStep(system, body.id, 'attendance', person!, { session: 1, records: [{ userId: person!.id, present: true }] })).status).toBe(403);
  expect((await cohortStep(system, body.id, 'attendance', p.staff, { session: 9, records: [{ userId: person!.id, present: true }] })).status).toBe(422);
  const stranger = (await createTrainees(system.db, p.employerId, 1))[0]!;
  expect((await cohortStep(system, body.id, 'attendance', p.staff, { session: 1, records: [{ userId: stranger.id, present: true }] })).status).toBe(422);
});

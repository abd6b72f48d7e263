// Issue 17, acceptance 2: a certification programme that requires ledger hours refuses a candidate short
// of hours in the ledger (whatever they declare) and accepts them once the ledger holds enough; a
// programme that allows declared hours keeps them, marked as such; existing programmes are unchanged.
import { waitForStatus, apply, createCast, createProgramme, testPolicy, view, withNewCandidate } from './certification-helpers';
import { cohortStep, createCohortParties, offering, publishCohort } from './training-cohort-fixtures';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import type { TestUser } from '../support/parties';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

/** A policy whose junior level needs 30 hours, with the given source of hours. */
function ledgerPolicy(trainingHoursSource?: string) {
  const policy = testPolicy();
  return { ...policy, levels: { junior: { ...policy.levels.junior, trainingHours: 30 } }, ...(trainingHoursSource ? { trainingHoursSource } : {}) };
}

/** The candidate attends every session of an AI cohort (32 class hours) and completes it. */
async function trainInCohort(candidate: TestUser): Promise<void> {
  const p = await createCohortParties(system.db);
  const { body } = await publishCohort(system, p.staff, offering({ domain: 'artificial-intelligence', capacity: 5 }));
  expect((await cohortStep(system, body.id, 'enrolments', p.staff, { userId: candidate.id })).status).toBe(200);
  for (let session = 1; session <= 8; session++) {
    expect((await cohortStep(system, body.id, 'attendance', p.staff, { session, records: [{ userId: candidate.id, present: true }] })).status).toBe(200);
  }
  expect((await cohortStep(system, body.id, 'assessments', p.staff, { results: [{ userId: candidate.id, score: 90 }] })).body.outcomes[0].status).toBe(
    'completed',
  );
}

test('acceptance 2: ledger hours required: refused when short (declared hours ignored), accepted once the ledger holds enough', async () => {
  const cast = await withNewCandidate(system, await createCast(system, 4), 'Zhao Lei');
  const programmeId = await createProgramme(system, cast, ledgerPolicy('ledger') as never);

  // 500 declared hours and an empty ledger: refused.
  const short = await apply(system, cast, programmeId, { trainingHours: 500 });
  await waitForStatus(system, short, 'rejected');
  const refused = await view(system, short);
  expect(refused.eligibility).toMatchObject({ eligible: false, trainingHours: { source: 'ledger', hours: 0 } });
  expect(refused.eligibility!.reasons).toContain('0 ledger-verified training hours in artificial-intelligence are fewer than the 30 the junior level requires');

  await trainInCohort(cast.candidate);
  const ledger = await request(system.baseUrl, 'GET', `/v1/hours-ledgers/${cast.candidate.id}/verify`, { headers: cast.candidate.auth });
  expect(ledger.body).toMatchObject({ hours: 32, verification: { valid: true } });

  // Now the ledger holds 32 verified hours: accepted, though the candidate declares none.
  const enough = await apply(system, cast, programmeId, { trainingHours: 0 });
  await waitForStatus(system, enough, 'awaiting_exam');
  const accepted = await view(system, enough);
  expect(accepted.eligibility).toMatchObject({ eligible: true, trainingHours: { source: 'ledger', hours: 32, ledgerHead: { sequence: 8 } } });

  // A programme that allows declared hours: an empty ledger, enough declared → accepted, marked self_declared.
  const other = await withNewCandidate(system, cast, 'Qian Yu');
  const lenient = await createProgramme(system, other, ledgerPolicy('ledger_or_self_declared') as never);
  const declared = await apply(system, other, lenient, { trainingHours: 40 });
  await waitForStatus(system, declared, 'awaiting_exam');
  expect((await view(system, declared)).eligibility).toMatchObject({ eligible: true, trainingHours: { source: 'self_declared', hours: 40 } });

  // A programme configured as before (no source): declared hours, as always.
  const classic = await createProgramme(system, other, ledgerPolicy() as never);
  const unchanged = await apply(system, other, classic, { trainingHours: 20 });
  await waitForStatus(system, unchanged, 'rejected');
  expect((await view(system, unchanged)).eligibility!.reasons).toContain('20 training hours are fewer than the 30 the junior level requires');

  console.log(
    [
      `programme requires ledger hours (30 for junior): declared 500, ledger 0 → ${refused.status}: ${refused.eligibility!.reasons.join('; ')}`,
      `after a completed cohort the ledger verifies with ${ledger.body.hours} h → declared 0 → ${accepted.status}, counted ${JSON.stringify(accepted.eligibility!.trainingHours)}`,
      `programme allowing declared hours: ledger 0, declared 40 → ${(await view(system, declared)).status}, counted ${JSON.stringify((await view(system, declared)).eligibility!.trainingHours)}`,
    ].join('\n'),
  );
});

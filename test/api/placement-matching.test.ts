// Acceptance 1 through the API: a matching round of 200 students and 30 positions. The round is stable,
// respects every cap (capacity, 20% of a position's staff, 10% of an enterprise's), records its seed and
// its exact inputs, and the same seed reproduces the same result (a dry run twice, the real round, and a
// re-run of the stored inputs). Every match became an offer: an ApprenticeshipPlacement workflow.
import { randomUUID } from 'node:crypto';
import {
  blockingPairs,
  buildInstance,
  type RoundInput,
  type RoundResult,
  runMatchingRound,
  seededLottery,
  shuffled,
} from '../../core/apprenticeship-placement/matching';
import { internCap } from '../../core/apprenticeship-placement/rules';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { linkConfirmedGuardian } from '../support/guardians';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { birthDateForAge, todayInBeijing } from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const STUDENTS = 200;
const POSITIONS = 30;
const COHORT = '2027-spring-round';

async function inParallel<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}

test('a round of 200 students and 30 positions: stable, capped, seeded and reproducible', async () => {
  const t0 = Date.now();
  const lap = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const g = seededLottery('placement-matching-fixture');
  const school = await createOrganization(system.db, 'secondary_vocational_school');
  const coordinator = await createUser(system.db, { organizationId: school.id, roles: ['school_coordinator'] });
  const schoolMentors = await Promise.all([1, 2, 3].map(() => createUser(system.db, { organizationId: school.id, roles: ['mentor'] })));

  // 10 enterprises of different sizes, 3 positions each, for four major groups.
  const groups = ['46', '51', '53', '54'];
  const enterprises = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const org = await createOrganization(system.db, 'enterprise');
      const [signatory, mentor] = await Promise.all([
        createUser(system.db, { organizationId: org.id, roles: ['signatory'] }),
        createUser(system.db, { organizationId: org.id, roles: ['mentor'] }),
      ]);
      return { id: org.id, signatory, mentor, staff: [60, 90, 120, 150, 200, 260, 320, 400, 500, 800][i]! };
    }),
  );
  const positionIds = await inParallel(
    Array.from({ length: POSITIONS }, (_, i) => i),
    6,
    async (i) => {
      const e = enterprises[i % 10]!;
      const res = await request(system.baseUrl, 'POST', '/v1/positions', {
        headers: e.signatory.auth,
        body: {
          enterpriseOrganizationId: e.id,
          mentorUserId: e.mentor.id,
          title: `Position ${i}`,
          majorGroups: [groups[i % 4]!, ...(i % 5 === 0 ? [groups[(i + 1) % 4]!] : [])],
          location: 'Guangdong',
          capacity: 3 + g.below(10),
          startDate: todayInBeijing(7),
          endDate: todayInBeijing(150),
          dailyHours: 8,
          weeklyHours: 40,
          nightWork: false,
          stipendMonthly: 320_000 + g.below(50_000),
          regularMonthlyWage: 400_000,
          positionStaff: 10 + g.below(50),
          enterpriseStaff: e.staff,
        },
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return res.body.id as string;
    },
  );
  const positionGroups = new Map<string, string[]>();
  for (const [i, id] of positionIds.entries()) positionGroups.set(id, [groups[i % 4]!, ...(i % 5 === 0 ? [groups[(i + 1) % 4]!] : [])]);

  // 200 students: mostly 17-20 in their second or third year; a few first-years and 15-year-olds, some
  // minors without a guardian. Each ranks 3-7 positions, mostly of their own field.
  const students = await inParallel(
    Array.from({ length: STUDENTS }, (_, i) => i),
    10,
    async (i) => {
      const age = i % 50 === 7 ? 15 : 17 + g.below(4);
      const student = await createUser(system.db, { organizationId: school.id, roles: ['student'], birthDate: new Date(`${birthDateForAge(age)}T00:00:00Z`) });
      const guardian = age < 18 && i % 3 !== 0 ? await createUser(system.db, { organizationId: null, roles: ['guardian'] }) : null;
      if (guardian) await linkConfirmedGuardian(system.db, student.id, guardian.id);
      return { student, guardian, age, i };
    },
  );
  const applications = await inParallel(students, 10, async ({ student, guardian, i }) => {
    const group = groups[g.below(4)]!;
    const own = shuffled(
      positionIds.filter((id) => positionGroups.get(id)!.includes(group)),
      g,
    ).slice(0, 3 + g.below(3));
    const others = shuffled(
      positionIds.filter((id) => !own.includes(id)),
      g,
    ).slice(0, g.below(3));
    const res = await request(system.baseUrl, 'POST', '/v1/applications', {
      headers: coordinator.auth,
      body: {
        studentUserId: student.id,
        cohort: COHORT,
        yearOfStudy: i % 40 === 3 ? 1 : 2 + g.below(2),
        majorCode: `${group}0${1 + g.below(8)}0${1 + g.below(9)}`,
        schoolMentorUserId: schoolMentors[i % 3]!.id,
        ...(guardian ? { guardianUserId: guardian.id } : {}),
        preferences: [...own, ...others],
      },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  });
  expect(applications).toHaveLength(STUDENTS);
  lap('fixtures');

  // Enterprise preferences: scores for some positions, a ranking for others, the lottery for the rest.
  const positionPreferences = positionIds
    .slice(0, 10)
    .map((positionId, k) =>
      k % 2 === 0
        ? { positionId, scores: applications.map((applicationId) => ({ applicationId, score: 60 + g.below(5) })) }
        : { positionId, ranking: shuffled(applications, g).slice(0, 30) },
    );
  const roundBody = { schoolOrganizationId: school.id, cohort: COHORT, seed: 'spring-2027-lottery', positionPreferences, policy: { offerDeadline: 'P7D' } };

  // The same seed gives the same result: two dry runs (nothing stored, nothing offered).
  const started = Date.now();
  const dry1 = await request(system.baseUrl, 'POST', '/v1/matching-rounds', { headers: coordinator.auth, body: { ...roundBody, dryRun: true } });
  const dryMs = Date.now() - started;
  const dry2 = await request(system.baseUrl, 'POST', '/v1/matching-rounds', { headers: coordinator.auth, body: { ...roundBody, dryRun: true } });
  expect(dry1.status).toBe(200);
  expect(dry2.body).toEqual(dry1.body);
  expect(dry1.body).toMatchObject({ id: null, dryRun: true, applicants: STUDENTS, positions: POSITIONS, seed: 'spring-2027-lottery' });
  expect(await system.db.placement.count({ where: { cohort: COHORT } })).toBe(0);
  const otherSeed = await request(system.baseUrl, 'POST', '/v1/matching-rounds', {
    headers: coordinator.auth,
    body: { ...roundBody, seed: 'another', dryRun: true },
  });
  expect(otherSeed.body.offers).not.toEqual(dry1.body.offers);

  // The round itself: the same offers as the dry run with its seed.
  const roundKey = randomUUID();
  const round = await request(system.baseUrl, 'POST', '/v1/matching-rounds', {
    headers: { ...coordinator.auth, 'idempotency-key': roundKey },
    body: roundBody,
  });
  expect(round.status).toBe(201);
  lap('round');
  const pairs = (offers: { applicationId: string; positionId: string }[]) => offers.map((o) => `${o.applicationId}->${o.positionId}`).sort();
  expect(pairs(round.body.offers)).toEqual(pairs(dry1.body.offers));
  expect(round.body.matched).toBeGreaterThan(100);
  expect(round.body.matched + round.body.unmatched).toBe(STUDENTS);

  // The stored round: seed and exact inputs; a re-run of the inputs gives the stored result.
  const stored = await request(system.baseUrl, 'GET', `/v1/matching-rounds/${round.body.id}`, { headers: coordinator.auth });
  expect(stored.status).toBe(200);
  expect(stored.body.seed).toBe('spring-2027-lottery');
  const row = await system.db.matchingRound.findUniqueOrThrow({ where: { id: round.body.id } });
  expect(row.seed).toBe('spring-2027-lottery');
  const input = stored.body.input as RoundInput;
  const result = stored.body.result as RoundResult;
  expect(runMatchingRound(input)).toEqual(result);

  // Stable: no applicant and position that would both rather have each other.
  const instance = buildInstance(input);
  const assignment = new Map(result.outcomes.map((o) => [o.applicationId, o.positionId]));
  expect(blockingPairs(instance.students, instance.positions, assignment)).toEqual([]);
  // The rules kept the ineligible out: 15-year-olds, first-years, minors without a guardian, other fields.
  const ruled = new Set(result.outcomes.flatMap((o) => o.ineligible.flatMap((x) => x.ruleIds)));
  expect([...ruled].sort()).toEqual(
    expect.arrayContaining(['field.major_group', 'student.guardian_for_minor', 'student.minimum_age', 'student.year_of_study']),
  );
  for (const o of result.outcomes.filter((x) => x.positionId !== null)) {
    const applicant = input.applicants.find((a) => a.applicationId === o.applicationId)!;
    expect(applicant.facts.yearOfStudy).toBeGreaterThanOrEqual(2);
  }

  // Caps respected: capacity, 20% of the position's staff, 10% of the enterprise's.
  const perEnterprise = new Map<string, number>();
  for (const p of input.positions) {
    const admitted = result.outcomes.filter((o) => o.positionId === p.positionId).length;
    if (admitted > 0) {
      expect(admitted).toBeLessThanOrEqual(p.capacity);
      expect(admitted).toBeLessThanOrEqual(internCap(p.facts.positionStaff, 20));
    }
    perEnterprise.set(p.enterpriseId, (perEnterprise.get(p.enterpriseId) ?? 0) + admitted);
  }
  for (const e of enterprises) expect(perEnterprise.get(e.id) ?? 0).toBeLessThanOrEqual(internCap(e.staff, 10));
  expect(result.capacities.some((c) => c.bounds.enterpriseShare < Math.min(c.bounds.free, c.bounds.positionShare))).toBe(true);

  // Every match is an offer: a placement row, an application marked offered, a running workflow.
  const offers = round.body.offers as { placementId: string; applicationId: string }[];
  expect(await system.db.placement.count({ where: { matchingRoundId: round.body.id, status: 'offered' } })).toBe(offers.length);
  expect(await system.db.placementApplication.count({ where: { cohort: COHORT, status: 'offered' } })).toBe(offers.length);
  await eventually(
    () => system.db.placement.count({ where: { matchingRoundId: round.body.id, revision: { gt: 0 } } }),
    (n) => n === offers.length,
    { timeoutMs: 180_000, intervalMs: 500 },
  );
  lap('offers recorded');
  const sample = await request(system.baseUrl, 'GET', `/v1/placements/${offers[0]!.placementId}`, { headers: coordinator.auth });
  expect(sample.body).toMatchObject({ status: 'offered', origin: { kind: 'matching_round', roundId: round.body.id } });

  // A retry of the round (same Idempotency-Key) answers the stored round; its offers, rebuilt from the
  // rows, meet their running workflows: no second round, no second offer.
  const retried = await request(system.baseUrl, 'POST', '/v1/matching-rounds', {
    headers: { ...coordinator.auth, 'idempotency-key': roundKey },
    body: roundBody,
  });
  expect(retried.status).toBe(201);
  expect(retried.body.id).toBe(round.body.id);
  expect(pairs(retried.body.offers)).toEqual(pairs(round.body.offers));
  expect(await system.db.matchingRound.count({ where: { schoolOrganizationId: school.id, cohort: COHORT } })).toBe(1);
  expect(await system.db.placement.count({ where: { cohort: COHORT } })).toBe(offers.length);

  const summary = await request(system.baseUrl, 'GET', `/v1/schools/${school.id}/placement-summary?cohort=${COHORT}`, { headers: coordinator.auth });
  expect(summary.body.byStatus.offered).toBe(offers.length);
  console.log(`round of ${STUDENTS} x ${POSITIONS}: ${round.body.matched} matched, dry run answered in ${dryMs} ms`);
}, 360_000);

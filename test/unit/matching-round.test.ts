// Acceptance 1 (the algorithm): a matching round of 200 students and 30 positions is stable, respects
// every cap, records its seed, and the same seed reproduces the same result. The API-level round
// (stored seed, offers) is test/api/placement-matching.test.ts.
import {
  blockingPairs,
  buildInstance,
  MATCHING_ALGORITHM,
  type RoundApplicant,
  type RoundInput,
  type RoundPosition,
  runMatchingRound,
  seededLottery,
  shuffled,
} from '../../core/apprenticeship-placement/matching';
import { defaultRulesPolicy, internCap } from '../../core/apprenticeship-placement/rules';

/** A realistic cohort, generated from a fixed seed: 10 enterprises, 30 positions, 200 students. */
export function cohort(students = 200, positions = 30): RoundInput {
  const g = seededLottery('cohort-2027');
  const groups = ['46', '51', '53', '54'];
  const enterprises = Array.from({ length: 10 }, (_, i) => ({ id: `ent-${String(i).padStart(2, '0')}`, staff: 60 + g.below(400) }));
  const roundPositions: RoundPosition[] = Array.from({ length: positions }, (_, i) => {
    const enterprise = enterprises[i % enterprises.length]!;
    return {
      positionId: `pos-${String(i).padStart(2, '0')}`,
      enterpriseId: enterprise.id,
      facts: {
        majorGroups: [groups[i % groups.length]!, ...(i % 5 === 0 ? [groups[(i + 1) % groups.length]!] : [])],
        startDate: '2027-03-01',
        endDate: i === 29 ? '2027-12-31' : '2027-08-31', // one position runs too long
        dailyHours: 8,
        weeklyHours: i === 28 ? 48 : 40, // one asks for too many hours
        nightWork: false,
        stipendMonthly: 320_000 + g.below(80_000),
        regularMonthlyWage: 400_000,
        positionStaff: 10 + g.below(60),
        enterpriseStaff: enterprise.staff,
      },
      capacity: 3 + g.below(10),
      currentInterns: g.below(2),
      preference:
        i % 3 === 0
          ? { kind: 'score', scores: Object.fromEntries(Array.from({ length: students }, (_, s) => [`app-${String(s).padStart(3, '0')}`, 60 + g.below(5)])) }
          : i % 3 === 1
            ? {
                kind: 'ranking',
                applicationIds: shuffled(
                  Array.from({ length: students }, (_, s) => `app-${String(s).padStart(3, '0')}`),
                  g,
                ).slice(0, 40),
              }
            : { kind: 'lottery' },
    };
  });
  const applicants: RoundApplicant[] = Array.from({ length: students }, (_, s) => {
    const id = String(s).padStart(3, '0');
    const group = groups[g.below(groups.length)]!;
    return {
      applicationId: `app-${id}`,
      studentId: `stu-${id}`,
      facts: {
        // Mostly 17-20; a few 15-year-olds and first-years whom the rules keep out.
        birthDate: s % 50 === 7 ? '2011-09-01' : `${2006 + g.below(4)}-0${1 + g.below(9)}-1${g.below(9)}`,
        yearOfStudy: s % 40 === 3 ? 1 : 2 + g.below(2),
        majorCode: `${group}0${1 + g.below(8)}0${1 + g.below(9)}`,
        guardian: g.below(4) === 0 ? 'none' : 'named',
      },
      // Mostly positions of the student's own field, and a couple of others.
      preferences: [
        ...shuffled(
          roundPositions.filter((p) => p.facts.majorGroups.includes(group)).map((p) => p.positionId),
          g,
        ).slice(0, 3 + g.below(3)),
        ...shuffled(
          roundPositions.filter((p) => !p.facts.majorGroups.includes(group)).map((p) => p.positionId),
          g,
        ).slice(0, g.below(3)),
      ],
    };
  });
  const enterpriseInterns = Object.fromEntries(enterprises.map((e) => [e.id, g.below(4)]));
  return { seed: 'round-2027-spring', policy: defaultRulesPolicy, applicants, positions: roundPositions, enterpriseInterns };
}

describe('a matching round of 200 students and 30 positions', () => {
  const input = cohort();
  const started = Date.now();
  const result = runMatchingRound(input);
  const elapsed = Date.now() - started;

  it('matches students (and leaves out the ineligible)', () => {
    expect(input.applicants).toHaveLength(200);
    expect(input.positions).toHaveLength(30);
    expect(result.algorithm).toBe(MATCHING_ALGORITHM);
    expect(result.outcomes).toHaveLength(200);
    expect(result.matched).toBeGreaterThan(100);
    const ruled = new Set(result.outcomes.flatMap((o) => o.ineligible.flatMap((x) => x.ruleIds)));
    expect([...ruled]).toEqual(
      expect.arrayContaining(['field.major_group', 'student.year_of_study', 'student.minimum_age', 'duration.maximum', 'hours.weekly_limit']),
    );
    console.log(`200 x 30: ${result.matched} matched, ${result.unmatched} unmatched, ${result.proposals} proposals, ${elapsed} ms`);
  });

  it('is stable: no student and position would both rather have each other', () => {
    const instance = buildInstance(input);
    const assignment = new Map(result.outcomes.map((o) => [o.applicationId, o.positionId]));
    expect(blockingPairs(instance.students, instance.positions, assignment)).toEqual([]);
  });

  it('respects capacity, 20% of the position staff and 10% of the enterprise staff', () => {
    const perEnterprise = new Map<string, number>();
    for (const p of input.positions) {
      const admitted = result.outcomes.filter((o) => o.positionId === p.positionId).length;
      const recorded = result.capacities.find((c) => c.positionId === p.positionId)!;
      expect(recorded.admitted).toBe(admitted);
      expect(admitted).toBeLessThanOrEqual(recorded.capacity);
      if (admitted > 0) {
        expect(p.currentInterns + admitted).toBeLessThanOrEqual(p.capacity);
        expect(p.currentInterns + admitted).toBeLessThanOrEqual(internCap(p.facts.positionStaff, 20));
      }
      perEnterprise.set(p.enterpriseId, (perEnterprise.get(p.enterpriseId) ?? 0) + admitted);
    }
    for (const [enterpriseId, admitted] of perEnterprise) {
      const staff = input.positions.find((p) => p.enterpriseId === enterpriseId)!.facts.enterpriseStaff;
      if (admitted > 0) expect(admitted + input.enterpriseInterns[enterpriseId]!).toBeLessThanOrEqual(internCap(staff, 10));
    }
    // The caps bind somewhere in this cohort (otherwise the test would prove little).
    expect(result.capacities.some((c) => c.bounds.enterpriseShare < Math.min(c.bounds.free, c.bounds.positionShare))).toBe(true);
    expect(result.capacities.some((c) => c.bounds.positionShare < c.bounds.free)).toBe(true);
  });

  it('records its seed, and the same seed reproduces the same result', () => {
    expect(result.seed).toBe('round-2027-spring');
    expect(runMatchingRound(input)).toEqual(result);
    const reordered = { ...input, applicants: [...input.applicants].reverse(), positions: [...input.positions].reverse() };
    expect(runMatchingRound(reordered)).toEqual(result);
    const other = runMatchingRound({ ...input, seed: 'another-seed' });
    expect(other.outcomes.map((o) => o.positionId)).not.toEqual(result.outcomes.map((o) => o.positionId));
  });

  it('runs in well under a second', () => {
    expect(elapsed).toBeLessThan(1000);
  });
});

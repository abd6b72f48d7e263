// Property tests of the talent round (core/talent-matching/round.ts) and its report
// (workflows/talent-matching/state.ts): every match passes the level filter and the domain with a valid
// certificate, no demand gets more than its seats, no holder two offers, holders without a valid
// certificate are excluded with their reason; the result is stable (no holder and demand would both
// rather have each other) and independent of the input's order; the report adds up however the
// holders answer.
import fc from 'fast-check';
import { blockingPairs } from '../../core/matching/deferred-acceptance';
import { certificateLevels, type TalentMatchingInput } from '../../core/talent-matching/input';
import {
  type HeldCertificate,
  qualifyingCertificate,
  roundViolations,
  runTalentRound,
  type TalentDemandFacts,
  talentInstance,
  type TalentHolder,
  type TalentRoundData,
} from '../../core/talent-matching/round';
import { answer, close, expireOpenOffers, initialState, offersMade, reportDiscrepancies } from '../../workflows/talent-matching/state';
import { computedOf } from '../../activities/talent-matching/round-records';

const ASOF = '2026-12-05T00:00:00.000Z';
const DOMAINS = ['ai', 'big data', 'robotics'];
const LOCATIONS = ['Ningbo', 'Hangzhou'];

const certificate = (i: number): fc.Arbitrary<HeldCertificate> =>
  fc
    .record({
      domain: fc.constantFrom(...DOMAINS),
      level: fc.constantFrom(...certificateLevels),
      // Mostly valid; some revoked, some expired, some not yet valid.
      state: fc.constantFrom('valid', 'valid', 'valid', 'revoked', 'expired', 'future'),
    })
    .map(({ domain, level, state }) => ({
      certificateId: `c${i}-${domain}-${level}-${state}`,
      number: `T-${i}`,
      domain,
      level,
      validFrom: state === 'future' ? '2027-01-01T00:00:00.000Z' : state === 'expired' ? '2023-01-01T00:00:00.000Z' : '2026-01-01T00:00:00.000Z',
      validUntil: state === 'expired' ? '2024-01-01T00:00:00.000Z' : '2029-01-01T00:00:00.000Z',
      revokedAt: state === 'revoked' ? '2026-06-01T00:00:00.000Z' : null,
    }));

const data: fc.Arbitrary<TalentRoundData> = fc
  .record({ holders: fc.integer({ min: 0, max: 30 }), demands: fc.integer({ min: 0, max: 8 }), seed: fc.string({ minLength: 1, maxLength: 8 }) })
  .chain(({ holders, demands, seed }) =>
    fc.record({
      seed: fc.constant(seed),
      asOf: fc.constant(ASOF),
      holders: fc.tuple(
        ...Array.from({ length: holders }, (_, i) =>
          fc
            .record({ certificates: fc.array(certificate(i), { maxLength: 3 }), locations: fc.subarray(LOCATIONS) })
            .map((h): TalentHolder => ({ userId: `u${String(i).padStart(2, '0')}`, ...h })),
        ),
      ),
      demands: fc.tuple(
        ...Array.from({ length: demands }, (_, i) =>
          fc
            .record({
              domain: fc.constantFrom(...DOMAINS, 'Big  Data', 'quantum'),
              level: fc.constantFrom(...certificateLevels),
              seats: fc.integer({ min: 0, max: 4 }),
              location: fc.constantFrom(...LOCATIONS),
            })
            .map((d): TalentDemandFacts => ({ demandId: `d${i}`, organizationId: `o${i % 3}`, deadline: '2027-01-01T00:00:00.000Z', ...d })),
        ),
      ),
    }),
  );

test('every match passes the level filter and the domain with a valid certificate, within the seats; the excluded hold no valid certificate', () => {
  fc.assert(
    fc.property(data, (d) => {
      const result = runTalentRound(d);
      expect(roundViolations(d, result)).toEqual([]);
      expect(result.candidates + result.excluded.length).toBe(d.holders.length);
      for (const e of result.excluded) {
        const h = d.holders.find((x) => x.userId === e.userId)!;
        expect(d.demands.some((demand) => qualifyingCertificate(h, demand, ASOF) !== null)).toBe(false);
        if (e.reason === 'revoked') expect(h.certificates.some((c) => c.revokedAt !== null)).toBe(true);
      }
    }),
  );
});

test('the matching is stable (no blocking pair over the eligible pairs) and the same whatever the input order', () => {
  fc.assert(
    fc.property(data, (d) => {
      const result = runTalentRound(d);
      const reversed = runTalentRound({ ...d, holders: [...d.holders].reverse(), demands: [...d.demands].reverse() });
      expect(reversed.matches).toEqual(result.matches);
      const { students, positions } = talentInstance(d);
      // Only eligible pairs are in the instance: the level filter is hard, not a preference.
      for (const s of students) {
        const holder = d.holders.find((h) => h.userId === s.id)!;
        for (const demandId of s.preferences)
          expect(
            qualifyingCertificate(
              holder,
              d.demands.find((x) => x.demandId === demandId)!,
              ASOF,
            ),
          ).not.toBeNull();
      }
      const assignment = new Map<string, string | null>(students.map((s) => [s.id, null]));
      for (const m of result.matches) assignment.set(m.userId, m.demandId);
      expect(blockingPairs(students, positions, assignment)).toEqual([]);
    }),
  );
});

test('the report adds up however the holders answer', () => {
  fc.assert(
    fc.property(data, fc.array(fc.constantFrom('accept', 'decline', 'none'), { maxLength: 40 }), (d, answers) => {
      const input: TalentMatchingInput = {
        roundId: 'r1',
        allianceId: 'a1',
        baseOrganizationId: 'b1',
        seed: d.seed,
        asOf: ASOF,
        startedBy: 'u',
        policy: { offerDeadline: 'P7D' },
      };
      let state = offersMade(initialState(input, new Date(ASOF)), computedOf('r1', d, runTalentRound(d)));
      state.offers.forEach((o, i) => {
        const a = answers[i] ?? 'none';
        if (a !== 'none')
          state = answer(state, { actor: { userId: o.holderUserId, organizationId: null, roles: [] }, offerId: o.offerId }, a, new Date(ASOF)).state;
      });
      state = close(expireOpenOffers(state).state, new Date(ASOF));
      expect(reportDiscrepancies(state.report!)).toEqual([]);
      expect(state.report!.totals.offered).toBe(state.offers.length);
    }),
  );
});

// A matching round, from the domain to the algorithm and back. Pure and workflow-safe; the API loads the
// applications and positions, calls runMatchingRound, stores the result with its seed and makes the offers.
//
//   1. Eligible pairs only: a student's preference for a position counts when the placement rules allow
//      the pair (year, age, guardian named for a minor, field, the position's hours/stipend/duration).
//   2. Capacities: each position takes min(its free capacity, 20% of its staff, its share of 10% of the
//      enterprise's staff) minus the interns it already has. The enterprise cap is split among that
//      enterprise's positions in the round before matching: round-robin over the positions in id order,
//      first up to their demand (eligible applicants), then up to their own caps, so no seat is parked
//      where nobody applied. The matching is stable with respect to these capacities.
//   3. Position priorities: an explicit ranking, or scores (higher first), or neither; every remaining tie
//      is broken by one lottery number per applicant (single tie-breaking) drawn from the round's seed.
//   4. Student-proposing deferred acceptance (deferred-acceptance.ts).
import {
  checkEligibility,
  defaultRulesPolicy,
  type GuardianStatus,
  internCap,
  type PlacementRulesPolicy,
  type PositionFacts,
  type RuleId,
  type StudentFacts,
} from '../rules';
import { deferredAcceptance, type DaPosition, type DaStudent } from '../../matching/deferred-acceptance';
import { lotteryRanks } from '../../matching/lottery';

export const MATCHING_ALGORITHM = 'student-proposing-deferred-acceptance/single-tie-breaking/v1';

export interface RoundApplicant {
  applicationId: string;
  studentId: string;
  facts: StudentFacts & { guardian: GuardianStatus };
  /** Position ids, best first. */
  preferences: string[];
}

export type PositionPreference = { kind: 'ranking'; applicationIds: string[] } | { kind: 'score'; scores: Record<string, number> } | { kind: 'lottery' };

export interface RoundPosition {
  positionId: string;
  enterpriseId: string;
  facts: PositionFacts;
  /** The position's total capacity. */
  capacity: number;
  /** Interns it already has (active placements and open offers). */
  currentInterns: number;
  preference: PositionPreference;
}

export interface RoundInput {
  seed: string;
  policy: PlacementRulesPolicy;
  applicants: RoundApplicant[];
  positions: RoundPosition[];
  /** Interns each enterprise already has, over all its positions. */
  enterpriseInterns: Record<string, number>;
}

export interface PositionCapacity {
  positionId: string;
  enterpriseId: string;
  /** The capacity the matching used. */
  capacity: number;
  /** What bounded it. */
  bounds: { free: number; positionShare: number; enterpriseShare: number };
  demand: number;
  admitted: number;
}

export interface ApplicantOutcome {
  applicationId: string;
  studentId: string;
  positionId: string | null;
  /** 1 = the applicant's first choice. */
  preferenceRank: number | null;
  /** Preferences the rules removed, with the rules that removed them. */
  ineligible: { positionId: string; ruleIds: RuleId[] }[];
}

export interface RoundResult {
  algorithm: typeof MATCHING_ALGORITHM;
  seed: string;
  outcomes: ApplicantOutcome[];
  capacities: PositionCapacity[];
  matched: number;
  unmatched: number;
  proposals: number;
}

/** The strict instance the algorithm runs on (exposed for the property tests and for audits). */
export interface StrictInstance {
  students: DaStudent[];
  positions: DaPosition[];
  ineligible: Map<string, { positionId: string; ruleIds: RuleId[] }[]>;
  capacities: PositionCapacity[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildInstance(input: RoundInput): StrictInstance {
  const policy = input.policy ?? defaultRulesPolicy;
  const positions = new Map(input.positions.map((p) => [p.positionId, p]));
  const lottery = lotteryRanks(
    input.applicants.map((a) => a.applicationId),
    input.seed,
  );

  // 1. Eligible pairs.
  const ineligible = new Map<string, { positionId: string; ruleIds: RuleId[] }[]>();
  const students: DaStudent[] = [];
  const applicantsOf = new Map<string, string[]>(input.positions.map((p) => [p.positionId, []]));
  for (const a of [...input.applicants].sort((x, y) => byId(x.applicationId, y.applicationId))) {
    const kept: string[] = [];
    const removed: { positionId: string; ruleIds: RuleId[] }[] = [];
    for (const positionId of new Set(a.preferences)) {
      const position = positions.get(positionId);
      if (!position) continue;
      const violations = checkEligibility(a.facts, position.facts, policy);
      if (violations.length > 0) {
        removed.push({ positionId, ruleIds: [...new Set(violations.map((v) => v.ruleId))] });
        continue;
      }
      kept.push(positionId);
      applicantsOf.get(positionId)!.push(a.applicationId);
    }
    students.push({ id: a.applicationId, preferences: kept });
    ineligible.set(a.applicationId, removed);
  }

  // 2. Capacities.
  const capacities = new Map<string, PositionCapacity>();
  const byEnterprise = new Map<string, RoundPosition[]>();
  for (const p of [...input.positions].sort((x, y) => byId(x.positionId, y.positionId))) {
    const free = Math.max(0, p.capacity - p.currentInterns);
    const positionShare = Math.max(0, internCap(p.facts.positionStaff, policy.positionInternPercent) - p.currentInterns);
    capacities.set(p.positionId, {
      positionId: p.positionId,
      enterpriseId: p.enterpriseId,
      capacity: Math.min(free, positionShare),
      bounds: { free, positionShare, enterpriseShare: 0 },
      demand: applicantsOf.get(p.positionId)!.length,
      admitted: 0,
    });
    byEnterprise.set(p.enterpriseId, [...(byEnterprise.get(p.enterpriseId) ?? []), p]);
  }
  for (const [enterpriseId, list] of [...byEnterprise].sort((x, y) => byId(x[0], y[0]))) {
    // Positions may state the enterprise's staff differently (published at different times): take the least.
    const staff = Math.min(...list.map((p) => p.facts.enterpriseStaff));
    let remaining = Math.max(0, internCap(staff, policy.enterpriseInternPercent) - (input.enterpriseInterns[enterpriseId] ?? 0));
    const caps = list.map((p) => capacities.get(p.positionId)!);
    const share = new Map(caps.map((c) => [c.positionId, 0]));
    for (const limit of [(c: PositionCapacity) => Math.min(c.capacity, c.demand), (c: PositionCapacity) => c.capacity]) {
      let progress = true;
      while (remaining > 0 && progress) {
        progress = false;
        for (const c of caps) {
          if (remaining > 0 && share.get(c.positionId)! < limit(c)) {
            share.set(c.positionId, share.get(c.positionId)! + 1);
            remaining--;
            progress = true;
          }
        }
      }
    }
    for (const c of caps) {
      c.bounds.enterpriseShare = share.get(c.positionId)!;
      c.capacity = Math.min(c.capacity, c.bounds.enterpriseShare);
    }
  }

  // 3. Priorities.
  const daPositions: DaPosition[] = [...capacities.values()].map((c) => {
    const applicants = applicantsOf.get(c.positionId)!;
    const preference = positions.get(c.positionId)!.preference;
    return { id: c.positionId, capacity: c.capacity, priority: priorityOrder(applicants, preference, lottery) };
  });

  return { students, positions: daPositions, ineligible, capacities: [...capacities.values()] };
}

/** Ranked first (in order), then by score (higher first); every tie and the unranked by lottery. */
export function priorityOrder(applicationIds: readonly string[], preference: PositionPreference, lottery: ReadonlyMap<string, number>): string[] {
  const lot = (id: string) => lottery.get(id) ?? Number.MAX_SAFE_INTEGER;
  let key: (id: string) => number;
  if (preference.kind === 'ranking') {
    const rank = new Map(preference.applicationIds.map((id, i) => [id, i] as const).reverse());
    key = (id) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  } else if (preference.kind === 'score') {
    key = (id) => {
      const score = preference.scores[id];
      return typeof score === 'number' && Number.isFinite(score) ? -score : Number.POSITIVE_INFINITY;
    };
  } else {
    key = () => 0;
  }
  return [...applicationIds].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return lot(a) - lot(b) || byId(a, b);
  });
}

export function runMatchingRound(input: RoundInput): RoundResult {
  const instance = buildInstance(input);
  const result = deferredAcceptance(instance.students, instance.positions);
  const capacities = instance.capacities.map((c) => ({ ...c, bounds: { ...c.bounds }, admitted: result.admitted.get(c.positionId)?.length ?? 0 }));
  const outcomes: ApplicantOutcome[] = [...input.applicants]
    .sort((x, y) => byId(x.applicationId, y.applicationId))
    .map((a) => {
      const positionId = result.assignment.get(a.applicationId) ?? null;
      const rank = positionId === null ? -1 : [...new Set(a.preferences)].indexOf(positionId);
      return {
        applicationId: a.applicationId,
        studentId: a.studentId,
        positionId,
        preferenceRank: rank < 0 ? null : rank + 1,
        ineligible: instance.ineligible.get(a.applicationId) ?? [],
      };
    });
  const matched = outcomes.filter((o) => o.positionId !== null).length;
  return {
    algorithm: MATCHING_ALGORITHM,
    seed: input.seed,
    outcomes,
    capacities,
    matched,
    unmatched: outcomes.length - matched,
    proposals: result.proposals,
  };
}

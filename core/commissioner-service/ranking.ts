// Which commissioners are proposed for a service need, best first. Pure: the API reads the facts
// (registrations, engagements under way) and this module decides.
//
// Two hard rules before any scoring: a commissioner at capacity is never proposed (every concurrent
// engagement they can take is taken), and a commissioner of the need's own organisation is never
// proposed (the programme sends institutions' scientists to other organisations, and an organisation
// nominating its own person would serve itself). Then the score: domain fit first (how close the
// best of the commissioner's domains is to the need's domain), free capacity second (the share of
// engagements still open), with ties broken by the registration id so the order never varies.

export interface NeedForRanking {
  domain: string;
  /** The organisation that posted the need. */
  organizationId: string;
}

export interface CommissionerForRanking {
  commissionerId: string;
  userId: string;
  institutionOrganizationId: string;
  domains: readonly string[];
  /** Concurrent engagements the commissioner takes at most. */
  capacity: number;
  /** Engagements holding a place now (nominated, agreement pending, active). */
  engagements: number;
}

export type Exclusion = 'at_capacity' | 'own_organisation' | 'no_domain_fit';

export interface RankedCommissioner {
  commissionerId: string;
  rank: number;
  /** 0..1: 1 for the same domain. */
  domainFit: number;
  /** The domain of the commissioner's that fits best. */
  matchedDomain: string;
  freeCapacity: number;
  /** 0..1, what the order is by. */
  score: number;
}

export interface Ranking {
  ranked: RankedCommissioner[];
  excluded: { commissionerId: string; reason: Exclusion }[];
}

/** How much of the score is domain fit; the rest is the share of free capacity. */
export const DOMAIN_WEIGHT = 0.8;

/** Case, width and spacing do not matter: "Machine  Vision" is "machine vision" is "ｍａｃｈｉｎｅ vision". */
export function normalizeDomain(domain: string): string {
  return domain.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

const HAN = /\p{Script=Han}/u;

/**
 * The terms of a domain: its words, and for Chinese (no spaces between words) every pair of adjacent
 * characters, so 工业互联网 and 互联网安全 share 互联 and 联网.
 */
export function domainTerms(domain: string): Set<string> {
  const terms = new Set<string>();
  for (const chunk of normalizeDomain(domain).split(/[^\p{L}\p{N}]+/u)) {
    if (!chunk) continue;
    const chars = [...chunk];
    if (chars.some((c) => HAN.test(c))) {
      if (chars.length === 1) terms.add(chunk);
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
    } else {
      terms.add(chunk);
    }
  }
  return terms;
}

/** 1 for the same domain, 0.75 when one contains the other, else the share of terms they have in common (Jaccard), 0 for nothing shared. */
export function domainFit(need: string, offered: string): number {
  const a = normalizeDomain(need);
  const b = normalizeDomain(offered);
  if (!a || !b) return 0;
  if (a === b) return 1;
  if (a.includes(b) || b.includes(a)) return 0.75;
  const x = domainTerms(a);
  const y = domainTerms(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 0 : Math.min(0.7, shared / union);
}

function bestDomain(need: string, domains: readonly string[]): { fit: number; domain: string } {
  let best = { fit: 0, domain: '' };
  for (const d of domains) {
    const fit = domainFit(need, d);
    if (fit > best.fit) best = { fit, domain: d };
  }
  return best;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function rankCommissioners(need: NeedForRanking, commissioners: readonly CommissionerForRanking[]): Ranking {
  const excluded: Ranking['excluded'] = [];
  const eligible: Omit<RankedCommissioner, 'rank'>[] = [];
  for (const c of commissioners) {
    const free = c.capacity - c.engagements;
    if (c.institutionOrganizationId === need.organizationId) {
      excluded.push({ commissionerId: c.commissionerId, reason: 'own_organisation' });
      continue;
    }
    if (free <= 0) {
      excluded.push({ commissionerId: c.commissionerId, reason: 'at_capacity' });
      continue;
    }
    const best = bestDomain(need.domain, c.domains);
    if (best.fit === 0) {
      excluded.push({ commissionerId: c.commissionerId, reason: 'no_domain_fit' });
      continue;
    }
    const score = DOMAIN_WEIGHT * best.fit + (1 - DOMAIN_WEIGHT) * (free / c.capacity);
    eligible.push({ commissionerId: c.commissionerId, domainFit: round(best.fit), matchedDomain: best.domain, freeCapacity: free, score: round(score) });
  }
  eligible.sort(
    (p, q) =>
      q.score - p.score ||
      q.domainFit - p.domainFit ||
      q.freeCapacity - p.freeCapacity ||
      (p.commissionerId < q.commissionerId ? -1 : p.commissionerId > q.commissionerId ? 1 : 0),
  );
  return { ranked: eligible.map((e, i) => ({ ...e, rank: i + 1 })), excluded };
}

/** Why one commissioner may not be nominated for the need, or null when they may. */
export function exclusionOf(need: NeedForRanking, commissioner: CommissionerForRanking): Exclusion | null {
  return rankCommissioners(need, [commissioner]).excluded[0]?.reason ?? null;
}

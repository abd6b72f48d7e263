// The commissioner ranking (core/commissioner-service/ranking.ts): domain fit first, free capacity
// second; a commissioner at capacity is never proposed, nor one of the need's own organisation
// (issue 18, acceptance 2, as properties over generated pools); the order is total and stable.
import fc from 'fast-check';
import { type CommissionerForRanking, domainFit, exclusionOf, normalizeDomain, rankCommissioners } from '../../core/commissioner-service/ranking';

const commissioner = (id: string, over: Partial<CommissionerForRanking> = {}): CommissionerForRanking => ({
  commissionerId: id,
  userId: `user-${id}`,
  institutionOrganizationId: 'university-1',
  domains: ['intelligent manufacturing'],
  capacity: 3,
  engagements: 0,
  ...over,
});

const need = { domain: 'Intelligent Manufacturing', organizationId: 'enterprise-1' };

describe('domain fit', () => {
  test('the same domain, whatever case, width and spacing, fits fully', () => {
    expect(normalizeDomain('  Machine   Vision ')).toBe('machine vision');
    expect(domainFit('Intelligent Manufacturing', 'intelligent  manufacturing')).toBe(1);
    expect(domainFit('ｍａｃｈｉｎｅ vision', 'Machine Vision')).toBe(1);
  });

  test('one domain inside the other fits better than shared words, and unrelated domains not at all', () => {
    const contained = domainFit('industrial internet', 'industrial internet security');
    const shared = domainFit('industrial internet', 'internet of things');
    expect(contained).toBe(0.75);
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(contained);
    expect(domainFit('blockchain', 'soil science')).toBe(0);
  });

  test('Chinese domains share character pairs: 工业互联网 and 互联网安全 fit, 区块链 and 土壤学 do not', () => {
    expect(domainFit('工业互联网', '工业互联网')).toBe(1);
    expect(domainFit('工业互联网', '互联网安全')).toBeGreaterThan(0);
    expect(domainFit('区块链', '土壤学')).toBe(0);
  });
});

describe('ranking', () => {
  test('domain fit first, then free capacity, then the id', () => {
    const { ranked } = rankCommissioners(need, [
      commissioner('c-partial', { domains: ['manufacturing'], capacity: 10 }),
      commissioner('c-busy', { capacity: 4, engagements: 3 }),
      commissioner('c-free', { capacity: 4, engagements: 0 }),
      commissioner('c-free-too', { capacity: 4, engagements: 0 }),
    ]);
    expect(ranked.map((r) => [r.rank, r.commissionerId])).toEqual([
      [1, 'c-free'],
      [2, 'c-free-too'],
      [3, 'c-busy'],
      [4, 'c-partial'],
    ]);
    expect(ranked[0]).toMatchObject({ domainFit: 1, freeCapacity: 4, matchedDomain: 'intelligent manufacturing', score: 1 });
  });

  test('acceptance 2: one at capacity and one of the need’s own organisation are not proposed, and say why', () => {
    const ranking = rankCommissioners(need, [
      commissioner('c-full', { capacity: 2, engagements: 2 }),
      commissioner('c-own', { institutionOrganizationId: 'enterprise-1' }),
      commissioner('c-ok'),
      commissioner('c-unrelated', { domains: ['soil science'] }),
    ]);
    expect(ranking.ranked.map((r) => r.commissionerId)).toEqual(['c-ok']);
    expect(ranking.excluded).toEqual([
      { commissionerId: 'c-full', reason: 'at_capacity' },
      { commissionerId: 'c-own', reason: 'own_organisation' },
      { commissionerId: 'c-unrelated', reason: 'no_domain_fit' },
    ]);
    expect(exclusionOf(need, commissioner('c-full', { capacity: 1, engagements: 5 }))).toBe('at_capacity');
    expect(exclusionOf(need, commissioner('c-ok'))).toBeNull();
  });

  const domains = fc.constantFrom('intelligent manufacturing', 'manufacturing', 'industrial internet', 'big data', '工业互联网', '区块链', 'soil science');
  const pool = fc.array(
    fc.record({
      commissionerId: fc.uuid(),
      userId: fc.uuid(),
      institutionOrganizationId: fc.constantFrom('enterprise-1', 'university-1', 'institute-2'),
      domains: fc.array(domains, { minLength: 1, maxLength: 3 }),
      capacity: fc.integer({ min: 1, max: 6 }),
      engagements: fc.integer({ min: 0, max: 8 }),
    }),
    { maxLength: 40 },
  );

  test('property: never at capacity, never the own organisation; every commissioner either ranked or excluded; ranks 1..n by score', () => {
    fc.assert(
      fc.property(pool, domains, (commissioners, domain) => {
        const n = { domain, organizationId: 'enterprise-1' };
        const { ranked, excluded } = rankCommissioners(n, commissioners);
        const byId = new Map(commissioners.map((c) => [c.commissionerId, c]));
        for (const r of ranked) {
          const c = byId.get(r.commissionerId)!;
          expect(c.engagements).toBeLessThan(c.capacity);
          expect(c.institutionOrganizationId).not.toBe('enterprise-1');
          expect(r.domainFit).toBeGreaterThan(0);
        }
        expect(ranked.length + excluded.length).toBe(commissioners.length);
        expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_r, i) => i + 1));
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
        // The order does not depend on the order the pool was read in.
        expect(rankCommissioners(n, [...commissioners].reverse()).ranked).toEqual(ranked);
      }),
      { numRuns: 300 },
    );
  });
});

// Merging per-branch pages (api/pagination.ts mergeBranches) gives exactly the page a single query over
// the union would give: the same rows, in the same order, whatever overlaps between the branches.
import fc from 'fast-check';
import { mergeBranches } from '../../api/pagination';

interface Row {
  id: string;
  createdAt: Date;
}

const newestFirst = (a: Row, b: Row) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

test('the merged page equals the first page of the union of the branches', () => {
  const row = fc.record({ id: fc.uuid(), createdAt: fc.integer({ min: 0, max: 50 }).map((s) => new Date(Date.UTC(2026, 0, 1, 0, 0, s))) });
  fc.assert(
    fc.property(
      fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 60 }),
      fc.array(fc.array(fc.nat(59), { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 20 }),
      (rows, picks, take) => {
        // Each branch sees some of the rows (overlapping freely) and returns its own first `take`.
        const branchRows = picks.map((indexes) => [...new Set(indexes)].filter((i) => i < rows.length).map((i) => rows[i]!));
        const branchPages = branchRows.map((visible) => [...visible].sort(newestFirst).slice(0, take));
        const union = [...new Map(branchRows.flat().map((r) => [r.id, r])).values()].sort(newestFirst).slice(0, take);
        expect(mergeBranches(branchPages, take).map((r) => r.id)).toEqual(union.map((r) => r.id));
      },
    ),
    { numRuns: 500 },
  );
});

test('a row two branches return is listed once', () => {
  const shared = { id: 'b', createdAt: new Date(2) };
  const page = mergeBranches([[shared, { id: 'a', createdAt: new Date(1) }], [shared]], 10);
  expect(page.map((r) => r.id)).toEqual(['b', 'a']);
});

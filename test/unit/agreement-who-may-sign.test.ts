// The rule of who may act for an agreement's party (core/agreement-signing/who-may-sign.ts) read both
// ways: the filter the API lists "pending for me" with must select exactly the party rows mayActFor
// admits, for every kind of party and caller.
import { type Actor, mayActFor, type PartyActing, partiesActedForBy, type PartyRowFilter } from '../../workflows/agreement-signing/contract';

interface PartyRow {
  kind: string;
  userId: string | null;
  organizationId: string | null;
  delegatedToUserId: string | null;
}

/** A row matches a filter when it has every field the filter names, with the same value (as Prisma's equality). */
function matches(row: PartyRow, filter: { OR: PartyRowFilter[] }): boolean {
  return filter.OR.some((clause) => Object.entries(clause).every(([field, value]) => row[field as keyof PartyRow] === value));
}

const users = ['u-1', 'u-2'];
const organizations = ['org-a', 'org-b'];

const rows: PartyRow[] = [];
for (const delegatedToUserId of [null, ...users]) {
  for (const organizationId of [null, ...organizations]) {
    rows.push({ kind: 'organization', userId: null, organizationId, delegatedToUserId });
    for (const userId of [null, ...users]) rows.push({ kind: 'user', userId, organizationId, delegatedToUserId });
  }
}
const actors: Actor[] = [];
for (const userId of users) {
  for (const organizationId of [null, ...organizations]) {
    for (const roles of [[], ['signatory'], ['secretariat'], ['admin', 'signatory']]) actors.push({ userId, organizationId, roles });
  }
}

test('partiesActedForBy selects exactly the party rows mayActFor admits', () => {
  let admitted = 0;
  for (const row of rows) {
    const party: PartyActing = { ...row, delegatedTo: row.delegatedToUserId ? { userId: row.delegatedToUserId } : null };
    for (const actor of actors) {
      const expected = mayActFor(party, actor);
      if (expected) admitted++;
      expect({ row, actor, selected: matches(row, partiesActedForBy(actor)) }).toEqual({ row, actor, selected: expected });
    }
  }
  // The matrix holds both answers (a filter that selects nothing, or everything, would fail above too).
  expect(admitted).toBeGreaterThan(0);
  expect(admitted).toBeLessThan(rows.length * actors.length);
});

test('an organisation party: any of its signatories, none of its other users; a delegation overrides', () => {
  const party: PartyActing = { kind: 'organization', userId: null, organizationId: 'org-a', delegatedTo: null };
  expect(mayActFor(party, { userId: 'u-1', organizationId: 'org-a', roles: ['signatory'] })).toBe(true);
  expect(mayActFor(party, { userId: 'u-1', organizationId: 'org-a', roles: ['secretariat'] })).toBe(false);
  expect(mayActFor(party, { userId: 'u-1', organizationId: 'org-b', roles: ['signatory'] })).toBe(false);
  expect(mayActFor({ ...party, delegatedTo: { userId: 'u-2' } }, { userId: 'u-1', organizationId: 'org-a', roles: ['signatory'] })).toBe(false);
  expect(mayActFor({ ...party, delegatedTo: { userId: 'u-2' } }, { userId: 'u-2', organizationId: null, roles: [] })).toBe(true);
});

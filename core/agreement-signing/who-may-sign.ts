// Who may act for an agreement's party, in one place: the workflow's checks
// (workflows/agreement-signing/who-may-act.ts) and notices follow it, and the API reads it to refuse a
// launch naming a party nobody could act for and to list what waits for the caller (pendingFor=me).
// Pure and zod-free.
import type { Actor } from './messages';

/** The role that lets an organisation's user act for a party that is the organisation. */
export const ORGANIZATION_PARTY_ROLE = 'signatory';

export interface PartyActing {
  kind: string;
  userId: string | null;
  organizationId: string | null;
  delegatedTo: { userId: string } | null;
}

/** Who may act for a party: its delegate alone; else its user; else any active user of its organisation holding ORGANIZATION_PARTY_ROLE. */
export type PartyActors = { userId: string | null } | { organizationId: string | null; role: typeof ORGANIZATION_PARTY_ROLE };

export function whoMayActFor(p: PartyActing): PartyActors {
  if (p.delegatedTo) return { userId: p.delegatedTo.userId };
  if (p.kind === 'user') return { userId: p.userId };
  return { organizationId: p.organizationId, role: ORGANIZATION_PARTY_ROLE };
}

export function mayActFor(p: PartyActing, actor: Actor): boolean {
  const actors = whoMayActFor(p);
  if ('userId' in actors) return actors.userId !== null && actor.userId === actors.userId;
  return actors.organizationId !== null && actor.organizationId === actors.organizationId && actor.roles.includes(actors.role);
}

/**
 * The same rule read the other way round: the party records `actor` may act for, as a filter over the
 * fields an agreement's party row holds (`delegatedToUserId` for `delegatedTo`). A unit test holds it to
 * mayActFor (test/unit/agreement-who-may-sign.test.ts).
 */
export function partiesActedForBy(actor: Actor): { OR: PartyRowFilter[] } {
  return {
    OR: [
      { delegatedToUserId: actor.userId },
      { delegatedToUserId: null, kind: 'user', userId: actor.userId },
      ...(actor.organizationId !== null && actor.roles.includes(ORGANIZATION_PARTY_ROLE)
        ? [{ delegatedToUserId: null, kind: 'organization', organizationId: actor.organizationId }]
        : []),
    ],
  };
}

export interface PartyRowFilter {
  delegatedToUserId: string | null;
  kind?: string;
  userId?: string;
  organizationId?: string;
}

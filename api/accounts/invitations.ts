// Inviting people (POST /v1/invitations): an admin, or a secretariat for its own organisation, invites
// an e-mail address into an organisation with roles. The invitee gets an e-mail with a single-use link
// (its token stored only as a SHA-256) that expires after INVITATION_TTL (P7D) or the lifetime the
// request asks for; re-inviting the same address revokes every earlier pending invitation of it, so only
// the newest link works. Pending invitations are listed and revoked by the same people.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import type { AccountsConfig, NotificationsConfig } from '../../platform/config';
import type { AccountInvitation } from '../../prisma/generated/client';
import type { Role } from '../auth/roles';
import { ConflictProblem, UnknownReferenceProblem } from '../errors';
import { isoDate } from '../parties/common';
import { type EmailDelivery, sendAccountEmail } from './account-email';
import { newSecret } from './secrets';
import { recordSecurityEvent } from './security-events';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(row: AccountInvitation, now = Date.now()): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

export interface InvitationView {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  locale: string;
  roles: Role[];
  birthDate: string | null;
  status: InvitationStatus;
  invitedBy: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  userId: string | null;
  createdAt: string;
}

export function invitationView(row: AccountInvitation): InvitationView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    name: row.name,
    locale: row.locale,
    roles: row.roles,
    birthDate: isoDate(row.birthDate),
    status: invitationStatus(row),
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface InviteInput {
  organizationId: string;
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
  roles: Role[];
  birthDate?: string;
  lifetimeMs?: number;
}

export interface InviteContext {
  db: Database;
  accounts: AccountsConfig;
  notifications: NotificationsConfig;
  log: Logger;
  invitedBy: { userId: string; name: string | null };
  address: string;
}

/** The link in the e-mail: the token rides in the fragment, which browsers never send to a server (no access log holds it). */
export function invitationLink(accounts: AccountsConfig, token: string): string {
  return `${accounts.linkBaseUrl}/accept-invitation#token=${token}`;
}

export async function invite(ctx: InviteContext, input: InviteInput): Promise<{ invitation: InvitationView; delivery: EmailDelivery; link: string }> {
  const { db } = ctx;
  const organization = await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true, name: true } });
  if (!organization) throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no organisation has this id' }]);
  const existing = await db.accountCredential.findUnique({ where: { email: input.email }, select: { userId: true } });
  if (existing) throw new ConflictProblem('A person with this e-mail address has an account already.');

  const { secret, hash } = newSecret('invitation');
  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    // Re-inviting: every earlier link for this address stops working.
    await tx.accountInvitation.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.accountInvitation.create({
      data: {
        id: randomUUID(),
        organizationId: input.organizationId,
        email: input.email,
        name: input.name,
        locale: input.locale,
        roles: input.roles,
        birthDate: input.birthDate ? new Date(`${input.birthDate}T00:00:00Z`) : null,
        invitedBy: ctx.invitedBy.userId,
        tokenHash: hash,
        expiresAt: new Date(now.getTime() + (input.lifetimeMs ?? ctx.accounts.invitationTtlMs)),
      },
    });
    await recordSecurityEvent(tx, {
      type: 'invitation_created',
      userId: ctx.invitedBy.userId,
      email: input.email,
      address: ctx.address,
      detail: { invitationId: created.id, organizationId: input.organizationId, roles: input.roles.join(',') },
    });
    return created;
  });

  const link = invitationLink(ctx.accounts, secret);
  const delivery = await sendAccountEmail(ctx.notifications, ctx.log, {
    type: 'account.invitation',
    to: input.email,
    locale: input.locale,
    data: {
      recipientName: input.name,
      organizationName: organization.name,
      inviterName: ctx.invitedBy.name,
      roles: input.roles.join(', '),
      link,
      expiresAt: row.expiresAt.toISOString(),
    },
  });
  return { invitation: invitationView(row), delivery, link };
}

export async function revokeInvitation(db: Database, id: string, by: string, address: string): Promise<AccountInvitation | null> {
  const row = await db.accountInvitation.findUnique({ where: { id } });
  if (!row) return null;
  if (invitationStatus(row) !== 'pending') return row; // nothing to revoke: answered as it stands
  const updated = await db.accountInvitation.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordSecurityEvent(db, { type: 'invitation_revoked', userId: by, email: row.email, address, detail: { invitationId: id } });
  return updated;
}

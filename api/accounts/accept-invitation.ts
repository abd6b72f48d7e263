// Following an invitation link (POST /v1/invitations/accept): the person chooses a password, the
// invitation's user is made (organisation, roles, name and locale as invited) with its credential, the
// link is spent, and the person is signed in (a session). An SSO sign-in may accept an invitation too
// (sso-sign-in.ts), without a password.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database';
import type { AccountInvitation, Prisma } from '../../prisma/generated/client';
import { isUniqueViolation } from '../../platform/database-errors';
import { ConflictProblem } from '../errors';
import { hashSecret } from './secrets';
import { InvalidLinkProblem } from './problems';
import { recordSecurityEvent } from './security-events';

/** The pending invitation a link's token belongs to, or the one answer for every other case. */
export async function pendingInvitationByToken(db: Database, token: string): Promise<AccountInvitation> {
  const row = await db.accountInvitation.findUnique({ where: { tokenHash: hashSecret(token) } });
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw new InvalidLinkProblem();
  return row;
}

/**
 * Spends the invitation and makes its user and credential, in one transaction: two tabs accepting the
 * same link at once make one account (the second finds the invitation spent).
 */
export async function acceptInvitation(
  db: Database,
  invitation: AccountInvitation,
  credential: { passwordHash: string | null; oidcIssuer?: string; oidcSubject?: string },
  address: string,
): Promise<string> {
  const userId = randomUUID();
  try {
    await db.$transaction(async (tx: Prisma.TransactionClient) => {
      const spent = await tx.accountInvitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        data: { acceptedAt: new Date(), userId },
      });
      if (spent.count !== 1) throw new InvalidLinkProblem();
      await tx.user.create({
        data: {
          id: userId,
          organizationId: invitation.organizationId,
          name: invitation.name,
          email: invitation.email,
          locale: invitation.locale,
          roles: invitation.roles,
          birthDate: invitation.birthDate,
        },
      });
      await tx.accountCredential.create({
        data: {
          userId,
          email: invitation.email,
          passwordHash: credential.passwordHash,
          passwordChangedAt: credential.passwordHash ? new Date() : null,
          oidcIssuer: credential.oidcIssuer ?? null,
          oidcSubject: credential.oidcSubject ?? null,
        },
      });
      await recordSecurityEvent(tx, {
        type: 'invitation_accepted',
        userId,
        email: invitation.email,
        address,
        detail: { invitationId: invitation.id, via: credential.oidcSubject ? 'sso' : 'password' },
      });
    });
  } catch (error) {
    // The address got an account in between (another invitation accepted, an SSO link).
    if (isUniqueViolation(error)) throw new ConflictProblem('A person with this e-mail address has an account already.');
    throw error;
  }
  return userId;
}

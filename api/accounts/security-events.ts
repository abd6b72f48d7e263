// The security log the admin reads (GET /v1/security-events): sign-ins, failures, lockouts, sign-outs,
// password changes and resets, invitations, single sign-on refusals. It never holds a secret: no
// password, token, session secret or link; the e-mail a sign-in named, the client address and the user.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database';
import type { Prisma } from '../../prisma/generated/client';

export const securityEventTypes = [
  'sign_in',
  'sign_in_failed',
  'locked_out',
  'signed_out',
  'session_revoked',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'invitation_created',
  'invitation_revoked',
  'invitation_accepted',
  'sso_sign_in',
  'sso_refused',
  'service_account_created',
  'service_token_issued',
  'service_account_disabled',
] as const;
export type SecurityEventType = (typeof securityEventTypes)[number];

export interface SecurityEventInput {
  type: SecurityEventType;
  userId?: string | null;
  email?: string | null;
  address?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export async function recordSecurityEvent(db: Database | Prisma.TransactionClient, event: SecurityEventInput): Promise<void> {
  await db.securityEvent.create({
    data: {
      id: randomUUID(),
      type: event.type,
      userId: event.userId ?? null,
      email: event.email ?? null,
      address: event.address ?? null,
      detail: event.detail ?? {},
    },
  });
}

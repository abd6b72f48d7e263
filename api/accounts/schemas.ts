// The request and response schemas of the account routes (api/routes/session.ts, me.ts, invitations.ts,
// password-resets.ts, security-events.ts, service-accounts.ts).
import { z } from 'zod';
import { isoDuration } from '../../schemas/iso-duration';
import { roles } from '../auth/roles';
import { pageInfo, paginationQuery } from '../pagination';
import { displayText, resourceId } from '../parties/common';
import { userSchema } from '../parties/users';
import { emailField } from './emails';
import { PASSWORD_MAX_LENGTH } from './passwords';
import { secretPattern } from './secrets';
import { securityEventTypes } from './security-events';
import { serviceScopeNames } from './service-scopes';

/** A password as typed: any characters, bounded (the policy's length and list are checked by the use case). */
const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX_LENGTH * 4);
const role = z.enum(roles);

export const signInRequest = z.object({ email: emailField, password }).strict().meta({ id: 'SignIn' });

export const signedInSchema = z
  .object({
    user: userSchema,
    csrfToken: z.string().meta({ description: 'Send it as X-CSRF-Token with every write made with the session cookie.' }),
    expiresAt: z.iso.datetime().meta({ description: 'The absolute end of the session (it also ends after the idle timeout).' }),
  })
  .meta({ id: 'SignedIn' });

export const sessionSchema = z
  .object({
    id: z.string(),
    method: z.string(),
    userAgent: z.string().nullable(),
    address: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export const sessionListSchema = z.object({ items: z.array(sessionSchema) }).meta({ id: 'SessionList' });

export const meSchema = z
  .object({
    kind: z.enum(['user', 'service_account']),
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    locale: z.string().nullable(),
    organization: z.object({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
    roles: z.array(role),
    signedInWith: z.enum(['session', 'api_token', 'service_token', 'admin_token']),
    csrfToken: z.string().nullable().meta({ description: 'With a session cookie: the token writes need in X-CSRF-Token.' }),
    allowedActions: z.array(z.object({ route: z.string(), summary: z.string(), scope: z.string().nullable() })),
  })
  .meta({ id: 'Me' });

export const changePasswordRequest = z.object({ currentPassword: password, newPassword: password }).strict().meta({ id: 'ChangePassword' });

export const inviteRequest = z
  .object({
    organizationId: resourceId,
    email: emailField,
    name: displayText(200),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    roles: z
      .array(role)
      .min(1)
      .max(roles.length)
      .refine((r) => new Set(r).size === r.length, { message: 'must not repeat a role' }),
    birthDate: z.iso
      .date()
      .refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), { message: 'must be a past date after 1900' })
      .optional(),
    expiresIn: isoDuration.optional().meta({ description: 'How long the link works (ISO 8601, at most P30D); default INVITATION_TTL (P7D).' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.roles.includes('student') && v.birthDate === undefined) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'is required for a student' });
  })
  .meta({ id: 'Invite' });

export const invitationSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    email: z.string(),
    name: z.string(),
    locale: z.string(),
    roles: z.array(role),
    birthDate: z.string().nullable(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.string(),
    expiresAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    userId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });

export const invitedSchema = invitationSchema
  .extend({
    delivery: z.enum(['sent', 'failed', 'not_configured']).meta({ description: 'Whether the SMTP server took the e-mail.' }),
    link: z.string().optional().meta({
      description: 'The invitation link, only when no SMTP server is configured (hand it over yourself); shown once.',
    }),
  })
  .meta({ id: 'Invited' });

export const invitationPageSchema = z.object({ items: z.array(invitationSchema), ...pageInfo }).meta({ id: 'InvitationPage' });

export const listInvitationsQuery = z
  .object({
    organizationId: resourceId.optional().meta({ description: 'Admins only; others always see their own organisation.' }),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional(),
    ...paginationQuery,
  })
  .strict();

export const acceptInvitationRequest = z
  .object({ token: z.string().regex(secretPattern('invitation'), 'is not an invitation token'), password })
  .strict()
  .meta({ id: 'AcceptInvitation' });

export const resetRequest = z.object({ email: emailField }).strict().meta({ id: 'RequestPasswordReset' });
export const completeResetRequest = z
  .object({ token: z.string().regex(secretPattern('passwordReset'), 'is not a password reset token'), password })
  .strict()
  .meta({ id: 'CompletePasswordReset' });

export const securityEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(securityEventTypes),
    userId: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SecurityEvent' });

export const securityEventPageSchema = z.object({ items: z.array(securityEventSchema), ...pageInfo }).meta({ id: 'SecurityEventPage' });

export const listSecurityEventsQuery = z
  .object({
    type: z.enum(securityEventTypes).optional(),
    userId: z.string().max(200).optional(),
    email: z.string().trim().max(254).optional(),
    ...paginationQuery,
  })
  .strict();

export const createServiceAccountRequest = z
  .object({
    organizationId: resourceId,
    name: displayText(200),
    scopes: z.array(z.enum(serviceScopeNames)).min(1).max(serviceScopeNames.length),
  })
  .strict()
  .meta({ id: 'CreateServiceAccount' });

export const serviceAccountSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    tokens: z.array(z.object({ id: z.string(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime(), revokedAt: z.iso.datetime().nullable() })),
  })
  .meta({ id: 'ServiceAccount' });

export const serviceAccountListSchema = z.object({ items: z.array(serviceAccountSchema), ...pageInfo }).meta({ id: 'ServiceAccountPage' });

export const issueServiceTokenRequest = z
  .object({
    lifetime: isoDuration.optional().meta({ description: 'How long the token works (ISO 8601, at most P1Y); default SERVICE_TOKEN_TTL (P90D).' }),
    overlap: isoDuration.optional().meta({
      description: "Rotation: how long the account's other tokens keep working (PT0S: revoked at once). Omitted: they are left as they are.",
    }),
  })
  .strict()
  .meta({ id: 'IssueServiceToken' });

export const issuedServiceTokenSchema = z
  .object({ id: z.string(), token: z.string().optional().meta({ description: 'Shown once; absent in an idempotent replay.' }), expiresAt: z.iso.datetime() })
  .meta({ id: 'IssuedServiceToken' });

export const idParams = z.object({ id: resourceId }).strict();

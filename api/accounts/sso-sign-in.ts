// Who a verified single sign-on identity is here. No account is ever made without an invitation:
//   1. a credential already linked to this issuer and subject: that person;
//   2. else a credential with the same verified e-mail and no SSO link yet: linked now (the first SSO
//      sign-in of an invited person who set a password);
//   3. else a pending invitation for that e-mail: accepted now, the account linked to the subject and
//      made without a password;
//   4. else refused (403 sso-not-invited).
// The e-mail must be verified by the provider and, when OIDC_ALLOWED_EMAIL_DOMAINS is set, in one of
// those domains; when OIDC_ORGANIZATION_CLAIM is set, that claim must name the account's organisation.
import type { Database } from '../../platform/database';
import type { AccountInvitation } from '../../prisma/generated/client';
import { acceptInvitation } from './accept-invitation';
import { SsoProblem } from './problems';
import { recordSecurityEvent } from './security-events';
import type { SsoSettings, VerifiedIdentity } from './sso-client';

function refuse(slug: string, title: string, detail: string): never {
  throw new SsoProblem(slug, title, detail);
}

export async function resolveSsoIdentity(db: Database, settings: SsoSettings, identity: VerifiedIdentity, address: string): Promise<string> {
  const refused = async (reason: string) =>
    recordSecurityEvent(db, { type: 'sso_refused', email: identity.email, address, detail: { reason, issuer: identity.issuer, subject: identity.subject } });

  const linked = await db.accountCredential.findUnique({
    where: { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } },
    include: { user: true },
  });
  if (linked) {
    if (!linked.user.active) {
      await refused('inactive');
      refuse('sso-account-inactive', 'Account deactivated', 'The account linked to this sign-in is deactivated.');
    }
    await checkOrganization(settings, identity, linked.user.organizationId, refused);
    return linked.userId;
  }

  if (!identity.email || !identity.emailVerified) {
    await refused('email_not_verified');
    refuse('sso-email-not-verified', 'E-mail not verified', 'The identity provider did not vouch for an e-mail address; it is needed to find your invitation.');
  }
  const domain = identity.email.split('@')[1] ?? '';
  if (settings.allowedEmailDomains.length > 0 && !settings.allowedEmailDomains.includes(domain)) {
    await refused('domain_not_allowed');
    refuse('sso-domain-not-allowed', 'E-mail domain not allowed', `Single sign-on accepts e-mail addresses of: ${settings.allowedEmailDomains.join(', ')}.`);
  }

  const byEmail = await db.accountCredential.findUnique({ where: { email: identity.email }, include: { user: true } });
  if (byEmail) {
    if (byEmail.oidcSubject) {
      await refused('linked_to_another_identity');
      refuse('sso-already-linked', 'Linked to another identity', 'This account is linked to another single sign-on identity.');
    }
    await checkOrganization(settings, identity, byEmail.user.organizationId, refused);
    await db.accountCredential.update({ where: { userId: byEmail.userId }, data: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } });
    return byEmail.userId;
  }

  const invitation: AccountInvitation | null = await db.accountInvitation.findFirst({
    where: { email: identity.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
  });
  if (!invitation) {
    await refused('not_invited');
    refuse(
      'sso-not-invited',
      'Not invited',
      "No account and no pending invitation has this e-mail address: ask your organisation's secretariat to invite you.",
    );
  }
  await checkOrganization(settings, identity, invitation.organizationId, refused);
  return acceptInvitation(db, invitation, { passwordHash: null, oidcIssuer: identity.issuer, oidcSubject: identity.subject }, address);
}

async function checkOrganization(
  settings: SsoSettings,
  identity: VerifiedIdentity,
  organizationId: string | null,
  refused: (reason: string) => Promise<void>,
): Promise<void> {
  if (!settings.organizationClaim) return;
  const claimed = identity.claims[settings.organizationClaim];
  const values = Array.isArray(claimed) ? claimed.map(String) : claimed === undefined ? [] : [String(claimed)];
  if (organizationId && values.includes(organizationId)) return;
  await refused('organization_mismatch');
  refuse(
    'sso-organization-mismatch',
    'Organisation does not match',
    `The identity provider's ${settings.organizationClaim} claim does not name the organisation you were invited to.`,
  );
}

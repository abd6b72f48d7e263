// Helpers for the account tests: the session cookie out of Set-Cookie, tokens out of e-mailed links,
// and people with passwords and sessions written straight to the database (fixtures, not the API).
import type { Database } from '../../platform/database';
import { hashPassword } from '../../api/accounts/passwords';
import { createSession } from '../../api/accounts/sessions';
import type { AccountsConfig } from '../../platform/config';

/** "af_session=<secret>" from a response's Set-Cookie, ready for a Cookie header; null when absent. */
export function sessionCookieOf(headers: Headers): string | null {
  const header = headers.get('set-cookie');
  const match = /(?:^|,\s*)af_session=(afs_[A-Za-z0-9_-]{43})/.exec(header ?? '');
  return match ? `af_session=${match[1]}` : null;
}

/** The token in the fragment of the first link in an e-mail's text. */
export function linkTokenOf(text: string): { link: string; token: string } {
  const match = /(https?:\/\/\S+#token=(af[ir]_[A-Za-z0-9_-]{43}))/.exec(text);
  if (!match) throw new Error(`no link with a token in: ${text.slice(0, 300)}`);
  return { link: match[1]!, token: match[2]! };
}

export const FIXTURE_PASSWORD = 'correct horse battery staple 42';
let fixtureHash: Promise<string> | undefined;

export function fixturePasswordHash(): Promise<string> {
  fixtureHash ??= hashPassword(FIXTURE_PASSWORD);
  return fixtureHash;
}

/** Gives a user a password credential (FIXTURE_PASSWORD) under `email`. */
export async function giveCredential(db: Database, userId: string, email: string): Promise<void> {
  await db.accountCredential.upsert({
    where: { userId },
    create: { userId, email, passwordHash: await fixturePasswordHash(), passwordChangedAt: new Date() },
    update: { email, passwordHash: await fixturePasswordHash() },
  });
}

/** A fresh session for a user: the Cookie header and the CSRF token. */
export async function sessionFor(db: Database, accounts: AccountsConfig, userId: string): Promise<{ cookie: string; csrfToken: string }> {
  const session = await createSession(db, accounts, userId, 'password', { headers: {}, ip: '127.0.0.1' });
  return { cookie: `af_session=${session.secret}`, csrfToken: session.csrfToken };
}

// The OpenID Connect relying party (openid-client 6): discovery of the configured issuer (once per
// process), the authorization URL with PKCE (S256), state and nonce, and the code exchange that checks
// them. openid-client is an ES module: it is loaded on first use, so processes without single sign-on
// (and test runners that cannot load ES modules) never load it.
import type { AccountsConfig } from '../../platform/config';

type OpenIdClient = typeof import('openid-client');
type Configuration = import('openid-client').Configuration;
export type SsoSettings = NonNullable<AccountsConfig['oidc']>;

let library: Promise<OpenIdClient> | undefined;
const configurations = new Map<string, Promise<Configuration>>();

function openIdClient(): Promise<OpenIdClient> {
  library ??= import('openid-client');
  return library;
}

/** Plain http only for an issuer on loopback (a provider a developer or a test runs locally). */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function configuration(settings: SsoSettings): Promise<Configuration> {
  const key = `${settings.issuerUrl}\n${settings.clientId}`;
  let found = configurations.get(key);
  if (!found) {
    found = (async () => {
      const client = await openIdClient();
      const issuer = new URL(settings.issuerUrl);
      return client.discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })();
    // A failed discovery (the provider was down) is tried again on the next sign-in.
    found.catch(() => configurations.delete(key));
    configurations.set(key, found);
  }
  return found;
}

export interface Handshake {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function startHandshake(settings: SsoSettings): Promise<Handshake> {
  const client = await openIdClient();
  const config = await configuration(settings);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUrl,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, codeVerifier };
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  claims: Record<string, unknown>;
}

/** Exchanges the code (PKCE verifier, state and nonce checked) and answers the ID token's claims. */
export async function finishHandshake(
  settings: SsoSettings,
  callbackQuery: string,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<VerifiedIdentity> {
  const client = await openIdClient();
  const config = await configuration(settings);
  const currentUrl = new URL(settings.redirectUrl);
  currentUrl.search = callbackQuery;
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
    emailVerified: claims.email_verified === true,
    claims,
  };
}

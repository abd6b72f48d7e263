// Certificates' verifiable credentials: JSON canonicalisation (RFC 8785), base58btc, did:key, the
// eddsa-jcs-2022 Data Integrity proof (checked against the W3C algorithm recomputed here step by step
// with Node's crypto), tamper detection, the Open Badges 3.0 shape, the revocation status list and the
// issuer key's configuration or first-start generation.
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeStatusList, certificateNumber } from '../../activities/certification/certificates';
import {
  base58btcDecode,
  base58btcEncode,
  canonicalize,
  certificateCredential,
  certificateCredentialShape,
  identityHash,
  issuerKeyFromPem,
  publicKeyFromVerificationMethod,
  signDocument,
  statusListPosition,
  verifyDocumentProof,
} from '../../activities/certification/credential';
import { generatedKeyPath, loadIssuerKey } from '../../activities/certification/issuer-key';
import pino from 'pino';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const key = issuerKeyFromPem(pem());
const trusted = (method: string) => method === key.verificationMethod;

function credential(k = key) {
  return certificateCredential({
    baseUrl: 'https://certs.example.cn/',
    issuer: { key: k, name: 'Evaluation Body' },
    certificateId: 'c-1',
    number: 'DTE-2026-000042',
    programme: { id: 'dte', name: 'Digital Technology Engineer' },
    domain: 'big-data',
    level: 'junior',
    criteria: 'At least 100 hours of training; exams passed; reviewed.',
    recipient: { identityHash: identityHash('user-7', 'salt-1'), salt: 'salt-1' },
    evidence: [{ name: 'Training record', reference: 'https://training.example.cn/r/1', sha256: 'a'.repeat(64) }],
    validFrom: new Date('2026-03-01T08:00:00.123Z'),
    validUntil: new Date('2029-03-01T08:00:00.123Z'),
    status: { listUrl: 'https://certs.example.cn/v1/certificate-status-lists/1', index: 42 },
  });
}

test('JCS: sorted keys, no whitespace, ECMAScript numbers, nested arrays and objects', () => {
  expect(canonicalize({ b: [3, { z: 1, a: null }], a: 'x', c: 1e21, d: 0.5, e: true })).toBe('{"a":"x","b":[3,{"a":null,"z":1}],"c":1e+21,"d":0.5,"e":true}');
  // RFC 8785 sorts by UTF-16 code units.
  expect(canonicalize({ '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4, '\u00f6': 5 })).toBe('{"\\r":2,"1":3,"ö":5,"€":1,"😀":4}');
  expect(() => canonicalize({ a: Number.NaN })).toThrow();
});

test('base58btc: the known vector and round trips with leading zeros', () => {
  expect(base58btcEncode(Buffer.from('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
  for (const bytes of [[], [0], [0, 0, 1, 2], [255, 254, 0, 7]]) {
    expect([...base58btcDecode(base58btcEncode(Uint8Array.from(bytes)))]).toEqual(bytes);
  }
});

test('did:key: an Ed25519 key is z6Mk..., and its verification method gives the key back', () => {
  expect(key.did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
  expect(key.verificationMethod).toBe(`${key.did}#${key.publicKeyMultibase}`);
  const back = publicKeyFromVerificationMethod(key.verificationMethod)!;
  expect(back.export({ format: 'jwk' })).toEqual(key.publicKey.export({ format: 'jwk' }));
  expect(
    publicKeyFromVerificationMethod('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'),
  ).toBeNull();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  expect(() => issuerKeyFromPem(rsa)).toThrow(/Ed25519/);
});

test('the Open Badges 3.0 credential has the VC 2.0 shape, a hashed subject and a status entry', () => {
  const c = credential();
  expect(certificateCredentialShape.safeParse(signDocument(c, key, new Date())).success).toBe(true);
  expect(c).toMatchObject({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'https://certs.example.cn/v1/certificates/DTE-2026-000042',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Evaluation Body' },
    validFrom: '2026-03-01T08:00:00Z',
    validUntil: '2029-03-01T08:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'identifier', salt: 'salt-1' }],
      achievement: { type: ['Achievement'], achievementType: 'Certificate', criteria: { narrative: expect.any(String) } },
    },
    credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '42' },
  });
  expect(JSON.stringify(c)).not.toContain('user-7');
  expect((c.credentialSubject as { identifier: { identityHash: string }[] }).identifier[0]!.identityHash).toBe(
    'sha256$' + createHash('sha256').update('user-7salt-1').digest('hex'),
  );
});

test('eddsa-jcs-2022: the proof is Ed25519 over SHA-256(JCS(proof options)) || SHA-256(JCS(document))', () => {
  const unsecured = credential();
  const secured = signDocument(unsecured, key, new Date('2026-03-01T08:00:00.999Z'));
  expect(secured.proof).toMatchObject({
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: '2026-03-01T08:00:00Z',
    proofPurpose: 'assertionMethod',
  });
  // The W3C algorithm, step by step, independently of the module's own verifier.
  const { proofValue, ...options } = secured.proof;
  const sha = (v: unknown) => createHash('sha256').update(canonicalize(v)).digest();
  const hashData = Buffer.concat([sha({ ...options, '@context': unsecured['@context'] }), sha(unsecured)]);
  expect(verify(null, hashData, key.publicKey, base58btcDecode(proofValue.slice(1)))).toBe(true);
  expect(verifyDocumentProof(secured, trusted)).toEqual({ ok: true, verificationMethod: key.verificationMethod });
  // Key order does not matter (a JSONB column reorders keys): the canonical form is the same.
  const reordered = JSON.parse(JSON.stringify(secured, Object.keys(secured).sort().reverse()));
  expect(verifyDocumentProof({ ...reordered, ...secured }, trusted).ok).toBe(true);
});

test("one altered byte anywhere, a stranger's key, a forged proof type: verification fails", () => {
  const secured = signDocument(credential(), key, new Date());
  const text = JSON.stringify(secured);
  for (const needle of ['Digital Technology Engineer', '2029-03-01', 'salt-1', 'big-data', '"42"']) {
    const i = text.indexOf(needle) + 1;
    const altered = JSON.parse(text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1));
    expect(verifyDocumentProof(altered, trusted)).toMatchObject({ ok: false, reason: 'the signature does not match the credential' });
  }
  const stranger = issuerKeyFromPem(pem());
  const forged = signDocument(credential(stranger), stranger, new Date());
  expect(verifyDocumentProof(forged, trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a key of this issuer/) });
  expect(verifyDocumentProof(forged, () => true).ok).toBe(true);
  expect(verifyDocumentProof({ ...secured, proof: { ...secured.proof, cryptosuite: 'eddsa-rdfc-2022' } }, trusted).ok).toBe(false);
  const { proof: _proof, ...unsigned } = secured;
  expect(verifyDocumentProof(unsigned, trusted)).toMatchObject({ ok: false, reason: 'the credential has no proof' });
});

test('status list: 131,072 entries, left-most bit first, gzip, multibase base64url', () => {
  const encoded = encodeStatusList([0, 42, 131_071]);
  expect(encoded.startsWith('u')).toBe(true);
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  expect(bits.length).toBe(16_384);
  expect(bits[0]).toBe(0x80);
  expect(bits[5]).toBe(0x20); // 42 = byte 5, bit 2 from the left
  expect(bits[16_383]).toBe(0x01);
  expect(bits.reduce((n, b) => n + (b ? 1 : 0), 0)).toBe(3);
  expect(statusListPosition(131_073)).toEqual({ listId: 2, index: 1 });
  expect(certificateNumber('DTE', new Date('2026-05-01T00:00:00Z'), 42)).toBe('DTE-2026-000042');
});

test('the issuer key: configured, or generated once into DATA_DIR with a warning and reused', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'issuer-key-'));
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  const first = loadIssuerKey({}, dataDir, log);
  const file = generatedKeyPath(dataDir);
  expect(readFileSync(file, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(lines.join('')).toMatch(/generated a new Ed25519 certificate issuer key/);
  const second = loadIssuerKey({}, dataDir, log);
  expect(second.verificationMethod).toBe(first.verificationMethod);
  const configured = pem();
  expect(loadIssuerKey({ issuerKeyPem: configured.replace(/\n/g, '\\n') }, dataDir, log).verificationMethod).toBe(
    issuerKeyFromPem(configured).verificationMethod,
  );
});

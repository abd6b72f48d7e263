// Verifiable credentials for certificates: an Open Badges 3.0 OpenBadgeCredential (W3C Verifiable
// Credentials Data Model 2.0), secured with an embedded Data Integrity proof of the W3C cryptosuite
// `eddsa-jcs-2022` (Ed25519 over the JSON Canonicalization Scheme, RFC 8785). Ed25519 is Node's own
// (OpenSSL); the issuer is identified by a did:key, so any verifier can check a proof offline.
//
// eddsa-jcs-2022 (W3C vc-di-eddsa, section 3.3):
//   proofConfig   = the proof without proofValue, with the document's @context
//   hashData      = SHA-256(JCS(proofConfig)) || SHA-256(JCS(document without proof))
//   proofValue    = "z" + base58btc(Ed25519 signature over hashData)
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { base58 } from '@scure/base';
import { z } from 'zod';
import { canonicalJson } from '../../core/canonical-json';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const CRYPTOSUITE = 'eddsa-jcs-2022' as const;

// ---------------------------------------------------------------------------------------------------
// JSON Canonicalization Scheme (RFC 8785): the system's one canonical JSON (core/canonical-json.ts).

export const canonicalize = canonicalJson;

// ---------------------------------------------------------------------------------------------------
// base58btc (the Bitcoin alphabet), for multibase "z..." values: @scure/base.

export function base58btcEncode(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** Throws on a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array {
  return base58.decode(text);
}

// ---------------------------------------------------------------------------------------------------
// Keys: Ed25519 with did:key identifiers (multicodec ed25519-pub = 0xed 0x01)

const ED25519_PUB_PREFIX = [0xed, 0x01];

export interface IssuerKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** "z6Mk...": the multibase, multicodec public key. */
  publicKeyMultibase: string;
  /** "did:key:z6Mk..." */
  did: string;
  /** "did:key:z6Mk...#z6Mk...": what a proof names as its verificationMethod. */
  verificationMethod: string;
}

export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('the issuer key is not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyMultibase(publicKey: KeyObject): string {
  return 'z' + base58btcEncode(Uint8Array.from([...ED25519_PUB_PREFIX, ...rawPublicKey(publicKey)]));
}

export function issuerKeyFromPem(pem: string): IssuerKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the certificate issuer key must be an Ed25519 private key, not ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  const multibase = publicKeyMultibase(publicKey);
  const did = `did:key:${multibase}`;
  return { privateKey, publicKey, publicKeyMultibase: multibase, did, verificationMethod: `${did}#${multibase}` };
}

/** The public key a did:key verification method names, or null when it is not an Ed25519 did:key. */
export function publicKeyFromVerificationMethod(verificationMethod: string): KeyObject | null {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)#(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(verificationMethod);
  if (!match || match[1] !== match[2]) return null;
  let bytes: Uint8Array;
  try {
    bytes = base58btcDecode(match[1]!.slice(1));
  } catch {
    return null;
  }
  if (bytes.length !== 34 || bytes[0] !== ED25519_PUB_PREFIX[0] || bytes[1] !== ED25519_PUB_PREFIX[1]) return null;
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.slice(2)).toString('base64url') }, format: 'jwk' });
}

// ---------------------------------------------------------------------------------------------------
// Proofs

type JsonObject = Record<string, unknown>;

export interface DataIntegrityProof {
  '@context'?: unknown;
  type: 'DataIntegrityProof';
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function hashData(document: JsonObject, proofConfig: JsonObject): Buffer {
  return Buffer.concat([sha256(canonicalize(proofConfig)), sha256(canonicalize(document))]);
}

/** Adds an eddsa-jcs-2022 proof to an unsecured document (which must not have one). */
export function signDocument<T extends JsonObject>(document: T, key: IssuerKey, created: Date): T & { proof: DataIntegrityProof } {
  if ('proof' in document) throw new Error('the document is already secured');
  const options = {
    type: 'DataIntegrityProof' as const,
    cryptosuite: CRYPTOSUITE,
    created: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: key.verificationMethod,
    proofPurpose: 'assertionMethod' as const,
  };
  const proofConfig = { ...options, '@context': document['@context'] };
  const signature = sign(null, hashData(document, proofConfig), key.privateKey);
  // The proof carries the @context it was made with (eddsa-jcs-2022 §3.3.1, as the W3C test vector's
  // proof does): a verifier rebuilds the proof configuration from the proof alone. Credentials issued
  // before had it only in the signed configuration; verifyDocumentProof still accepts those.
  return { ...document, proof: { ...proofConfig, proofValue: 'z' + base58btcEncode(signature) } };
}

export type ProofCheck = { ok: true; verificationMethod: string } | { ok: false; reason: string; verificationMethod: string | null };

/**
 * Verifies a secured document's eddsa-jcs-2022 proof. `trusted` decides whether the verification method
 * is one of the issuer's keys: a correct signature by a stranger's key proves nothing.
 */
export function verifyDocumentProof(secured: JsonObject, trusted: (verificationMethod: string) => boolean): ProofCheck {
  const { proof, ...document } = secured;
  if (!proof || typeof proof !== 'object' || Array.isArray(proof)) return { ok: false, reason: 'the credential has no proof', verificationMethod: null };
  const { proofValue, ...options } = proof as JsonObject;
  const verificationMethod = typeof options.verificationMethod === 'string' ? options.verificationMethod : null;
  if (options.type !== 'DataIntegrityProof' || options.cryptosuite !== CRYPTOSUITE) {
    return { ok: false, reason: `the proof is not a DataIntegrityProof of cryptosuite ${CRYPTOSUITE}`, verificationMethod };
  }
  if (options.proofPurpose !== 'assertionMethod') return { ok: false, reason: 'the proof purpose is not assertionMethod', verificationMethod };
  if (!verificationMethod) return { ok: false, reason: 'the proof names no verification method', verificationMethod };
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z'))
    return { ok: false, reason: 'the proof value is not base58btc multibase', verificationMethod };
  if ('@context' in options && canonicalize(options['@context']) !== canonicalize(document['@context'])) {
    return { ok: false, reason: "the proof's @context differs from the credential's", verificationMethod };
  }
  if (!trusted(verificationMethod))
    return { ok: false, reason: `the verification method ${verificationMethod} is not a key of this issuer`, verificationMethod };
  const publicKey = publicKeyFromVerificationMethod(verificationMethod);
  if (!publicKey) return { ok: false, reason: 'the verification method is not an Ed25519 did:key', verificationMethod };
  let signature: Uint8Array;
  try {
    signature = base58btcDecode(proofValue.slice(1));
  } catch {
    return { ok: false, reason: 'the proof value is not base58btc', verificationMethod };
  }
  const proofConfig = { ...options, '@context': document['@context'] };
  let valid: boolean;
  try {
    valid = signature.length === 64 && verify(null, hashData(document, proofConfig), publicKey, signature);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, verificationMethod } : { ok: false, reason: 'the signature does not match the credential', verificationMethod };
}

// ---------------------------------------------------------------------------------------------------
// The Open Badges 3.0 credential of a certificate

export interface CertificateCredentialInput {
  baseUrl: string;
  issuer: { key: IssuerKey; name: string };
  certificateId: string;
  number: string;
  programme: { id: string; name: string };
  domain: string;
  level: string;
  /** What a holder had to meet, in words. */
  criteria: string;
  recipient: { identityHash: string; salt: string };
  evidence: { name: string; reference: string; sha256: string }[];
  validFrom: Date;
  validUntil: Date;
  status: { listUrl: string; index: number };
}

const seconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "sha256$<hex>" over identifier + salt, as Open Badges hashes a recipient's identifier. */
export function identityHash(identifier: string, salt: string): string {
  return (
    'sha256$' +
    createHash('sha256')
      .update(identifier + salt, 'utf8')
      .digest('hex')
  );
}

export function certificateCredential(input: CertificateCredentialInput): JsonObject {
  const base = input.baseUrl.replace(/\/+$/, '');
  const achievementId = `${base}/v1/certification-programmes/${encodeURIComponent(input.programme.id)}#${encodeURIComponent(input.domain)}/${input.level}`;
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: `${base}/v1/certificates/${encodeURIComponent(input.number)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${input.programme.name}: ${input.domain} (${input.level})`,
    issuer: { id: input.issuer.key.did, type: ['Profile'], name: input.issuer.name, url: base },
    validFrom: seconds(input.validFrom),
    validUntil: seconds(input.validUntil),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityHash: input.recipient.identityHash, identityType: 'identifier', hashed: true, salt: input.recipient.salt },
      ],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${input.programme.name} — ${input.domain}, ${input.level}`,
        description: `Certificate ${input.number} of the ${input.programme.name} programme, domain ${input.domain}, level ${input.level}.`,
        criteria: { narrative: input.criteria },
        fieldOfStudy: input.domain,
        tag: [input.level],
      },
    },
    evidence: input.evidence.map((e) => ({ id: e.reference, type: ['Evidence'], name: e.name, description: `SHA-256 ${e.sha256}` })),
    credentialStatus: {
      id: `${input.status.listUrl}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl,
    },
    credentialSchema: [{ id: OB_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
  };
}

/** The shape a verifier requires of a certificate credential before looking at its proof. */
export const certificateCredentialShape = z.looseObject({
  '@context': z
    .array(z.string())
    .refine((c) => c[0] === VC_CONTEXT_V2 && c.includes(OB_CONTEXT_V3), 'must start with the VC 2.0 context and include the Open Badges 3.0 one'),
  id: z.string().min(1),
  type: z
    .array(z.string())
    .refine((t) => t.includes('VerifiableCredential') && t.includes('OpenBadgeCredential'), 'must be a VerifiableCredential and an OpenBadgeCredential'),
  issuer: z.looseObject({ id: z.string().min(1) }),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
  credentialSubject: z.looseObject({
    identifier: z.array(z.looseObject({ identityHash: z.string(), salt: z.string().optional() })).min(1),
    achievement: z.looseObject({ id: z.string(), criteria: z.looseObject({}) }),
  }),
  credentialStatus: z.looseObject({ type: z.literal('BitstringStatusListEntry'), statusListIndex: z.string(), statusListCredential: z.string() }),
  proof: z.looseObject({ type: z.string(), verificationMethod: z.string(), proofValue: z.string() }),
});

// ---------------------------------------------------------------------------------------------------
// Bitstring Status List (revocation)

/** 131,072 entries: the W3C minimum list size, which keeps a holder's index private among many. */
export const STATUS_LIST_SIZE = 131_072;

/** The status list a certificate index lives in (1, 2...) and its position there. */
export function statusListPosition(statusListIndex: number): { listId: number; index: number } {
  return { listId: Math.floor(statusListIndex / STATUS_LIST_SIZE) + 1, index: statusListIndex % STATUS_LIST_SIZE };
}

export function statusListUrl(baseUrl: string, listId: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/certificate-status-lists/${listId}`;
}

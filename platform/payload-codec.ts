// The payload codec: Temporal is inside the trust boundary only through this file.
//
// THE RULE: every payload this system hands to Temporal is encrypted and authenticated (AES-256-GCM,
// node:crypto, a 256-bit key named by its key id), and every payload it takes from Temporal must be one
// of those, sealed under a key it holds. Anything else (plain JSON typed into `temporal workflow update
// execute`, a payload sealed under an unknown key, a tampered ciphertext) is REFUSED: decode replaces
// it with a payload in the REFUSED_ENCODING, which no payload converter reads, so the value never
// reaches a workflow, a validator, an activity or the API. Refusing by replacement rather than by
// throwing matters in the worker: a throw from a codec fails the whole workflow activation (a workflow
// task failure, retried forever, the workflow stuck); a payload the converter cannot read fails only the
// one thing that carries it, and the SDK rejects an Update whose arguments cannot be read before it is
// accepted (nothing enters the history). The one exception is explicit: `acceptPlaintext`
// (TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT, off by default) lets unencrypted payloads through, for running
// workflows whose histories were written before encryption.
//
// Rotation: the keyring's first key encrypts; every key decrypts (a payload names its key id).
// Outside the workflow sandbox only: the worker runs codecs on activations, never inside workflow code.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** The encoding of a sealed payload; its data is IV (12 bytes) || ciphertext || tag (16 bytes). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** The encoding a refused payload is replaced with; its data says why, in words. */
export const REFUSED_ENCODING = 'binary/refused-by-codec';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Key ids go into payload metadata and configuration lines: short and plain. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKeyring {
  /** The key that encrypts: the first one configured. */
  encryptionKeyId: string;
  /** Every key that may decrypt, by id (the encryption key included). */
  keys: ReadonlyMap<string, Buffer>;
}

export class PayloadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyError';
  }
}

/**
 * Parses `id1:base64key,id2:base64key` (commas or newlines between entries; `#` starts a comment line
 * in a file). Each key is 32 bytes in base64. Throws PayloadKeyError naming what is wrong, never the key.
 */
export function parsePayloadKeys(text: string): PayloadKeyring {
  const entries = text
    .split(/[,\n]/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (entries.length === 0) throw new PayloadKeyError('no key given (expected id:base64key, the first one encrypts)');
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon).trim() : '';
    const encoded = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (!KEY_ID_PATTERN.test(id)) throw new PayloadKeyError('each entry must be id:base64key with an id of letters, digits, ".", "_" or "-" (at most 64)');
    if (keys.has(id)) throw new PayloadKeyError(`key id "${id}" is given twice`);
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) throw new PayloadKeyError(`key "${id}" must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`);
    keys.set(id, key);
  }
  return { encryptionKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')).trim(), keys };
}

/** A fresh key line for a keyring: `<id>:<32 random bytes in base64>`. */
export function newPayloadKeyLine(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** The additional authenticated data: the key id is bound to the ciphertext, so it cannot be swapped. */
function aad(keyId: string): Buffer {
  return Buffer.from(`allianceflow/payload/v1/${keyId}`, 'utf8');
}

function utf8(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
}

function refused(reason: string): Payload {
  return { metadata: { [METADATA_ENCODING_KEY]: Buffer.from(REFUSED_ENCODING) }, data: Buffer.from(reason, 'utf8') };
}

export function isRefusedPayload(payload: Payload): boolean {
  return utf8(payload.metadata?.[METADATA_ENCODING_KEY]) === REFUSED_ENCODING;
}

export interface PayloadCodecOptions {
  /** Let unencrypted payloads through on decode (legacy histories only). Encode always encrypts. */
  acceptPlaintext: boolean;
}

export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keyring: PayloadKeyring,
    private readonly options: PayloadCodecOptions,
  ) {
    if (!keyring.keys.has(keyring.encryptionKeyId)) throw new PayloadKeyError('the encryption key is not in the keyring');
  }

  get encryptionKeyId(): string {
    return this.keyring.encryptionKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.encryptionKeyId;
    const key = this.keyring.keys.get(keyId)!;
    return payloads.map((payload) => {
      // The whole payload, its metadata (encoding, message type) included, is sealed.
      const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(keyId));
      const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keyId) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    const encoding = utf8(payload.metadata?.[METADATA_ENCODING_KEY]);
    if (encoding !== ENCRYPTED_ENCODING) {
      if (this.options.acceptPlaintext && encoding !== REFUSED_ENCODING) return payload;
      return refused('refused: the payload is not encrypted (AllianceFlow accepts only payloads sealed with its payload key)');
    }
    const keyId = utf8(payload.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = this.keyring.keys.get(keyId);
    if (!key) return refused('refused: the payload is sealed with a key this process does not hold');
    const data = payload.data ? Buffer.from(payload.data) : Buffer.alloc(0);
    if (data.length < IV_BYTES + TAG_BYTES) return refused('refused: the payload failed authentication');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      const inner = temporal.api.common.v1.Payload.decode(plaintext);
      return { metadata: inner.metadata ?? {}, data: inner.data ?? new Uint8Array() };
    } catch {
      // GCM's tag check failed (tampered data, wrong key, swapped key id) or the sealed bytes were no payload.
      return refused('refused: the payload failed authentication');
    }
  }
}

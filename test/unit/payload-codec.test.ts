// The payload codec's rule (platform/payload-codec.ts): what it seals it opens; everything else, an
// unknown key, a tampered byte, a swapped key id or a plaintext payload, comes back refused, never
// passed through (unless the plaintext migration switch is on, and then only plaintext).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import {
  ENCRYPTED_ENCODING,
  isRefusedPayload,
  KEY_ID_METADATA,
  newPayloadKeyLine,
  PayloadEncryptionCodec,
  PayloadKeyError,
  parsePayloadKeys,
} from '../../platform/payload-codec';
import { generatedPayloadKeysPath, loadPayloadKeyring } from '../../platform/payload-keys';

const oldKey = newPayloadKeyLine('2025-key');
const newKey = newPayloadKeyLine('2026-key');
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const codecOf = (keys: string, acceptPlaintext = false) => new PayloadEncryptionCodec(parsePayloadKeys(keys), { acceptPlaintext });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

test('a payload round-trips, and what Temporal stores is neither the value nor its encoding', async () => {
  const codec = codecOf(newKey);
  const value = { student: 'Zhang Xiaoming', age: 17, guardian: 'Zhang Wei' };
  const [sealed] = await codec.encode([plain(value)]);
  expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('2026-key');
  expect(Buffer.from(sealed!.data!).includes('Zhang')).toBe(false);
  expect(Buffer.from(sealed!.data!).includes('json/plain')).toBe(false);
  const [opened] = await codec.decode([sealed!]);
  expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(value);
});

test('the same value seals differently every time (a fresh IV per payload)', async () => {
  const codec = codecOf(newKey);
  const [a, b] = await codec.encode([plain('same'), plain('same')]);
  expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
});

test('rotation: the first key encrypts, every key decrypts', async () => {
  const before = codecOf(oldKey);
  const [sealedBefore] = await before.encode([plain('signed in 2025')]);
  const rotated = codecOf(`${newKey},${oldKey}`);
  const [sealedAfter] = await rotated.encode([plain('signed in 2026')]);
  expect(text(sealedAfter!.metadata![KEY_ID_METADATA])).toBe('2026-key');
  const opened = await rotated.decode([sealedBefore!, sealedAfter!]);
  expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['signed in 2025', 'signed in 2026']);
  // A process that never got the new key cannot read what was sealed with it.
  const [unreadable] = await before.decode([sealedAfter!]);
  expect(isRefusedPayload(unreadable!)).toBe(true);
});

test('an unknown key id is refused', async () => {
  const [sealed] = await codecOf(oldKey).encode([plain('x')]);
  const [decoded] = await codecOf(newKey).decode([sealed!]);
  expect(isRefusedPayload(decoded!)).toBe(true);
  expect(() => defaultPayloadConverter.fromPayload(decoded!)).toThrow(/Unknown encoding: binary\/refused-by-codec/);
});

test('a tampered ciphertext, a tampered tag, a truncated payload and a swapped key id are refused', async () => {
  const codec = codecOf(`${newKey},${oldKey}`);
  const [sealed] = await codec.encode([plain({ signedBy: 'user-1' })]);
  const data = Buffer.from(sealed!.data!);
  const flipped = (index: number) => {
    const copy = Buffer.from(data);
    copy[index] = copy[index]! ^ 0x01;
    return { metadata: sealed!.metadata, data: copy };
  };
  const swappedKeyId = { metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('2025-key') }, data };
  const truncated = { metadata: sealed!.metadata, data: data.subarray(0, 20) };
  const decoded = await codec.decode([flipped(20), flipped(data.length - 1), flipped(0), truncated, swappedKeyId]);
  expect(decoded.map(isRefusedPayload)).toEqual([true, true, true, true, true]);
  expect(decoded.map((p) => text(p.data))).toEqual(Array(5).fill('refused: the payload failed authentication'));
});

test('a plaintext payload (what `temporal workflow update execute --input` sends) is refused, not passed through', async () => {
  const forged = plain({ actor: { userId: 'forged-user' } });
  const [decoded] = await codecOf(newKey).decode([forged]);
  expect(isRefusedPayload(decoded!)).toBe(true);
  expect(text(decoded!.data)).toMatch(/not encrypted/);
  expect(text(decoded!.data)).not.toMatch(/forged-user/);
});

test('the migration switch lets plaintext through, but still refuses a tampered sealed payload, and still encrypts', async () => {
  const codec = codecOf(newKey, true);
  const [legacy] = await codec.decode([plain({ written: 'before encryption' })]);
  expect(defaultPayloadConverter.fromPayload(legacy!)).toEqual({ written: 'before encryption' });
  const [sealed] = await codec.encode([plain('new')]);
  expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  const tampered = { metadata: sealed!.metadata, data: Buffer.concat([Buffer.from(sealed!.data!), Buffer.from([0])]) };
  const [decoded] = await codec.decode([tampered]);
  expect(isRefusedPayload(decoded!)).toBe(true);
});

test('key configuration: malformed lines are refused with the reason and never the key', () => {
  const secret = Buffer.alloc(16, 7).toString('base64');
  expect(() => parsePayloadKeys(`short:${secret}`)).toThrow(PayloadKeyError);
  expect(() => parsePayloadKeys(`short:${secret}`)).toThrow(/must be 32 random bytes/);
  expect(() => parsePayloadKeys('')).toThrow(/no key given/);
  expect(() => parsePayloadKeys(`bad id:${Buffer.alloc(32).toString('base64')}`)).toThrow(/each entry must be id:base64key/);
  expect(() => parsePayloadKeys(`${newKey},${newKey}`)).toThrow(/given twice/);
  expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEYS: `k:${secret}` })).toThrow(/TEMPORAL_PAYLOAD_KEYS: key "k" must be 32 random bytes/);
  try {
    loadConfig({ TEMPORAL_PAYLOAD_KEYS: `k:${secret}` });
  } catch (error) {
    expect(String(error)).not.toContain(secret);
  }
  expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEYS: newKey, TEMPORAL_PAYLOAD_KEYS_FILE: '/etc/keys' })).toThrow(/not both/);
  expect(() => loadConfig({ TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT: 'maybe' })).toThrow(/TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT/);
  const config = loadConfig({ TEMPORAL_PAYLOAD_KEYS: `${newKey},${oldKey}` });
  expect(config.payloadCodec.keys?.encryptionKeyId).toBe('2026-key');
  expect([...config.payloadCodec.keys!.keys.keys()]).toEqual(['2026-key', '2025-key']);
  expect(config.payloadCodec.acceptPlaintext).toBe(false);
});

test('with no key configured, one is generated into DATA_DIR (0600) once, and every process loads the same one', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'payload-keys-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const log = createLogger('payload-keys-test', 'silent');
  const first = loadPayloadKeyring(config, log);
  const second = loadPayloadKeyring(config, log);
  expect(second.encryptionKeyId).toBe(first.encryptionKeyId);
  expect(second.keys.get(second.encryptionKeyId)!.equals(first.keys.get(first.encryptionKeyId)!)).toBe(true);
  const file = generatedPayloadKeysPath(dataDir);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8')).toMatch(/^generated-\d{4}-\d{2}-\d{2}:/m);
  // A key file in the same format is read as configured.
  const fromFile = loadPayloadKeyring(loadConfig({ TEMPORAL_PAYLOAD_KEYS_FILE: file }), log);
  expect(fromFile.encryptionKeyId).toBe(first.encryptionKeyId);
});

// Webhook signing checked against an independent verifier (the npm `standardwebhooks` package), plus
// the pure parts of delivery: target classification, retry classification and the backoff.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import fc from 'fast-check';
import { classifyStatus } from '../../activities/notifications/webhooks/attempt';
import { newWebhookSecret, signature, signedHeaders } from '../../activities/notifications/webhooks/signing';
import { addressAllowed, assertTargetAllowed, classifyAddress, TargetRefusedError } from '../../activities/notifications/webhooks/targets';
import { backoffMs } from '../../workflows/webhook-delivery/backoff';

const body = JSON.stringify({ id: 'msg_1', type: 'agreement.completed', data: { title: '联盟章程 "A&B"' } });

test('a signature made with one secret verifies with standardwebhooks', () => {
  const secret = newWebhookSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  const headers = signedHeaders('msg_1', new Date(), body, [secret]);
  expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
});

test('the signature is base64 HMAC-SHA256 over "id.timestamp.body" (the known Standard Webhooks vector)', () => {
  // From the Standard Webhooks reference libraries' tests.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const payload = '{"test": 2432232314}';
  expect(signature(secret, id, timestamp, payload)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

test('during a rotation every active secret signs, and a verifier holding either one accepts', () => {
  const [oldSecret, newSecret, stranger] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
  const headers = signedHeaders('msg_2', new Date(), body, [newSecret, oldSecret]);
  expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
  expect(() => new Webhook(oldSecret).verify(body, { ...headers })).not.toThrow();
  expect(() => new Webhook(newSecret).verify(body, { ...headers })).not.toThrow();
  expect(() => new Webhook(stranger).verify(body, { ...headers })).toThrow(WebhookVerificationError);
});

test('any change to id, timestamp or body breaks the signature (property)', () => {
  const secret = newWebhookSecret();
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string(), (id, text) => {
      const payload = JSON.stringify({ text });
      const headers = signedHeaders(`msg_${id}`, new Date(), payload, [secret]);
      const verifier = new Webhook(secret);
      expect(() => verifier.verify(payload, { ...headers })).not.toThrow();
      expect(() => verifier.verify(payload + ' ', { ...headers })).toThrow(WebhookVerificationError);
      expect(() => verifier.verify(payload, { ...headers, 'webhook-id': `msg_${id}x` })).toThrow(WebhookVerificationError);
      const shifted = String(Number(headers['webhook-timestamp']) - 1);
      expect(() => verifier.verify(payload, { ...headers, 'webhook-timestamp': shifted })).toThrow(WebhookVerificationError);
    }),
    { numRuns: 50 },
  );
});

test('a stale timestamp is refused by the receiver library (replay protection)', () => {
  const secret = newWebhookSecret();
  const headers = signedHeaders('msg_3', new Date(Date.now() - 10 * 60 * 1000), body, [secret]);
  expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow(/too old/i);
});

test('addresses: loopback and private ranges are told apart from public ones', () => {
  expect(classifyAddress('127.0.0.1')).toBe('loopback');
  expect(classifyAddress('::1')).toBe('loopback');
  for (const ip of [
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    'fc00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ]) {
    expect([ip, classifyAddress(ip)]).toEqual([ip, ip === '::ffff:127.0.0.1' ? 'loopback' : 'private']);
  }
  expect(classifyAddress('93.184.216.34')).toBe('public');
  expect(classifyAddress('2606:4700::1111')).toBe('public');
  const strict = { allowLoopback: false, allowPrivateNetworks: false };
  expect(addressAllowed('127.0.0.1', strict)).toBe(false);
  expect(addressAllowed('127.0.0.1', { ...strict, allowLoopback: true })).toBe(true);
  expect(addressAllowed('10.0.0.1', { ...strict, allowLoopback: true })).toBe(false);
});

test('URLs: only http(s), no credentials, no loopback or private targets unless allowed', async () => {
  const strict = { allowLoopback: false, allowPrivateNetworks: false };
  await expect(assertTargetAllowed('ftp://example.org/x', strict)).rejects.toThrow(TargetRefusedError);
  await expect(assertTargetAllowed('https://user:pw@93.184.216.34/', strict)).rejects.toThrow(/credentials/);
  await expect(assertTargetAllowed('http://127.0.0.1:8080/hook', strict)).rejects.toThrow(/loopback/);
  await expect(assertTargetAllowed('http://localhost:8080/hook', strict)).rejects.toThrow(/loopback/);
  await expect(assertTargetAllowed('http://[::1]/hook', strict)).rejects.toThrow(/loopback/);
  await expect(assertTargetAllowed('http://169.254.169.254/latest/meta-data', strict)).rejects.toThrow(/private/);
  await expect(assertTargetAllowed('http://10.0.0.5/hook', { ...strict, allowLoopback: true })).rejects.toThrow(/private/);
  await expect(assertTargetAllowed('http://127.0.0.1:8080/hook', { ...strict, allowLoopback: true })).resolves.toBeInstanceOf(URL);
  await expect(assertTargetAllowed('https://93.184.216.34/hook', strict)).resolves.toBeInstanceOf(URL);
});

test('answers: 2xx delivers, 4xx stops except 408 and 429, the rest retries', () => {
  expect([200, 201, 204].map(classifyStatus)).toEqual(['delivered', 'delivered', 'delivered']);
  expect([400, 401, 404, 410, 422].map(classifyStatus)).toEqual(['stop', 'stop', 'stop', 'stop', 'stop']);
  expect([408, 429, 500, 502, 503, 301, 0].map(classifyStatus)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry']);
});

test('backoff grows exponentially up to the maximum, jittered within the upper half of each step', () => {
  const policy = { initialMs: 30_000, maximumMs: 2 * 3600_000 };
  expect(backoffMs(1, policy, 0)).toBe(15_000);
  expect(backoffMs(1, policy, 1)).toBe(30_000);
  expect(backoffMs(4, policy, 1)).toBe(240_000);
  expect(backoffMs(20, policy, 1)).toBe(7_200_000);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, random) => {
      const step = Math.min(policy.maximumMs, policy.initialMs * 2 ** (attempt - 1));
      const wait = backoffMs(attempt, policy, random);
      return wait >= step / 2 - 1 && wait <= step + 1;
    }),
  );
  // The production defaults (12 attempts) spread over hours.
  const total = Array.from({ length: 11 }, (_, i) => backoffMs(i + 1, policy, 0.5)).reduce((a, b) => a + b, 0);
  expect(total / 3600_000).toBeGreaterThan(4);
});

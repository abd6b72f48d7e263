// Standard Webhooks signing (https://www.standardwebhooks.com): the receiver gets `webhook-id`,
// `webhook-timestamp` (unix seconds) and `webhook-signature`, a space-separated list of
// `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one per active secret, so a receiver that
// still holds the old secret during a rotation verifies as well as one that already has the new one.
// The signatures are made by the `standardwebhooks` package, the specification's own library, so what
// we send is what receivers using it verify.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes, written `whsec_<base64>`. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) throw new Error('a webhook secret must hold at least 16 bytes');
  return key;
}

/** `v1,<base64 signature>` of one message under one secret. */
export function signature(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  secretKey(secret); // refuses a secret shorter than 16 bytes, which the package would take
  return new Webhook(secret).sign(messageId, new Date(timestampSeconds * 1000), body);
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers, signed with every given secret (newest first). */
export function signedHeaders(messageId: string, at: Date, body: string, secrets: readonly string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error('no active webhook secret to sign with');
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signature(secret, messageId, timestamp, body)).join(' '),
  };
}

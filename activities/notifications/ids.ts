// Deterministic ids. Everything a notification writes or sends is named from the event id plus the
// recipient or endpoint, so a retried activity (or a retried notify after a crash) lands on the same
// rows, the same Message-ID and the same workflow ids instead of making new ones.
import { createHash } from 'node:crypto';

function digest(parts: string[]): string {
  // Length-prefixed parts: ("a/b", "c") and ("a", "b/c") must not collide.
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:${part}\n`);
  return hash.digest('hex');
}

/** A UUID-shaped id (version nibble 8, "custom", RFC 9562) derived from the parts. */
export function derivedId(...parts: string[]): string {
  const hex = digest(parts);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const notificationIds = {
  inbox: (eventId: string, userId: string) => derivedId('inbox', eventId, userId),
  email: (eventId: string, userId: string) => derivedId('email', eventId, userId),
  /** RFC 5322 Message-ID: the same for every retry, so mail systems can collapse a duplicate too. */
  emailMessageId: (eventId: string, userId: string) => `<${digest(['email', eventId, userId]).slice(0, 40)}@allianceflow>`,
  /** The `webhook-id` header and the payload's `id`: one per event, the receivers' deduplication key. */
  webhookMessage: (eventId: string) => `msg_${digest(['webhook-message', eventId]).slice(0, 32)}`,
  webhookDelivery: (endpointId: string, eventId: string) => derivedId('webhook-delivery', endpointId, eventId),
};

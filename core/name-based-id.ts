// Stable UUID-shaped ids derived from names or digests. In core because the API (idempotent creates, seed
// data) and activities (offers of a matching round, a transfer's follow-on placement) must derive the same
// id from the same name. Workflow-safe: SHA-256 comes from @noble/hashes, not node:crypto.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A UUID-shaped id from a SHA-256 hex digest (version nibble 8: "custom", RFC 9562), for id columns. */
export function uuidFromDigest(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A stable UUID for a name (seed data, fixtures, offers): the same name gives the same id everywhere. */
export function nameBasedId(name: string): string {
  return uuidFromDigest(bytesToHex(sha256(utf8ToBytes(name))));
}

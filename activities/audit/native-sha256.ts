// SHA-256 from Node's crypto for the audit chain's hashes outside workflows: the digest core/audit's
// JavaScript one gives (test/unit/agreement-audit-chain.test.ts compares them), at a small fraction of its
// CPU (about 2 µs against 90-180 µs for a 1 KB entry on this project's 2-core machines).
import { createHash } from 'node:crypto';
import type { Sha256Hex } from '../../core/audit/audit-chain';

export const nativeSha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

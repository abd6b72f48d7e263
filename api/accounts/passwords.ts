// Password hashing and the password policy. argon2id with OWASP's current minimum parameters (Password
// Storage Cheat Sheet: m=19456 KiB, t=2, p=1), through @node-rs/argon2 (a prebuilt binary from the
// registry, no install script). The PHC string keeps its parameters, so raising them later still
// verifies old hashes; `needsRehash` tells sign-in to upgrade such a hash.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';

// Algorithm.Argon2id is an ambient const enum (2), which isolatedModules cannot read.
export const ARGON2_PARAMETERS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** No upper bound would let one request make the server hash megabytes; 256 is far above any passphrase. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_PARAMETERS);
}

/** False for a wrong password and for a malformed stored hash (never throws on bad input). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

export function needsRehash(storedHash: string): boolean {
  const p = ARGON2_PARAMETERS;
  return !storedHash.startsWith(`$argon2id$v=19$m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}$`);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real verification when there is no account to verify against, so the answer for
 * an unknown e-mail takes as long as the one for a wrong password (no account enumeration by timing).
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('allianceflow-no-such-account-' + Math.random().toString(36));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, minLength: number, context: { email?: string | null } = {}): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < minLength) return `must be at least ${minLength} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (isCommonPassword(password)) return 'is one of the most commonly used passwords; choose another';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return 'must not contain your e-mail address';
  return null;
}

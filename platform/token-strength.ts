// What a configured bearer secret (ADMIN_TOKEN, METRICS_TOKEN) must be. Two things are checked: that
// the value can authenticate at all (the bearer parser in api/auth/tokens.ts accepts only RFC 6750
// token68 characters, 10 to 200 of them: a value with a space, a quote or 300 characters would be
// accepted here and then never match any request), and that it is not guessable: long, and varied
// enough that it cannot be a repeated character, a short pattern or a keyboard run.

/** RFC 6750 b64token: letters, digits and - . _ ~ + / with optional trailing '=' padding. */
export const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9._~+/-]+=*$/;
export const BEARER_TOKEN_MAX_LENGTH = 200;
export const STRONG_TOKEN_MIN_LENGTH = 32;
/** Estimated bits (Shannon entropy of the value's own characters times its length). */
export const STRONG_TOKEN_MIN_BITS = 128;

export const STRONG_TOKEN_RULE =
  `must be ${STRONG_TOKEN_MIN_LENGTH} to ${BEARER_TOKEN_MAX_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / ` +
  `('=' only at the end), random (at least ${STRONG_TOKEN_MIN_BITS} bits of estimated entropy, not a run or a repeat); ` +
  'generate one with `openssl rand -base64 32` or `openssl rand -hex 32`';

/** Shannon entropy of the character frequencies, times the length: an upper bound for patterned values. */
function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * value.length;
}

/** Neighbours that repeat or step by one code point ("aaaa", "abcd", "4321"): typed, not generated. */
function patternedFraction(value: string): number {
  let patterned = 0;
  for (let i = 1; i < value.length; i++) {
    if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) <= 1) patterned++;
  }
  return patterned / Math.max(1, value.length - 1);
}

/** Why the value is not a strong bearer token, or null when it is. */
export function weakTokenReason(value: string): string | null {
  if (value.length < STRONG_TOKEN_MIN_LENGTH) return `too short (${value.length} characters)`;
  if (value.length > BEARER_TOKEN_MAX_LENGTH) return `too long (${value.length} characters): the bearer parser would never accept it`;
  if (!BEARER_TOKEN_PATTERN.test(value)) return 'contains characters a bearer token cannot carry';
  // A random value of a 16-symbol alphabet scores ~3.9 bits a character; 'abcabc…' scores log2(3).
  if (estimatedBits(value) < STRONG_TOKEN_MIN_BITS) return 'too little variety to be random';
  // Random text steps by at most one code point about 3 times in 16 (hex); half is far past chance.
  if (patternedFraction(value) > 0.5) return 'a run or a repeat, not random';
  return null;
}

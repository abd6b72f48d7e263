// The one canonical JSON of the system: the JSON Canonicalization Scheme (RFC 8785), by the
// `canonicalize` package (its reference implementation's author). Object keys sorted by UTF-16 code
// units, no whitespace, numbers and strings as ECMAScript serialises them. Two equal values always give
// the same text however their keys were ordered (a JSONB column, for one, does not keep the order).
//
// Used for what is hashed or signed: the audit chain and agreement seals (core/audit/audit-chain.ts),
// certificates' eddsa-jcs-2022 proofs (activities/certification/credential.ts) and the request hash of
// an Idempotency-Key (api/idempotency.ts). Workflow-safe: pure code, no Node modules.
//
// As JSON.stringify does: an object member whose value is undefined (or a function) is left out, an
// array element that is undefined is null, a value with toJSON (a Date) is serialised as what it returns.
// Refused with a TypeError: a value that is not JSON at all (undefined, a function), NaN and the
// infinities, a bigint, a lone surrogate in a string (RFC 8785 §3.2.2.2), a cycle.
import canonicalize from 'canonicalize';

export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`canonicalJson: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  return text;
}

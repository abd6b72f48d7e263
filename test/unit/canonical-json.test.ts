// The one canonical JSON (core/canonical-json.ts, RFC 8785 by the `canonicalize` package) replaced three
// hand-written ones. What was hashed or signed with them must still verify, so the new one must give
// the same bytes for every value they were given: checked against the three as they were (copied below,
// verbatim) on generated JSON values and on every payload of the recorded workflow histories, and by
// recomputing the seals of the recorded agreements from their recorded state.
import fc from 'fast-check';
import { canonicalJson } from '../../core/canonical-json';
import { computeSeal, type SignatureRecord } from '../../core/agreement-signing/seal';
import { loadHistories } from '../support/histories';

/** core/audit/audit-chain.ts (audit chain, agreement seals, audit signatures) before the change. */
function auditChainCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    if (typeof value === 'bigint') throw new TypeError('canonicalJson: bigint is not JSON');
    return JSON.stringify(value) ?? 'null';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return auditChainCanonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : auditChainCanonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
    .sort()
    .map((key) => `${JSON.stringify(key)}:${auditChainCanonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** activities/certification/credential.ts (certificates' eddsa-jcs-2022 proofs) before the change. */
function credentialCanonicalize(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('JCS: non-finite number');
    if (value === undefined || typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') {
      throw new TypeError(`JCS: ${typeof value} is not JSON`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(credentialCanonicalize).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${credentialCanonicalize(record[k])}`).join(',')}}`;
}

/** api/idempotency.ts (the request hash of an Idempotency-Key) before the change. */
function idempotencyCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(idempotencyCanonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${idempotencyCanonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function expectSameAsBefore(value: unknown): void {
  const now = canonicalJson(value);
  expect(auditChainCanonicalJson(value)).toBe(now);
  expect(credentialCanonicalize(value)).toBe(now);
  expect(idempotencyCanonicalJson(value)).toBe(now);
}

test('RFC 8785: sorted keys by UTF-16 code units, ECMAScript numbers, no whitespace', () => {
  expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', c: 1e21, d: 0.5, e: true, f: -0, g: 1e-7 })).toBe(
    '{"a":"x","b":[3,{"a":null,"z":1}],"c":1e+21,"d":0.5,"e":true,"f":0,"g":1e-7}',
  );
  // RFC 8785 §3.2.3: keys sorted by UTF-16 code units (the emoji's high surrogate after €).
  expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4, '\u00f6': 5 })).toBe('{"\\r":2,"1":3,"ö":5,"€":1,"😀":4}');
  expect(canonicalJson({ a: undefined, b: [undefined], d: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"b":[null],"d":"2026-01-02T00:00:00.000Z"}');
  for (const bad of [undefined, Number.NaN, Number.POSITIVE_INFINITY, 1n, { s: 'lone \ud800' }]) expect(() => canonicalJson(bad)).toThrow(TypeError);
});

test('the same bytes as each of the three it replaces, for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => expectSameAsBefore(value)),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
      ),
      (value) => expectSameAsBefore(value),
    ),
    { numRuns: 1000 },
  );
});

/** Every JSON payload of the recorded histories (workflow inputs and state, activity inputs and results). */
function recordedPayloads(): unknown[] {
  const values: unknown[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.data === 'string' && record.metadata && typeof record.metadata === 'object') {
      const encoding = (record.metadata as Record<string, unknown>).encoding;
      const text = (s: unknown) =>
        typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : s instanceof Uint8Array ? Buffer.from(s).toString('utf8') : '';
      if (text(encoding) === 'json/plain') values.push(JSON.parse(text(record.data)));
    }
    Object.values(record).forEach(walk);
  };
  for (const { history } of loadHistories())
    walk(JSON.parse(JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))));
  return values;
}

test('the same bytes for every payload of the recorded histories', () => {
  const payloads = recordedPayloads();
  expect(payloads.length).toBeGreaterThan(500);
  for (const payload of payloads) expectSameAsBefore(payload);
});

test('the seals of the recorded effective agreements recompute from their recorded state', () => {
  type Party = {
    partyId: string;
    role: 'signer' | 'approver';
    kind: string;
    organizationId: string | null;
    delegatedTo: string | null;
    action: { step: string; by: string; at: string } | null;
  };
  type State = { agreementId: string; version: number; documentSha256: string; parties: Party[]; seal: string | null };
  const objects: Record<string, unknown>[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    objects.push(node as Record<string, unknown>);
    Object.values(node).forEach(collect);
  };
  recordedPayloads().forEach(collect);
  // The workflow hands the seal and the audit head it covers to the activity that records them.
  const heads = new Map(
    objects
      .filter((o) => typeof o.seal === 'string' && o.auditHead && o.agreementId)
      .map((o) => [o.seal as string, o.auditHead as { sequence: number; hash: string }]),
  );
  const sealed = objects.filter(
    (o): o is State & Record<string, unknown> => typeof o.seal === 'string' && Array.isArray(o.parties) && Array.isArray(o.versions),
  );
  let checked = 0;
  for (const state of sealed) {
    const auditHead = heads.get(state.seal!);
    if (!auditHead) continue;
    const signatures: SignatureRecord[] = state.parties
      .filter((p) => p.action && (p.action.step === 'signed' || p.action.step === 'approved'))
      .map((p) => ({
        partyId: p.partyId,
        role: p.role,
        step: p.action!.step as 'signed' | 'approved',
        actedBy: p.action!.by,
        onBehalfOf: p.kind === 'organization' ? p.organizationId : null,
        delegated: p.delegatedTo !== null,
        documentSha256: state.documentSha256,
        at: p.action!.at,
      }));
    expect(computeSeal({ agreementId: state.agreementId, version: state.version, documentSha256: state.documentSha256, signatures, auditHead })).toBe(
      state.seal,
    );
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(2);
});

// The audit hash chain (core/audit/audit-chain.ts): canonical JSON, the chain formula, and verification
// finding the first altered, removed, inserted or reordered entry.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { auditEntryHash, canonicalJson, type ChainedAuditEntry, chainNext, GENESIS_HASH, sha256Hex, verifyChain } from '../../core/audit/audit-chain';
import { nativeSha256Hex } from '../../activities/audit/native-sha256';

function chainOf(count: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    const head = entries[entries.length - 1];
    entries.push(
      chainNext(
        {
          subjectType: 'agreement',
          subjectId: 'agr-1',
          entryKey: `agreement-agr-1/step-${i}`,
          step: i === 0 ? 'launched' : 'signed',
          actor: `user-${i}`,
          occurredAt: new Date(Date.UTC(2026, 2, 1, 0, 0, i)).toISOString(),
          data: { partyId: `p${i}`, version: 1, nested: { b: [1, 'two'], a: null } },
        },
        head,
      ),
    );
  }
  return entries;
}

test("sha256Hex (@noble/hashes, workflow-safe) agrees with node:crypto, and so does the activities' native one", () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(nativeSha256Hex(text)).toBe(sha256Hex(text));
    }),
  );
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  expect(nativeSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('a chain hashed with the native SHA-256 is the chain hashed in JavaScript, and verifies either way', () => {
  const entries = chainOf(4);
  let head: ChainedAuditEntry | undefined;
  const native = entries.map(({ sequence: _s, previousHash: _p, hash: _h, ...fields }) => (head = chainNext(fields, head, nativeSha256Hex)));
  expect(native).toEqual(entries);
  expect(verifyChain(entries, nativeSha256Hex).valid).toBe(true);
  const altered = entries.map((e, i) => (i === 2 ? { ...e, actor: 'someone-else' } : e));
  expect(verifyChain(altered, nativeSha256Hex).firstInvalid).toMatchObject({ sequence: 3, fault: 'hash_mismatch' });
});

test('canonical JSON sorts keys at every depth, drops undefined members and survives a JSON round trip', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  expect(canonicalJson({ 中: '文', a: '"quoted"\n' })).toBe('{"a":"\\"quoted\\"\\n","中":"文"}');
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      // What a JSONB column gives back (keys reordered) canonicalises to the same text.
      const roundTripped = JSON.parse(JSON.stringify(value)) as unknown;
      expect(canonicalJson(roundTripped)).toBe(canonicalJson(value));
    }),
  );
});

test('each hash is SHA-256(canonical entry || previous hash), from the genesis value', () => {
  const [first, second] = chainOf(2);
  expect(first!.sequence).toBe(1);
  expect(first!.previousHash).toBe(GENESIS_HASH);
  const { previousHash: _p, hash: _h, ...fields } = first!;
  expect(first!.hash).toBe(
    createHash('sha256')
      .update(canonicalJson(fields) + GENESIS_HASH, 'utf8')
      .digest('hex'),
  );
  expect(second!.sequence).toBe(2);
  expect(second!.previousHash).toBe(first!.hash);
  expect(second!.hash).toBe(auditEntryHash(second!, first!.hash));
});

test('an intact chain verifies and reports its head', () => {
  const entries = chainOf(5);
  expect(verifyChain(entries)).toEqual({ valid: true, entries: 5, head: { sequence: 5, hash: entries[4]!.hash }, firstInvalid: null });
  expect(verifyChain([])).toEqual({ valid: true, entries: 0, head: null, firstInvalid: null });
});

test('verification fails at the first altered entry', () => {
  const entries = chainOf(5);
  const tampered = entries.map((e) => (e.sequence === 3 ? { ...e, actor: 'mallory' } : e));
  expect(verifyChain(tampered)).toMatchObject({ valid: false, head: null, firstInvalid: { sequence: 3, fault: 'hash_mismatch' } });
  const dataChanged = entries.map((e) => (e.sequence === 2 ? { ...e, data: { ...e.data, partyId: 'p9' } } : e));
  expect(verifyChain(dataChanged).firstInvalid).toMatchObject({ sequence: 2, fault: 'hash_mismatch' });
});

test('verification fails where an entry was removed, rehashed or reordered', () => {
  const entries = chainOf(5);
  expect(verifyChain(entries.filter((e) => e.sequence !== 3)).firstInvalid).toMatchObject({ sequence: 4, fault: 'sequence_gap' });
  // Altered and rehashed in place: its own hash fits, the next entry's link does not.
  const altered = { ...entries[2]!, actor: 'mallory' };
  const rehashed = [...entries.slice(0, 2), { ...altered, hash: auditEntryHash(altered, altered.previousHash) }, ...entries.slice(3)];
  expect(verifyChain(rehashed).firstInvalid).toMatchObject({ sequence: 4, fault: 'previous_hash_mismatch' });
  const swapped = [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)];
  expect(verifyChain(swapped).firstInvalid).toMatchObject({ sequence: 3, fault: 'sequence_gap' });
});

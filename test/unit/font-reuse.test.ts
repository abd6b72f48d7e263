// activities/printable/font-reuse.ts keeps a font's layouts and subset encodings across documents: what
// it hands back must be exactly what the font computes afresh, and a caller changing a run (pdfkit scales
// its positions in place) must not change the next caller's.
import { createHash } from 'node:crypto';
import { CJK_FONT_FILES } from '../../activities/printable/pdf';
import { type ReusableFont, reuseAcrossDocuments } from '../../activities/printable/font-reuse';
import { completionCertificatePdf } from '../../activities/documents/completion-certificate-pdf';
import type { CompletionCertificate } from '../../activities/documents/completion-certificate';

// pdfkit's own dependency, opened here the way pdfkit opens it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { openSync(file: string, face: string): ReusableFont };

interface Run {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
}

const { file, face } = CJK_FONT_FILES.regular;
const fresh = () => fontkit.openSync(file, face);
const layout = (font: ReusableFont, text: string) => font.layout(text) as unknown as Run;
const shape = (run: Run) => ({ glyphs: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => ({ ...p })), width: run.advanceWidth });

test('a reused layout is the fresh one, and stays so when a caller scales its positions', () => {
  const plain = fresh();
  const reused = reuseAcrossDocuments(fresh());
  for (const text of ['协议完成证明', 'a1b2c3d4e5f6', 'effective，第', 'Certificate', '2027-03-01']) {
    const first = layout(reused, text);
    expect(shape(first)).toEqual(shape(layout(plain, text)));
    for (const p of first.positions) p.xAdvance *= 7;
    expect(shape(layout(reused, text))).toEqual(shape(layout(plain, text)));
  }
});

test('a reused subset encoding is the fresh one for the same glyphs in the same order, and not shared by another order', () => {
  const plain = fresh();
  const reused = reuseAcrossDocuments(fresh());
  const encoded = (font: ReusableFont, glyphs: number[]) => {
    const subset = font.createSubset() as ReturnType<ReusableFont['createSubset']> & { includeGlyph(id: number): number };
    for (const id of glyphs) subset.includeGlyph(id);
    return Buffer.from(subset.encode());
  };
  const glyphs = layout(plain, '协议 Agreement 0123').glyphs.map((g) => g.id);
  const expected = encoded(plain, glyphs);
  expect(encoded(reused, glyphs).equals(expected)).toBe(true);
  expect(encoded(reused, glyphs).equals(expected)).toBe(true);
  expect(encoded(reused, [...glyphs].reverse()).equals(encoded(plain, [...glyphs].reverse()))).toBe(true);
  expect(encoded(reused, [...glyphs].reverse()).equals(expected)).toBe(false);
});

const certificate = (title: string, n: number): CompletionCertificate =>
  ({
    agreementId: `0000000${n}-7d3b-4c1a-9e8f-2b6d1a0c9e71`,
    title,
    kind: 'cooperation_memorandum',
    alliance: { id: 'a', name: '粤港澳数字工匠产教联盟' },
    status: 'effective',
    version: 1,
    documentSha256: createHash('sha256').update(title).digest('hex'),
    documentReference: null,
    document: null,
    launchedAt: '2027-03-01T01:00:00.000Z',
    effectiveAt: `2027-03-01T0${n}:00:00.000Z`,
    effectiveUntil: null,
    seal: createHash('sha256').update(`seal ${n}`).digest('hex'),
    verification: { sealValid: true, auditTrailValid: true, auditHeadInTrail: true, auditHead: { sequence: 9, hash: 'f'.repeat(64) } },
    parties: [],
    versions: [],
  }) as unknown as CompletionCertificate;

test('a certificate renders to the same bytes whatever was rendered before it', async () => {
  const first = await completionCertificatePdf(certificate('数字工匠联合培养备忘录', 1));
  await completionCertificatePdf(certificate('Another memorandum 2027', 2));
  await completionCertificatePdf(certificate('先进制造研究院合作协议', 3));
  const again = await completionCertificatePdf(certificate('数字工匠联合培养备忘录', 1));
  expect(again.equals(first)).toBe(true);
});

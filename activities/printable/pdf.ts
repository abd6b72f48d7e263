// Rendering a printable PDF (the certificates): pdfkit with a CJK font embedded as a subset, so Chinese
// names print and copy out (a ToUnicode map) on any reader, with no font installed there.
//
// The font is Noto Sans CJK SC from Debian's fonts-noto-cjk (SIL Open Font License 1.1, which allows
// embedding; `.ci/run` and the README install it). pdfkit reads the OpenType collection (.ttc) by the
// face's PostScript name and subsets its CFF outlines; pdf-lib with @pdf-lib/fontkit was tried first and
// embedded a CFF subset poppler called invalid (it rendered only through a substituted system font).
//
// Rendering is deterministic: the document's dates are given (never "now") and pdfkit derives the file
// id from them, so the same record renders to the same bytes and its SHA-256 can be recorded once.
//
// The fonts are opened and parsed once per process (parsedFont): given a path, pdfkit reads the 20 MB
// collection and fontkit parses its CFF outlines again for every document, which was 365 ms of CPU per
// certificate and the largest single cost of an agreement in the worker's profile (BENCHMARKS.md). A
// parsed font is only read from afterwards (layout and subsetting are synchronous and make their own
// subset per document), so documents share it and render to the same bytes as before.
//
// What a font does for a document (the layout of each word, the encoded subset) is kept for the next one
// (font-reuse.ts), and the characters a kind of document always prints go first into its subsets
// (`fixedText`, plus printable ASCII), so certificates that differ only in ids, hashes, dates and Latin
// names embed the same subset bytes and reuse its encoding.
import { existsSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import PDFDocument from 'pdfkit';
import { type ReusableFont, reuseAcrossDocuments } from './font-reuse';

export const CJK_FONT_FILES = {
  regular: { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  bold: { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
} as const;

export type Pdf = PDFKit.PDFDocument;

export interface PdfInfo {
  title: string;
  subject: string;
  /** The moment the document is about (issued, completed): its creation date, so a re-render is identical. */
  createdAt: Date;
  /** The document's keywords (the completion certificate's seal, so the file itself carries it). */
  keywords?: string;
}

type FontSource = Parameters<Pdf['registerFont']>[1];

const parsedFonts = new Map<string, FontSource>();

/**
 * The face parsed once for the process. pdfkit accepts a parsed fontkit font wherever it takes a path
 * (it checks for `layout`), but opens one only through a document, so the first call borrows a document
 * to open it and keeps the font it made (pdfkit 0.20: the EmbeddedFont's `font`). fontkit is pdfkit's
 * own dependency, not ours, hence no import of it here.
 */
function parsedFont({ file, face }: { file: string; face: string }): FontSource {
  const cached = parsedFonts.get(face);
  if (cached) return cached;
  const opener = new PDFDocument({ autoFirstPage: false });
  opener.registerFont(face, file, face);
  opener.font(face);
  const font = (opener as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  // Another pdfkit would keep it elsewhere: then every document opens the file itself, as before.
  if (!font || typeof font.layout !== 'function') return file;
  const reusable = reuseAcrossDocuments(font as unknown as ReusableFont) as unknown as FontSource;
  parsedFonts.set(face, reusable);
  return reusable;
}

/** The fonts `draw` writes with: registered under these names. */
export type FontName = 'cjk' | 'cjk-bold';

/** Printable ASCII: ids, hashes, dates and Latin names, in every document. */
const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/**
 * Puts these characters' glyphs first into the font's subset for this document, one character at a time
 * (no ligatures), in a fixed order: the subset then starts the same way in every document of the kind,
 * whatever order its variable text brings the glyphs in. Through pdfkit's own encode, which records each
 * glyph's width and Unicode value as printing it would. A pdfkit without it (internal API) is left alone.
 */
function placeFirst(doc: Pdf, name: FontName, text: string): void {
  doc.font(name);
  const font = (doc as unknown as { _font?: { encode?: (text: string) => unknown } })._font;
  if (typeof font?.encode !== 'function') return;
  for (const character of new Set(ASCII + text)) font.encode(character);
  // Digits in a word with Latin letters (hashes, ids) take other glyphs than digits alone: both go first.
  for (const digit of '0123456789') font.encode(`a${digit}`);
}

/**
 * Renders a document: `draw` writes the pages with the fonts 'cjk' and 'cjk-bold' registered.
 * `fixedText`: per font `draw` uses, the text every document of this kind prints (its labels).
 */
export function renderPdf(info: PdfInfo, draw: (doc: Pdf) => void, fixedText: Partial<Record<FontName, string>> = {}): Promise<Buffer> {
  for (const { file } of Object.values(CJK_FONT_FILES)) {
    if (!existsSync(file)) {
      // Not retried: an activity waiting for a font nobody installs would hold its workflow open.
      throw ApplicationFailure.nonRetryable(`The CJK font ${file} is not installed (Debian: apt-get install fonts-noto-cjk).`, 'FontMissing');
    }
  }
  const regular = parsedFont(CJK_FONT_FILES.regular);
  const bold = parsedFont(CJK_FONT_FILES.bold);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: {
        Title: info.title,
        Subject: info.subject,
        Producer: 'AllianceFlow',
        Creator: 'AllianceFlow',
        CreationDate: info.createdAt,
        ModDate: info.createdAt,
        ...(info.keywords ? { Keywords: info.keywords } : {}),
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', regular, CJK_FONT_FILES.regular.face);
    doc.registerFont('cjk-bold', bold, CJK_FONT_FILES.bold.face);
    try {
      for (const [name, text] of Object.entries(fixedText) as [FontName, string][]) placeFirst(doc, name, text);
      doc.font('Helvetica'); // pdfkit's default, as `draw` found it before
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** A label and its value on one line: the label in grey, the value after it. */
export function field(doc: Pdf, label: string, value: string, options: { x?: number; width?: number } = {}): void {
  const x = options.x ?? doc.page.margins.left;
  const width = options.width ?? doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.font('cjk').fontSize(10).fillColor('#666666').text(label, x, doc.y, { width, continued: false });
  doc.font('cjk').fontSize(12).fillColor('#000000').text(value, x, doc.y, { width });
  doc.moveDown(0.4);
}

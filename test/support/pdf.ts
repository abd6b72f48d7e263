// PDFs in tests: a real one made with pdfkit (to upload), and Debian's poppler-utils to read what the
// API renders as a person or a scanner would (pdftotext for the words, pdftoppm for the page image).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';

export function realPdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: 'Test agreement', CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(12).text(text, 50, 50);
    doc.end();
  });
}

function withPdfFile<T>(pdf: Buffer, run: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'allianceflow-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return run(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext extracts it (layout kept). */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** The PDF's document information as pdfinfo prints it (`Title:`, `Keywords:`, …). */
export function pdfInfo(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }));
}

/** Page `page` rendered to PNG by pdftoppm at `dpi`; poppler's complaints (an invalid embedded font) fail the test. */
export function pdfPagePng(pdf: Buffer, page = 1, dpi = 150): Buffer {
  return withPdfFile(pdf, (file, dir) => {
    const result = spawnSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')], {
      encoding: 'utf8',
    });
    if (result.status !== 0 || /error/i.test(result.stderr)) throw new Error(`pdftoppm: exit ${result.status}: ${result.stderr}`);
    return readFileSync(path.join(dir, 'page.png'));
  });
}

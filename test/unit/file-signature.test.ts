// The upload's type check by content (core/documents/file-signature.ts): PDF by its header, ODT and
// DOCX as the ZIP packages they are, anything else (an executable, an XLSX, a bare ZIP) refused.
import { readFileSync } from 'node:fs';
import { DOCX_MEDIA_TYPE, documentMediaTypeOf, leadingSignature, ODT_MEDIA_TYPE, PDF_MEDIA_TYPE } from '../../core/documents/file-signature';

/** A ZIP of stored (uncompressed) entries: local headers, then the central directory. CRCs are not checked here. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

test('PDF, ODT and DOCX are recognised by their bytes', () => {
  expect(documentMediaTypeOf(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe(PDF_MEDIA_TYPE);
  expect(
    documentMediaTypeOf(
      zip([
        ['mimetype', ODT_MEDIA_TYPE],
        ['content.xml', '<office:document-content/>'],
      ]),
    ),
  ).toBe(ODT_MEDIA_TYPE);
  expect(
    documentMediaTypeOf(
      zip([
        ['[Content_Types].xml', '<Types/>'],
        ['_rels/.rels', '<Relationships/>'],
        ['word/document.xml', '<w:document/>'],
      ]),
    ),
  ).toBe(DOCX_MEDIA_TYPE);
});

test('an executable, an XLSX workbook, a bare ZIP and text are refused', () => {
  const executable = readFileSync('/bin/true');
  expect(leadingSignature(executable)).toBeNull();
  expect(documentMediaTypeOf(executable)).toBeNull();
  expect(
    documentMediaTypeOf(
      zip([
        ['[Content_Types].xml', '<Types/>'],
        ['xl/workbook.xml', '<workbook/>'],
      ]),
    ),
  ).toBeNull();
  expect(documentMediaTypeOf(zip([['readme.txt', 'hello']]))).toBeNull();
  expect(documentMediaTypeOf(Buffer.from('PK\u0003\u0004'))).toBeNull();
  expect(documentMediaTypeOf(Buffer.from('not a document at all'))).toBeNull();
});

// What an uploaded file is, judged by its bytes, never by its name or the type its sender declares: a
// renamed executable must not become "a PDF" that parties are asked to sign.
//
// A small signature table rather than the `file-type` package: file-type has been ESM-only since v17
// and this project compiles and tests as CommonJS (tsconfig "module": "commonjs", jest with ts-jest),
// with "moduleResolution": "node", which cannot see its typings. The three kinds we accept need only
// these checks: PDF by its header; DOCX and ODT are both ZIP files, told apart by their entries.

export const PDF_MEDIA_TYPE = 'application/pdf';
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT_MEDIA_TYPE = 'application/vnd.oasis.opendocument.text';

export const acceptedDocumentMediaTypes = [PDF_MEDIA_TYPE, DOCX_MEDIA_TYPE, ODT_MEDIA_TYPE] as const;
export type DocumentMediaType = (typeof acceptedDocumentMediaTypes)[number];

const PDF_HEADER = Buffer.from('%PDF-', 'latin1');
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP_CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/** Bytes the first check needs: enough to refuse anything that is neither PDF nor ZIP early. */
export const SIGNATURE_PREFIX_BYTES = 5;

/** From the first bytes: 'pdf', 'zip' (decided at the end), or null (refused at once). */
export function leadingSignature(prefix: Buffer): 'pdf' | 'zip' | null {
  if (prefix.subarray(0, PDF_HEADER.length).equals(PDF_HEADER)) return 'pdf';
  if (prefix.subarray(0, ZIP_LOCAL_HEADER.length).equals(ZIP_LOCAL_HEADER)) return 'zip';
  return null;
}

/** The names of a ZIP file's entries, from its central directory (empty when it is not a sound ZIP). */
function zipEntryNames(body: Buffer): string[] {
  // The end-of-central-directory record is in the last 22 bytes plus a comment of at most 65,535.
  const searchFrom = Math.max(0, body.length - 22 - 0xffff);
  let end = -1;
  for (let i = body.length - 22; i >= searchFrom; i--) {
    if (body.readUInt32LE(i) === ZIP_END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return [];
  const count = body.readUInt16LE(end + 10);
  let offset = body.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count && offset + 46 <= body.length; n++) {
    if (body.readUInt32LE(offset) !== ZIP_CENTRAL_DIRECTORY_ENTRY) return [];
    const nameLength = body.readUInt16LE(offset + 28);
    const extraLength = body.readUInt16LE(offset + 30);
    const commentLength = body.readUInt16LE(offset + 32);
    names.push(body.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * The media type of a whole file, or null when it is none we accept. ODT: the ODF package's first
 * entry is an uncompressed `mimetype` holding the type (ODF 1.2 part 3, 3.3). DOCX: an OOXML package
 * with `[Content_Types].xml` and a `word/document.xml` part.
 */
export function documentMediaTypeOf(body: Buffer): DocumentMediaType | null {
  const lead = leadingSignature(body);
  if (lead === 'pdf') return PDF_MEDIA_TYPE;
  if (lead !== 'zip' || body.length < 30) return null;
  const firstNameLength = body.readUInt16LE(26);
  const firstExtraLength = body.readUInt16LE(28);
  const firstName = body.toString('utf8', 30, 30 + firstNameLength);
  if (firstName === 'mimetype') {
    const start = 30 + firstNameLength + firstExtraLength;
    if (body.toString('latin1', start, start + ODT_MEDIA_TYPE.length) === ODT_MEDIA_TYPE) return ODT_MEDIA_TYPE;
  }
  const names = new Set(zipEntryNames(body));
  if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return DOCX_MEDIA_TYPE;
  return null;
}

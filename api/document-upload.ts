// Reading one uploaded file from a multipart/form-data request as it streams in: its SHA-256 is
// computed chunk by chunk, its type is judged by its first bytes (core/documents/file-signature.ts), and
// the body is held only up to the configured limit. A file over the limit, or of a refused type, is
// discarded as it keeps arriving (never buffered) and answered 413 / 415 once the request has been read,
// so the client sees the problem instead of a reset connection; nothing of it is stored.
import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import {
  acceptedDocumentMediaTypes,
  type DocumentMediaType,
  documentMediaTypeOf,
  leadingSignature,
  SIGNATURE_PREFIX_BYTES,
} from '../core/documents/file-signature';
import { ProblemError, ValidationProblem } from './errors';

export const UPLOAD_FIELD = 'file';
/** Room for the multipart framing and a few small fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** How long a refused upload's remaining bytes are read (and dropped) before the answer is sent anyway. */
const DRAIN_TIMEOUT_MS = 30_000;

export interface UploadedFile {
  body: Buffer;
  sha256: string;
  sizeBytes: number;
  mediaType: DocumentMediaType;
  /** The name the sender gave it: reported back, never trusted for the type. */
  fileName: string | null;
}

export class PayloadTooLargeProblem extends ProblemError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `The file is larger than the limit of ${limitBytes} bytes; nothing was stored.`);
  }
}

export class UnsupportedDocumentTypeProblem extends ProblemError {
  constructor(detail: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail, { accepted: [...acceptedDocumentMediaTypes] });
  }
}

/** Reads the rest of the request into nothing, so the answer reaches a client still sending. */
function drain(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

export async function readUploadedFile(req: Request, maxBytes: number): Promise<UploadedFile> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    await drain(req);
    throw new UnsupportedDocumentTypeProblem(`Send the file as multipart/form-data, in the field "${UPLOAD_FIELD}".`);
  }
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    await drain(req);
    throw new PayloadTooLargeProblem(maxBytes);
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 11 } });
  } catch {
    await drain(req);
    throw new ValidationProblem([{ path: '/', message: 'not a readable multipart/form-data body (boundary missing?)' }]);
  }

  const outcome = await new Promise<{ file?: UploadedFile; problem?: ProblemError }>((resolve) => {
    let settled = false;
    let file: UploadedFile | undefined;
    let problem: ProblemError | undefined;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve({ file, problem });
    };
    const refuse = (p: ProblemError) => {
      problem ??= p;
      req.unpipe(parser);
      void drain(req).then(finish);
    };

    parser.on('file', (name, stream, info) => {
      if (name !== UPLOAD_FIELD || file || problem) {
        stream.resume();
        if (name !== UPLOAD_FIELD) refuse(new ValidationProblem([{ path: `/${name}`, message: `send the file in the field "${UPLOAD_FIELD}"` }]));
        return;
      }
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      let checked = false;
      stream.on('data', (chunk: Buffer) => {
        if (problem) return;
        hash.update(chunk);
        chunks.push(chunk);
        size += chunk.length;
        if (!checked && size >= SIGNATURE_PREFIX_BYTES) {
          checked = true;
          if (leadingSignature(Buffer.concat(chunks)) === null) {
            chunks.length = 0;
            refuse(new UnsupportedDocumentTypeProblem('The file is not a PDF, DOCX or ODT document (judged by its content, not its name).'));
          }
        }
      });
      stream.on('limit', () => {
        chunks.length = 0;
        refuse(new PayloadTooLargeProblem(maxBytes));
      });
      stream.on('end', () => {
        if (problem) return;
        const body = Buffer.concat(chunks, size);
        const mediaType = documentMediaTypeOf(body);
        if (!mediaType) {
          refuse(new UnsupportedDocumentTypeProblem('The file is not a PDF, DOCX or ODT document (judged by its content, not its name).'));
          return;
        }
        file = { body, sha256: hash.digest('hex'), sizeBytes: size, mediaType, fileName: info.filename ?? null };
      });
    });
    parser.on('filesLimit', () => refuse(new ValidationProblem([{ path: '/', message: 'send one file per request' }])));
    parser.on('error', () => refuse(new ValidationProblem([{ path: '/', message: 'the multipart/form-data body is malformed' }])));
    parser.on('close', () => {
      // A refused upload is answered by refuse(), once its remaining bytes have been read.
      if (problem) return;
      if (!file) problem = new ValidationProblem([{ path: `/${UPLOAD_FIELD}`, message: `a file in the field "${UPLOAD_FIELD}" is required` }]);
      finish();
    });
    req.on('error', () => refuse(new ValidationProblem([{ path: '/', message: 'the upload was interrupted' }])));
    req.pipe(parser);
  });
  if (outcome.problem) throw outcome.problem;
  return outcome.file as UploadedFile;
}

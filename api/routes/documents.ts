// POST /v1/documents: a secretariat uploads the file an agreement is to be signed on (PDF, DOCX, ODT),
// before launching or amending with `document: {upload: <sha256>}`. The answer is only the file's
// reference: the bytes are read back through the agreement that names them (GET
// /v1/agreements/{id}/document), so who may read a file is who may see that agreement.
import { z } from 'zod';
import { createDocumentStore } from '../../activities/documents/store';
import { acceptedDocumentMediaTypes } from '../../core/documents/file-signature';
import { readUploadedFile } from '../document-upload';
import { defineRoute } from '../routing';

const uploaded = z
  .object({
    sha256: z.string().meta({ description: 'SHA-256 of the bytes: launch or amend with document {upload: sha256}; signers sign this hash.' }),
    sizeBytes: z.number().int(),
    mediaType: z.enum(acceptedDocumentMediaTypes).meta({ description: 'Judged by the content, not the name.' }),
    fileName: z.string().nullable(),
    alreadyStored: z.boolean().meta({ description: 'The same bytes were uploaded before (stored once, by their hash).' }),
  })
  .meta({ id: 'UploadedDocument' });

export const documentRoutes = [
  defineRoute({
    method: 'post',
    path: '/documents',
    summary: 'Upload a document file (PDF, DOCX or ODT) for an agreement, as multipart/form-data',
    tags: ['agreements'],
    access: {
      roles: ['secretariat'],
      note: 'The answer is the reference only; the bytes are read through an agreement that names them, by those who can see it.',
    },
    fileUpload: true,
    // Content-addressed: the same file uploaded again is the same row and the same answer.
    replay: false,
    responses: {
      201: { description: 'Stored (or already stored): its reference', schema: uploaded },
      413: { description: 'Larger than DOCUMENT_MAX_UPLOAD_BYTES; nothing stored' },
      415: { description: 'Not multipart/form-data, or the file is not a PDF, DOCX or ODT by its content' },
    },
    handler: async ({ req, deps }) => {
      const file = await readUploadedFile(req, deps.config.documents.maxUploadBytes);
      const { created } = await createDocumentStore(deps.db).putHashed(file.body, {
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        mediaType: file.mediaType,
      });
      return {
        status: 201,
        body: { sha256: file.sha256, sizeBytes: file.sizeBytes, mediaType: file.mediaType, fileName: file.fileName, alreadyStored: !created },
      };
    },
  }),
];

// The document store: bodies in PostgreSQL (`documents`), content-addressed by the SHA-256 of their
// bytes, each stored once. Workflow histories carry only a DocumentRef (hash, size, media type), so a
// large body can never grow a history towards Temporal's limit (27 amendments of ~900 KB made 52 MB and
// Temporal terminated the workflow). The API stores a body before it starts or updates a workflow;
// readers fetch it by hash. Agreement texts, and uploaded files (PDF, DOCX, ODT: api/routes/documents.ts).
import { createHash } from 'node:crypto';
import type { Database } from '../../platform/database';
import { type DocumentRef, TEXT_MEDIA_TYPE } from '../../core/documents/document-ref';

export interface StoredBody extends DocumentRef {
  body: Buffer;
}

export function documentRefOf(body: Buffer, mediaType: string): DocumentRef {
  return { sha256: createHash('sha256').update(body).digest('hex'), sizeBytes: body.length, mediaType };
}

export function createDocumentStore(db: Database) {
  return {
    /** Stores a body (idempotent: a body already stored, by anyone, is left as it is) and returns its reference. */
    async put(body: Buffer, mediaType: string): Promise<DocumentRef> {
      const ref = documentRefOf(body, mediaType);
      await db.document.createMany({
        data: [{ sha256: ref.sha256, mediaType: ref.mediaType, sizeBytes: ref.sizeBytes, body: new Uint8Array(body) }],
        skipDuplicates: true,
      });
      return ref;
    },

    /**
     * Stores a body whose reference was computed as it streamed in (api/document-upload.ts). `created`:
     * false when these bytes were stored before (by anyone): stored once, by their hash.
     */
    async putHashed(body: Buffer, ref: DocumentRef): Promise<{ ref: DocumentRef; created: boolean }> {
      const { count } = await db.document.createMany({
        data: [{ sha256: ref.sha256, mediaType: ref.mediaType, sizeBytes: ref.sizeBytes, body: new Uint8Array(body) }],
        skipDuplicates: true,
      });
      return { ref, created: count === 1 };
    },

    /** A text, as UTF-8 (the bytes its hash is computed over). */
    putText(text: string): Promise<DocumentRef> {
      return this.put(Buffer.from(text, 'utf8'), TEXT_MEDIA_TYPE);
    },

    /** The body with this hash, or null when none is stored. */
    async get(sha256: string): Promise<StoredBody | null> {
      const row = await db.document.findUnique({ where: { sha256 } });
      return row ? { sha256: row.sha256, sizeBytes: row.sizeBytes, mediaType: row.mediaType, body: Buffer.from(row.body) } : null;
    },

    /** References (no bodies) of the stored documents among these hashes. */
    async refs(hashes: string[]): Promise<Map<string, DocumentRef>> {
      const rows = await db.document.findMany({ where: { sha256: { in: [...new Set(hashes)] } }, select: { sha256: true, sizeBytes: true, mediaType: true } });
      return new Map(rows.map((r) => [r.sha256, r]));
    },
  };
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

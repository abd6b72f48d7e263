// What workflows and records carry of a stored document: its reference, never its body. Types only, so
// workflows may import it.

/** A body in the document store (store.ts), addressed by the SHA-256 of its bytes. */
export interface DocumentRef {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

export const TEXT_MEDIA_TYPE = 'text/plain; charset=utf-8';

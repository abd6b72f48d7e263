// The API's side of the document store (activities/documents/store.ts): a body is stored before the
// workflow that refers to it starts or is updated, so workflow histories carry only references.
import { TEXT_MEDIA_TYPE, type DocumentRef } from '../core/documents/document-ref';
import { createDocumentStore, documentRefOf } from '../activities/documents/store';
import type { Actor, DocumentRequest, WorkflowDocument } from '../workflows/agreement-signing/contract';
import type { ApiDependencies } from './dependencies';
import { UnknownReferenceProblem } from './errors';

/**
 * What the workflow gets for a requested document: a text is stored (idempotent, content-addressed) and
 * replaced by its reference; an uploaded file (POST /v1/documents) is already stored and becomes its
 * reference, so the workflow cannot tell a file from a text; an external reference passes as it is. `store: false` only computes the
 * reference: for a caller the workflow will refuse anyway, whose body is not worth keeping.
 */
export async function workflowDocumentOf(
  deps: Pick<ApiDependencies, 'db'>,
  document: DocumentRequest,
  options: { store: boolean } = { store: true },
): Promise<{ document: WorkflowDocument; documentSha256: string }> {
  if ('upload' in document) {
    const ref = (await createDocumentStore(deps.db).refs([document.upload])).get(document.upload);
    if (!ref) throw new UnknownReferenceProblem([{ path: '/document/upload', message: `no uploaded document ${document.upload} (POST /v1/documents first)` }]);
    return { document: { stored: ref }, documentSha256: ref.sha256 };
  }
  if (!('text' in document)) return { document, documentSha256: document.sha256 };
  const body = Buffer.from(document.text, 'utf8');
  const ref = options.store ? await createDocumentStore(deps.db).put(body, TEXT_MEDIA_TYPE) : documentRefOf(body, TEXT_MEDIA_TYPE);
  return { document: { stored: ref }, documentSha256: ref.sha256 };
}

/** May this actor amend (the secretariat of the agreement, or an admin)? Only their bodies are stored. */
export async function mayAmend(deps: Pick<ApiDependencies, 'db'>, actor: Actor, agreementId: string): Promise<boolean> {
  if (actor.roles.includes('admin')) return true;
  const row = await deps.db.agreement.findUnique({ where: { id: agreementId }, select: { secretariatOrganizationId: true } });
  // No row yet (the moments after a launch): store, and let the workflow decide.
  if (!row) return true;
  return actor.roles.includes('secretariat') && actor.organizationId !== null && actor.organizationId === row.secretariatOrganizationId;
}

/** The stored references (no bodies) of these hashes: what a reader is told about each version's document. */
export async function documentRefs(deps: Pick<ApiDependencies, 'db'>, hashes: string[]): Promise<Map<string, DocumentRef>> {
  return createDocumentStore(deps.db).refs(hashes);
}

// GET /v1/agreements/{id}/document: a version's body, read back from the document store by its hash
// (activities/documents/store.ts; the API stored it before the workflow saw only its reference). Read
// right after an amend, it shows the new version: the read waits for the workflow's records.
import { z } from 'zod';
import { createDocumentStore } from '../../activities/documents/store';
import { NotFoundProblem } from '../errors';
import { defineRoute } from '../routing';
import { isOpenStatus } from '../../platform/workflow-ends';
import { recordsWritten } from '../read-your-write';
import { agreementProcess } from './process';
import { agreementRecord, visibleAgreement } from './visibility';

const documentParams = z.object({ id: z.uuid() }).strict();
const documentQuery = z
  .object({ version: z.coerce.number().int().min(1).max(10_000).optional().meta({ description: 'Default: the current version.' }) })
  .strict();

export const agreementDocumentRoutes = [
  defineRoute({
    method: 'get',
    path: '/agreements/:id/document',
    summary: 'The document of an agreement version (its body, from the document store by its hash)',
    tags: ['agreements'],
    access: { roles: 'any', note: 'Only callers who can see the agreement (else 404).' },
    params: documentParams,
    query: documentQuery,
    responses: { 200: { description: 'The body, in its media type (text/plain for texts); 404 for a version kept only as an external reference' } },
    handler: async ({ params, query, principal, deps }) => {
      const visible = await visibleAgreement(deps, principal, params.id);
      // A step (an amend) answered, its version row may still be being written: wait for it, then read
      // the current version again (README "Read your own write").
      const record = isOpenStatus('agreement', visible.record.status)
        ? await recordsWritten(deps, agreementProcess.workflowId(params.id)).then(async () => (await agreementRecord(deps, params.id)) ?? visible.record)
        : visible.record;
      const version = query.version ?? record.version;
      const row = await deps.db.agreementVersion.findUnique({ where: { agreementId_version: { agreementId: params.id, version } } });
      if (!row) throw new NotFoundProblem(`Version ${version} of agreement ${params.id}`);
      const stored = await createDocumentStore(deps.db).get(row.documentSha256);
      if (!stored) {
        throw new NotFoundProblem(
          row.documentReference ? `A stored body of version ${version} (its document is at ${row.documentReference})` : `The document of version ${version}`,
        );
      }
      return {
        status: 200,
        contentType: stored.mediaType,
        headers: { etag: `"${stored.sha256}"`, 'x-document-sha256': stored.sha256 },
        body: stored.body,
      };
    },
  }),
];

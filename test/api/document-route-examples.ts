// Example requests for issue 21's routes, part of test/support/route-examples.ts: the document upload
// (a multipart body, sent raw), the PDF certificates and the exports.
import type { Column, Example } from '../support/route-examples';
import { issued } from './certification-route-examples';

const BOUNDARY = 'matrix-boundary-7d1f';
/** A tiny but well-formed PDF: its header is what the upload checks. */
const MINIMAL_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

export function multipartFile(content: string, fileName = 'agreement.pdf', contentType = 'application/pdf'): { body: string; contentType: string } {
  return {
    body:
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n` +
      `${content}\r\n--${BOUNDARY}--\r\n`,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

/** The certificate's holder is a candidate of organisation C (no matrix caller): its secretariat (A) and admins read the PDF. */
const secretariatOrAdmin = (column: Column) => column.kind === 'role' && (column.role === 'admin' || column.role === 'secretariat');

export const documentExamples: Record<string, Example> = {
  'POST /v1/documents': { request: () => ({ path: '/v1/documents', raw: multipartFile(MINIMAL_PDF) }) },
  'GET /v1/certificates/:number/pdf': {
    request: async (fx) => ({ path: `/v1/certificates/${(await issued(fx)).number}/pdf` }),
    expect: secretariatOrAdmin,
  },
  // The exports answer every caller of the list with the rows it may see (none, for most matrix callers).
  'GET /v1/placements/export': { request: () => ({ path: '/v1/placements/export?format=csv&status=active' }) },
  'GET /v1/agreements/export': { request: () => ({ path: '/v1/agreements/export?format=xlsx' }) },
  'GET /v1/review-tasks/export': { request: () => ({ path: '/v1/review-tasks/export?format=csv&view=all' }) },
};

// The certificate of completion of an effective agreement (assembled from its records in
// activities/documents/completion-certificate.ts): as JSON, or as printable HTML from
// certificate.html.hbs. Its PDF is rendered by the worker when the agreement completes (and its hash
// recorded in the audit trail): completion-certificate-pdf in activities/documents/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { completionCertificateOf } from '../../activities/documents/completion-certificate';
import { completionCertificatePdf } from '../../activities/documents/completion-certificate-pdf';
import { createDocumentStore, documentRefOf } from '../../activities/documents/store';
import { auditKeysOf } from '../audit-keys';
import type { ApiDependencies } from '../dependencies';
import type { AgreementRow } from './visibility';

export function certificateOf(deps: ApiDependencies, record: AgreementRow) {
  return completionCertificateOf(deps.db, auditKeysOf(deps), record);
}

export type Certificate = Awaited<ReturnType<typeof certificateOf>>;

/**
 * The PDF: the one the worker rendered at completion, whose SHA-256 the audit trail records (the exact
 * bytes, from the document store); for an agreement that completed before PDFs were rendered, one
 * rendered now, which no trail entry vouches for.
 */
export async function certificatePdfOf(deps: ApiDependencies, record: AgreementRow): Promise<{ sha256: string; body: Buffer }> {
  const entry = await deps.db.auditEntry.findFirst({
    where: { subjectType: 'agreement', subjectId: record.id, step: 'certificate_rendered' },
    orderBy: { sequence: 'desc' },
    select: { data: true },
  });
  const recorded = (entry?.data as { sha256?: unknown } | undefined)?.sha256;
  if (typeof recorded === 'string') {
    const stored = await createDocumentStore(deps.db).get(recorded);
    if (stored) return { sha256: stored.sha256, body: stored.body };
  }
  const body = await completionCertificatePdf(await certificateOf(deps, record));
  return { sha256: documentRefOf(body, 'application/pdf').sha256, body };
}

// Handlebars escapes every {{value}} for HTML; the template uses no unescaped {{{triple}}} form.
export const certificateHtml = Handlebars.compile<Certificate>(readFileSync(path.join(__dirname, 'certificate.html.hbs'), 'utf8'), { strict: false });

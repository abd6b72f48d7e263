// The activity an agreement's workflow calls once it is effective (behind patched(), so workflows that
// completed before replay unchanged): the certificate of completion rendered as PDF and kept in the
// document store. The workflow then records the PDF's SHA-256 in the audit trail, where the chain and
// its signatures vouch for it: a printed or forwarded certificate is checked by hashing it.
import { ApplicationFailure } from '@temporalio/activity';
import type { DocumentRef } from '../../core/documents/document-ref';
import type { Database } from '../../platform/database';
import type { AuditKeys } from '../audit/audit-signing';
import { agreementRecordOf, completionCertificateOf } from './completion-certificate';
import { COMPLETION_CERTIFICATE_MEDIA_TYPE, completionCertificatePdf } from './completion-certificate-pdf';
import { createDocumentStore, documentRefOf } from './store';

export function createCompletionCertificateActivities(db: Database, keys: AuditKeys) {
  const documents = createDocumentStore(db);
  return {
    /** Renders (deterministically) and stores the PDF; returns its reference. Idempotent. */
    async renderCompletionCertificate(input: { agreementId: string }): Promise<DocumentRef> {
      const record = await agreementRecordOf(db, input.agreementId);
      if (!record || record.status !== 'effective' || !record.seal) {
        throw ApplicationFailure.nonRetryable(`Agreement ${input.agreementId} is not effective and sealed`, 'NotEffective');
      }
      const pdf = await completionCertificatePdf(await completionCertificateOf(db, keys, record));
      const { ref } = await documents.putHashed(pdf, documentRefOf(pdf, COMPLETION_CERTIFICATE_MEDIA_TYPE));
      return ref;
    },
  };
}

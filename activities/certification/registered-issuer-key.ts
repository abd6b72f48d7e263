// The issuer key as the activities that sign use it: its public half recorded in certificate_issuer_keys
// first, so verifiers recognise what it signed (also after a rotation). Recorded once per process; a
// failed recording is tried again on the next use instead of being remembered.
import type { Database } from '../../platform/database';
import type { IssuerKey } from './credential';

export function registeredIssuerKey(db: Database, issuerKey: () => IssuerKey): () => Promise<IssuerKey> {
  let registered: Promise<IssuerKey> | undefined;
  return () => {
    registered ??= (async () => {
      const key = issuerKey();
      await db.certificateIssuerKey.upsert({
        where: { id: key.verificationMethod },
        create: { id: key.verificationMethod, publicKeyMultibase: key.publicKeyMultibase },
        update: {},
      });
      return key;
    })().catch((error: unknown) => {
      registered = undefined;
      throw error;
    });
    return registered;
  };
}

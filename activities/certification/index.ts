// The certification activities the worker registers: storage and look-ups, issuing and revoking.
import { type CertificationConfig, loadConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { AuditKeys } from '../audit/audit-signing';
import type { Logger } from '../../platform/logger';
import { createCertificateActivities } from './certificates';
import type { IssuerKey } from './credential';
import { loadIssuerKey } from './issuer-key';
import { createCertificationStorageActivities } from './storage';

export interface CertificationDependencies {
  db: Database;
  log: Logger;
  /** From the worker's configuration; read from the environment when a caller passes none. */
  config?: { certification?: CertificationConfig; dataDir?: string };
  /** Signs the application's audit entries (activities/audit/audit-signing.ts). */
  auditKeys: AuditKeys;
}

export function createCertificationActivities(deps: CertificationDependencies) {
  const settings =
    deps.config?.certification && deps.config.dataDir ? { certification: deps.config.certification, dataDir: deps.config.dataDir } : loadConfig();
  let key: IssuerKey | undefined;
  return {
    ...createCertificationStorageActivities(deps.db, deps.auditKeys),
    ...createCertificateActivities({
      db: deps.db,
      log: deps.log,
      issuerKey: () => (key ??= loadIssuerKey(settings.certification, settings.dataDir, deps.log)),
      issuerName: settings.certification.issuerName,
      baseUrl: settings.certification.baseUrl,
    }),
  };
}

// Every activity the worker registers, wired to its dependencies. Workflows import only the *type*.
import type { Client } from '@temporalio/client';
import { type Config, loadConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { createAuditKeys } from './audit/audit-signing';
import { createAuditActivities } from './audit/audit-trail';
import { createBaseAccreditationActivities } from './base-accreditation/accreditation-records';
import { createCertificationActivities } from './certification';
import { createCommissionerServiceActivities } from './commissioner-service/projection';
import { createBaseStandingActivities } from './continuing-education/base-standing';
import { createCompletionCertificateActivities } from './documents/completion-certificate-activity';
import type { IssuerKey } from './certification/credential';
import { loadIssuerKey } from './certification/issuer-key';
import { createTrainingCohortActivities } from './training-cohort/cohort-records';
import { failDataErrorsAtOnce } from './data-errors';
import { createNotificationActivities } from './notifications';
import { createMatchingRoundActivities } from './matching-round/round-records';
import { createTalentMatchingActivities } from './talent-matching/round-records';
import { createOfferClaimActivities } from './placement/offer-claim';
import { createPlacementActivities } from './placement/projection';
import { createAgreementProjectionActivities } from './storage/agreement-projection';

export interface ActivityDependencies {
  db: Database;
  /** For activities that start workflows (notify starts webhook deliveries). */
  temporal: Client;
  config: Pick<Config, 'notifications'> & Partial<Pick<Config, 'certification' | 'dataDir' | 'audit'>>;
  log: Logger;
}

export function createActivities(deps: ActivityDependencies) {
  const { certification, dataDir, audit } = deps.config;
  const settings = certification && dataDir && audit ? { certification, dataDir, audit } : loadConfig();
  // One key for the audit trail, the seals and the certificates, loaded once on first use.
  const auditKeys = createAuditKeys(settings, deps.log, 'sign');
  let issuerKey: IssuerKey | undefined;
  // A database data error fails an activity at once rather than being retried for ever (data-errors.ts).
  return failDataErrorsAtOnce({
    ...createAgreementProjectionActivities(deps.db, auditKeys),
    ...createAuditActivities(deps.db, auditKeys),
    ...createCompletionCertificateActivities(deps.db, auditKeys),
    ...createPlacementActivities(deps.db, auditKeys),
    ...createOfferClaimActivities(deps.db),
    ...createMatchingRoundActivities(deps.db),
    ...createCommissionerServiceActivities(deps.db),
    ...createTalentMatchingActivities(deps.db),
    ...createNotificationActivities({ db: deps.db, temporal: deps.temporal, config: deps.config.notifications, log: deps.log }),
    ...createCertificationActivities({ db: deps.db, log: deps.log, config: deps.config, auditKeys }),
    ...createBaseStandingActivities(deps.db),
    ...createBaseAccreditationActivities(deps.db, auditKeys),
    ...createTrainingCohortActivities({
      db: deps.db,
      auditKeys,
      issuerKey: () => (issuerKey ??= loadIssuerKey(settings.certification, settings.dataDir, deps.log)),
      issuerName: settings.certification.issuerName,
      baseUrl: settings.certification.baseUrl,
    }),
  });
}

export type Activities = ReturnType<typeof createActivities>;

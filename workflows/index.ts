// The worker's workflow bundle entry: every workflow type the task queue serves.
export { agreementSigning } from './agreement-signing/workflow';
export { webhookDelivery } from './webhook-delivery/workflow';
export { sendNotification } from './notifications/workflow';
// Required on first use: a workflow's modules are evaluated anew for every workflow instance, so a lazy
// export keeps other workflow types from paying for these modules (core/certification-review/messages.ts).
export const certificationReview: typeof import('./certification-review/workflow').certificationReview = (...args) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load above needs require.
  (require('./certification-review/workflow') as typeof import('./certification-review/workflow')).certificationReview(...args);
export { apprenticeshipPlacement } from './apprenticeship-placement/workflow';
export { matchingRound } from './matching-round/workflow';
export { commissionerService } from './commissioner-service/workflow';
export { trainingCohort } from './training-cohort/workflow';
export { talentMatching } from './talent-matching/workflow';
// Lazy as the certification review, whose review-task rules it imports.
export const baseAccreditation: typeof import('./base-accreditation/workflow').baseAccreditation = (...args) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load above needs require.
  (require('./base-accreditation/workflow') as typeof import('./base-accreditation/workflow')).baseAccreditation(...args);

// The worker's workflow bundle entry: every workflow type the task queue serves.
//
// Every export loads its workflow's modules on first use. The reusable V8 context evaluates the modules a
// workflow imports anew for every workflow instance it starts or replays (only the libraries of
// workflows/preload.ts are shared), and this file is evaluated for each of them: with plain re-exports
// every certification application evaluated the agreement, placement, matching, commissioner, cohort and
// talent-matching modules too (BENCHMARKS.md, B5: 3 s of the workflow thread's 37 in a run of 800).
/* eslint-disable @typescript-eslint/no-require-imports -- the lazy loads below need require(). */

/** A workflow function whose module is required when a workflow of its type first runs in a context. */
function onFirstUse<F extends (...args: never[]) => Promise<unknown>>(load: () => F): F {
  return ((...args: Parameters<F>) => load()(...args)) as F;
}

export const agreementSigning = onFirstUse(() => (require('./agreement-signing/workflow') as typeof import('./agreement-signing/workflow')).agreementSigning);
export const webhookDelivery = onFirstUse(() => (require('./webhook-delivery/workflow') as typeof import('./webhook-delivery/workflow')).webhookDelivery);
export const sendNotification = onFirstUse(() => (require('./notifications/workflow') as typeof import('./notifications/workflow')).sendNotification);
export const certificationReview = onFirstUse(
  () => (require('./certification-review/workflow') as typeof import('./certification-review/workflow')).certificationReview,
);
export const apprenticeshipPlacement = onFirstUse(
  () => (require('./apprenticeship-placement/workflow') as typeof import('./apprenticeship-placement/workflow')).apprenticeshipPlacement,
);
export const matchingRound = onFirstUse(() => (require('./matching-round/workflow') as typeof import('./matching-round/workflow')).matchingRound);
export const commissionerService = onFirstUse(
  () => (require('./commissioner-service/workflow') as typeof import('./commissioner-service/workflow')).commissionerService,
);
export const trainingCohort = onFirstUse(() => (require('./training-cohort/workflow') as typeof import('./training-cohort/workflow')).trainingCohort);
export const talentMatching = onFirstUse(() => (require('./talent-matching/workflow') as typeof import('./talent-matching/workflow')).talentMatching);
export const baseAccreditation = onFirstUse(
  () => (require('./base-accreditation/workflow') as typeof import('./base-accreditation/workflow')).baseAccreditation,
);

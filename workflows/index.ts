// The worker's workflow bundle entry: every workflow type the task queue serves.
export { agreementSigning } from './agreement-signing/workflow';
export { webhookDelivery } from './webhook-delivery/workflow';
export { sendNotification } from './notifications/workflow';
export { certificationReview } from './certification-review/workflow';
export { apprenticeshipPlacement } from './apprenticeship-placement/workflow';

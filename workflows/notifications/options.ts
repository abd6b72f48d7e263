// How every workflow calls the notify activity: `proxyActivities<Activities>(notifyActivityOptions)`.
// Workflow-safe.
import type { ActivityOptions } from '@temporalio/workflow';

export const notifyActivityOptions: ActivityOptions = {
  // Many recipients, each an SMTP conversation; the activity heartbeats between them.
  startToCloseTimeout: '10 minutes',
  // A worker that dies mid-notify is noticed within this; the retry resumes where it stopped.
  heartbeatTimeout: '10 seconds',
  // An SMTP or database outage is waited out; nothing already stored or sent is repeated.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};

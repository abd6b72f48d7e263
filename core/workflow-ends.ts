// The statuses a process's record takes when its workflow ended abnormally: terminated (by an operator,
// or by Temporal itself, e.g. a history over its limit), timed out, failed, or cancelled. Without them a
// record kept reading "in progress" for ever while every step answered 409 (issue 13, finding 5). Named
// apart from every business status (a placement's own `terminated` is a school's or an enterprise's
// decision). Workflow-safe constants, shared by the API's filters and the projections.
export const abnormalEndStatuses = ['workflow_terminated', 'workflow_failed', 'workflow_timed_out', 'workflow_cancelled'] as const;
export type AbnormalEndStatus = (typeof abnormalEndStatuses)[number];

export function isAbnormalEndStatus(status: string): status is AbnormalEndStatus {
  return (abnormalEndStatuses as readonly string[]).includes(status);
}

// Whether the worker's workflow thread collects stack traces for Temporal's stack trace query (the Web
// UI's "Stack Trace" tab). The SDK collects them with a V8 promise hook that, for every promise a
// workflow creates, compiles two lookups in the workflow's context, captures an Error stack and maps
// each frame through the bundle's source map. Measured by replaying two recorded histories 40 times
// (an agreement with seven parties, a certification issued and revoked): 11.9 s of CPU with the hook,
// 5.3 s without; in B2 a sign step at one client answered in 24.6 ms instead of ~33 (BENCHMARKS.md, round 2).
//
// The SDK (1.24) has no option for it; the project's patch (patches/@temporalio+worker+*.patch, applied by
// npm's postinstall through patch-package) installs the hook unless TEMPORAL_WORKFLOW_STACK_TRACES is
// `off`. The variable is read by the workflow threads, which copy the process's environment when
// Worker.create starts them: so it is set here, just before. Off by default (WORKER_WORKFLOW_STACK_TRACES);
// a workflow's live state is in its status query, and its history shows where it waits. With it off,
// the stack trace query answers "Workflow stack traces are not enabled on this worker".
import type { WorkerTuning } from '../platform/config';

export const SDK_STACK_TRACES_VARIABLE = 'TEMPORAL_WORKFLOW_STACK_TRACES';

/** Sets the collection for the workflow threads the SDK creates from now on. */
export function setWorkflowStackTraces(tuning: Pick<WorkerTuning, 'workflowStackTraces'> | undefined): void {
  process.env[SDK_STACK_TRACES_VARIABLE] = tuning?.workflowStackTraces === false ? 'off' : 'on';
}

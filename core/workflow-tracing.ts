// The workflow side of OpenTelemetry tracing (platform/tracing.ts): @temporalio/interceptors-opentelemetry's
// workflow interceptors, switched on per workflow by a patch marker. Those interceptors add yield points
// around signals, updates and activity starts; a history recorded without them (every workflow started
// before tracing existed) would replay into a nondeterminism error. So a workflow traces only when
// patched('opentelemetry-tracing') says it started with tracing; older ones replay exactly as recorded.
// Bundled as a workflow interceptor module (platform/workflow-bundle.ts): workflow-safe.
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { patched, type WorkflowInterceptors } from '@temporalio/workflow';

export const TRACING_PATCH = 'opentelemetry-tracing';

export const interceptors = (): WorkflowInterceptors => {
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  const internals = new OpenTelemetryInternalsInterceptor();
  // Decided once, when the workflow function starts (patched() may not run in a query or validator).
  let tracing = false;
  return {
    inbound: [
      {
        execute: (input, next) => {
          tracing = patched(TRACING_PATCH);
          return tracing ? inbound.execute(input, next) : next(input);
        },
        handleSignal: (input, next) => (tracing ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (tracing ? inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (tracing ? inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (tracing ? inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (tracing ? outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (tracing ? outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (tracing ? outbound.startChildWorkflowExecution(input, next) : next(input)),
        continueAsNew: (input, next) => (tracing ? outbound.continueAsNew(input, next) : next(input)),
        getLogAttributes: (input, next) => (tracing ? outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    internals: [
      {
        dispose: (input, next) => {
          if (tracing) void internals.dispose(input, next);
          else next(input);
        },
      },
    ],
  };
};

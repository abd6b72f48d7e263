// The workflow side of OpenTelemetry tracing (platform/tracing.ts): @temporalio/interceptors-opentelemetry's
// workflow interceptors, switched on per workflow by a patch marker. Those interceptors add yield points
// around signals, updates and activity starts; a history recorded without them (every workflow started
// before tracing existed) would replay into a nondeterminism error. So a workflow traces only when
// patched('opentelemetry-tracing') says it started with tracing; older ones replay exactly as recorded.
//
// Since patch 'opentelemetry-tracing-traced-starts-only', a workflow traces only when its start carried a
// trace context (the API traces: an OTLP endpoint is configured, or the caller sent a traceparent).
// Otherwise its spans went nowhere (the worker's span processor is a no-op then) but cost every workflow
// the evaluation of the OpenTelemetry modules (~480 KB of source, not preloadable: they register a global
// provider), a tracer provider of its own, a span per activity and Update, and the sink calls carrying them
// out of the sandbox: about a quarter of the workflow thread's CPU per agreement (BENCHMARKS.md, Round 2).
// The modules are now loaded only by a workflow that traces. The start's headers are in its history, so
// a replay decides the same way.
// Bundled as a workflow interceptor module (platform/workflow-bundle.ts): workflow-safe.
import { defaultPayloadConverter, type Headers, patched, type WorkflowInterceptors } from '@temporalio/workflow';
import type * as OpenTelemetryWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';

export const TRACING_PATCH = 'opentelemetry-tracing';
export const TRACED_STARTS_ONLY_PATCH = 'opentelemetry-tracing-traced-starts-only';

/** The header @temporalio/interceptors-opentelemetry carries the trace context in (instrumentation.ts TRACE_HEADER). */
const TRACE_HEADER = '_tracer-data';

/** The client interceptor always sets the header; an untraced start's carrier is empty (no traceparent). */
function startedInTrace(headers: Headers): boolean {
  const payload = headers[TRACE_HEADER];
  if (!payload) return false;
  const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown> | null>(payload);
  return typeof carrier?.traceparent === 'string';
}

interface Traced {
  inbound: OpenTelemetryWorkflow.OpenTelemetryInboundInterceptor;
  outbound: OpenTelemetryWorkflow.OpenTelemetryOutboundInterceptor;
  internals: OpenTelemetryWorkflow.OpenTelemetryInternalsInterceptor;
}

/** The interceptors, their modules evaluated (and the workflow's provider made) on first use. */
function tracedInterceptors(): Traced {
  // A require inside the function: the bundler still includes the module, but evaluates it only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OpenTelemetryWorkflow;
  return {
    inbound: new otel.OpenTelemetryInboundInterceptor(),
    outbound: new otel.OpenTelemetryOutboundInterceptor(),
    internals: new otel.OpenTelemetryInternalsInterceptor(),
  };
}

export const interceptors = (): WorkflowInterceptors => {
  // Decided once, when the workflow function starts (patched() may not run in a query or validator).
  let traced: Traced | undefined;
  return {
    inbound: [
      {
        execute: (input, next) => {
          const tracing = patched(TRACING_PATCH) && (!patched(TRACED_STARTS_ONLY_PATCH) || startedInTrace(input.headers));
          if (!tracing) return next(input);
          traced = tracedInterceptors();
          return traced.inbound.execute(input, next);
        },
        handleSignal: (input, next) => (traced ? traced.inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (traced ? traced.inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (traced ? traced.inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (traced ? traced.inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (traced ? traced.outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (traced ? traced.outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (traced ? traced.outbound.startChildWorkflowExecution(input, next) : next(input)),
        continueAsNew: (input, next) => (traced ? traced.outbound.continueAsNew(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced ? traced.outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    internals: [
      {
        dispose: (input, next) => {
          if (traced) void traced.internals.dispose(input, next);
          else next(input);
        },
      },
    ],
  };
};

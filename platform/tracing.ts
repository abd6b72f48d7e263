// OpenTelemetry tracing, one trace from an HTTP request through the workflow it starts or updates to the
// activities the workflow runs: the API opens a server span per request (api/request-tracing.ts), the
// Temporal client interceptor carries its context into the workflow's headers, and the worker's
// interceptors (@temporalio/interceptors-opentelemetry) continue it in the workflow (spans leave the
// sandbox through a sink) and in each activity.
//
// The OpenTelemetry Node SDK is started only when spans have somewhere to go: an OTLP endpoint
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, platform/config.ts), or an exporter
// a test hands in. Otherwise every span is a no-op and costs nothing.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface Tracing {
  resource: Resource;
  /** Where the workflow spans go too (the worker's sink): the same pipeline as the process's own spans. */
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

const disabled: Tracing = { resource: new Resource({}), spanProcessor: new NoopSpanProcessor(), shutdown: async () => undefined };
let active: Tracing = disabled;

/** The process's tracing (disabled until startTracing): the worker's sink exports workflow spans through it. */
export function activeTracing(): Tracing {
  return active;
}

export function startTracing(service: string, options: { otlpTracesEndpoint?: string; exporter?: SpanExporter }): Tracing {
  const exporter = options.exporter ?? (options.otlpTracesEndpoint ? new OTLPTraceExporter({ url: options.otlpTracesEndpoint }) : undefined);
  if (!exporter) return disabled;
  const resource = new Resource({ 'service.name': service });
  // A test's exporter sees each span as it ends; a collector gets them in batches.
  const spanProcessor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const sdk = new NodeSDK({ resource, spanProcessors: [spanProcessor], instrumentations: [], autoDetectResources: false });
  sdk.start();
  active = {
    resource,
    spanProcessor,
    shutdown: async () => {
      active = disabled;
      await sdk.shutdown();
    },
  };
  return active;
}

// One OpenTelemetry server span per request (platform/tracing.ts): it continues the caller's trace when
// the request carries a W3C `traceparent`, and is the active context while the route runs, so the
// Temporal client's interceptor makes the workflow's start or update a child of it. Named after the
// route pattern ("POST /v1/agreements"), never the raw URL.
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const tracer = trace.getTracer('allianceflow-api');

export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  res.once('finish', () => {
    const route = typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}

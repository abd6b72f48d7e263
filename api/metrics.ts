// Prometheus metrics of the API process, served at GET /metrics (api/routes/metrics.ts).
//   http_requests_total / http_request_duration_seconds  by method, route pattern and status
//   workflow_starts_total                                 by workflow type (recordWorkflowStart)
// Labels are bounded: the route is the declared pattern ("/v1/users/:id"), never the raw URL, and a
// request that matched no route is labelled "unmatched". One registry per process, not prom-client's
// global default, so nothing else that loads prom-client can collide with these names.
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving a request to finishing its response, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const workflowStarts = new Counter({
  name: 'workflow_starts_total',
  help: 'Workflows started by the API (a retried start that found its workflow already running is not counted).',
  labelNames: ['workflow_type'] as const,
  registers: [metricsRegistry],
});

/** Called by a route handler after it started a workflow (api/workflow-start.ts does it for you). */
export function recordWorkflowStart(workflowType: string): void {
  workflowStarts.inc({ workflow_type: workflowType });
}

/** The route label of a request: set by mountRoutes (and the docs/openapi handlers) in res.locals.route. */
export function routeLabel(res: Response): string {
  return typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
}

/** Express middleware: times every request and counts it when its response is finished or aborted. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stopTimer = httpDuration.startTimer();
  let recorded = false;
  const record = () => {
    if (recorded) return;
    recorded = true;
    const labels = { method: req.method, route: routeLabel(res), status: String(res.statusCode) };
    httpRequests.inc(labels);
    stopTimer(labels);
  };
  res.once('finish', record);
  res.once('close', record);
  next();
}

// GET /metrics: Prometheus text exposition of api/metrics.ts. Public like /healthz: it carries counts
// and latencies, no business data; keep it off the public load balancer in production.
import { z } from 'zod';
import { metricsRegistry } from '../metrics';
import { defineRoute } from '../routing';

export const metricsRoutes = [
  defineRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics: requests and latencies by route and status, workflow starts by type',
    tags: ['operations'],
    access: { public: true },
    responses: { 200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' } },
    handler: async () => ({ status: 200, body: await metricsRegistry.metrics(), contentType: metricsRegistry.contentType }),
  }),
];

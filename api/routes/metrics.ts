// GET /metrics: Prometheus text exposition of api/metrics.ts. Not public: request counts by route and
// status across every organisation say more than an outsider should learn (and scraping is work). It
// takes a bearer token: METRICS_TOKEN (Prometheus's `authorization` / `bearer_token_file` scrape
// setting), a user with the metrics_reader role, or an admin. /healthz and /readyz stay public.
import { z } from 'zod';
import { metricsRegistry } from '../metrics';
import { defineRoute } from '../routing';

export const metricsRoutes = [
  defineRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics: requests and latencies by route and status, workflow starts by type',
    tags: ['operations'],
    access: { roles: ['metrics_reader'], note: 'Or the METRICS_TOKEN bearer token.' },
    responses: { 200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' } },
    handler: async () => ({ status: 200, body: await metricsRegistry.metrics(), contentType: metricsRegistry.contentType }),
  }),
];

// Liveness (the process answers) and readiness (it can reach Temporal and the database).
import { z } from 'zod';
import { pingDatabase } from '../../platform/database';
import { defineRoute } from '../routing';

const CHECK_TIMEOUT_MS = 3000;

async function check(name: string, probe: () => Promise<unknown>): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const readiness = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional() })),
  })
  .meta({ id: 'Readiness' });

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    access: { public: true },
    responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: Temporal and the database are reachable',
    tags: ['operations'],
    access: { public: true },
    responses: {
      200: { description: 'Ready', schema: readiness },
      503: { description: 'A dependency is unreachable', schema: readiness },
    },
    handler: async ({ deps }) => {
      const checks = await Promise.all([
        check('database', () => pingDatabase(deps.db)),
        check('temporal', () => deps.temporal.workflowService.describeNamespace({ namespace: deps.config.temporal.namespace })),
      ]);
      const ready = checks.every((c) => c.ok);
      return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', checks } };
    },
  }),
];

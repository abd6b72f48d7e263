// Liveness (the process answers) and readiness (it can reach Temporal and the database).
import { Router } from 'express';
import { pingDatabase } from '../../platform/database';
import type { ApiDependencies } from '../dependencies';

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

export function healthRoutes(deps: ApiDependencies): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      check('database', () => pingDatabase(deps.db)),
      check('temporal', () =>
        deps.temporal.workflowService.describeNamespace({ namespace: deps.config.temporal.namespace }),
      ),
    ]);
    const ready = checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });

  return router;
}

// The real system for the browser journeys, in a process of its own (run with tsx, like npm start's
// children): the local stack (Temporal dev server, a scratch PostgreSQL database, the workflow bundle),
// then the API (serving the built console at /) and a worker in this process, and the demo data of
// `npm run seed`, and a certificate issued through the whole review. It prints one JSON line when ready: the console's URL and the seeded people (with
// their passwords). SIGTERM stops everything it started.
import { createLogger } from '../../../platform/logger';
import { seed } from '../../../scripts/seed';
import { startLocalStack } from '../../support/local-stack';
import { applyTestEnvironment } from '../../support/test-environment';
import { startTestSystem } from '../../support/test-system';
import { type IssuedCertificate, issueCertificate } from './certificate-fixture';

export interface WebStackReady {
  baseUrl: string;
  allianceId: string;
  organizationIds: Record<string, string>;
  /** An issued certificate for the public verification journey (null when issuing it failed: that journey then fails, the others run). */
  certificate: IssuedCertificate | null;
  users: { slug: string; id: string; name: string; email: string; password: string | null; token: string; roles: string[] }[];
}

async function main(): Promise<void> {
  const log = createLogger('web-stack', process.env.TEST_LOG_LEVEL ?? 'warn');
  const stack = await startLocalStack('web', log);
  applyTestEnvironment(stack);
  const system = await startTestSystem();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await system.stop().catch((error: unknown) => log.error({ err: error }, 'stopping the system'));
    await stack.stop().catch((error: unknown) => log.error({ err: error }, 'stopping the stack'));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent (the Playwright runner) gone: stop rather than linger.
  process.on('disconnect', () => void stop());

  const seeded = await seed(system.db);
  const certificate = await issueCertificate(system).catch((error: unknown) => {
    log.error({ err: error }, 'issuing the demo certificate failed');
    return null;
  });
  const ready: WebStackReady = {
    baseUrl: system.baseUrl,
    allianceId: seeded.allianceId,
    organizationIds: seeded.organizationIds,
    certificate,
    users: seeded.users.map((u) => ({ slug: u.slug, id: u.id, name: u.name, email: u.email, password: u.password, token: u.token, roles: u.roles })),
  };
  process.stdout.write(`WEB_STACK_READY ${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`web stack failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

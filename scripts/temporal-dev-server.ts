// `tsx scripts/temporal-dev-server.ts`: the project's Temporal dev server in the foreground, with the
// same settings `npm start` uses, for running the worker and API separately. Ctrl-C stops it.
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { locateTemporalCli } from '../devtools/temporal-cli';
import { startTemporalDevServer } from '../devtools/temporal-dev-server';
import { stopOnSignal } from '../devtools/stop-on-signal';
import { customSearchAttributes } from '../core/search-attributes';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('temporal-dev-server', config.logLevel);
  const { port, uiPort, cliPath: configuredPath } = config.temporal.devServer;
  const cliPath = await locateTemporalCli({ configuredPath, projectRoot: path.resolve(__dirname, '..'), log });
  const server = await startTemporalDevServer({
    cliPath,
    port,
    uiPort,
    namespace: config.temporal.namespace,
    dbFile: path.join(config.dataDir, 'temporal', 'dev-server.sqlite'),
    searchAttributes: customSearchAttributes,
    log,
  });
  process.stdout.write(
    `Temporal dev server: ${server.address} (namespace ${config.temporal.namespace})\n` +
      `Web UI:              ${server.uiUrl ?? '(headless)'}\n` +
      'Press Ctrl-C to stop.\n',
  );

  const signals = stopOnSignal('Temporal dev server', () => server.stop(), log);

  // A server that dies on its own (crash, killed from outside) should not leave this script waiting.
  server.process.once('exit', (code, signal) => {
    if (signals.stopping()) return;
    log.error({ code, signal }, 'The Temporal dev server exited unexpectedly');
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  // Startup errors are written to be read as they are (what failed, how to fix it).
  process.stderr.write(`temporal-dev-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

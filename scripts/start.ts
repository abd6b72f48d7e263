// `npm start`: the whole system on one machine, with progress lines. Temporal dev server (unless
// TEMPORAL_ADDRESS points elsewhere), database (an embedded PostgreSQL unless DATABASE_URL is set),
// migrations, then the worker and the API as child processes. Ctrl-C stops everything it started, once,
// in reverse order.
//
// package.json runs this with `node --import tsx`, not the tsx command: that command relays Ctrl-C to its
// child and SIGKILLs it when the child does not acknowledge within 30 ms (a loaded machine), which cut
// the ordered shutdown short and left the embedded PostgreSQL running.
import path from 'node:path';
import { startChildService } from '../devtools/child-service';
import { loadConfig } from '../platform/config';
import { startEmbeddedPostgres } from '../devtools/embedded-postgres';
import { createLogger } from '../platform/logger';
import { prepareApplicationRole } from '../platform/database-roles';
import { ShutdownSequence } from '../devtools/shutdown-sequence';
import { migrate } from '../platform/migrator';
import { exitOnStartupError } from '../platform/startup-error';
import { locateTemporalCli } from '../devtools/temporal-cli';
import { startTemporalDevServer } from '../devtools/temporal-dev-server';
import { buildWebConsole, webBuildState } from '../devtools/web-console';
import { customSearchAttributes } from '../core/search-attributes';

const projectRoot = path.resolve(__dirname, '..');
const STEPS = 6;

const stops = new ShutdownSequence(
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);

function step(n: number, text: string): () => void {
  const started = Date.now();
  process.stdout.write(`[${n}/${STEPS}] ${text} ...\n`);
  return () => process.stdout.write(`[${n}/${STEPS}] ${text}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('start', config.logLevel);
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write(`\n${signal}: shutting down\n`);
    await stops.stopAll();
    process.stdout.write('all stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let done = step(1, config.temporal.embedded ? 'Temporal dev server' : `Temporal at ${config.temporal.address}`);
  let temporalUi: string | undefined;
  if (config.temporal.embedded) {
    const cliPath = await locateTemporalCli({ configuredPath: config.temporal.devServer.cliPath, projectRoot, log });
    const server = await startTemporalDevServer({
      cliPath,
      port: config.temporal.devServer.port,
      uiPort: config.temporal.devServer.uiPort,
      namespace: config.temporal.namespace,
      dbFile: path.join(config.dataDir, 'temporal', 'dev-server.sqlite'),
      searchAttributes: customSearchAttributes,
      // The UI shows workflow payloads through the API's codec endpoint (sealed otherwise): see docs/deployment.md.
      uiCodecEndpoint: `http://${config.http.host}:${config.http.port}/v1/codec`,
      log,
      // Stopped last, after the worker has drained (a terminal's Ctrl-C would otherwise stop it first).
      callerStopsOnSignal: true,
    });
    stops.add('Temporal dev server', server.stop);
    temporalUi = server.uiUrl;
  }
  done();

  done = step(2, config.database.embedded ? `Embedded PostgreSQL (data in ${path.join(config.dataDir, 'postgres')})` : 'PostgreSQL from DATABASE_URL');
  if (config.database.embedded) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log });
    stops.add('embedded PostgreSQL', embedded.stop);
  }
  done();

  done = step(3, 'Database migrations');
  await migrate(config.database.migrationUrl, { log, grantTo: config.database.applicationRole });
  // The API and the worker connect as a role that cannot rewrite the audit trail: on the embedded
  // database we make it ourselves (platform/database-roles.ts); otherwise DATABASE_URL names it.
  const applicationUrl = config.database.embedded ? await prepareApplicationRole(config.database.url, log) : config.database.url;
  done();

  const { MIGRATION_DATABASE_URL: _ownerUrl, ...inherited } = process.env; // the owner's credentials stay here
  const childEnv: NodeJS.ProcessEnv = {
    ...inherited,
    TEMPORAL_ADDRESS: config.temporal.address,
    DATABASE_URL: applicationUrl,
    // The children see a TEMPORAL_ADDRESS, so they would not know the dev server's Web UI is local: hand
    // them the origins it may call the codec endpoint from (the configured ones, or the local UI's).
    TEMPORAL_CODEC_CORS_ORIGINS: config.payloadCodec.corsOrigins.join(','),
  };
  done = step(4, 'Worker');
  const worker = await startChildService({ name: 'worker', entry: 'worker/main.ts', env: childEnv, readyMessage: 'worker started' });
  stops.add('worker', () => worker.stop());
  done();

  // The console is built when missing or stale (its sources changed since): a few seconds with Vite.
  const webState = webBuildState();
  done = step(5, webState === 'current' ? 'Web console (built, current)' : `Web console: building (${webState === 'missing' ? 'not built yet' : 'sources changed'})`);
  if (webState !== 'current') {
    try {
      await buildWebConsole((chunk) => process.stdout.write(chunk));
    } catch (error) {
      // The API serves /v1 without it: say why the console is missing rather than stop everything.
      process.stderr.write(`web console not built: ${(error as Error).message}\n`);
    }
  }
  done();

  done = step(6, 'API');
  const api = await startChildService({ name: 'API', entry: 'api/main.ts', env: childEnv, readyMessage: 'api listening' });
  stops.add('API', () => api.stop());
  done();

  const apiUrl = `http://${config.http.host}:${config.http.port}`;
  process.stdout.write(
    [
      '',
      'AllianceFlow is running.',
      `  Web console:     ${apiUrl}/`,
      `  API:             ${apiUrl}/v1`,
      `  API docs:        ${apiUrl}/docs`,
      `  Health:          ${apiUrl}/readyz`,
      temporalUi ? `  Temporal Web UI: ${temporalUi}` : `  Temporal:        ${config.temporal.address}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  // A child dying on its own is fatal for the whole system: say so and stop the rest.
  for (const { name, process: child } of [worker, api]) {
    child.once('exit', (code, signal) => {
      if (shuttingDown) return;
      // The first crash stops the rest; a second child exiting meanwhile (or Ctrl-C) joins that run.
      shuttingDown = true;
      process.stderr.write(`${name} exited unexpectedly (code ${code}, signal ${signal})\n`);
      void stops.stopAll().then(() => process.exit(1));
    });
  }
}

main().catch(async (error: unknown) => {
  await stops.stopAll();
  exitOnStartupError('start')(error);
});

// `npm start`: the whole system on one machine, with progress lines. Temporal dev server (unless
// TEMPORAL_ADDRESS points elsewhere), database (an embedded PostgreSQL unless DATABASE_URL is set),
// migrations, then the worker, the round worker (matching rounds' own process) and the API as child
// processes. Ctrl-C stops everything it started, once, in reverse order.
//
// package.json runs this with `node --import tsx`, not the tsx command: that command relays Ctrl-C to its
// child and SIGKILLs it when the child does not acknowledge within 30 ms (a loaded machine), which cut
// the ordered shutdown short and left the embedded PostgreSQL running.
import path from 'node:path';
import { startChildService } from '../devtools/child-service';
import { loadConfig } from '../platform/config';
import { startEmbeddedPostgres } from '../devtools/embedded-postgres';
import { createLinePrettifier, createLogger, type LogFormat } from '../platform/logger';
import { prepareApplicationRole } from '../platform/database-roles';
import { ShutdownSequence } from '../devtools/shutdown-sequence';
import { migrate } from '../platform/migrator';
import { exitOnStartupError } from '../platform/startup-error';
import { locateTemporalCli } from '../devtools/temporal-cli';
import { startTemporalDevServer } from '../devtools/temporal-dev-server';
import { buildWebConsole, webBuildState } from '../devtools/web-console';
import { customSearchAttributes } from '../core/search-attributes';

const projectRoot = path.resolve(__dirname, '..');
const STEPS = 7;

/**
 * What a person at the terminal sees: one line per step ("[2/5] Embedded PostgreSQL: ready in 1.4 s",
 * written in place of its "..." line at a terminal), then the services' log lines, pretty at a terminal
 * (platform/logger.ts) and JSON otherwise. Every line goes through here so that a log line arriving
 * during a step never lands in the middle of that step's line.
 */
class StartOutput {
  private pending: string | undefined;
  private readonly prettify: (jsonLine: string) => string;

  constructor(
    private readonly tty: boolean,
    format: LogFormat,
  ) {
    this.prettify = format === 'pretty' ? createLinePrettifier(tty) : (line) => line;
  }

  step(n: number, text: string): () => void {
    const started = Date.now();
    const label = `[${n}/${STEPS}] ${text}`;
    this.endPending();
    if (this.tty) {
      process.stdout.write(`${label} ...`);
      this.pending = label;
    } else {
      process.stdout.write(`${label} ...\n`);
    }
    return () => {
      const done = `${label}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (this.tty && this.pending === label) process.stdout.write(`\r\x1b[K${done}\n`);
      else process.stdout.write(`${done}\n`);
      this.pending = undefined;
    };
  }

  /** A plain line of this script's own (the summary, shutdown progress). */
  say(line: string): void {
    this.endPending();
    process.stdout.write(`${line}\n`);
  }

  complain(line: string): void {
    this.endPending();
    process.stderr.write(`${line}\n`);
  }

  /** One JSON log line (this script's own or a service's), in the chosen format. */
  log(jsonLine: string): void {
    this.endPending();
    let shown = jsonLine;
    try {
      shown = this.prettify(jsonLine);
    } catch {
      // Not a log line (a library printing on its own): shown as it came.
    }
    process.stdout.write(`${shown}\n`);
  }

  private endPending(): void {
    if (this.pending === undefined) return;
    process.stdout.write('\n');
    this.pending = undefined;
  }
}

const LEVEL_VALUES: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** The level of a service's JSON log line (info when it cannot be read). */
function levelOf(jsonLine: string): number {
  const match = /"level":"(\w+)"/.exec(jsonLine);
  return (match && LEVEL_VALUES[match[1]!]) ?? LEVEL_VALUES.info!;
}

const output = new StartOutput(Boolean(process.stdout.isTTY), loadConfigOrDefaultFormat());

function loadConfigOrDefaultFormat(): LogFormat {
  try {
    return loadConfig().logFormat;
  } catch {
    return 'json'; // the configuration error itself is reported by main()
  }
}

const stops = new ShutdownSequence(
  (line) => output.say(line),
  (line) => output.complain(line),
);

async function main(): Promise<void> {
  const config = loadConfig();
  // At the default level the step lines say what the start-up's info lines would (which server, which
  // migration): those stay for LOG_LEVEL=debug; warnings and errors always show.
  const quiet = config.logLevel === 'info';
  const log = createLogger('start', quiet ? 'warn' : config.logLevel, 'json', { write: (line) => output.log(line.replace(/\n$/, '')) });
  // The services write JSON to us (never pretty into a pipe); we show their lines in our format. Until a
  // service is ready its step line stands for its start-up lines, unless they are warnings or worse.
  const childLines = (readyMessage: string) => {
    let ready = false;
    return (line: string) => {
      if (line.includes(`"msg":"${readyMessage}"`)) ready = true;
      if (quiet && (!ready || line.includes(`"msg":"${readyMessage}"`)) && levelOf(line) < LEVEL_VALUES.warn!) return;
      output.log(line);
    };
  };
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    output.say(`\n${signal}: shutting down`);
    await stops.stopAll();
    output.say('all stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let done = output.step(1, config.temporal.embedded ? 'Temporal dev server' : `Temporal at ${config.temporal.address}`);
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

  done = output.step(2, config.database.embedded ? 'Embedded PostgreSQL' : 'PostgreSQL from DATABASE_URL');
  // Where its data is, said once it is known: <DATA_DIR>/postgres, or as root a fallback folder.
  let embeddedData: string | undefined;
  if (config.database.embedded) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log });
    stops.add('embedded PostgreSQL', embedded.stop);
    embeddedData = embedded.dataDir;
  }
  done();

  done = output.step(3, 'Database migrations');
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
    LOG_FORMAT: 'json',
  };
  // The worker and the round worker (the matching rounds' own process: a round never shares an event loop
  // with other processes' tasks) start together, each loading the workflow bundle; a step line each.
  done = output.step(4, 'Worker');
  const workerStarting = startChildService({
    name: 'worker',
    entry: 'worker/main.ts',
    // The rounds' queue is left to the round worker.
    env: { ...childEnv, WORKER_RUNS_ROUNDS: 'false' },
    readyMessage: 'worker started',
    onLine: childLines('worker started'),
  });
  const roundWorkerStarting = startChildService({
    name: 'round worker',
    entry: 'worker/round-worker.ts',
    env: childEnv,
    readyMessage: 'round worker started',
    onLine: childLines('round worker started'),
  });
  // Handled below; until then its failure must not count as an unhandled rejection.
  roundWorkerStarting.catch(() => undefined);
  let worker: Awaited<typeof workerStarting>;
  try {
    worker = await workerStarting;
  } catch (error) {
    // Not in the shutdown sequence yet: stopped here once it is up (a failed start stopped itself).
    await roundWorkerStarting.then(
      (started) => started.stop(),
      () => undefined,
    );
    throw error;
  }
  stops.add('worker', () => worker.stop());
  done();
  done = output.step(5, 'Round worker (matching rounds)');
  const roundWorker = await roundWorkerStarting;
  stops.add('round worker', () => roundWorker.stop());
  done();

  // The console is built when missing or stale (its sources changed since): a few seconds with Vite.
  const webState = webBuildState();
  done = output.step(
    6,
    webState === 'current' ? 'Web console (built, current)' : `Web console: building (${webState === 'missing' ? 'not built yet' : 'sources changed'})`,
  );
  if (webState !== 'current') {
    try {
      await buildWebConsole((chunk) => {
        for (const line of chunk.split('\n')) if (line.trim()) output.say(line);
      });
    } catch (error) {
      // The API serves /v1 without it: say why the console is missing rather than stop everything.
      output.complain(`web console not built: ${(error as Error).message}`);
    }
  }
  done();

  done = output.step(7, 'API');
  const api = await startChildService({ name: 'API', entry: 'api/main.ts', env: childEnv, readyMessage: 'api listening', onLine: childLines('api listening') });
  stops.add('API', () => api.stop());
  done();

  const apiUrl = `http://${config.http.host}:${config.http.port}`;
  output.say(
    [
      '',
      'AllianceFlow is running.',
      `  Web console:     ${apiUrl}/`,
      `  API:             ${apiUrl}/v1`,
      `  API docs:        ${apiUrl}/docs`,
      `  Health:          ${apiUrl}/readyz`,
      temporalUi ? `  Temporal Web UI: ${temporalUi}` : `  Temporal:        ${config.temporal.address}`,
      ...(embeddedData ? [`  Database data:   ${embeddedData}`] : []),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  // A child dying on its own is fatal for the whole system: say so and stop the rest.
  for (const { name, process: child } of [worker, roundWorker, api]) {
    child.once('exit', (code, signal) => {
      if (shuttingDown) return;
      // The first crash stops the rest; a second child exiting meanwhile (or Ctrl-C) joins that run.
      shuttingDown = true;
      output.complain(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
      void stops.stopAll().then(() => process.exit(1));
    });
  }
}

main().catch(async (error: unknown) => {
  await stops.stopAll();
  exitOnStartupError('start')(error);
});

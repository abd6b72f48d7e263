// The system started exactly as `npm start` starts it on a fresh machine: scripts/start.ts with no
// DATABASE_URL and no TEMPORAL_ADDRESS, so it runs its own Temporal dev server and the embedded
// PostgreSQL, migrates, and starts the worker and the API as child processes. Only what must differ on
// a shared test machine differs: a temporary DATA_DIR, free ports, and the run's prebuilt workflow
// bundle (WORKFLOW_BUNDLE_PATH, as production workers use). Stopping it is Ctrl-C: SIGINT to its
// process group, as a terminal sends it.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { embeddedDatabaseUrl } from '../../../platform/config';
import { freePort } from '../../support/free-port';

const projectRoot = path.resolve(__dirname, '..', '..', '..');

export interface StartedSystem {
  baseUrl: string;
  /** Its Temporal dev server's frontend (namespace `default`), for reading histories. */
  temporalAddress: string;
  /** The embedded database as its superuser (the owner), for fixtures. */
  ownerDatabaseUrl: string;
  dataDir: string;
  logFile: string;
  /** The lines start.ts printed itself (progress, shutdown), not its children's JSON logs. */
  ownLines: string[];
  /** Ctrl-C; resolves with the exit code once everything has stopped. */
  interrupt(): Promise<number | null>;
  dispose(): Promise<void>;
}

export async function npmStart(label: string): Promise<StartedSystem> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `allianceflow-${label}-`));
  // As root, the embedded PostgreSQL runs as an unprivileged user, who must get through to DATA_DIR.
  chmodSync(workDir, 0o755);
  const dataDir = path.join(workDir, 'data');
  const [httpPort, temporalPort, uiPort, postgresPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // The test run's own services are configured in this process's environment: none of that may leak in.
  const { DATABASE_URL: _db, MIGRATION_DATABASE_URL: _owner, TEMPORAL_ADDRESS: _temporal, TEMPORAL_NAMESPACE: _ns, NODE_ENV: _env, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    // start.ts recognises its children's readiness from their info lines.
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    EMBEDDED_POSTGRES_PORT: String(postgresPort),
  };
  const logFile = path.join(workDir, 'start.log');
  const log = createWriteStream(logFile);
  // The same command as package.json's "start", in its own process group (a terminal's foreground job).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ownLines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        log.write(`${line}\n`);
        if (line.startsWith('{')) {
          // A 500's cause is only in the API's log, deleted after the run: show it now.
          if (line.includes('"msg":"unexpected error"')) process.stderr.write(`[${label}] ${line}\n`);
          return;
        }
        ownLines.push(line);
        if (line === 'AllianceFlow is running.') resolve();
      });
    }
    void exited.then((code) => reject(new Error(`npm start exited during start-up (code ${code}); its output is in ${logFile}:\n${ownLines.join('\n')}`)));
  });
  const interrupt = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 120_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const system: StartedSystem = {
    baseUrl: `http://127.0.0.1:${httpPort}`,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    ownerDatabaseUrl: embeddedDatabaseUrl(postgresPort),
    dataDir,
    logFile,
    ownLines,
    interrupt,
    async dispose() {
      await interrupt();
      await new Promise<void>((resolve) => log.end(resolve));
      if (!process.env.FAULTS_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
    },
  };
  try {
    await ready;
  } catch (error) {
    await system.dispose();
    throw error;
  }
  return system;
}

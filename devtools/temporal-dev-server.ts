// Runs the Temporal CLI's dev server (`temporal server start-dev`) as a child process: SQLite-backed and
// persistent, with the project's namespace and custom search attributes, for `npm start` and the tests.
// "Started" means a client has actually described the namespace, not that the process is alive.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import type { Logger } from '../platform/logger';

// The SDK does not export its SearchAttributeKey interface from the package root; this is the same type.
export type SearchAttributeKey = ReturnType<typeof defineSearchAttributeKey<SearchAttributeType>>;

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** The Web UI's port; undefined: port + 1000 (the CLI's default); false: no UI (headless). */
  uiPort?: number | false;
  namespace: string;
  /** SQLite file holding the server's state across restarts; its folder is created if missing. */
  dbFile: string;
  searchAttributes: SearchAttributeKey[];
  log: Logger;
  /** Address the server binds to; default 127.0.0.1 (reachable from this machine only). */
  ip?: string;
  /** How long to wait for the server to answer; default 60 s. */
  readyTimeoutMs?: number;
  /** The remote codec endpoint the Web UI decodes payloads with (the API's /v1/codec). */
  uiCodecEndpoint?: string;
  /**
   * The caller stops the server itself, after what depends on it (`npm start`: the worker drains first).
   * The server then runs in its own process group, out of reach of a terminal's Ctrl-C, and a signal to
   * this process does not stop it; this process exiting still does.
   */
  callerStopsOnSignal?: boolean;
}

export interface TemporalDevServer {
  /** host:port for Connection / NativeConnection. */
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
  process: ChildProcess;
}

// The CLI's spelling of each SDK search attribute type (`temporal server start-dev --help`).
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

// temporal.api.enums.v1.IndexedValueType, as the operator service reports and expects them. Numbers
// here because @temporalio/proto (where the enum lives) is not a direct dependency of the project.
const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

const STOP_GRACE_MS = 15_000;
/** The dynamic configuration key of eager activity execution (also set on the cluster, devtools/temporal-cluster.ts). */
export const EAGER_ACTIVITIES = 'system.enableActivityEagerExecution';
const STDERR_TAIL_LINES = 40;

/** The command line, separate so that it can be read (and tested) without starting anything. */
export function devServerArgs(options: TemporalDevServerOptions & { ip: string; dbFile: string }): string[] {
  const args = ['server', 'start-dev', '--db-filename', options.dbFile];
  args.push('--ip', options.ip, '--port', String(options.port));
  if (options.uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(uiPortOf(options.port, options.uiPort)));
  if (options.uiPort !== false && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  // "default" always exists; naming it again would only make the CLI create it twice.
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  // The server is chatty at info; warn still shows real trouble (kept in the stderr tail for errors).
  args.push('--log-level', 'warn');
  // WAL with synchronous=OFF, as the SDK's own stress runs use: far fewer fsyncs on a dev machine. A crash
  // of the machine (not of the process) can lose the last transactions, which is fine for a dev server.
  args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF');
  // Eager activities: an activity a workflow task schedules on its own task queue comes back in that
  // task's completion to the worker that completed it, instead of through the matching service and a
  // poll. Off in the server by default; on, the server's CPU per agreement fell from 208 to 128 ms and
  // ours in all from 514 to 369 (npm run bench -- b1, BENCHMARKS.md round 2). docs/deployment.md.
  args.push('--dynamic-config-value', `${EAGER_ACTIVITIES}=true`);
  for (const key of options.searchAttributes) {
    args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  }
  return args;
}

function uiPortOf(port: number, uiPort: number | undefined): number {
  return uiPort ?? Math.min(port + 1000, 65535);
}

function hostForClients(ip: string): string {
  // A wildcard bind is reached through loopback; IPv6 literals need brackets in host:port.
  if (ip === '0.0.0.0') return '127.0.0.1';
  if (ip === '::') return '[::1]';
  return ip.includes(':') ? `[${ip}]` : ip;
}

/**
 * The dev server could not bind one of its ports. Besides the port it was given, the CLI picks its HTTP
 * API's port itself (a free one it then binds), so even a caller whose port was free can meet this: a
 * connection opened meanwhile by any process on the machine may take that port as its own end (seen
 * once in a benchmark run). A caller that chose its port freely may start again on new ones.
 */
export class DevServerPortInUseError extends Error {
  override readonly name = 'DevServerPortInUseError';
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { log, port, namespace } = options;
  const ip = options.ip ?? '127.0.0.1';
  const dbFile = path.resolve(options.dbFile);
  const host = hostForClients(ip);
  const address = `${host}:${port}`;
  const uiUrl = options.uiPort === false ? undefined : `http://${host}:${uiPortOf(port, options.uiPort)}`;

  await fsp.mkdir(path.dirname(dbFile), { recursive: true });
  await clearPidFile(dbFile, log);

  const args = devServerArgs({ ...options, ip, dbFile });
  log.info({ cliPath: options.cliPath, args }, 'Starting the Temporal dev server');
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: options.callerStopsOnSignal ?? false });
  if (options.callerStopsOnSignal) callerStopped.add(child);
  dbFilesInUse.add(dbFile);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined); // observed in waitUntilReady; avoid an unhandled rejection
  const stderrTail: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    log.debug({ stderr: line }, 'temporal dev server');
  });
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    log.debug({ stdout: line }, 'temporal dev server');
  });

  const detachFromParent = killWithParent(child);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      detachFromParent();
      await terminate(child, exited, log);
      await removePidFile(dbFile, child.pid);
      dbFilesInUse.delete(dbFile);
      log.info({ address }, 'Temporal dev server stopped');
    })();
    return stopping;
  };

  try {
    if (child.pid !== undefined) await writePidFile(dbFile, child.pid);
    const connection = await waitUntilReady({
      address,
      namespace,
      port,
      uiPort: options.uiPort === false ? undefined : uiPortOf(port, options.uiPort),
      exited,
      spawnFailed,
      stderrTail,
      timeoutMs: options.readyTimeoutMs ?? 60_000,
    });
    try {
      await ensureSearchAttributes(connection, namespace, options.searchAttributes, dbFile, log);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ address, namespace, uiUrl, dbFile }, 'Temporal dev server ready');
  return { address, uiUrl, stop, process: child };
}

// ---------------------------------------------------------------------------------------------------
// Readiness

interface ReadyWait {
  address: string;
  namespace: string;
  port: number;
  uiPort?: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  spawnFailed: Promise<never>;
  stderrTail: string[];
  timeoutMs: number;
}

async function waitUntilReady(wait: ReadyWait): Promise<Connection> {
  const deadline = Date.now() + wait.timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void wait.exited.then((e) => (exit = e));
  let spawnError: unknown;
  wait.spawnFailed.catch((error: unknown) => (spawnError = error));
  const tail = (): string => wait.stderrTail.join('\n') || '(nothing on stderr)';
  let lastError: unknown;

  for (let attempt = 0; ; attempt++) {
    // The CLI takes a few hundred ms to check its ports and over a second to serve: waiting before the
    // first attempt lets an early exit (port in use) be seen before any connection is opened.
    await new Promise((resolve) => setTimeout(resolve, attempt === 0 ? 500 : 250));
    if (spawnError) throw new Error(`Could not run the Temporal CLI: ${String(spawnError)}`);
    if (exit) {
      const portHint = /port|address already in use|bind/i.test(tail())
        ? ` Port ${wait.port}${wait.uiPort ? ` or the UI port ${wait.uiPort}` : ''} is probably in use (another dev ` +
          'server, or another program): stop it, or choose other ports (TEMPORAL_DEV_PORT / TEMPORAL_UI_PORT).'
        : '';
      const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
      const message = `The Temporal dev server exited before it was ready (${how}).${portHint}\n` + `Server stderr (last lines):\n${tail()}`;
      throw /address already in use/i.test(tail()) ? new DevServerPortInUseError(message) : new Error(message);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The Temporal dev server did not answer on ${wait.address} within ${Math.round(wait.timeoutMs / 1000)} s ` +
          `(last error: ${String(lastError)}).\nServer stderr (last lines):\n${tail()}`,
      );
    }

    // lazy + ensureConnected rather than connect(): this code keeps the handle, so it can close the
    // channel of an attempt that failed or lost the race. The connect timeout is short because grpc-js
    // keeps its wait-for-ready timer running after close, holding the process (a jest worker) that long.
    const connection = Connection.lazy({ address: wait.address, connectTimeout: 1_000 });
    const ready = (async (): Promise<Connection> => {
      await connection.ensureConnected();
      await connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.describeNamespace({ namespace: wait.namespace }));
      return connection;
    })();
    try {
      // A server that exits meanwhile makes the attempt pointless: stop waiting for it at once.
      const exitedMeanwhile = wait.exited.then(() => Promise.reject(new Error('the server exited')));
      return await Promise.race([ready, wait.spawnFailed, exitedMeanwhile]);
    } catch (error) {
      lastError = error;
      ready.catch(() => undefined);
      await connection.close().catch(() => undefined);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Search attributes. start-dev registers them only when it creates the namespace, i.e. on a fresh
// database file: an attribute added to the code later is missing from an existing file, so register
// what is missing here (adding an existing one with the same type is harmless, but we skip those).

/** Also used for a Temporal cluster (devtools/temporal-cluster.ts); `where` names the server in messages. */
export async function ensureSearchAttributes(connection: Connection, namespace: string, keys: SearchAttributeKey[], where: string, log: Logger): Promise<void> {
  const list = async (): Promise<Record<string, number>> => (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};

  const registered = await list();
  const missing: Record<string, number> = {};
  for (const key of keys) {
    const existing = registered[key.name];
    const wanted = INDEXED_VALUE_TYPES[key.type];
    if (existing === undefined) missing[key.name] = wanted;
    else if (existing !== wanted) {
      throw new Error(
        `Search attribute ${key.name} is registered with type ${typeName(existing)} in ${where}, but the code ` +
          `defines it as ${key.type}. A search attribute's type cannot be changed: rename the attribute, or delete ` +
          "that database file (losing the dev server's workflow history) and start again.",
      );
    }
  }
  if (Object.keys(missing).length === 0) {
    log.debug({ searchAttributes: keys.map((k) => k.name) }, 'Custom search attributes are registered');
    return;
  }
  log.info({ searchAttributes: Object.keys(missing), namespace }, 'Registering missing custom search attributes');
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  const after = await list();
  const stillMissing = Object.keys(missing).filter((name) => after[name] === undefined);
  if (stillMissing.length > 0) {
    throw new Error(`Search attributes ${stillMissing.join(', ')} are still missing after registering them`);
  }
}

function typeName(indexedValueType: number): string {
  const entry = Object.entries(INDEXED_VALUE_TYPES).find(([, n]) => n === indexedValueType);
  return entry ? entry[0] : `#${indexedValueType}`;
}

// ---------------------------------------------------------------------------------------------------
// Stopping, and not outliving the parent.

async function terminate(child: ChildProcess, exited: Promise<unknown>, log: Logger): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const within = (ms: number): Promise<boolean> =>
    Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref())]);
  child.kill('SIGTERM');
  if (await within(STOP_GRACE_MS)) return;
  log.warn({ pid: child.pid }, `Temporal dev server did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
  child.kill('SIGKILL');
  await within(5_000);
}

// Servers this process runs, to be stopped when it exits or is told to. One set of process listeners
// for all of them: per-server listeners would each see the others and never restore the default below.
// A SIGKILL of this process cannot be caught; the pid file (below) lets the next start clean up.
const runningServers = new Set<ChildProcess>();
/** Servers whose caller stops them on a signal, in its own order (callerStopsOnSignal). */
const callerStopped = new WeakSet<ChildProcess>();
const PARENT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function stopAllOnExit(): void {
  // On 'exit' only synchronous work is possible: send SIGTERM, the servers then shut down on their own.
  for (const child of runningServers) child.kill('SIGTERM');
}

function stopAllOnSignal(signal: NodeJS.Signals): void {
  for (const child of runningServers) if (!callerStopped.has(child)) child.kill('SIGTERM');
  // Listening to a signal replaces Node's default (exit). If no one else listens, restore that default
  // and re-raise, so that this module does not change how the process reacts to Ctrl-C.
  if (process.listenerCount(signal) === 1) {
    releaseParent();
    process.kill(process.pid, signal);
  }
}

function releaseParent(): void {
  runningServers.clear();
  process.removeListener('exit', stopAllOnExit);
  for (const signal of PARENT_SIGNALS) process.removeListener(signal, stopAllOnSignal);
}

/** Ties the child's life to this process's; returns the undo, for when the child is stopped normally. */
function killWithParent(child: ChildProcess): () => void {
  if (runningServers.size === 0) {
    process.on('exit', stopAllOnExit);
    for (const signal of PARENT_SIGNALS) process.on(signal, stopAllOnSignal);
  }
  runningServers.add(child);
  return () => {
    runningServers.delete(child);
    if (runningServers.size === 0) releaseParent();
  };
}

// A pid file next to the database records which server uses it and which process started it. If that
// process is gone but its server still runs (the parent was SIGKILLed), the server is an orphan holding
// the port and the database: stop it. If both still run, the database is in use: refuse to share it.
interface PidRecord {
  serverPid: number;
  parentPid: number;
}

const pidFileOf = (dbFile: string): string => `${dbFile}.pid`;
// Database files used by servers this process runs; the pid file cannot tell "this process" from a
// recycled pid of an earlier container run, this set can.
const dbFilesInUse = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writePidFile(dbFile: string, serverPid: number): Promise<void> {
  const record: PidRecord = { serverPid, parentPid: process.pid };
  await fsp.writeFile(pidFileOf(dbFile), JSON.stringify(record));
}

async function removePidFile(dbFile: string, serverPid: number | undefined): Promise<void> {
  const record = await readPidFile(dbFile);
  if (record?.serverPid === serverPid) await fsp.rm(pidFileOf(dbFile), { force: true });
}

async function readPidFile(dbFile: string): Promise<PidRecord | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(pidFileOf(dbFile), 'utf8')) as Partial<PidRecord>;
    if (typeof parsed.serverPid === 'number' && typeof parsed.parentPid === 'number') {
      return { serverPid: parsed.serverPid, parentPid: parsed.parentPid };
    }
  } catch {
    // missing or unreadable: nothing to clean up
  }
  return undefined;
}

/** True only if the pid is, verifiably, a dev server on this database (guards against recycled pids). */
function isDevServerFor(pid: number, dbFile: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes('start-dev') && argv.includes(dbFile);
  } catch {
    return false; // no /proc (macOS, Windows) or gone: never kill what cannot be identified
  }
}

async function clearPidFile(dbFile: string, log: Logger): Promise<void> {
  if (dbFilesInUse.has(dbFile)) {
    throw new Error(`This process already runs a Temporal dev server on ${dbFile}; stop it before starting another.`);
  }
  const record = await readPidFile(dbFile);
  if (!record) return;
  if (isAlive(record.serverPid) && isDevServerFor(record.serverPid, dbFile)) {
    if (record.parentPid !== process.pid && isAlive(record.parentPid)) {
      throw new Error(
        `A Temporal dev server (pid ${record.serverPid}, started by process ${record.parentPid}, which is still ` +
          `running) already uses ${dbFile}. Stop that process, or give this one another database file.`,
      );
    }
    log.warn({ pid: record.serverPid, dbFile }, 'Stopping a Temporal dev server left running by a process that died');
    process.kill(record.serverPid, 'SIGTERM');
    const deadline = Date.now() + STOP_GRACE_MS;
    while (isAlive(record.serverPid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (isAlive(record.serverPid)) {
      process.kill(record.serverPid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  await fsp.rm(pidFileOf(dbFile), { force: true });
}

// Finds the Temporal CLI (it contains the local dev server) and, as a last resort, builds it with Go.
// Machines without internet cannot use the SDK's own binary download, but they do reach the Go module
// proxy, and v1.5.1 is the newest CLI whose go.mod installs with a plain `go install`
// (later versions carry a `replace` directive in their go.mod and do not install that way).
import { execFile, spawn } from 'node:child_process';
import { constants as fsConstants, rmSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import type { Logger } from '../platform/logger';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const CLI_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
// `go install` leaves the CLI's version variable at "0.0.0-DEV"; the release builds set it like this.
const CLI_LDFLAGS = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`;
const HEARTBEAT_MS = 15_000;
// A cold build takes several minutes; waiting for another process's build longer than this means it hung.
const LOCK_WAIT_LIMIT_MS = 45 * 60_000;
const EXE = process.platform === 'win32' ? '.exe' : '';

export interface LocateTemporalCliOptions {
  /** TEMPORAL_CLI from the configuration; when given it must work, nothing else is tried. */
  configuredPath?: string;
  projectRoot: string;
  log: Logger;
  /** Allow the Go build as a last resort (default true). */
  build?: boolean;
  /** Environment used for the PATH look-up and the Go build; defaults to process.env (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/** Where the Go build puts the CLI: an ignored folder of the project, built once per machine. */
export function localTemporalCliPath(projectRoot: string): string {
  return path.join(projectRoot, '.tools', 'bin', `temporal${EXE}`);
}

export async function locateTemporalCli(options: LocateTemporalCliOptions): Promise<string> {
  const { projectRoot, log } = options;
  const env = options.env ?? process.env;

  if (options.configuredPath) {
    const configured = path.resolve(options.configuredPath);
    if (!(await isExecutableFile(configured))) {
      throw new Error(
        `TEMPORAL_CLI is set to ${configured}, but there is no executable file there. ` +
          'Point TEMPORAL_CLI at a Temporal CLI binary, or unset it to use `temporal` from PATH or the project build.',
      );
    }
    return verify(configured, 'TEMPORAL_CLI', log);
  }

  const onPath = await findOnPath('temporal', env);
  if (onPath) {
    try {
      return await verify(onPath, 'PATH', log);
    } catch (error) {
      // Another program may be called `temporal`; the project's own copy can still do the job.
      log.warn({ path: onPath, err: error }, 'Ignoring `temporal` on PATH: it is not a working Temporal CLI');
    }
  }

  const local = localTemporalCliPath(projectRoot);
  if (await isExecutableFile(local)) return verify(local, 'project build', log);

  const go = await findOnPath('go', env);
  if (options.build === false || !go) {
    throw new Error(
      notFoundMessage(
        local,
        go ? 'this caller does not build it with Go (`npm run temporal:ensure` does, and `npm test` runs that first)' : 'Go is not installed',
      ),
    );
  }
  const release = await acquireBuildLock(path.join(projectRoot, '.tools', 'temporal-cli.lock'), log);
  try {
    // Another process may have finished the build while this one waited for the lock.
    if (!(await isExecutableFile(local))) await buildWithGo(go, local, projectRoot, env, log);
  } finally {
    await release();
  }
  return verify(local, 'project build', log);
}

function notFoundMessage(localPath: string, goProblem: string): string {
  return (
    'The Temporal CLI (which runs the local Temporal dev server) was not found: TEMPORAL_CLI is not set, ' +
    `there is no working \`temporal\` on PATH, ${localPath} does not exist, and ${goProblem}. ` +
    'To fix this, do one of: set TEMPORAL_CLI to the path of an existing `temporal` binary; or, on a machine ' +
    'with internet access, install the Temporal CLI with the official installer ' +
    '(`curl -sSf https://temporal.download/cli.sh | sh`, or `brew install temporal`) and put it on PATH; ' +
    `or install Go (1.25 or newer, or an older Go that can fetch its toolchain from the Go module proxy) and rerun, ` +
    `which builds Temporal CLI ${TEMPORAL_CLI_VERSION} into .tools/bin once (a few minutes).`
  );
}

/** Runs `temporal --version` so a broken or foreign binary fails here, not when the dev server starts. */
async function verify(cliPath: string, source: string, log: Logger): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(cliPath, ['--version'], { timeout: 30_000 }));
  } catch (error) {
    throw new Error(`The Temporal CLI at ${cliPath} (from ${source}) failed to run \`--version\`: ${String(error)}`, {
      cause: error,
    });
  }
  const version = stdout.trim().split('\n')[0] ?? '';
  if (!/^temporal version /.test(version)) {
    throw new Error(`${cliPath} (from ${source}) does not look like the Temporal CLI: ` + `\`--version\` printed ${JSON.stringify(version)}`);
  }
  log.info({ path: cliPath, source, version }, 'Using the Temporal CLI');
  return cliPath;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) return false;
    await fsp.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, command + EXE);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// The build lock: jest's global setup and `npm start` may both get here at once; only one may build.

interface LockHolder {
  pid: number;
  startedAt: string;
}

// Locks this process holds: two callers in one process must also wait for each other.
const heldLocks = new Set<string>();

function isAlive(pid: number, lockPath: string): boolean {
  // Our own pid in a lock we do not hold is a leftover of an earlier container run with recycled pids.
  if (pid === process.pid) return heldLocks.has(lockPath);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(lockPath, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startedAt: String(parsed.startedAt) } : undefined;
  } catch {
    return undefined;
  }
}

async function acquireBuildLock(lockPath: string, log: Logger): Promise<() => Promise<void>> {
  await fsp.mkdir(path.dirname(lockPath), { recursive: true });
  const waitStarted = Date.now();
  let lastNotice = 0;
  for (;;) {
    try {
      // 'wx' fails if the file exists: creating it is the atomic test-and-set.
      await fsp.writeFile(lockPath, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), {
        flag: 'wx',
      });
      // If this process dies mid-build, the lock must not outlive it (a dead pid is also detected below).
      heldLocks.add(lockPath);
      const onExit = (): void => rmSync(lockPath, { force: true });
      process.once('exit', onExit);
      return async () => {
        process.removeListener('exit', onExit);
        await fsp.rm(lockPath, { force: true });
        heldLocks.delete(lockPath);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const holder = await readHolder(lockPath);
    const age = await fsp.stat(lockPath).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    // An unreadable lock younger than a few seconds is probably being written right now.
    if ((holder && !isAlive(holder.pid, lockPath)) || (!holder && age > 5_000)) {
      log.warn({ lockPath, holder }, 'Removing a stale Temporal CLI build lock left by a process that is gone');
      await fsp.rm(lockPath, { force: true });
      continue;
    }
    const waited = Date.now() - waitStarted;
    if (waited > LOCK_WAIT_LIMIT_MS) {
      throw new Error(
        `Gave up after ${formatDuration(waited)} waiting for process ${holder?.pid ?? '?'} to build the Temporal CLI ` +
          `(lock file ${lockPath}). If no build is running, delete that file and rerun.`,
      );
    }
    if (lastNotice === 0 || Date.now() - lastNotice >= HEARTBEAT_MS) {
      lastNotice = Date.now();
      const elapsed = formatDuration(waited);
      log.info({ pid: holder?.pid, elapsed }, `Process ${holder?.pid ?? '?'} is building the Temporal CLI; waiting for it (${elapsed} so far)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

// ---------------------------------------------------------------------------------------------------
// The Go build.

async function buildWithGo(go: string, target: string, projectRoot: string, env: NodeJS.ProcessEnv, log: Logger): Promise<void> {
  // Build into a staging folder and rename: a reader never sees a half-written binary at `target`.
  const staging = path.join(projectRoot, '.tools', 'build-staging');
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { recursive: true });
  await fsp.mkdir(path.dirname(target), { recursive: true });

  const args = ['install', '-ldflags', CLI_LDFLAGS, `${CLI_PACKAGE}@${TEMPORAL_CLI_VERSION}`];
  // As a user would type it, to repeat the build by hand.
  const command = `GOBIN=${path.dirname(target)} go ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
  const started = Date.now();
  log.info({ go, command }, `Building Temporal CLI ${TEMPORAL_CLI_VERSION} with Go ` + '(once per machine; takes a few minutes and a few GB of memory)');
  const heartbeat = setInterval(() => {
    const elapsed = formatDuration(Date.now() - started);
    log.info({ elapsed }, `Still building the Temporal CLI (${elapsed} elapsed)`);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const tail: string[] = [];
  try {
    const child = spawn(go, args, {
      cwd: projectRoot,
      env: { ...env, GOBIN: staging },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      log.debug({ go: line }, 'go install');
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
    });
    if (code !== 0) {
      throw new Error(
        `Building the Temporal CLI with \`${command}\` failed (exit ${code ?? 'by signal'}) after ` +
          `${formatDuration(Date.now() - started)}. Last output:\n${tail.join('\n')}`,
      );
    }
    await fsp.rename(path.join(staging, path.basename(target)), target);
  } finally {
    clearInterval(heartbeat);
    await fsp.rm(staging, { recursive: true, force: true });
  }
  const duration = formatDuration(Date.now() - started);
  log.info({ path: target, duration }, `Built the Temporal CLI in ${duration}`);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

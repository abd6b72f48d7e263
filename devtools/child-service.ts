// Runs one of the project's services (worker, API) as a child process, the way `npm start` and the
// benchmarks do: one node process per service (tsx loaded in-process, so its pid is the service's own
// and its memory can be read), ready when it logs its ready message.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const projectRoot = path.resolve(__dirname, '..');

export interface ChildService {
  name: string;
  process: ChildProcess;
  /** SIGTERM (the service drains), SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

export function startChildService(options: {
  name: string;
  /** Project-relative entry point, e.g. "worker/main.ts". */
  entry: string;
  /** The project the entry belongs to (default: this one); a test runs an earlier release's tree this way. */
  root?: string;
  env: NodeJS.ProcessEnv;
  /** The `msg` of the JSON log line that says the service is ready. */
  readyMessage: string;
  /** Where its log lines go (default: this process's stdout). */
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Extra node options (e.g. --cpu-prof for the benchmarks' profiles). */
  nodeArgs?: string[];
}): Promise<ChildService> {
  const root = options.root ?? projectRoot;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, options.entry)], {
    cwd: root,
    env: options.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const onLine = options.onLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const service: ChildService = { name: options.name, process: child, stop: (graceMs) => stopChild(child, graceMs) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 120_000} ms`));
    }, options.readyTimeoutMs ?? 120_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      onLine(line);
      if (line.includes(`"msg":"${options.readyMessage}"`)) {
        clearTimeout(timer);
        resolve(service);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited during start-up (code ${code}, signal ${signal})`));
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

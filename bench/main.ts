// `npm run bench`: every benchmark at its default size; `npm run bench -- b1 b2 --agreements 100`: some
// of them, with other sizes. Each benchmark prints its figures and its ratio against a baseline
// measured in the same run; a summary table ends the run, and results.json with everything measured
// lands in the run's directory. Load goes to loopback only; every benchmark is bounded in count and in
// time and the run stops by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/logger';
import { runB1 } from './b1-throughput';
import { runB2 } from './b2-latency';
import { runB3 } from './b3-memory';
import { runB4 } from './b4-listing';
import { runB5 } from './b5-certification';
import { runB6 } from './b6-console';
import { runTune } from './tune';
import { BenchEnvironment } from './environment';
import { machineInfo } from './process-stats';
import { type BenchResult, line, summaryTable } from './report';
import { fmt } from './stats';

export interface Flags {
  names: string[];
  agreements: number;
  concurrency: number;
  rounds: number;
  b2Samples: number;
  b2PauseMs: number;
  b2Levels: number[];
  placements: number;
  b3CacheSizes: number[];
  applications: number;
  consoleSamples: number;
  b5Concurrency: number;
  sizes: number[];
  listSamples: number;
  tuneAgreements: number;
  profile: boolean;
  serviceLogLevel: string;
  workerEnv: Record<string, string>;
  maxMinutes: number;
  runDir: string;
  /** Run the chosen benchmarks on the dev server, then again on the production-shaped cluster. */
  cluster: boolean;
}

const ALL = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
const EXTRA = ['tune'];

const USAGE = `npm run bench [-- [b1 b2 b3 b4 b5 b6] [options]]
  --agreements N       B1: agreements per side (default 150)
  --concurrency N      B1: concurrent clients (default 16)
  --rounds N           B1: alternating bare/API segments (default 2)
  --b2-samples N       B2: sign steps per concurrency level, at least 4 per client (default 100)
  --b2-levels 1,10,50  B2: concurrency levels (each client takes its agreements in turn; the lowest level
                       is measured again with each agreement's parties signing back to back)
  --b2-pause-ms N      B2: each client pauses N ms between its steps, as a person does (default 0: none)
  --placements N       B3: placement workflows waiting for check-ins (default 1000; 10000 for the big one)
  --b3-cache-sizes 250,1000  B3: also measure the worker's cache at these sizes (RSS against replays; not by default)
  --applications N     B5: certification applications (default 800; the issue's peak is --applications 10000,
                       about half an hour on 2 cores: run it on its own)
  --b5-concurrency N   B5: concurrent clients (default 16)
  --console-samples N  B6: cold page loads per agreement page (default 7)
  --sizes 1000,10000,100000  B4: table sizes
  --list-samples N     B4: requests per size and list (default 40)
  tune                 (not in the default run) worker tuning options against B1's load
  --tune-agreements N  tune: agreements per setting and pass (default 60)
  --profile            run the API, the worker and the bare worker with --cpu-prof and print where their CPU went
  --log-level L        LOG_LEVEL of the worker and API (default info, as in production)
  --worker-env K=V     a WORKER_* setting (or NODE_OPTIONS) for the worker and the bare worker (repeatable)
  --max-minutes N      stop starting new work after N minutes (default 14)
  --cluster            run them again on the production-shaped Temporal cluster (npm run cluster's: PostgreSQL,
                       16 shards, one process per service) after the dev server, side by side in the summary
  --quick              small sizes everywhere (for trying the benchmarks out)`;

export function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    names: [],
    agreements: 150,
    concurrency: 16,
    rounds: 2,
    b2Samples: 100,
    b2PauseMs: 0,
    b2Levels: [1, 10, 50],
    placements: 1000,
    b3CacheSizes: [],
    applications: 800,
    consoleSamples: 7,
    b5Concurrency: 16,
    sizes: [1000, 10_000, 100_000],
    listSamples: 40,
    tuneAgreements: 60,
    profile: false,
    serviceLogLevel: 'info',
    workerEnv: {},
    maxMinutes: 14,
    runDir: path.join(os.tmpdir(), `allianceflow-bench-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    cluster: false,
  };
  const number = (value: string | undefined, name: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number (got ${value})`);
    return n;
  };
  const list = (value: string | undefined, name: string): number[] => (value ?? '').split(',').map((v) => number(v, name));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    switch (arg) {
      case '--agreements':
        flags.agreements = number(value(), arg);
        break;
      case '--concurrency':
        flags.concurrency = number(value(), arg);
        break;
      case '--rounds':
        flags.rounds = number(value(), arg);
        break;
      case '--b2-samples':
        flags.b2Samples = number(value(), arg);
        break;
      case '--b2-pause-ms':
        flags.b2PauseMs = number(value(), arg);
        break;
      case '--b2-levels':
        flags.b2Levels = list(value(), arg);
        break;
      case '--placements':
        flags.placements = number(value(), arg);
        break;
      case '--b3-cache-sizes':
        flags.b3CacheSizes = list(value(), arg);
        break;
      case '--applications':
        flags.applications = number(value(), arg);
        break;
      case '--console-samples':
        flags.consoleSamples = number(value(), arg);
        break;
      case '--b5-concurrency':
        flags.b5Concurrency = number(value(), arg);
        break;
      case '--sizes':
        flags.sizes = list(value(), arg);
        break;
      case '--list-samples':
        flags.listSamples = number(value(), arg);
        break;
      case '--tune-agreements':
        flags.tuneAgreements = number(value(), arg);
        break;
      case '--profile':
        flags.profile = true;
        break;
      case '--log-level':
        flags.serviceLogLevel = value() ?? 'info';
        break;
      case '--worker-env': {
        const [key, ...rest] = (value() ?? '').split('=');
        if (!key || !/^(WORKER_[A-Z_]+|NODE_OPTIONS)$/.test(key) || rest.length === 0)
          throw new Error('--worker-env takes WORKER_NAME=value (or NODE_OPTIONS=...)');
        flags.workerEnv[key] = rest.join('=');
        break;
      }
      case '--max-minutes':
        flags.maxMinutes = number(value(), arg);
        break;
      case '--cluster':
        flags.cluster = true;
        break;
      case '--run-dir':
        flags.runDir = path.resolve(value() ?? '');
        break;
      case '--quick':
        Object.assign(flags, {
          agreements: 40,
          rounds: 1,
          b2Samples: 30,
          b2Levels: [1, 10],
          placements: 100,
          applications: 200,
          consoleSamples: 3,
          sizes: [1000, 5000],
          listSamples: 10,
        });
        break;
      case '--help':
      case '-h':
        line(USAGE);
        process.exit(0);
        break;
      default:
        if ([...ALL, ...EXTRA].includes(arg.toLowerCase())) flags.names.push(arg.toLowerCase());
        else throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (flags.names.length === 0) flags.names = [...ALL];
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const startedAt = Date.now();
  const deadline = startedAt + flags.maxMinutes * 60_000;
  const log = createLogger('bench', process.env.BENCH_LOG_LEVEL ?? 'warn');
  mkdirSync(flags.runDir, { recursive: true });
  const machine = machineInfo();
  line(`AllianceFlow benchmarks: ${flags.names.join(' ')}`);
  line(
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
  );
  line(
    `worker tuning: ${Object.keys(flags.workerEnv).length ? JSON.stringify(flags.workerEnv) : 'defaults (platform/config.ts)'}; service log level ${flags.serviceLogLevel}; logs and results in ${flags.runDir}`,
  );
  line();

  const results: BenchResult[] = [];
  const profileWindows: BenchEnvironment['profileWindows'] = [];
  // --cluster: the same benchmarks on a second stack, one after the other (never both loading the machine).
  for (const temporal of flags.cluster ? (['dev-server', 'cluster'] as const) : (['dev-server'] as const)) {
    const stackStarted = Date.now();
    const env = await BenchEnvironment.start({
      log,
      serviceLogLevel: flags.serviceLogLevel,
      workerEnv: flags.workerEnv,
      cpuProfile: flags.profile,
      runDir: path.join(flags.runDir, ...(temporal === 'cluster' ? ['cluster'] : [])),
      temporal,
    });
    line(
      `stack ready in ${fmt((Date.now() - stackStarted) / 1000)} s (Temporal ${temporal === 'cluster' ? 'cluster, frontend' : 'dev server'} ${env.stack.temporalAddress}, database ${new URL(env.stack.databaseUrl).pathname.slice(1)})`,
    );
    const mine = await runAll(env, flags, deadline, temporal === 'cluster' ? ' cluster' : '');
    results.push(...mine);
    profileWindows.push(...env.profileWindows);
  }
  if (flags.profile) {
    const { printProfiles } = await import('./cpu-profile');
    printProfiles(path.join(flags.runDir, 'profiles'), profileWindows);
  }
  line();
  line(`== summary (${fmt((Date.now() - startedAt) / 60_000)} min) ==`);
  line(summaryTable(results));
  writeFileSync(path.join(flags.runDir, 'results.json'), JSON.stringify({ machine, flags, results, profileWindows }, null, 2));
  line(`\nresults.json and the services' logs: ${flags.runDir}`);
}

/** The chosen benchmarks on one stack; `suffix` (" cluster") marks their rows in the summary. */
async function runAll(env: BenchEnvironment, flags: Flags, deadline: number, suffix: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const stopping = async () => {
    await env.stop().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', stopping);
  process.once('SIGTERM', stopping);
  try {
    for (const name of flags.names) {
      const began = Date.now();
      line();
      line(`== ${name.toUpperCase()}${suffix} ==`);
      if (Date.now() > deadline) {
        results.push({ name: name.toUpperCase(), title: '', rows: [], details: {}, pending: `not run: the run reached --max-minutes ${flags.maxMinutes}` });
        continue;
      }
      try {
        const result = await runOne(name, env, flags, deadline);
        results.push(result);
      } catch (error) {
        line(`  ${name.toUpperCase()} failed: ${(error as Error).stack ?? String(error)}`);
        results.push({
          name: name.toUpperCase(),
          title: '',
          rows: [],
          details: { error: String(error) },
          pending: `failed: ${(error as Error).message.replace(/\s+/g, ' ').slice(0, 120)}`,
        });
      }
      line(`  (${name.toUpperCase()} took ${fmt((Date.now() - began) / 1000)} s)`);
    }
  } finally {
    process.off('SIGINT', stopping);
    process.off('SIGTERM', stopping);
    await env.stop();
  }
  return results.map((r) => ({ ...r, name: r.name + suffix, rows: r.rows.map((row) => ({ ...row, benchmark: row.benchmark + suffix })) }));
}

async function runOne(name: string, env: BenchEnvironment, flags: Flags, deadline: number): Promise<BenchResult> {
  switch (name) {
    case 'b1':
      return runB1(env, { agreements: flags.agreements, concurrency: flags.concurrency, rounds: flags.rounds, deadline });
    case 'b2':
      return runB2(env, { levels: flags.b2Levels, samples: flags.b2Samples, pauseMs: flags.b2PauseMs, deadline });
    case 'b3':
      return runB3(env, { placements: flags.placements, concurrency: 32, deadline, cacheSizes: flags.b3CacheSizes });
    case 'b4':
      return runB4(env, { sizes: flags.sizes, samples: flags.listSamples, deadline });
    case 'tune':
      return runTune(env, { agreements: flags.tuneAgreements, concurrency: flags.concurrency, deadline });
    case 'b5':
      return runB5(env, { applications: flags.applications, concurrency: flags.b5Concurrency, deadline });
    case 'b6':
      return runB6(env, { samples: flags.consoleSamples, deadline });
    default:
      return { name: name.toUpperCase(), title: '', rows: [], details: {}, pending: 'not built yet' };
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

// `npm run bench -- tune`: the worker's tuning options against B1's load (3-party agreements through
// the API, closed-loop clients), one setting after another in the same run and then again in reverse
// order, so drift on a shared machine evens out. Each setting restarts the worker with its WORKER_*
// variables. Prints agreements/s and CPU per agreement; the defaults in platform/config.ts were chosen
// from this (BENCHMARKS.md).
import { signedAgreement } from './b1-throughput';
import type { BenchEnvironment } from './environment';
import { agreementCast } from './fixtures';
import { cpuPerUnit, measured } from './measure';
import { type BenchResult, line, table } from './report';
import { fmt, runConcurrently, withTimeout } from './stats';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export interface TuneOptions {
  agreements: number;
  concurrency: number;
  deadline: number;
  settings?: Record<string, string>[];
}

export const DEFAULT_SETTINGS: Record<string, string>[] = [
  {},
  { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '10' },
  { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100', WORKER_WORKFLOW_TASK_POLLERS: '20' },
  { WORKER_MAX_CONCURRENT_ACTIVITIES: '20' },
  { WORKER_DATABASE_POOL_SIZE: '4' },
  { WORKER_DATABASE_POOL_SIZE: '25' },
  { WORKER_MAX_CACHED_WORKFLOWS: '20' },
];

const label = (setting: Record<string, string>) =>
  Object.keys(setting).length
    ? Object.entries(setting)
        .map(([k, v]) => `${k.replace(/^WORKER_/, '')}=${v}`)
        .join(' ')
    : 'defaults';

export async function runTune(env: BenchEnvironment, options: TuneOptions): Promise<BenchResult> {
  await env.startApi();
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const cast = await agreementCast(env.db, 3, 'tune');
  const agreement = signedAgreement(env, cast);
  const samples = new Map<string, { rate: number; cpuMs: number; workerMs: number }[]>();
  let counter = 0;
  const order = [...settings, ...[...settings].reverse()];
  for (const setting of order) {
    if (Date.now() > options.deadline) break;
    await env.stopService('worker');
    await env.startWorker(setting);
    for (let i = 0; i < 3; i++) await env.client.workflow.getHandle(await agreement(counter++)).result();
    const segment = await measured(env, async () => {
      const completions: Promise<unknown>[] = [];
      const outcome = await runConcurrently(
        options.agreements,
        options.concurrency,
        async () => {
          completions.push(env.client.workflow.getHandle(await agreement(counter++)).result());
        },
        options.deadline,
      );
      await withTimeout(Promise.all(completions), 180_000, 'agreements did not finish within 180 s');
      return outcome.completed;
    });
    const n = segment.result;
    const cpu = cpuPerUnit(segment.cpu, n);
    const sample = {
      rate: n / segment.seconds,
      cpuMs: cpu.find((c) => c.name === 'total (ours)')?.ms ?? NaN,
      workerMs: cpu.find((c) => c.name === 'worker')?.ms ?? NaN,
    };
    samples.set(label(setting), [...(samples.get(label(setting)) ?? []), sample]);
    line(`  ${label(setting)}: ${fmt(sample.rate)} agreements/s, ${fmt(sample.cpuMs)} CPU ms per agreement (worker ${fmt(sample.workerMs)})`);
  }
  await env.stopService('worker');
  const baseline = samples.get('defaults') ?? [];
  const base = mean(baseline.map((s) => s.rate));
  const rows = [...samples.entries()].map(([name, s]) => [
    name,
    s.map((x) => fmt(x.rate)).join(' / '),
    fmt(mean(s.map((x) => x.rate))),
    fmt(mean(s.map((x) => x.cpuMs))),
    fmt(mean(s.map((x) => x.workerMs))),
    fmt(mean(s.map((x) => x.rate)) / base, 2),
  ]);
  line();
  line(table(['setting', 'agreements/s (each pass)', 'mean', 'CPU ms/agreement', 'worker CPU ms', 'vs defaults'], rows).replace(/^/gm, '  '));
  return {
    name: 'TUNE',
    title: 'worker tuning',
    rows: rows.map((r) => ({ benchmark: 'tune', measure: r[0]!, ours: `${r[2]}/s`, baseline: `defaults ${fmt(base)}/s`, ratio: r[5]! })),
    details: Object.fromEntries(samples),
  };
}

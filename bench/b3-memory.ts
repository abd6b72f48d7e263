// B3 memory: N ApprenticeshipPlacement workflows active and waiting for their weekly check-ins, held by
// one worker: its RSS and V8 heap, and the time for all of them to resume after a worker restart.
//
// The placements start in the state they have after a continue-as-new (the workflow's own `carried`
// input): active, the agreement effective, the first week running. The state is built with the
// workflow's own pure rules (state.ts: offer, accept, agreement effective, start), so each workflow is
// exactly what the worker holds for an ongoing placement, without running N offers and N tripartite
// agreements first (that is B1's subject). "Resume": after a restart the worker holds nothing; a
// workflow comes back (its history fetched and replayed) on its next task. Here every placement gets a
// status query at once, before the restart (cached) and after it (cold), and the time for all N to
// answer is measured. The baseline: N bare workflows waiting on an Update, with an input of the same
// size, on the bare worker, measured the same way.
//
// The worker's cache of workflows is bounded (WORKER_MAX_CACHED_WORKFLOWS, platform/config.ts): with more
// placements than it holds, the rest are evicted and replayed from history when they next wake, so RSS
// stays flat whatever N is and "RSS per open placement" falls as N grows. `--b3-cache-sizes` (not in the
// default run) measures that trade-off on the placements already open: for each cache size, a worker
// restarted with it, every placement queried twice (the second pass replays those the cache could not
// keep), RSS and the worker's CPU per query.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  type ApprenticeshipPlacementInput,
  defaultPlacementPolicy,
  placementStatusQuery,
  placementWorkflowId,
  APPRENTICESHIP_PLACEMENT_WORKFLOW,
} from '../workflows/apprenticeship-placement/contract';
import { defaultRulesPolicy } from '../core/apprenticeship-placement/rules';
import { accept } from '../workflows/apprenticeship-placement/steps';
import { agreementEnded, agreementStarted, initialState, start } from '../workflows/apprenticeship-placement/state';
import { OrganizationIdsKey, PlacementStatusKey } from '../core/search-attributes';
import { bareStatus } from './bare/workflow';
import { BARE_TASK_QUEUE, type BenchEnvironment, type MemoryReport, TASK_QUEUE } from './environment';
import { cpuSeconds } from './process-stats';
import { type BenchResult, line, table } from './report';
import { fmt, runConcurrently, sleep } from './stats';

export interface B3Options {
  placements: number;
  concurrency: number;
  deadline: number;
  /** Cache sizes to measure the replay/RSS trade-off at (empty: not measured). */
  cacheSizes?: number[];
}

const MiB = 1024 * 1024;

function beijingDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** An active placement's workflow input, as after a continue-as-new. */
function activePlacement(school: { id: string; name: string }, enterprise: { id: string; name: string }, i: number): ApprenticeshipPlacementInput {
  const now = new Date();
  const input: ApprenticeshipPlacementInput = {
    placementId: randomUUID(),
    cohort: '2027-spring',
    applicationId: null,
    origin: { kind: 'direct_offer' },
    offeredBy: randomUUID(),
    student: { userId: randomUUID(), name: `Student ${i}`, birthDate: '2007-03-01', yearOfStudy: 2, majorCode: '460104' },
    guardian: null,
    school: { organizationId: school.id, name: school.name },
    schoolMentor: { userId: randomUUID(), name: 'Teacher Li' },
    enterprise: { organizationId: enterprise.id, name: enterprise.name },
    enterpriseMentor: { userId: randomUUID(), name: 'Engineer Chen' },
    position: {
      positionId: randomUUID(),
      title: 'CNC machining assistant',
      location: 'Shenzhen',
      allianceId: null,
      facts: {
        majorGroups: ['46'],
        startDate: beijingDate(),
        endDate: beijingDate(150),
        dailyHours: 8,
        weeklyHours: 40,
        nightWork: false,
        stipendMonthly: 360_000,
        regularMonthlyWage: 400_000,
        positionStaff: 50,
        enterpriseStaff: 500,
      },
    },
    agreementId: randomUUID(),
    insurance: { policyNumber: `PICC-2027-${i}`, insurer: 'PICC' },
    rules: defaultRulesPolicy,
    policy: defaultPlacementPolicy,
    carriedOver: null,
  };
  let state = initialState(input, now);
  state = accept(state, { actor: { userId: input.student.userId, organizationId: school.id, roles: ['student'] } }, now);
  state = agreementStarted(state, now);
  state = agreementEnded(state, { status: 'effective', guardianSigned: false, effectiveAt: now.toISOString(), reason: null }, now);
  state = start(state, now);
  if (state.status !== 'active') throw new Error(`the built placement is ${state.status}, not active`);
  return { ...input, carried: state };
}

/** Waits until the process has been (nearly) idle for two seconds in a row: its backlog is done. */
async function settled(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  let last = cpuSeconds(pid);
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error(`process ${pid} did not settle within ${timeoutMs / 1000} s`);
    await sleep(1000);
    const now = cpuSeconds(pid);
    if (!Number.isFinite(now)) throw new Error(`process ${pid} exited`);
    quiet = now - last < 0.03 ? quiet + 1 : 0;
    last = now;
  }
}

interface Side {
  idle: MemoryReport;
  loaded: MemoryReport;
  afterResume: MemoryReport;
  openSeconds: number;
  /** NaN when N exceeds the cache: the sweep would replay most of them, which the cold sweep measures. */
  warmSweepSeconds: number;
  restartSeconds: number;
  coldSweepSeconds: number;
  cacheSize: number;
  ids: string[];
}

/** Queries that timed out and were sent again (a busy machine answers a cold query late); a run's total is printed. */
let requeried = 0;

async function sweep(client: Client, ids: string[], concurrency: number, query: (id: string) => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await runConcurrently(ids.length, concurrency, async (i) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await query(ids[i]!);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        requeried++;
        await sleep(500 * attempt);
      }
    }
  });
  return (performance.now() - began) / 1000;
}

async function measureSide(
  env: BenchEnvironment,
  key: 'worker' | 'bare',
  n: number,
  concurrency: number,
  startOne: (i: number) => Promise<string>,
  query: (id: string) => Promise<unknown>,
): Promise<Side> {
  const restart = async () => {
    await env.stopService(key);
    const began = performance.now();
    if (key === 'worker') await env.startWorker();
    else await env.startBareWorker();
    return (performance.now() - began) / 1000;
  };
  await restart();
  await sleep(2000);
  const idle = await env.memoryReport(key);
  const cacheSize = env.readyInfo(key)?.tuning?.maxCachedWorkflows ?? NaN;

  const began = performance.now();
  const ids: string[] = [];
  await runConcurrently(n, concurrency, async (i) => void ids.push(await startOne(i)));
  const pid = env.pid(key);
  if (pid === undefined) throw new Error(`the ${key} is not running`);
  await settled(pid, 1_800_000);
  const openSeconds = (performance.now() - began) / 1000 - 2;
  const loaded = await env.memoryReport(key);

  const warmSweepSeconds = n <= cacheSize || !Number.isFinite(cacheSize) ? await sweep(env.client, ids, concurrency, query) : NaN;
  const restartSeconds = await restart();
  const coldSweepSeconds = await sweep(env.client, ids, concurrency, query);
  await sleep(1000);
  const afterResume = await env.memoryReport(key);
  return { idle, loaded, afterResume, openSeconds, warmSweepSeconds, restartSeconds, coldSweepSeconds, cacheSize, ids };
}

interface CachePoint {
  cacheSize: number;
  rssMiB: number;
  firstSweepSeconds: number;
  secondSweepSeconds: number;
  workerCpuMsPerQuery: number;
}

/** For each cache size: a worker restarted with it, every placement queried twice; RSS and CPU per query. */
async function cacheTradeOff(env: BenchEnvironment, ids: string[], sizes: number[], concurrency: number, deadline: number): Promise<CachePoint[]> {
  const points: CachePoint[] = [];
  const query = (id: string) => env.client.workflow.getHandle(id).query(placementStatusQuery);
  for (const size of sizes) {
    if (Date.now() > deadline) break;
    await env.stopService('worker');
    await env.startWorker({ WORKER_MAX_CACHED_WORKFLOWS: String(size) });
    const firstSweepSeconds = await sweep(env.client, ids, concurrency, query);
    const pid = env.pid('worker')!;
    const cpuBefore = cpuSeconds(pid);
    const secondSweepSeconds = await sweep(env.client, ids, concurrency, query);
    const workerCpuMsPerQuery = ((cpuSeconds(pid) - cpuBefore) * 1000) / ids.length;
    await sleep(1000);
    const rssMiB = (await env.memoryReport('worker')).rss / MiB;
    points.push({ cacheSize: size, rssMiB, firstSweepSeconds, secondSweepSeconds, workerCpuMsPerQuery });
    line(
      `  cache ${size}: RSS ${fmt(rssMiB)} MiB; all ${ids.length} resumed in ${fmt(firstSweepSeconds)} s, queried again in ${fmt(secondSweepSeconds)} s (${fmt(workerCpuMsPerQuery)} worker CPU ms per query)`,
    );
  }
  await env.stopService('worker');
  await env.startWorker();
  return points;
}

export async function runB3(env: BenchEnvironment, options: B3Options): Promise<BenchResult> {
  await env.startApi();
  const n = options.placements;
  const run = randomUUID().slice(0, 8);
  const school = { id: randomUUID(), name: 'Vocational School No. 1' };
  const enterprise = { id: randomUUID(), name: 'Precision Machining Ltd' };
  const sample = activePlacement(school, enterprise, 0);
  const inputBytes = Buffer.byteLength(JSON.stringify(sample));
  line(`  ${n} active placements waiting for check-ins (workflow input with its carried state: ${fmt(inputBytes / 1024)} KiB)`);

  const ours = await measureSide(
    env,
    'worker',
    n,
    options.concurrency,
    async (i) => {
      const input = activePlacement(school, enterprise, i);
      const workflowId = placementWorkflowId(input.placementId);
      await env.client.workflow.start(APPRENTICESHIP_PLACEMENT_WORKFLOW, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [input],
        typedSearchAttributes: [
          { key: PlacementStatusKey, value: 'active' },
          { key: OrganizationIdsKey, value: [school.id, enterprise.id] },
        ],
      });
      return workflowId;
    },
    (id) => env.client.workflow.getHandle(id).query(placementStatusQuery),
  );
  line(
    `  placements: opened in ${fmt(ours.openSeconds)} s; worker RSS ${fmt(ours.idle.rss / MiB)} -> ${fmt(ours.loaded.rss / MiB)} MiB, heap ${fmt(ours.idle.heapUsed / MiB)} -> ${fmt(ours.loaded.heapUsed / MiB)} MiB (cache ${ours.cacheSize} workflows)`,
  );

  const bare = await measureSide(
    env,
    'bare',
    n,
    options.concurrency,
    async (i) => {
      const handle = await env.client.workflow.start('bareWorkflow', {
        taskQueue: BARE_TASK_QUEUE,
        workflowId: `bare-b3-${run}-${i}`,
        args: [{ shape: { start: [], updates: [], end: [] }, expectedUpdates: 1_000_000, padding: 'x'.repeat(inputBytes) }],
      });
      return handle.workflowId;
    },
    (id) => env.client.workflow.getHandle(id).query(bareStatus),
  );
  line(
    `  bare:       opened in ${fmt(bare.openSeconds)} s; worker RSS ${fmt(bare.idle.rss / MiB)} -> ${fmt(bare.loaded.rss / MiB)} MiB, heap ${fmt(bare.idle.heapUsed / MiB)} -> ${fmt(bare.loaded.heapUsed / MiB)} MiB`,
  );

  const perWorkflow = (s: Side, field: 'rss' | 'heapUsed') => (s.loaded[field] - s.idle[field]) / Math.min(n, s.cacheSize || n) / 1024;
  const perOpen = (s: Side) => (s.loaded.rss - s.idle.rss) / n / 1024;
  const rows = [
    [
      'worker RSS idle -> with N (MiB)',
      `${fmt(ours.idle.rss / MiB)} -> ${fmt(ours.loaded.rss / MiB)}`,
      `${fmt(bare.idle.rss / MiB)} -> ${fmt(bare.loaded.rss / MiB)}`,
      fmt((ours.loaded.rss - ours.idle.rss) / (bare.loaded.rss - bare.idle.rss), 1),
    ],
    [
      'main-thread V8 heap idle -> with N (MiB)',
      `${fmt(ours.idle.heapUsed / MiB)} -> ${fmt(ours.loaded.heapUsed / MiB)}`,
      `${fmt(bare.idle.heapUsed / MiB)} -> ${fmt(bare.loaded.heapUsed / MiB)}`,
      '',
    ],
    [
      'RSS per cached workflow (KiB)',
      fmt(perWorkflow(ours, 'rss')),
      fmt(perWorkflow(bare, 'rss')),
      fmt(perWorkflow(ours, 'rss') / perWorkflow(bare, 'rss'), 1),
    ],
    ['RSS per open placement (KiB)', fmt(perOpen(ours)), fmt(perOpen(bare)), fmt(perOpen(ours) / perOpen(bare), 1)],
    ['cached workflows (cache size)', `${Math.min(n, ours.cacheSize)} (${ours.cacheSize})`, `${Math.min(n, bare.cacheSize)} (${bare.cacheSize})`, ''],
    ['open N (s)', fmt(ours.openSeconds), fmt(bare.openSeconds), fmt(ours.openSeconds / bare.openSeconds, 1)],
    ['query all N, cached (s)', fmt(ours.warmSweepSeconds), fmt(bare.warmSweepSeconds), fmt(ours.warmSweepSeconds / bare.warmSweepSeconds, 1)],
    ['worker restart until polling (s)', fmt(ours.restartSeconds), fmt(bare.restartSeconds), fmt(ours.restartSeconds / bare.restartSeconds, 1)],
    ['all N resumed after restart (s)', fmt(ours.coldSweepSeconds), fmt(bare.coldSweepSeconds), fmt(ours.coldSweepSeconds / bare.coldSweepSeconds, 1)],
    ['RSS after they resumed (MiB)', fmt(ours.afterResume.rss / MiB), fmt(bare.afterResume.rss / MiB), fmt(ours.afterResume.rss / bare.afterResume.rss, 1)],
  ];
  line();
  line(table([`${n} waiting workflows`, 'placements', 'bare', 'ratio'], rows).replace(/^/gm, '  '));
  line("  (workflows run in the worker's workflow thread, whose V8 heap process.memoryUsage() does not see: RSS is the measure)");
  if (requeried) line(`  (${requeried} queries timed out on the busy machine and were sent again; the sweeps' times include them)`);
  if (n > ours.cacheSize) line(`  (N exceeds the worker's cache of ${ours.cacheSize}: the rest were evicted and come back from history when needed)`);

  let tradeOff: CachePoint[] = [];
  if (options.cacheSizes?.length) {
    line();
    line(`  the cache's trade-off on the ${n} open placements (RSS against replays):`);
    tradeOff = await cacheTradeOff(env, ours.ids, options.cacheSizes, options.concurrency, options.deadline);
    line(
      table(
        ['cache size', 'worker RSS (MiB)', `all ${n} resumed (s)`, 'queried again (s)', 'worker CPU ms per query'],
        tradeOff.map((p) => [String(p.cacheSize), fmt(p.rssMiB), fmt(p.firstSweepSeconds), fmt(p.secondSweepSeconds), fmt(p.workerCpuMsPerQuery)]),
      ).replace(/^/gm, '  '),
    );
  }

  return {
    name: 'B3',
    title: 'memory',
    rows: [
      {
        benchmark: 'B3',
        measure: `worker RSS with ${n} waiting placements (MiB)`,
        ours: fmt(ours.loaded.rss / MiB),
        baseline: fmt(bare.loaded.rss / MiB),
        ratio: fmt(ours.loaded.rss / bare.loaded.rss, 1),
      },
      {
        benchmark: 'B3',
        measure: `worker RSS per open placement (KiB; cache ${ours.cacheSize})`,
        ours: fmt(perOpen(ours)),
        baseline: fmt(perOpen(bare)),
        ratio: fmt(perOpen(ours) / perOpen(bare), 1),
      },
      {
        benchmark: 'B3',
        measure: 'worker RSS per cached workflow (KiB)',
        ours: fmt(perWorkflow(ours, 'rss')),
        baseline: fmt(perWorkflow(bare, 'rss')),
        ratio: fmt(perWorkflow(ours, 'rss') / perWorkflow(bare, 'rss'), 1),
      },
      {
        benchmark: 'B3',
        measure: `all ${n} resumed after a worker restart (s)`,
        ours: fmt(ours.restartSeconds + ours.coldSweepSeconds),
        baseline: fmt(bare.restartSeconds + bare.coldSweepSeconds),
        ratio: fmt((ours.restartSeconds + ours.coldSweepSeconds) / (bare.restartSeconds + bare.coldSweepSeconds), 1),
        note: 'restart + a query to each',
      },
    ],
    details: { options, inputBytes, requeried, ours: { ...ours, ids: undefined }, bare: { ...bare, ids: undefined }, tradeOff },
  };
}

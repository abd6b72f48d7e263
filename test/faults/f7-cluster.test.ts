// F7 on the production-shaped Temporal cluster (devtools/temporal-cluster.ts: frontend, two history
// processes, matching and the internal worker as separate processes, 16 shards on PostgreSQL). The
// scenario runs a cluster of its own (its own databases and ports), the worker and the API as child
// processes, and drives agreements through the API as F1 does, while one of the cluster's processes
// fails:
//   (a) history-1 SIGKILLed during 100 concurrent signings. Its shards must move to history-2, which
//       then carries the rest of the run alone (the run only completes if every shard is served again).
//       history-1 is started again only after the outcome has been audited, so that (b) and (c) run on
//       a whole cluster; the line says where its shards went back.
//   (b) matching SIGKILLed and started again after a pause: no task is dispatched meanwhile.
//   (c) the frontend restarted (SIGTERM, then started again): the API answers 503 while it is down,
//       probed as in F2.
// Afterwards, each time: every agreement effective, one signature per party, every audit chain
// verifies, no notification duplicated (support/signing-scenario.ts), and the figures printed as F1-F6
// print theirs. It needs the server built from source, so it runs only with TEST_TEMPORAL=cluster
// (jest.config.js; `npm run test:cluster:faults`).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../platform/logger';
import { startTestCluster } from '../support/local-stack';
import { DEFAULT_TEST_POSTGRES_URL } from '../support/scratch-database';
import { eventually } from '../support/eventually';
import { describeOwners, readShardOwners, type ShardOwnership } from './support/cluster-shards';
import { describeOperations, driveSigningsThroughFault, type FaultedRun } from './support/faulted-signings';
import { printFigures } from './support/figures';
import { startHarness, type Harness } from './support/harness';
import { type ProbeReport, probedOutage, readyAgain } from './support/outage-probe';
import { describeTally } from './support/resilient-client';
import { budgetMs, scale } from './support/scale';
import { createCast } from './support/signing-scenario';

const HISTORY_AGREEMENTS = scale.f7HistoryAgreements;
const AGREEMENTS = scale.f7Agreements;
/** How long the frontend stays down in (c): several probe rounds (about one a second). */
const FRONTEND_DOWN_MS = 5_000;
const timeoutFor = (agreements: number) => budgetMs(600_000, 6_000, agreements);

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let harness: Harness;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-f7-'));
  cluster = await startTestCluster({
    projectRoot: path.resolve(__dirname, '..', '..'),
    workDir,
    postgresUrl: process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL,
    label: 'f7',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    log: createLogger('f7-cluster', 'warn'),
  });
}, 600_000);
// Each scenario has its worker, API and task queue of its own: what a failed one leaves running (agreements
// waiting for signatures, their deliveries) never counts in the next one's settling, which waits for its
// queue to have nothing running.
beforeEach(async () => {
  harness = await startHarness('f7', { temporalAddress: cluster.address });
}, 300_000);
afterEach(async () => {
  await harness?.stop();
});
afterAll(async () => {
  await cluster?.stop();
  if (workDir && !process.env.FAULTS_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The shards' owners; a history process names itself by its gRPC address. */
const shards = () =>
  readShardOwners(cluster.postgresUrl, cluster.databases[0]!, {
    'history-1': `127.0.0.1:${cluster.ports['history-1'].grpc}`,
    'history-2': `127.0.0.1:${cluster.ports['history-2'].grpc}`,
  });
const ownedBy = (ownership: ShardOwnership, owner: string) => [...ownership.owners].filter(([, o]) => o === owner).map(([id]) => id);

/** The assertions every F7 scenario shares: nothing lost, nothing doubled, no 500, no service died. */
function expectNothingLostOrDoubled(run: FaultedRun): void {
  expect(harness.services.unexpectedExits).toEqual([]);
  expect(run.failed.map((s) => `#${s.index}: ${s.error}`)).toEqual([]);
  expect(run.tally.serverErrors).toEqual([]);
  expect(run.outcome.problems).toEqual([]);
  expect(run.outcome.lost).toBe(0);
  expect(run.outcome.duplicated).toBe(0);
}

const problemsOf = (run: FaultedRun, more: string[] = []) => [
  ...run.failed.map((s) => `#${s.index}: ${s.error}`),
  ...run.tally.serverErrors,
  ...harness.services.unexpectedExits,
  ...more,
  ...run.outcome.problems,
];

test(
  `F7a: history-1 SIGKILLed during ${HISTORY_AGREEMENTS} concurrent signings on the cluster: its shards move to history-2, nothing lost, nothing doubled`,
  async () => {
    // Both history processes own shards before the run (the ring spreads them once both have joined).
    const spread = await eventually(shards, (o) => o.owners.size === 16 && ownedBy(o, 'history-1').length > 0 && ownedBy(o, 'history-2').length > 0, {
      timeoutMs: 180_000,
      intervalMs: 1000,
    });
    const cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f7a');
    const startedAt = Date.now();
    const kill = { at: 0, outstanding: 0, moved: [] as number[], moveMs: 0, killed: false };

    const run = await driveSigningsThroughFault({ harness, cast, agreements: HISTORY_AGREEMENTS, timeoutMs: timeoutFor(HISTORY_AGREEMENTS) }, async (clock) => {
      if (!(await clock.reached(Math.ceil(clock.total * between(0.2, 0.4))))) return;
      const before = await shards();
      const hers = ownedBy(before, 'history-1');
      kill.outstanding = clock.total - clock.completed();
      kill.at = Date.now() - startedAt;
      const killedAt = Date.now();
      await cluster.services['history-1'].kill('SIGKILL');
      kill.killed = true;
      // Moved: acquired by history-2, which raises the shard's range (the dead owner's writes are fenced off).
      await eventually(shards, (o) => hers.every((id) => o.owners.get(id) === 'history-2' && o.ranges.get(id)! > before.ranges.get(id)!), {
        timeoutMs: 240_000,
        intervalMs: 500,
      });
      kill.moved = hers;
      kill.moveMs = Date.now() - killedAt;
    });
    const afterRun = await shards();

    // Started again once the run is audited; the ring gives it shards back.
    const restarting = Date.now();
    await cluster.services['history-1'].restart();
    const restartMs = Date.now() - restarting;
    const rebalanced = await eventually(shards, (o) => ownedBy(o, 'history-1').length > 0, { timeoutMs: 240_000, intervalMs: 250 });
    const rebalanceMs = Date.now() - restarting - restartMs;

    printFigures({
      scenario: 'F7a cluster: history SIGKILL',
      operations: run.signings.reduce((n, s) => n + s.done, 0),
      operationsDetail: describeOperations(run, HISTORY_AGREEMENTS),
      faults: kill.killed ? 1 : 0,
      faultsDetail:
        `history-1 SIGKILLed at ${seconds(kill.at)} s with ${kill.outstanding} operations outstanding; shards before the run ${describeOwners(spread)}; ` +
        `history-1's ${kill.moved.length} shards (${kill.moved.join(' ')}) acquired by history-2 within ${seconds(kill.moveMs)} s of the kill; ` +
        `shards at the end of the run ${describeOwners(afterRun)}; history-1 started again after the audit (listening after ${seconds(restartMs)} s), owning shards again ${seconds(rebalanceMs)} s later (${describeOwners(rebalanced)})`,
      lost: run.outcome.lost + run.failed.length,
      duplicated: run.outcome.duplicated,
      startedAt,
      problems: problemsOf(run),
      notes: [...run.outcome.notes, `API answers ${describeTally(run.tally)}`],
    });

    expect(kill.killed).toBe(true);
    expect(kill.moved.length).toBeGreaterThan(0);
    expect(ownedBy(afterRun, 'history-2')).toHaveLength(16);
    expectNothingLostOrDoubled(run);
  },
  timeoutFor(HISTORY_AGREEMENTS) + 480_000,
);

test(
  `F7b: matching SIGKILLed and started again during ${AGREEMENTS} concurrent signings on the cluster: nothing lost, nothing doubled`,
  async () => {
    const cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f7b');
    const startedAt = Date.now();
    const kill = { at: 0, outstanding: 0, downMs: 0, restartMs: 0, killed: false };

    const run = await driveSigningsThroughFault({ harness, cast, agreements: AGREEMENTS, timeoutMs: timeoutFor(AGREEMENTS) }, async (clock) => {
      if (!(await clock.reached(Math.ceil(clock.total * between(0.2, 0.5))))) return;
      kill.outstanding = clock.total - clock.completed();
      kill.at = Date.now() - startedAt;
      const killedAt = Date.now();
      await cluster.services.matching.kill('SIGKILL');
      kill.killed = true;
      await sleep(between(2_000, 5_000));
      const restarting = Date.now();
      await cluster.services.matching.restart();
      kill.restartMs = Date.now() - restarting;
      kill.downMs = Date.now() - killedAt;
    });

    printFigures({
      scenario: 'F7b cluster: matching SIGKILL',
      operations: run.signings.reduce((n, s) => n + s.done, 0),
      operationsDetail: describeOperations(run, AGREEMENTS),
      faults: kill.killed ? 1 : 0,
      faultsDetail: `matching SIGKILLed at ${seconds(kill.at)} s with ${kill.outstanding} operations outstanding, down ${seconds(kill.downMs)} s (its start took ${seconds(kill.restartMs)} s)`,
      lost: run.outcome.lost + run.failed.length,
      duplicated: run.outcome.duplicated,
      startedAt,
      problems: problemsOf(run),
      notes: [...run.outcome.notes, `API answers ${describeTally(run.tally)}`],
    });

    expect(kill.killed).toBe(true);
    expectNothingLostOrDoubled(run);
  },
  timeoutFor(AGREEMENTS),
);

test(
  `F7c: the frontend restarted during ${AGREEMENTS} concurrent signings on the cluster: 503 while it is down, nothing lost, nothing doubled`,
  async () => {
    const cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f7c');
    const startedAt = Date.now();
    const outage = { at: 0, outstanding: 0, downMs: 0, restartMs: 0 };
    let probes: ProbeReport | undefined;

    const run = await driveSigningsThroughFault({ harness, cast, agreements: AGREEMENTS, timeoutMs: timeoutFor(AGREEMENTS) }, async (clock) => {
      if (!(await clock.reached(Math.ceil(clock.total * between(0.25, 0.55))))) return;
      outage.outstanding = clock.total - clock.completed();
      outage.at = Date.now() - startedAt;
      const probed = await probedOutage({
        baseUrl: harness.services.baseUrl,
        cast,
        agreementId: clock.launched[0]!,
        dependency: 'temporal',
        outageMs: FRONTEND_DOWN_MS,
        stop: () => cluster.services.frontend.kill('SIGTERM'),
        start: () => cluster.services.frontend.restart(),
      });
      ({ probes, downMs: outage.downMs, restartMs: outage.restartMs } = probed);
    });
    const ready = await readyAgain(harness.services.baseUrl);

    printFigures({
      scenario: 'F7c cluster: frontend restart',
      operations: run.signings.reduce((n, s) => n + s.done, 0),
      operationsDetail: describeOperations(run, AGREEMENTS),
      faults: probes ? 1 : 0,
      faultsDetail: `frontend stopped (SIGTERM) at ${seconds(outage.at)} s with ${outage.outstanding} operations outstanding, down ${seconds(outage.downMs)} s (its start took ${seconds(outage.restartMs)} s)`,
      lost: run.outcome.lost + run.failed.length,
      duplicated: run.outcome.duplicated,
      startedAt,
      problems: problemsOf(run, probes?.violations ?? []),
      notes: [probes?.summary ?? 'no outage', ...run.outcome.notes, `API answers ${describeTally(run.tally)}`, `/readyz after the restart: ${ready.status}`],
    });

    expect(probes).toBeDefined();
    expect(probes!.violations).toEqual([]);
    expect(probes!.records.some((r) => r.probe === 'launch' && r.status === 503 && r.problemJson)).toBe(true);
    expectNothingLostOrDoubled(run);
  },
  timeoutFor(AGREEMENTS),
);

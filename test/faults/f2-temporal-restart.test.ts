// F2 Temporal server restart. The scenario runs its own Temporal dev server (own SQLite file and port),
// the worker and the API as child processes, and drives agreements through the API as in F1. Part-way
// through (at a random share of the operations) the dev server is stopped and, after the outage, started
// again on the same database file and port. While it is down the API is probed continuously: writes
// must answer 503 problem+json (not a hang, not a 500), /readyz must answer 503 naming Temporal, reads
// answer from the database or 503. Afterwards everything completes: nothing lost, nothing doubled.
import { printFigures } from './support/figures';
import { type OwnDevServer, startOwnDevServer } from './support/dev-server';
import { startHarness, type Harness } from './support/harness';
import { type ProbeReport, probedOutage, readyAgain } from './support/outage-probe';
import { describeTally } from './support/resilient-client';
import { budgetMs, scale } from './support/scale';
import { type Cast, createCast } from './support/signing-scenario';
import { describeOperations, driveSigningsThroughFault } from './support/faulted-signings';

const AGREEMENTS = scale.f2Agreements;
const OUTAGE_MS = scale.f2OutageMs;
const TIMEOUT = budgetMs(600_000, 6_000, AGREEMENTS) + OUTAGE_MS;

let server: OwnDevServer;
let harness: Harness;
let cast: Cast;

beforeAll(async () => {
  server = await startOwnDevServer('f2');
  harness = await startHarness('f2', { temporalAddress: server.address });
  cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f2');
}, 400_000);
afterAll(async () => {
  await harness?.stop();
  await server?.dispose();
});

test(
  `F2: the Temporal dev server stopped for ${OUTAGE_MS / 1000} s and restarted during ${AGREEMENTS} signings: 503 while down, everything completes`,
  async () => {
    const startedAt = Date.now();
    let probes: ProbeReport | undefined;
    const outage = { at: 0, outstanding: 0, downMs: 0, restartMs: 0 };

    const run = await driveSigningsThroughFault({ harness, cast, agreements: AGREEMENTS, timeoutMs: TIMEOUT }, async (clock) => {
      // Some launches are done and signatures are under way when the fault comes.
      if (!(await clock.reached(Math.ceil(clock.total * (0.25 + Math.random() * 0.3))))) return;
      outage.outstanding = clock.total - clock.completed();
      outage.at = Date.now() - startedAt;
      const probed = await probedOutage({
        baseUrl: harness.services.baseUrl,
        cast,
        agreementId: clock.launched[0]!,
        dependency: 'temporal',
        outageMs: OUTAGE_MS,
        stop: () => server.stop(),
        start: () => server.start(),
      });
      ({ probes, downMs: outage.downMs, restartMs: outage.restartMs } = probed);
    });
    const { tally, failed, outcome } = run;
    const ready = await readyAgain(harness.services.baseUrl);

    printFigures({
      scenario: 'F2 Temporal restart',
      operations: run.signings.reduce((n, s) => n + s.done, 0),
      operationsDetail: describeOperations(run, AGREEMENTS),
      faults: probes ? 1 : 0,
      faultsDetail: `dev server stopped at ${(outage.at / 1000).toFixed(0)} s with ${outage.outstanding} operations outstanding, down ${(outage.downMs / 1000).toFixed(1)} s (restart took ${(outage.restartMs / 1000).toFixed(1)} s)`,
      lost: outcome.lost + failed.length,
      duplicated: outcome.duplicated,
      startedAt,
      problems: [
        ...failed.map((s) => `#${s.index}: ${s.error}`),
        ...tally.serverErrors,
        ...(probes?.violations ?? []),
        ...harness.services.unexpectedExits,
        ...outcome.problems,
      ],
      notes: [
        probes?.summary ?? 'no outage',
        ...outcome.notes,
        `API answers to the clients ${describeTally(tally)}`,
        `/readyz after the restart: ${ready.status}`,
      ],
    });

    expect(probes).toBeDefined();
    expect(probes!.violations).toEqual([]);
    // Writes were actually refused with 503 while the server was down, and readiness said why.
    expect(probes!.records.some((r) => r.probe === 'launch' && r.status === 503 && r.problemJson)).toBe(true);
    expect(probes!.records.some((r) => r.probe === 'readyz' && r.status === 503 && r.failing?.includes('temporal'))).toBe(true);
    expect(harness.services.unexpectedExits).toEqual([]);
    expect(failed.map((s) => `#${s.index}: ${s.error}`)).toEqual([]);
    expect(tally.serverErrors).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.lost).toBe(0);
    expect(outcome.duplicated).toBe(0);
  },
  TIMEOUT,
);

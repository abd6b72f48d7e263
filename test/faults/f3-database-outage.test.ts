// F3 database outage. The scenario owns its PostgreSQL (initdb + pg_ctl on a temporary data directory,
// test/faults/support/private-postgres.ts), migrated like any database of the project; the worker and
// the API (child processes) use it, Temporal is the test run's shared dev server. Part-way through the
// signings, PostgreSQL is stopped (immediate: a crash, recovered at the next start) for the outage and
// started again. While it is down: activities fail and are retried by Temporal, the API answers 503
// problem+json (not a 500, not a hang) and /readyz reports the database. Afterwards nothing is lost and
// nothing doubled.
import { Client } from 'pg';
import { migrate } from '../../platform/migrator';
import { createLogger } from '../../platform/logger';
import { printFigures } from './support/figures';
import { startHarness, type Harness } from './support/harness';
import { type ProbeReport, probedOutage, readyAgain } from './support/outage-probe';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres';
import { describeTally } from './support/resilient-client';
import { budgetMs, scale } from './support/scale';
import { type Cast, createCast } from './support/signing-scenario';
import { describeOperations, driveSigningsThroughFault } from './support/faulted-signings';

const AGREEMENTS = scale.f3Agreements;
const OUTAGE_MS = scale.f3OutageMs;
const TIMEOUT = budgetMs(600_000, 6_000, AGREEMENTS) + 3 * OUTAGE_MS;

let postgres: PrivatePostgres;
let harness: Harness;
let cast: Cast;

beforeAll(async () => {
  postgres = await startPrivatePostgres('f3');
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE allianceflow');
  await admin.end();
  const databaseUrl = postgres.url.replace(/\/postgres$/, '/allianceflow');
  await migrate(databaseUrl, { log: createLogger('f3-migrate', 'warn') });
  harness = await startHarness('f3', { databaseUrl });
  cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f3');
}, 400_000);
afterAll(async () => {
  await harness?.stop();
  await postgres?.dispose();
});

test(
  `F3: PostgreSQL down for ${OUTAGE_MS / 1000} s during ${AGREEMENTS} signings: activities retry, /readyz reports it, nothing lost`,
  async () => {
    const startedAt = Date.now();
    let probes: ProbeReport | undefined;
    const outage = { at: 0, outstanding: 0, downMs: 0 };
    let failedActivitiesBefore = 0;

    const run = await driveSigningsThroughFault({ harness, cast, agreements: AGREEMENTS, timeoutMs: TIMEOUT }, async (clock) => {
      // Some launches are done and signatures are under way when the fault comes.
      if (!(await clock.reached(Math.ceil(clock.total * (0.25 + Math.random() * 0.3))))) return;
      outage.outstanding = clock.total - clock.completed();
      outage.at = Date.now() - startedAt;
      failedActivitiesBefore = countFailedActivities();
      const probed = await probedOutage({
        baseUrl: harness.services.baseUrl,
        cast,
        agreementId: clock.launched[0]!,
        dependency: 'database',
        outageMs: OUTAGE_MS,
        stop: () => postgres.stop('immediate'),
        start: () => postgres.start(),
      });
      ({ probes, downMs: outage.downMs } = probed);
    });
    const { tally, failed, outcome } = run;
    const ready = await readyAgain(harness.services.baseUrl);
    const retriedActivities = countFailedActivities() - failedActivitiesBefore;

    printFigures({
      scenario: 'F3 database outage',
      operations: run.signings.reduce((n, s) => n + s.done, 0),
      operationsDetail: describeOperations(run, AGREEMENTS),
      faults: probes ? 1 : 0,
      faultsDetail: `PostgreSQL stopped (immediate) at ${(outage.at / 1000).toFixed(0)} s with ${outage.outstanding} operations outstanding, down ${(outage.downMs / 1000).toFixed(1)} s; ${retriedActivities} activity attempts failed meanwhile and were retried`,
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
        `/readyz after the outage: ${ready.status}`,
      ],
    });

    expect(probes).toBeDefined();
    expect(probes!.violations).toEqual([]);
    expect(probes!.records.some((r) => r.probe === 'readyz' && r.status === 503 && r.failing?.includes('database'))).toBe(true);
    expect(probes!.records.some((r) => r.probe === 'launch' && r.status === 503 && r.problemJson)).toBe(true);
    expect(harness.services.unexpectedExits).toEqual([]);
    expect(failed.map((s) => `#${s.index}: ${s.error}`)).toEqual([]);
    expect(tally.serverErrors).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.lost).toBe(0);
    expect(outcome.duplicated).toBe(0);
  },
  TIMEOUT,
);

/** Failed activity attempts the worker logged so far (its log file), to show that activities retried. */
function countFailedActivities(): number {
  return harness.services.failedActivityAttempts();
}

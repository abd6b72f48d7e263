// F1, F2 and F3 share one shape: drive concurrent signings through the API while a fault is injected
// once a share of the operations is done, then wait until everything settled and audit the outcome. The
// fault sees the run's progress through `FaultClock`; what it does and what the test prints stay in
// each test.
import type { Harness } from './harness';
import { newTally, type Tally } from './resilient-client';
import { auditOutcome, type Cast, driveAll, OPERATIONS_PER_AGREEMENT, type Outcome, type Signing, waitUntilSettled } from './signing-scenario';

export interface FaultClock {
  /** Operations (launches and signatures) in the whole run. */
  total: number;
  /** Operations answered so far. */
  completed(): number;
  /** Agreement ids in the order their launches were answered. */
  launched: string[];
  /** Resolves true once `count` operations are answered, false if the run ended first. */
  reached(count: number): Promise<boolean>;
}

export interface FaultedRun {
  tally: Tally;
  signings: Signing[];
  /** Signings a client gave up on: each is a failure of the scenario. */
  failed: Signing[];
  ids: string[];
  outcome: Outcome;
}

export async function driveSigningsThroughFault(
  options: { harness: Harness; cast: Cast; agreements: number; timeoutMs: number },
  fault: (clock: FaultClock) => Promise<void>,
): Promise<FaultedRun> {
  const { harness, cast } = options;
  const tally = newTally();
  let completed = 0;
  let driving = true;
  const waiting = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiting) wake();
    waiting.clear();
  };
  const clock: FaultClock = {
    total: options.agreements * OPERATIONS_PER_AGREEMENT,
    completed: () => completed,
    launched: [],
    async reached(count) {
      while (completed < count && driving) await new Promise<void>((resolve) => waiting.add(resolve));
      return driving;
    },
  };

  const injected = fault(clock);
  const signings = await driveAll(
    {
      baseUrl: harness.services.baseUrl,
      cast,
      tally,
      operationDeadlineMs: options.timeoutMs / 2,
      onProgress: () => {
        completed++;
        wakeAll();
      },
      onLaunched: (id) => clock.launched.push(id),
    },
    options.agreements,
  );
  driving = false;
  wakeAll();
  await injected;

  const failed = signings.filter((s) => s.error);
  const ids = signings.flatMap((s) => (s.id ? [s.id] : []));
  if (failed.length === 0) await waitUntilSettled(harness.db, harness.temporal, harness.taskQueue, ids, options.timeoutMs / 3);
  const outcome = await auditOutcome({ db: harness.db, baseUrl: harness.services.baseUrl, cast, ids, smtp: harness.smtp, hooks: harness.hooks });
  return { tally, signings, failed, ids, outcome };
}

/** "12 launches + 48 signatures by 12 concurrent clients, 3 retries" */
export function describeOperations(run: FaultedRun, agreements: number): string {
  const signatures = run.signings.reduce((n, s) => n + Math.max(0, s.done - 1), 0);
  return `${run.ids.length} launches + ${signatures} signatures by ${agreements} concurrent clients, ${run.tally.retries} retries`;
}

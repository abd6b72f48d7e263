// How big each fault scenario is. `npm test` runs the short (CI) version of every scenario; `npm run
// test:faults` sets FAULTS_SCALE=full for the issue's figures (200 signings, a 20 s database outage,
// thousands of hostile inputs). Any single figure can be overridden with its own variable.
export const FULL = process.env.FAULTS_SCALE === 'full';

function figure(name: string, full: number, ci: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return FULL ? full : ci;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(raw)}`);
  return value;
}

export const scale = {
  /** F1: agreements signed concurrently through the API while the worker is SIGKILLed. */
  f1Agreements: figure('FAULTS_F1_AGREEMENTS', 200, 10),
  /** F1: SIGKILLs of the worker process (at least 3 in both versions). */
  f1Kills: figure('FAULTS_F1_KILLS', 4, 3),
  /** F2: agreements in flight while the Temporal dev server is stopped and started again. */
  f2Agreements: figure('FAULTS_F2_AGREEMENTS', 40, 6),
  f2OutageMs: figure('FAULTS_F2_OUTAGE_MS', 20_000, 8_000),
  /** F3: agreements in flight while PostgreSQL is down. */
  f3Agreements: figure('FAULTS_F3_AGREEMENTS', 40, 6),
  f3OutageMs: figure('FAULTS_F3_OUTAGE_MS', 20_000, 5_000),
  /** F4: cases of the escaping property (rendering); agreements with hostile names run end to end. */
  f4Runs: figure('FAULTS_F4_RUNS', 3_000, 200),
  f4Agreements: figure('FAULTS_F4_AGREEMENTS', 8, 2),
  /** F5: concurrent requests of one party on one agreement, and rounds of each race. */
  f5Requests: figure('FAULTS_F5_REQUESTS', 20, 20),
  f5Rounds: figure('FAULTS_F5_ROUNDS', 5, 1),
  /** F6: user lists read by 16 clients, and agreements launched by 8 clients at the same time. */
  f6Reads: figure('FAULTS_F6_READS', 2_400, 160),
  f6Launches: figure('FAULTS_F6_LAUNCHES', 320, 16),
  /** F7 (on the cluster only): agreements signed while a history process is SIGKILLed (the 100 in both versions). */
  f7HistoryAgreements: figure('FAULTS_F7_HISTORY_AGREEMENTS', 100, 100),
  /** F7: agreements signed while matching is SIGKILLed, and while the frontend restarts. */
  f7Agreements: figure('FAULTS_F7_AGREEMENTS', 40, 20),
};

/** A per-test timeout that grows with the scenario's size (the machine may be shared and slow). */
export function budgetMs(baseMs: number, perItemMs: number, items: number): number {
  return baseMs + perItemMs * items;
}

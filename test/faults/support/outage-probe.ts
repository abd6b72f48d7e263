// What the API says while a dependency is down, asked over and over for the whole outage: readiness,
// a write that must reach Temporal (a launch), a step on a running agreement, and a read. The promise:
// writes answer 503 problem+json ("retry later"), never a 500 and never a hang; readiness answers 503
// naming the failing dependency; a read answers from what is still reachable, or 503.
//
// "A hang" is a request without an answer within PROBE_TIMEOUT_MS: far longer than any deadline the API
// has, so reaching it is not a matter of a slow machine. Latencies are reported, not asserted.
import { eventually } from '../../support/eventually';
import { call } from './resilient-client';
import type { Cast } from './signing-scenario';
import { launchBody } from './signing-scenario';

export const PROBE_TIMEOUT_MS = 90_000;

export interface ProbeRecord {
  probe: 'readyz' | 'launch' | 'sign' | 'read';
  status: number | 'hang' | 'network';
  problemJson: boolean;
  /** For readyz: the checks that failed. */
  failing?: string[];
  ms: number;
}

export interface ProbeReport {
  records: ProbeRecord[];
  /** Every answer that breaks the promise above. */
  violations: string[];
  summary: string;
  /** Probe launches that got through (the dependency came back during the request): they expire at once. */
  launchedIds: string[];
}

export async function probeUntil(
  options: { baseUrl: string; cast: Cast; agreementId: string; dependency: 'temporal' | 'database' },
  done: () => boolean,
): Promise<ProbeReport> {
  const records: ProbeRecord[] = [];
  const launchedIds: string[] = [];
  let round = 0;
  while (!done()) {
    round++;
    const started = Date.now();
    const ask = async (probe: ProbeRecord['probe'], path: string, init: Parameters<typeof call>[2]) => {
      const t = Date.now();
      const answer = await call(options.baseUrl, path, { ...init, requestTimeoutMs: PROBE_TIMEOUT_MS });
      const record: ProbeRecord = {
        probe,
        status: answer.failure === 'timeout' ? 'hang' : answer.failure === 'network' ? 'network' : answer.status,
        problemJson: /^application\/problem\+json/.test(answer.contentType ?? ''),
        ms: Date.now() - t,
      };
      if (probe === 'readyz' && Array.isArray(answer.body?.checks)) {
        record.failing = (answer.body.checks as { name: string; ok: boolean }[]).filter((c) => !c.ok).map((c) => c.name);
      }
      if (probe === 'launch' && answer.status === 201) launchedIds.push(answer.body.id);
      records.push(record);
    };
    const body = { ...launchBody(options.cast, 900_000 + round), title: `Outage probe ${round} (${options.cast.runId})`, policy: { deadline: 'PT1S' } };
    await Promise.all([
      ask('readyz', '/readyz', {}),
      ask('launch', '/v1/agreements', { body, headers: { ...options.cast.secretariat.auth, 'idempotency-key': `${options.cast.runId}-probe-${round}` } }),
      // A wrong document hash: refused (422) once Temporal answers, so a probe never signs anything; if the
      // party has signed already, the repeat is answered as done (200) before the hash is looked at.
      ask('sign', `/v1/agreements/${options.agreementId}/sign`, {
        body: { partyId: 'school', documentSha256: '0'.repeat(64) },
        headers: options.cast.signatories.school!.auth,
      }),
      ask('read', `/v1/agreements/${options.agreementId}`, { headers: options.cast.secretariat.auth }),
    ]);
    // About one round a second.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
  }

  const violations: string[] = [];
  for (const r of records) {
    const what = `${r.probe} answered ${r.status} after ${r.ms} ms`;
    if (r.status === 'hang' || r.status === 'network') violations.push(what);
    else if (r.status >= 500 && r.status !== 503) violations.push(what);
    else if (r.probe === 'readyz' && r.status === 503 && !r.failing?.includes(options.dependency)) violations.push(`${what}, failing ${r.failing?.join(',')}`);
    else if (r.probe !== 'readyz' && r.status === 503 && !r.problemJson) violations.push(`${what} without problem+json`);
    else if (r.probe === 'launch' && r.status !== 503 && r.status !== 201) violations.push(what);
    else if (r.probe === 'sign' && r.status !== 503 && r.status !== 200 && r.status !== 422) violations.push(what);
  }
  const byProbe = (probe: ProbeRecord['probe']) => {
    const mine = records.filter((r) => r.probe === probe);
    const statuses = new Map<string, number>();
    for (const r of mine) statuses.set(String(r.status), (statuses.get(String(r.status)) ?? 0) + 1);
    const ms = mine.map((r) => r.ms).sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)] ?? 0;
    return `${probe} ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')} (median ${(median / 1000).toFixed(1)} s, max ${((ms.at(-1) ?? 0) / 1000).toFixed(1)} s)`;
  };
  const readyDown = records.filter((r) => r.probe === 'readyz' && r.status === 503 && r.failing?.includes(options.dependency)).length;
  return {
    records,
    violations,
    launchedIds,
    summary: `during the outage ${round} probe rounds: ${(['readyz', 'launch', 'sign', 'read'] as const).map(byProbe).join('; ')}; /readyz reported ${options.dependency} down ${readyDown} times`,
  };
}

export interface ProbedOutage {
  probes: ProbeReport;
  /** From the stop to the end of the start. */
  downMs: number;
  /** How long the start took. */
  restartMs: number;
}

/**
 * An outage of one dependency (F2, F3, F7c): stopped, the API probed for `outageMs` while it is down,
 * started again; the probes end once it is back.
 */
export async function probedOutage(options: {
  baseUrl: string;
  cast: Cast;
  agreementId: string;
  dependency: 'temporal' | 'database';
  outageMs: number;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}): Promise<ProbedOutage> {
  await options.stop();
  const down = Date.now();
  let over = false;
  const probing = probeUntil(options, () => over);
  await new Promise((resolve) => setTimeout(resolve, options.outageMs));
  const restarting = Date.now();
  await options.start();
  const restartMs = Date.now() - restarting;
  const downMs = Date.now() - down;
  over = true;
  return { probes: await probing, downMs, restartMs };
}

/** After an outage: waits (up to a minute) until the API's /readyz answers 200 again, and returns that answer. */
export function readyAgain(baseUrl: string): ReturnType<typeof call> {
  return eventually(
    () => call(baseUrl, '/readyz'),
    (r) => r.status === 200,
    { timeoutMs: 60_000, intervalMs: 1000 },
  );
}

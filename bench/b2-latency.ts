// B2 latency: the sign step (POST /v1/agreements/:id/sign, a Workflow Update that records the signature
// and its audit entry before answering) at 1, 10 and 50 concurrent clients: p50, p95, p99; against the
// same Update (same activities in the same order, read from a real sign step's history) sent with the
// bare Temporal client, and against the floor: an Update on a workflow with no activities
// (bench/bare/floor.ts), the least any design pays for a step on this machine. Each client signs on agreements of its own (six parties in one routing group;
// five sign, so the agreements stay open and no sealing runs in the background), so what is measured is
// the step's own latency under load, not queueing behind another client on the same workflow.
// Each client takes its agreements in turn (party 1 signs each of them, then party 2, ...), as the people
// of an alliance sign: a step on an agreement does not arrive within a millisecond of the previous step's
// answer on the same agreement. That case, where the step waits for the workflow task the previous step's
// background write ends with, is measured too: at the lowest level, one agreement after another, its
// parties signing back to back ("back to back" in the tables).
// Where the time goes: from the histories, each step's time before the workflow accepted the Update (API
// + Temporal's admission + the first workflow task), inside it (activities queued, running; workflow
// tasks), and after it completed (back through the server and the API).
import { randomUUID } from 'node:crypto';
import { floorUpdate, startFloor } from './bare/floor';
import { launchBare } from './bare/launch';
import { bareStatus, bareStep, type BareShape, describeGroups } from './bare/workflow';
import type { BenchEnvironment } from './environment';
import { agreementCast, call, HttpError, launchBody, launchRecorded } from './fixtures';
import { request } from '../test/support/http';
import { activityShape, historyEvents, updateLegs } from './history';
import { cpuTable, measured } from './measure';
import { type BenchResult, line, type SummaryRow, table } from './report';
import { fmt, latencySummary, median, runConcurrently, sleep } from './stats';

export interface B2Options {
  levels: number[];
  /** Sign steps per level (at least 4 per client). */
  samples: number;
  /** A pause after each step (a person's pace: the machine idle in between); 0 by default. */
  pauseMs?: number;
  deadline: number;
}

const PARTIES = 6;
const SIGNED = 5;
/** Agreements (of SIGNED steps each) every path signs before it is measured. */
const WARM_UP = 10;

/** In which order a client takes its agreements' steps (see the header). */
type Order = 'in turn' | 'back to back';

/** How the tables and the summary name a level: "1 client", "50 clients", "1 client, back to back". */
function levelName(clients: number, order: Order): string {
  return `${clients} client${clients > 1 ? 's' : ''}${order === 'in turn' ? '' : ', back to back'}`;
}

interface Target {
  workflowId: string;
  id: string;
  documentSha256: string;
}

interface Sample {
  workflowId: string;
  /** The k-th Update on that workflow (its launch's Updates counted). */
  k: number;
  sentAt: number;
  answeredAt: number;
  ms: number;
  /** The API's own phases, from its answer's Server-Timing header (api/server-timing.ts); API samples only. */
  phases?: Record<string, number>;
}

/** "rate-limit;dur=3.1, auth;dur=1.2, total;dur=42.0" → { 'rate-limit': 3.1, auth: 1.2, total: 42 }. */
function serverTimingPhases(header: string | null): Record<string, number> | undefined {
  if (!header) return undefined;
  const phases: Record<string, number> = {};
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => /^dur=([\d.]+)$/.exec(p.trim())?.[1]).find((d) => d !== undefined);
    if (name && dur !== undefined) phases[name] = (phases[name] ?? 0) + Number(dur);
  }
  return phases;
}

export async function runB2(env: BenchEnvironment, options: B2Options): Promise<BenchResult> {
  await Promise.all([env.startWorker(), env.startApi(), env.startBareWorker()]);
  const cast = await agreementCast(env.db, PARTIES, 'B2');
  const run = randomUUID().slice(0, 8);

  const launch = async (i: number): Promise<Target> => {
    const launched = await call<Target>(
      env.apiUrl,
      'POST',
      '/v1/agreements',
      cast.secretariat,
      launchBody(cast, { sequential: false, title: `B2 agreement ${i}` }),
      201,
    );
    await launchRecorded(env, launched.id);
    return launched;
  };
  const sign = async (target: Target, k: number): Promise<Record<string, number> | undefined> => {
    const path = `/v1/agreements/${target.id}/sign`;
    const response = await request(env.apiUrl, 'POST', path, {
      body: { partyId: `party-${k + 1}`, documentSha256: target.documentSha256 },
      headers: cast.parties[k]!.signatory.auth,
    });
    if (response.status !== 200) throw new HttpError(`POST ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
    return serverTimingPhases(response.headers.get('server-timing'));
  };

  // Warm-up, and the shape of a sign step for the baseline. Each path signs WARM_UP agreements before it
  // is measured: V8 optimises a function only after many calls, and the API's and worker's paths are far
  // longer than the floor's, so a handful of steps left them measured half-interpreted (a first run of
  // B2 alone, after 5 warm-up steps, was ~30 % slower at 1 client than B2 after B1).
  const warmed: Target[] = [];
  for (let i = 1; i <= WARM_UP; i++) {
    const target = await launch(-i);
    for (let k = 0; k < SIGNED; k++) await sign(target, k);
    warmed.push(target);
  }
  const shape = activityShape(await historyEvents(env.client, warmed[0]!.workflowId));
  const bareShape: BareShape = { start: shape.start, updates: shape.updates, background: shape.updateBackground, end: [] };
  // The API launches with Update-with-Start: the Updates before the first signature are the launch's. The
  // bare workflow is launched the same way, so its k-th sign step runs the k-th sign step's activities.
  const launchUpdates = Math.max(0, shape.updates.length - SIGNED);
  line(
    `  shape of a sign step: activities ${describeGroups(shape.updates[launchUpdates] ?? [])} (launch ${describeGroups(shape.start)}${launchUpdates ? ` + Update ${describeGroups(shape.updates[0] ?? [])}` : ''}), input ${shape.inputBytes} bytes`,
  );

  const startBare = async (i: number) => {
    const workflowId = `bare-b2-${run}-${i}`;
    const input = { shape: bareShape, expectedUpdates: PARTIES + launchUpdates, padding: 'x'.repeat(shape.inputBytes) };
    await launchBare(env.client, workflowId, input, launchUpdates > 0);
    const handle = env.client.workflow.getHandle(workflowId);
    const startActivities = bareShape.start.reduce((a, g) => a + g.remote + g.local, 0);
    for (let wait = 5; (await handle.query(bareStatus)).activities < startActivities; wait = Math.min(wait * 2, 100)) await sleep(wait);
    return workflowId;
  };
  for (let i = 1; i <= WARM_UP; i++) {
    for (let k = 0, id = await startBare(-i); k < SIGNED; k++) await env.client.workflow.getHandle(id).executeUpdate(bareStep, { args: [`party-${k + 1}`] });
    for (let k = 0, id = await startFloor(env.client, `floor-b2-${run}-warm-${i}`, PARTIES); k < SIGNED; k++) await floorUpdate(env.client, id, k);
  }

  const levels: {
    clients: number;
    order: Order;
    api: Sample[];
    bare: Sample[];
    floor: Sample[];
    apiSeconds: number;
    bareSeconds: number;
    floorSeconds: number;
  }[] = [];
  const rows: SummaryRow[] = [];
  const report: string[][] = [];
  const cpuColumns: Parameters<typeof cpuTable>[1] = [];
  let counter = 0;
  // The lowest level back to back right after it in turn, so that the two orders meet the same machine.
  const lowest = Math.min(...options.levels);
  const runs = options.levels.flatMap((clients): { clients: number; order: Order }[] =>
    clients === lowest
      ? [
          { clients, order: 'in turn' },
          { clients, order: 'back to back' },
        ]
      : [{ clients, order: 'in turn' }],
  );
  for (const { clients, order } of runs) {
    if (Date.now() > options.deadline) break;
    const label = levelName(clients, order);
    const perClient = Math.max(4, Math.ceil(options.samples / clients));
    // In turn, a client has at least two agreements, so its next step is never on the one it just signed.
    const agreementsPerClient = Math.max(order === 'in turn' ? 2 : 1, Math.ceil(perClient / SIGNED));
    const count = clients * agreementsPerClient;

    // Targets first (not measured): agreements launched and recorded, bare workflows started.
    const targets: Target[] = [];
    await runConcurrently(count, 8, async (i) => void targets.push(await launch(counter + i)));
    const bareIds: string[] = [];
    await runConcurrently(count, 8, async (i) => void bareIds.push(await startBare(counter + i)));
    const floorIds: string[] = [];
    await runConcurrently(count, 8, async (i) => void floorIds.push(await startFloor(env.client, `floor-b2-${run}-${counter + i}`, PARTIES)));
    counter += count;
    await sleep(1000); // let the launches' notifications drain

    // Each path's clients, measured (CPU, and a window of the profiles: ours and the bare worker's, step for step).
    const lanes = <T>(
      window: string,
      items: T[],
      send: (item: T, k: number) => Promise<Record<string, number> | void>,
      workflowIdOf: (item: T) => string,
      updatesBefore: number,
    ) =>
      measured(
        env,
        async (): Promise<Sample[]> => {
          const samples: Sample[] = [];
          await runConcurrently(clients, clients, async (lane) => {
            const mine = items.filter((_, i) => i % clients === lane);
            // [agreement, party] in the order the client signs them.
            const parties = Array.from({ length: SIGNED }, (_, k) => k);
            const steps: [T, number][] =
              order === 'in turn'
                ? parties.flatMap((k) => mine.map((item): [T, number] => [item, k]))
                : mine.flatMap((item) => parties.map((k): [T, number] => [item, k]));
            for (const [item, k] of steps.slice(0, perClient)) {
              if (Date.now() > options.deadline) return;
              const sentAt = Date.now();
              const t0 = performance.now();
              const phases = (await send(item, k)) ?? undefined;
              const ms = performance.now() - t0;
              samples.push({ workflowId: workflowIdOf(item), k: k + updatesBefore, sentAt, answeredAt: Date.now(), ms, ...(phases ? { phases } : {}) });
              if (options.pauseMs) await sleep(options.pauseMs);
            }
          });
          return samples;
        },
        window,
      );
    const bareRun = await lanes(
      `B2 bare at ${label}`,
      bareIds,
      (id, k) =>
        env.client.workflow
          .getHandle(id)
          .executeUpdate(bareStep, { args: [`party-${k + 1}`] })
          .then(() => undefined),
      (id) => id,
      launchUpdates,
    );
    const floorRun = await lanes(
      `B2 floor at ${label}`,
      floorIds,
      (id, k) => floorUpdate(env.client, id, k),
      (id) => id,
      0,
    );
    const apiRun = await lanes(
      `B2 at ${label}`,
      targets,
      (t, k) => sign(t, k),
      (t) => t.workflowId,
      launchUpdates,
    );
    levels.push({
      clients,
      order,
      api: apiRun.result,
      bare: bareRun.result,
      floor: floorRun.result,
      apiSeconds: apiRun.seconds,
      bareSeconds: bareRun.seconds,
      floorSeconds: floorRun.seconds,
    });
    cpuColumns.push(
      { label: `API, ${label}`, cpu: apiRun.cpu, units: apiRun.result.length },
      { label: `bare, ${label}`, cpu: bareRun.cpu, units: bareRun.result.length },
      { label: `floor, ${label}`, cpu: floorRun.cpu, units: floorRun.result.length },
    );

    const a = latencySummary(apiRun.result.map((s) => s.ms));
    const b = latencySummary(bareRun.result.map((s) => s.ms));
    const f = latencySummary(floorRun.result.map((s) => s.ms));
    report.push([label, 'API', fmt(a.p50), fmt(a.p95), fmt(a.p99), fmt(a.max), String(a.n), fmt(a.n / apiRun.seconds)]);
    report.push(['', 'bare', fmt(b.p50), fmt(b.p95), fmt(b.p99), fmt(b.max), String(b.n), fmt(b.n / bareRun.seconds)]);
    report.push(['', 'floor', fmt(f.p50), fmt(f.p95), fmt(f.p99), fmt(f.max), String(f.n), fmt(f.n / floorRun.seconds)]);
    report.push(['', 'API / bare', fmt(a.p50 / b.p50, 2), fmt(a.p95 / b.p95, 2), fmt(a.p99 / b.p99, 2), '', '', '']);
    report.push(['', 'API / floor', fmt(a.p50 / f.p50, 2), fmt(a.p95 / f.p95, 2), fmt(a.p99 / f.p99, 2), '', '', '']);
    line(
      `  ${label}: API p50 ${fmt(a.p50)} p95 ${fmt(a.p95)} p99 ${fmt(a.p99)} ms (${a.n}); bare p50 ${fmt(b.p50)} p95 ${fmt(b.p95)} p99 ${fmt(b.p99)} ms (${b.n}); ` +
        `floor p50 ${fmt(f.p50)} p95 ${fmt(f.p95)} p99 ${fmt(f.p99)} ms (${f.n})`,
    );
    const triple = (s: { p50: number; p95: number; p99: number }) => `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}`;
    const ratios = (x: { p50: number; p95: number; p99: number }, y: { p50: number; p95: number; p99: number }) =>
      `${fmt(x.p50 / y.p50, 1)} / ${fmt(x.p95 / y.p95, 1)} / ${fmt(x.p99 / y.p99, 1)}`;
    rows.push({
      benchmark: 'B2',
      measure: `sign p50 / p95 / p99 ms, ${label}${options.pauseMs ? `, ${options.pauseMs} ms pauses` : ''}`,
      ours: triple(a),
      baseline: triple(b),
      ratio: ratios(a, b),
      floor: triple(f),
      floorRatio: ratios(a, f),
    });
  }

  line();
  line(table(['clients', 'path', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'n', 'steps/s'], report).replace(/^/gm, '  '));
  line();
  line(cpuTable('sign step', cpuColumns).replace(/^/gm, '  '));

  // Where the time went, from the histories of the lowest and highest levels (and back to back).
  const legs: Record<string, unknown> = {};
  const legRows: string[][] = [];
  const slowRows: string[][] = [];
  const inTurn = levels.filter((l) => l.order === 'in turn');
  const backToBack = levels.filter((l) => l.order === 'back to back');
  for (const level of [inTurn[0], inTurn[inTurn.length - 1], ...backToBack].filter((l, i, all) => l && all.indexOf(l) === i)) {
    for (const [path, samples] of [
      ['API', level!.api],
      ['bare', level!.bare],
      ['floor', level!.floor],
    ] as const) {
      const split = await splitSamples(env, samples);
      legs[`${path}@${levelName(level!.clients, level!.order)}`] = split;
      for (const [rows, of] of [
        [legRows, split],
        [slowRows, split.slowest],
      ] as const) {
        rows.push([
          levelName(level!.clients, level!.order),
          path,
          fmt(of.total),
          fmt(of.beforeAccepted),
          fmt(of.beforeTask),
          fmt(of.taskQueued),
          fmt(of.taskRunning),
          fmt(of.activityQueued),
          fmt(of.activityRunning),
          fmt(of.workflowTasks),
          fmt(of.afterCompleted),
          String(of.n),
        ]);
      }
    }
  }
  // Inside the API, from its Server-Timing headers: which of its phases the step's milliseconds are.
  const phaseNames = [...new Set(levels.flatMap((l) => l.api.flatMap((s) => Object.keys(s.phases ?? {}))))];
  const phaseRows = levels.map((l) => [
    levelName(l.clients, l.order),
    fmt(median(l.api.map((s) => s.ms))),
    ...phaseNames.map((name) => fmt(median(l.api.flatMap((s) => (s.phases?.[name] === undefined ? [] : [s.phases[name]]))))),
  ]);
  const apiPhases = Object.fromEntries(
    levels.map((l) => [
      levelName(l.clients, l.order),
      Object.fromEntries(phaseNames.map((n) => [n, median(l.api.flatMap((s) => (s.phases?.[n] === undefined ? [] : [s.phases[n]])))])),
    ]),
  );
  line();
  line("  the API's phases of a step (medians, ms; its Server-Timing header; 'update' is the Workflow Update, 'total' the API's whole time):");
  line(table(['clients', 'client p50', ...phaseNames], phaseRows).replace(/^/gm, '  '));

  const legColumns = [
    'clients',
    'path',
    'total',
    'until accepted',
    '· until its task',
    '· task queued',
    '· task running',
    'activities queued',
    'activities running',
    'workflow tasks',
    'after completed',
    'n',
  ];
  line();
  line("  where a step's time goes (medians, ms; from the workflow histories):");
  line(table(legColumns, legRows).replace(/^/gm, '  '));
  line();
  line('  and where the slowest tenth of the steps (total at or above its p90) spent it (medians of those, ms):');
  line(table(legColumns, slowRows).replace(/^/gm, '  '));

  return {
    name: 'B2',
    title: 'latency',
    rows,
    details: {
      options,
      shape,
      levels: levels.map((l) => ({
        clients: l.clients,
        order: l.order,
        api: latencySummary(l.api.map((s) => s.ms)),
        bare: latencySummary(l.bare.map((s) => s.ms)),
        floor: latencySummary(l.floor.map((s) => s.ms)),
      })),
      legs,
      apiPhases,
    },
  };
}

/** Medians of each leg of the samples' Updates (at most 40 workflows' histories read). */
async function splitSamples(env: BenchEnvironment, samples: Sample[]) {
  const byWorkflow = new Map<string, Sample[]>();
  for (const s of samples) byWorkflow.set(s.workflowId, [...(byWorkflow.get(s.workflowId) ?? []), s]);
  const parts = {
    total: [] as number[],
    beforeAccepted: [] as number[],
    beforeTask: [] as number[],
    taskQueued: [] as number[],
    taskRunning: [] as number[],
    activityQueued: [] as number[],
    activityRunning: [] as number[],
    workflowTasks: [] as number[],
    afterCompleted: [] as number[],
  };
  for (const [workflowId, mine] of [...byWorkflow.entries()].slice(0, 40)) {
    const legs = updateLegs(await historyEvents(env.client, workflowId));
    // Updates are in send order; a sample's k counts the launch's Update where there is one.
    for (const sample of mine) {
      const leg = legs[sample.k];
      if (!leg) continue;
      parts.total.push(sample.ms);
      parts.beforeAccepted.push(leg.acceptedAt - sample.sentAt);
      parts.beforeTask.push(leg.taskScheduledAt - sample.sentAt);
      parts.taskQueued.push(leg.taskStartedAt - leg.taskScheduledAt);
      parts.taskRunning.push(leg.acceptedAt - leg.taskStartedAt);
      parts.activityQueued.push(leg.activityQueuedMs);
      parts.activityRunning.push(leg.activityRunningMs);
      parts.workflowTasks.push(leg.workflowTasksMs);
      parts.afterCompleted.push(sample.answeredAt - leg.completedAt);
    }
  }
  const medians = (keep: (i: number) => boolean) => {
    const of = (values: number[]) => median(values.filter((_, i) => keep(i)));
    return {
      n: parts.total.filter((_, i) => keep(i)).length,
      total: of(parts.total),
      beforeAccepted: of(parts.beforeAccepted),
      beforeTask: of(parts.beforeTask),
      taskQueued: of(parts.taskQueued),
      taskRunning: of(parts.taskRunning),
      activityQueued: of(parts.activityQueued),
      activityRunning: of(parts.activityRunning),
      workflowTasks: of(parts.workflowTasks),
      afterCompleted: of(parts.afterCompleted),
    };
  };
  // The tail: where the slowest tenth of the steps spent their time (a p95 is made of these).
  const p90 = [...parts.total].sort((a, b) => a - b)[Math.floor(parts.total.length * 0.9)] ?? Infinity;
  return { ...medians(() => true), slowest: medians((i) => parts.total[i]! >= p90) };
}

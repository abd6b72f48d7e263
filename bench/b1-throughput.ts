// B1 throughput: agreements with 3 parties (routing groups 1, 2, 3: one after another), launched and
// signed through the HTTP API by closed-loop clients, end to end (the workflow sealed the agreement
// and finished), per second; against the bare baseline: the same number of workflow starts, Updates
// and activities (the shape read from a real agreement's history in this run) straight through the
// Temporal client, with no API, no database and no notifications. Bare and real segments alternate
// (rounds), so drift on a shared machine does not favour either. A third segment per round is the
// floor (bench/bare/floor.ts): the same start and Updates on a workflow with no activities at all.
import { randomUUID } from 'node:crypto';
import { floorUpdate, startFloor } from './bare/floor';
import { launchBare } from './bare/launch';
import { bareStep, type BareShape } from './bare/workflow';
import type { BenchEnvironment } from './environment';
import { type AgreementCast, agreementCast, call, launchBody, launchRecorded } from './fixtures';
import { activityShape, describeShape, describeTypes, historyEvents } from './history';
import { cpuPerUnit, cpuTable, measured, type Segment } from './measure';
import { type BenchResult, line } from './report';
import { fmt, runConcurrently, withTimeout } from './stats';

export interface B1Options {
  agreements: number;
  concurrency: number;
  rounds: number;
  deadline: number;
}

const PARTIES = 3;

/** One agreement through the API: launched by the secretariat, signed by its parties in turn; its workflow id. */
export function signedAgreement(env: BenchEnvironment, cast: AgreementCast) {
  return async (i: number): Promise<string> => {
    const launched = await call<{ id: string; workflowId: string; documentSha256: string }>(
      env.apiUrl,
      'POST',
      '/v1/agreements',
      cast.secretariat,
      launchBody(cast, { sequential: true, title: `B1 agreement ${i}` }),
      201,
    );
    await launchRecorded(env, launched.id);
    for (const [k, party] of cast.parties.entries()) {
      await call(
        env.apiUrl,
        'POST',
        `/v1/agreements/${launched.id}/sign`,
        party.signatory,
        { partyId: `party-${k + 1}`, documentSha256: launched.documentSha256 },
        200,
      );
    }
    return launched.workflowId;
  };
}

export async function runB1(env: BenchEnvironment, options: B1Options): Promise<BenchResult> {
  await Promise.all([env.startWorker(), env.startApi(), env.startBareWorker()]);
  const cast = await agreementCast(env.db, PARTIES, 'B1');
  const run = randomUUID().slice(0, 8);

  const real = signedAgreement(env, cast);

  // Warm-up (JIT, pools, caches), and the shape of a real agreement for the baseline.
  line(`  warm-up: 5 agreements through the API`);
  let sample = '';
  for (let i = 0; i < 5; i++) {
    sample = await real(-1 - i);
    await env.client.workflow.getHandle(sample).result();
  }
  const shape = activityShape(await historyEvents(env.client, sample));
  const bareShape: BareShape = { start: shape.start, updates: shape.updates, background: shape.updateBackground, end: shape.end };
  line(`  shape of one agreement: 1 start, ${shape.updates.length} Updates, ${shape.total} activities (${describeTypes(shape)})`);
  line(`    ${describeShape(shape)}`);

  // The API launches with Update-with-Start (its first Update), then one Update per party: the baselines
  // send the same starts and Updates.
  const updates = shape.updates.length;
  const withStart = updates > PARTIES;
  const bare = async (i: number): Promise<string> => {
    const workflowId = `bare-b1-${run}-${i}`;
    await launchBare(env.client, workflowId, { shape: bareShape, expectedUpdates: updates, padding: 'x'.repeat(shape.inputBytes) }, withStart);
    const handle = env.client.workflow.getHandle(workflowId);
    for (let k = withStart ? 1 : 0; k < updates; k++) await handle.executeUpdate(bareStep, { args: [`party-${k + 1}`] });
    return workflowId;
  };
  for (let i = 0; i < 5; i++) await env.client.workflow.getHandle(await bare(-1 - i)).result();
  const floor = async (i: number): Promise<string> => {
    const workflowId = await startFloor(env.client, `floor-b1-${run}-${i}`, updates, withStart);
    for (let k = withStart ? 1 : 0; k < updates; k++) await floorUpdate(env.client, workflowId, k);
    return workflowId;
  };
  for (let i = 0; i < 5; i++) await env.client.workflow.getHandle(await floor(-1 - i)).result();

  const segment = (kind: string, offset: number, n: number, task: (i: number) => Promise<string>) =>
    measured(
      env,
      async () => {
        const completions: Promise<unknown>[] = [];
        const outcome = await runConcurrently(
          n,
          options.concurrency,
          async (i) => {
            const workflowId = await task(offset + i);
            completions.push(env.client.workflow.getHandle(workflowId).result());
          },
          options.deadline,
        );
        const results = await Promise.all(completions.map((c) => withTimeout(c, 120_000, 'an agreement did not finish within 120 s of its last signature')));
        if (kind === 'real') {
          const notEffective = results.filter((r) => (r as { status?: string }).status !== 'effective').length;
          if (notEffective) throw new Error(`${notEffective} agreements did not become effective`);
        }
        return outcome;
      },
      kind === 'real' ? 'B1' : undefined,
    );

  const perRound = Math.max(1, Math.round(options.agreements / options.rounds));
  const realSegments: Segment<{ completed: number; timedOut: boolean }>[] = [];
  const bareSegments: Segment<{ completed: number; timedOut: boolean }>[] = [];
  const floorSegments: Segment<{ completed: number; timedOut: boolean }>[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const f = await segment('floor', round * perRound, perRound, floor);
    floorSegments.push(f);
    line(`  round ${round + 1}: floor ${f.result.completed} in ${fmt(f.seconds)} s = ${fmt(f.result.completed / f.seconds)}/s`);
    const b = await segment('bare', round * perRound, perRound, bare);
    bareSegments.push(b);
    line(`  round ${round + 1}: bare ${b.result.completed} in ${fmt(b.seconds)} s = ${fmt(b.result.completed / b.seconds)}/s`);
    const r = await segment('real', round * perRound, perRound, real);
    realSegments.push(r);
    line(`  round ${round + 1}: API  ${r.result.completed} in ${fmt(r.seconds)} s = ${fmt(r.result.completed / r.seconds)}/s`);
  }

  const total = (segments: Segment<{ completed: number; timedOut: boolean }>[]) => {
    const completed = segments.reduce((a, s) => a + s.result.completed, 0);
    const seconds = segments.reduce((a, s) => a + s.seconds, 0);
    const cpu = {
      wallSeconds: seconds,
      machineCpuSeconds: segments.reduce((a, s) => a + s.cpu.machineCpuSeconds, 0),
      groups: segments[0]!.cpu.groups.map((g) => ({
        name: g.name,
        cpuSeconds: segments.reduce((a, s) => a + (s.cpu.groups.find((x) => x.name === g.name)?.cpuSeconds ?? 0), 0),
      })),
    };
    return { completed, seconds, rate: completed / seconds, cpu, timedOut: segments.some((s) => s.result.timedOut) };
  };
  const ours = total(realSegments);
  const base = total(bareSegments);
  const least = total(floorSegments);
  const ratio = ours.rate / base.rate;
  const perAgreement = { http: 1 + PARTIES, updates: shape.updates.length, activities: shape.total };

  line();
  line(
    `  through the API: ${fmt(ours.rate)} agreements/s (${ours.completed} in ${fmt(ours.seconds)} s; ${options.concurrency} clients): ` +
      `${fmt(ours.rate * perAgreement.http)} HTTP requests/s, ${fmt(ours.rate * perAgreement.updates)} Updates/s, ${fmt(ours.rate * perAgreement.activities)} activities/s`,
  );
  line(
    `  bare Temporal:   ${fmt(base.rate)} workflows/s (${base.completed} in ${fmt(base.seconds)} s): ${fmt(base.rate * perAgreement.activities)} activities/s`,
  );
  line(`  floor:           ${fmt(least.rate)} workflows/s (${least.completed} in ${fmt(least.seconds)} s): the same start and Updates, no activities`);
  line(`  ratio API / bare: ${fmt(ratio, 2)}; API / floor: ${fmt(ours.rate / least.rate, 2)}`);
  line();
  line(
    cpuTable('agreement', [
      { label: 'through the API', cpu: ours.cpu, units: ours.completed },
      { label: 'bare Temporal', cpu: base.cpu, units: base.completed },
      { label: 'floor', cpu: least.cpu, units: least.completed },
    ]).replace(/^/gm, '  '),
  );

  const ourCpu = cpuPerUnit(ours.cpu, ours.completed).find((r) => r.name === 'total (ours)')!.ms;
  const bareCpu = cpuPerUnit(base.cpu, base.completed).find((r) => r.name === 'total (ours)')!.ms;
  const floorCpu = cpuPerUnit(least.cpu, least.completed).find((r) => r.name === 'total (ours)')!.ms;
  const note = ours.timedOut || base.timedOut || least.timedOut ? 'stopped at the time limit' : undefined;
  return {
    name: 'B1',
    title: 'throughput',
    rows: [
      {
        benchmark: 'B1',
        measure: `agreements/s (3 parties, ${options.concurrency} clients)`,
        ours: fmt(ours.rate),
        baseline: fmt(base.rate),
        ratio: fmt(ratio, 2),
        floor: fmt(least.rate),
        floorRatio: fmt(ours.rate / least.rate, 2),
        note,
      },
      {
        benchmark: 'B1',
        measure: 'CPU ms per agreement (all our processes)',
        ours: fmt(ourCpu),
        baseline: fmt(bareCpu),
        ratio: fmt(ourCpu / bareCpu, 1),
        floor: fmt(floorCpu),
        floorRatio: fmt(ourCpu / floorCpu, 1),
      },
    ],
    details: { options, shape, ours, bare: base, floor: least, ratio, perAgreement },
  };
}

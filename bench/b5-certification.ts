// B5 certification peak: applications for the digital technology engineer certificate submitted by a
// training institution for its cohort (POST /v1/certification-applications), with the exam system's
// results (POST .../exam-results), carried through the automatic stages (eligibility, exam grading) to
// an open formal-review task, per second; against the bare baseline: the same starts, Updates and
// activities (the shape read from a real application's history) through the bare client.
import { randomUUID } from 'node:crypto';
import { bareStep, type BareShape } from './bare/workflow';
import { BARE_TASK_QUEUE, type BenchEnvironment } from './environment';
import { call } from './fixtures';
import { activityShape, describeShape, describeTypes, historyEvents } from './history';
import { cpuPerUnit, cpuTable, measured } from './measure';
import { type BenchResult, line } from './report';
import { fmt, runConcurrently, sleep, withTimeout } from './stats';
import { createOrganization, createUser } from '../test/support/parties';

export interface B5Options {
  applications: number;
  concurrency: number;
  deadline: number;
}

const policy = {
  levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
  panel: { size: 3, quorum: 2, majority: 'simple' },
  // Long enough that no reminder or escalation fires during a run.
  reviewTask: { due: 'P30D', followUp: 'P10D', reminderEvery: 'P5D', maxReminders: 3 },
  durations: { noticePeriod: 'P5D', appealWindow: 'P30D', resubmitWithin: 'P30D', validity: 'P3Y', renewalReminderBefore: 'P30D' },
};

export async function runB5(env: BenchEnvironment, options: B5Options): Promise<BenchResult> {
  await Promise.all([env.startWorker(), env.startApi(), env.startBareWorker()]);
  const run = randomUUID().slice(0, 8);

  // The cast: a programme secretariat and exam system, an evaluation body with reviewers, and a training
  // institution whose coordinator applies for its candidates (bulk-created: they need no tokens).
  const [secretariatOrg, evaluationOrg, institution] = await Promise.all([
    createOrganization(env.db, 'association', 'B5 evaluation secretariat'),
    createOrganization(env.db, 'research_institute', 'B5 evaluation body'),
    createOrganization(env.db, 'secondary_vocational_school', 'B5 training institution'),
  ]);
  const [secretariat, examSystem, coordinator] = await Promise.all([
    createUser(env.db, { organizationId: secretariatOrg.id, roles: ['secretariat'] }),
    createUser(env.db, { organizationId: secretariatOrg.id, roles: ['exam_system'] }),
    createUser(env.db, { organizationId: institution.id, roles: ['school_coordinator'] }),
  ]);
  await Promise.all(Array.from({ length: 5 }, () => createUser(env.db, { organizationId: evaluationOrg.id, roles: ['reviewer'] })));
  const total = options.applications + 3;
  const candidates = Array.from({ length: total }, () => randomUUID());
  for (let i = 0; i < total; i += 2000) {
    await env.db.user.createMany({
      data: candidates
        .slice(i, i + 2000)
        .map((id, j) => ({ id, organizationId: institution.id, name: `Candidate ${i + j + 1}`, roles: ['candidate'], locale: 'zh-CN' })),
    });
  }
  const programmeId = `dte-b5-${run}`;
  await call(
    env.apiUrl,
    'POST',
    '/v1/certification-programmes',
    secretariat,
    {
      id: programmeId,
      name: 'Digital Technology Engineer',
      certificatePrefix: 'DTE',
      domains: ['artificial-intelligence', 'big-data'],
      evaluationOrganizationIds: [evaluationOrg.id],
      policy,
    },
    201,
  );

  let next = 0;
  const real = async (): Promise<string> => {
    const candidateUserId = candidates[next++]!;
    const applied = await call<{ id: string; workflowId: string }>(
      env.apiUrl,
      'POST',
      '/v1/certification-applications',
      coordinator,
      {
        programmeId,
        domain: 'artificial-intelligence',
        level: 'junior',
        trainingHours: 120,
        candidateUserId,
        evidence: [{ name: 'Training record', reference: 'https://training.example.com/records/42', sha256: 'a'.repeat(64) }],
      },
      201,
    );
    await call(
      env.apiUrl,
      'POST',
      `/v1/certification-applications/${applied.id}/exam-results`,
      examSystem,
      { examId: `exam-${applied.id}`, theoryScore: 82, practicalScore: 77 },
      200,
    );
    return applied.workflowId;
  };
  const formalTasks = () => env.db.reviewTask.count({ where: { stage: 'formal', application: { programmeId } } });

  // Warm-up, and the shape for the baseline.
  let sample = '';
  for (let i = 0; i < 3; i++) sample = await real();
  for (let wait = 10; (await formalTasks()) < 3; wait = Math.min(wait * 2, 200)) await sleep(wait);
  await sleep(500);
  const shape = activityShape(await historyEvents(env.client, sample));
  const bareShape: BareShape = { start: shape.start, updates: shape.updates, background: shape.updateBackground, end: shape.end };
  line(`  shape of one application: 1 start, ${shape.updates.length} Update, ${shape.total} activities (${describeTypes(shape)})`);
  line(`    ${describeShape(shape)}`);

  // The real run, with its progress every 10 s (a growing backlog or slowing activities show here).
  const timeline: { s: number; done: number }[] = [];
  const baselineTasks = await formalTasks();
  const ours = await measured(env, async () => {
    const began = performance.now();
    let submitted = 0;
    // The progress line wakes every 10 s, and at once when the run is over: the measured time must not
    // wait out its sleep (it did: our side's time was rounded up to the next 10 s, the baseline's not).
    let stop = false;
    let wake = () => {};
    const stopped = new Promise<void>((resolve) => (wake = resolve));
    const progress = (async () => {
      while (!stop) {
        await Promise.race([sleep(10_000), stopped]);
        if (stop) break;
        timeline.push({ s: Math.round((performance.now() - began) / 1000), done: (await formalTasks()) - baselineTasks });
      }
    })();
    const outcome = await runConcurrently(
      options.applications,
      options.concurrency,
      async () => {
        await real();
        submitted++;
      },
      options.deadline,
    );
    const submittedIn = (performance.now() - began) / 1000;
    for (let wait = 20; (await formalTasks()) - baselineTasks < submitted; wait = Math.min(wait * 2, 250)) {
      if ((performance.now() - began) / 1000 > submittedIn + 300)
        throw new Error('applications did not reach the formal review within 300 s of their submission');
      await sleep(wait);
    }
    stop = true;
    wake();
    await progress;
    return { ...outcome, submitted, submittedIn };
  });
  const n = ours.result.submitted;
  const rate = n / ours.seconds;
  line(
    `  through the API: ${n} applications in ${fmt(ours.seconds)} s = ${fmt(rate)}/s (submitted in ${fmt(ours.result.submittedIn)} s)${ours.result.timedOut ? ' (stopped at the time limit)' : ''}`,
  );
  if (timeline.length) line(`    formal-review tasks open after s: ${timeline.map((t) => `${t.s}:${t.done}`).join(' ')}`);

  // The baseline: the same number of workflows.
  const bare = await measured(env, async () => {
    const completions: Promise<unknown>[] = [];
    await runConcurrently(n, options.concurrency, async (i) => {
      const handle = await env.client.workflow.start('bareWorkflow', {
        taskQueue: BARE_TASK_QUEUE,
        workflowId: `bare-b5-${run}-${i}`,
        args: [{ shape: bareShape, expectedUpdates: shape.updates.length, padding: 'x'.repeat(shape.inputBytes) }],
      });
      for (let k = 0; k < shape.updates.length; k++) await handle.executeUpdate(bareStep, { args: ['exam'] });
      completions.push(handle.result());
    });
    await withTimeout(Promise.all(completions), 300_000, 'bare workflows did not finish within 300 s');
  });
  const bareRate = n / bare.seconds;
  line(`  bare Temporal:   ${n} workflows in ${fmt(bare.seconds)} s = ${fmt(bareRate)}/s`);
  line(
    `  ratio API / bare: ${fmt(rate / bareRate, 2)}; 10,000 applications would take ${fmt(10_000 / rate / 60)} min through the API at this rate (bare: ${fmt(10_000 / bareRate / 60)} min)`,
  );
  line();
  line(
    cpuTable('application', [
      { label: 'through the API', cpu: ours.cpu, units: n },
      { label: 'bare Temporal', cpu: bare.cpu, units: n },
    ]).replace(/^/gm, '  '),
  );
  const ourCpu = cpuPerUnit(ours.cpu, n).find((r) => r.name === 'total (ours)')!.ms;
  const bareCpu = cpuPerUnit(bare.cpu, n).find((r) => r.name === 'total (ours)')!.ms;
  return {
    name: 'B5',
    title: 'certification peak',
    rows: [
      {
        benchmark: 'B5',
        measure: `applications/s to formal review (${n}, ${options.concurrency} clients)`,
        ours: fmt(rate),
        baseline: fmt(bareRate),
        ratio: fmt(rate / bareRate, 2),
        note: ours.result.timedOut ? 'stopped at the time limit' : undefined,
      },
      {
        benchmark: 'B5',
        measure: 'minutes for 10,000 applications at that rate',
        ours: fmt(10_000 / rate / 60),
        baseline: fmt(10_000 / bareRate / 60),
        ratio: fmt(bareRate / rate, 1),
      },
      { benchmark: 'B5', measure: 'CPU ms per application (all our processes)', ours: fmt(ourCpu), baseline: fmt(bareCpu), ratio: fmt(ourCpu / bareCpu, 1) },
    ],
    details: { options, shape, n, seconds: ours.seconds, rate, bareSeconds: bare.seconds, bareRate, timeline, cpu: ours.cpu, bareCpu: bare.cpu },
  };
}

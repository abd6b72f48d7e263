// Acceptance 6: 1,000 applications through eligibility and the exam in one test run, over the real API,
// worker, Temporal dev server and PostgreSQL, started concurrently (a training institution submitting
// for its candidates, then the exam system posting results), each ending in the state it should:
//   every 10th has too few training hours      -> rejected (ineligible), closed
//   every 10th (offset 5) fails the theory exam -> rejected (exam_failed), closed
//   all others                                  -> formal_review with one open formal review task
// The exam system posts each application's results as soon as it awaits them.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpus, loadavg } from 'node:os';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { connectWorker } from '../../platform/temporal-connection';
import { createWorker } from '../../worker/worker';
import { type JsonResponse, request } from '../support/http';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { createCast, createProgramme, testPolicy } from '../api/certification-helpers';

const APPLICATIONS = Number(process.env.CERT_SCALE_APPLICATIONS ?? 1000);
/** Requests in flight at once. */
const CONCURRENCY = Number(process.env.CERT_SCALE_CONCURRENCY ?? 20);

// The API runs in the test's process as usual; the worker gets a pool of its own, the size a worker
// process has in production (platform/database.ts: 10), instead of sharing the test system's five.
let system: TestSystem;
let workerDb: Database;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
beforeAll(async () => {
  system = await startTestSystem({ worker: false });
  workerDb = createDatabase(system.config.database.url, { maxConnections: 10 });
  connection = await connectWorker(system.config.temporal);
  const experiment = process.env.CERT_SCALE_ENTRY;
  worker = await createWorker({
    connection,
    dataConverter: system.dataConverter,
    config: experiment ? { ...system.config, workflowBundlePath: undefined } : system.config,
    db: workerDb,
    log: createLogger('scale-worker', system.config.logLevel),
    options: {
      ...(experiment ? { workflowsPath: experiment } : {}),
      ...(process.env.CERT_SCALE_LA ? { maxConcurrentLocalActivityExecutions: Number(process.env.CERT_SCALE_LA) } : {}),
    },
  });
  running = worker.run();
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await connection?.close();
  await workerDb?.$disconnect();
  await system?.stop();
});

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function processCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The Temporal dev server of this test run (started by the global setup in ALLIANCEFLOW_TEST_WORKDIR). */
function temporalServerPid(): number | null {
  const workDir = process.env.ALLIANCEFLOW_TEST_WORKDIR;
  if (!workDir) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${workDir}/temporal.sqlite`)) return Number(entry);
    } catch {
      /* gone */
    }
  }
  return null;
}

/** With CERT_SCALE_PROFILE=<file>, a CPU profile of the measured part (open it in Chrome DevTools). */
async function startProfiler(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<{ profile?: unknown } | undefined>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop() {
      const profile = (await post('Profiler.stop'))?.profile;
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

let retriedAfter503 = 0;

/**
 * A POST as a well-behaved client sends it: a 503 (Temporal or the database cannot serve it right now; on
 * a loaded machine a new workflow's first task can time out) is retried with the same Idempotency-Key
 * after its Retry-After (else a second), for up to two minutes (five tries in one second each were too
 * few at load 13 in a fresh-clone run); everything else is the answer.
 */
async function postRetrying(baseUrl: string, path: string, options: Parameters<typeof request>[3]): Promise<JsonResponse> {
  const giveUpAt = Date.now() + 120_000;
  for (;;) {
    const response = await request(baseUrl, 'POST', path, options);
    if (response.status !== 503 || Date.now() > giveUpAt) return response;
    retriedAfter503++;
    const retryAfter = Number(response.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 5) * 1000 : 1000));
  }
}

/** Runs `work` over the items with at most `limit` in flight. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

test(`acceptance 6: ${APPLICATIONS} applications through eligibility and the exam, all in the expected state`, async () => {
  const cast = await createCast(system, 3);
  const programmeId = await createProgramme(system, cast, testPolicy());
  const institution = await createOrganization(system.db, 'secondary_vocational_school', 'Training institution');
  const coordinator = await createUser(system.db, { organizationId: institution.id, roles: ['school_coordinator'] });
  const candidates = Array.from({ length: APPLICATIONS }, (_, i) => ({ id: randomUUID() as string, name: `Candidate ${i + 1}` }));
  await system.db.user.createMany({
    data: candidates.map((c) => ({ id: c.id, organizationId: institution.id, name: c.name, roles: ['candidate' as const], locale: 'zh-CN' })),
  });

  const expected = (i: number) => (i % 10 === 0 ? 'ineligible' : i % 10 === 5 ? 'exam_failed' : 'formal_review');
  const profiler = await startProfiler(process.env.CERT_SCALE_PROFILE);
  const started = Date.now();
  const serverPid = temporalServerPid();
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = serverPid ? processCpuSeconds(serverPid) : null;

  const indexOf = new Map<string, number>(candidates.map((c, i) => [c.id, i]));
  const wantExams = candidates.filter((_, i) => expected(i) !== 'ineligible').length;

  // The exam system, meanwhile, posts each candidate's results once the application awaits them (as it
  // would after the sitting): a pipeline beside the submissions, not a second burst after them.
  let examsMs = 0;
  const posted = new Set<string>();
  // Set when the submissions fail: the pipeline must not go on posting to an API the test is about to stop
  // (its fetches then failed the next test file in the same jest worker).
  let abandoned = false;
  const exams = (async () => {
    while (!abandoned && posted.size < wantExams && Date.now() - started < 420_000) {
      const ready = await system.db.certificationApplication.findMany({
        where: { programmeId, status: 'awaiting_exam' },
        select: { id: true, candidateUserId: true },
      });
      const fresh = ready.filter((r) => !posted.has(r.id));
      for (const r of fresh) posted.add(r.id);
      await inParallel(fresh, CONCURRENCY, async (row) => {
        const i = indexOf.get(row.candidateUserId)!;
        const response = await postRetrying(system.baseUrl, `/v1/certification-applications/${row.id}/exam-results`, {
          headers: cast.examSystem.auth,
          body: { examId: `sitting-${i}`, theoryScore: expected(i) === 'exam_failed' ? 41 : 80, practicalScore: 75 },
        });
        if (response.status !== 200) throw new Error(`exam ${i}: ${response.status} ${JSON.stringify(response.body)}`);
      });
      if (fresh.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    examsMs = Date.now() - started;
  })();

  const submissions = inParallel(candidates, CONCURRENCY, async (candidate, i) => {
    const response = await postRetrying(system.baseUrl, '/v1/certification-applications', {
      headers: { ...coordinator.auth, 'idempotency-key': `scale-${candidate.id}` },
      body: {
        programmeId,
        candidateUserId: candidate.id,
        domain: 'big-data',
        level: 'junior',
        trainingHours: expected(i) === 'ineligible' ? 40 : 160,
      },
    });
    if (response.status !== 201) throw new Error(`apply ${i}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  });
  const ids = await submissions.catch(async (error: unknown) => {
    abandoned = true;
    await exams.catch(() => undefined);
    throw error;
  });
  const submittedMs = Date.now() - started;
  await exams;

  // Every application reaches its state in the projection (written by the workflows' activities).
  const want = { formal: ids.filter((_, i) => expected(i) === 'formal_review').length, rejected: ids.filter((_, i) => expected(i) !== 'formal_review').length };
  let rows: { id: string; status: string; rejectionKind: string | null }[];
  let openTasks: number;
  for (const deadline = started + 450_000; ;) {
    [rows, openTasks] = await Promise.all([
      system.db.certificationApplication.findMany({ where: { programmeId }, select: { id: true, status: true, rejectionKind: true } }),
      system.db.reviewTask.count({ where: { application: { programmeId }, status: 'open', stage: 'formal' } }),
    ]);
    const settled =
      rows.filter((r) => r.status === 'formal_review').length === want.formal &&
      openTasks === want.formal &&
      rows.filter((r) => r.status === 'rejected').length === want.rejected;
    if (settled || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const totalMs = Date.now() - started;
  await profiler.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const testProcessCpu = (cpu.user + cpu.system) / 1e6;
  const serverCpuAfter = serverPid ? processCpuSeconds(serverPid) : null;
  const serverCpu = serverCpuBefore !== null && serverCpuAfter !== null ? serverCpuAfter - serverCpuBefore : null;

  const byId = new Map(rows.map((r) => [r.id, r]));
  const wrong = ids
    .map((id, i) => ({ i, id, want: expected(i), got: byId.get(id) }))
    .filter(({ want, got }) => (want === 'formal_review' ? got?.status !== 'formal_review' : got?.status !== 'rejected' || got.rejectionKind !== want));
  console.log(
    `acceptance 6: ${APPLICATIONS} applications (${CONCURRENCY} submissions and ${CONCURRENCY} exam results in flight): all submitted after ${(submittedMs / 1000).toFixed(1)} s, ` +
      `all ${posted.size} exam results posted after ${(examsMs / 1000).toFixed(1)} s, all ${wrong.length === 0 ? '' : 'but ' + wrong.length + ' '}in their expected state after ${(totalMs / 1000).toFixed(1)} s ` +
      `(${want.formal} in formal review with ${openTasks} open tasks, ${want.rejected} rejected); CPU used: API + worker ${testProcessCpu.toFixed(1)} s, ` +
      `Temporal dev server ${serverCpu === null ? 'n/a' : serverCpu.toFixed(1) + ' s'}; load average at the end ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; ` +
      `${retriedAfter503} requests retried after a 503`,
  );
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(openTasks).toBe(want.formal);

  // The live workflow state agrees with the projection (a sample).
  for (const i of [1, 2, 5, 10, APPLICATIONS - 1]) {
    const live = await system.client.workflow.getHandle(`certification-${ids[i]}`).query<{ status: string }>('application');
    expect(live.status).toBe(expected(i) === 'formal_review' ? 'formal_review' : 'rejected');
  }
}, 480_000);

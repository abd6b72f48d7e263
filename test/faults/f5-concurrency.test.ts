// F5 concurrency, through the real API (a child process) and a real worker:
//   - the same party signs the same agreement from N concurrent requests (no Idempotency-Key, so N
//     distinct Updates): one signature, N-1 harmless repeats (200, alreadyDone);
//   - the same, all N with one Idempotency-Key: one step, the others replayed or told to retry (409);
//   - two parties of a parallel routing group sign at the same instant: both counted, the agreement is
//     effective and sealed over both; once with both requests released together while the worker
//     runs, once delivered to the workflow in one task (sent while no worker runs);
//   - N concurrent launches with one Idempotency-Key: one agreement, one workflow.
// Afterwards every agreement's records are checked as in F1 (signature rows, audit chain, notifications).
import { printFigures } from './support/figures';
import { startHarness, type Harness } from './support/harness';
import { type Answer, call, newTally, untilDone } from './support/resilient-client';
import { scale } from './support/scale';
import { auditOutcome, type Cast, createCast, launchBody, type PartySpec, waitUntilSettled } from './support/signing-scenario';

// Two routing groups of two: group 1 takes the N-fold races, group 2 the same-instant pair.
const F5_PARTIES: PartySpec[] = [
  { partyId: 'school', group: 1, kind: 'secondary_vocational_school' },
  { partyId: 'enterprise', group: 1, kind: 'enterprise' },
  { partyId: 'park', group: 2, kind: 'industrial_park' },
  { partyId: 'bureau', group: 2, kind: 'government' },
];
const N = scale.f5Requests;
const ROUNDS = scale.f5Rounds;

let harness: Harness;
let cast: Cast;

beforeAll(async () => {
  harness = await startHarness('f5');
  cast = await createCast(harness.db, harness.services.baseUrl, harness.hooks, 'f5', F5_PARTIES);
}, 300_000);
afterAll(async () => {
  await harness?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function launch(index: number): Promise<{ id: string; documentSha256: string }> {
  const answer = await untilDone(harness.services.baseUrl, '/v1/agreements', {
    body: launchBody(cast, index),
    headers: cast.secretariat.auth,
    idempotencyKey: `${cast.runId}-f5-launch-${index}`,
    tally: newTally(),
    deadlineMs: 120_000,
  });
  return answer.body;
}

function sign(id: string, documentSha256: string, partyId: string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(harness.services.baseUrl, `/v1/agreements/${id}/sign`, {
    body: { partyId, documentSha256 },
    headers: { ...cast.signatories[partyId]!.auth, ...headers },
    requestTimeoutMs: 120_000,
  });
}

/** Sends all requests at the same instant: each is built first, then released together. */
async function together<T>(requests: (() => Promise<T>)[]): Promise<T[]> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const running = requests.map(async (r) => {
    await gate;
    return r();
  });
  release();
  return Promise.all(running);
}

function tallyOf(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key =
      a.status === 200
        ? `200${a.replayed ? ' replayed' : a.body?.alreadyDone ? ' repeat' : ' signed'}`
        : a.status === 409
          ? `409 ${a.body?.type?.split('/').pop()}`
          : String(a.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}×${n}`).join(', ');
}

test(`F5: ${N} concurrent signatures of one party, ${N} with one key, two parties in the same instant, ${N} launches with one key (${ROUNDS} rounds)`, async () => {
  const startedAt = Date.now();
  const ids: string[] = [];
  const observations: string[] = [];
  const problems: string[] = [];
  let requests = 0;
  let duplicated = 0;
  let lost = 0;

  for (let round = 0; round < ROUNDS; round++) {
    // N distinct Updates of the same step: exactly one signs; the repeats are answered as done.
    const a = await launch(round * 10);
    ids.push(a.id);
    const same = await together(Array.from({ length: N }, () => () => sign(a.id, a.documentSha256, 'school')));
    requests += N;
    const signedNow = same.filter((r) => r.status === 200 && r.body.alreadyDone === false).length;
    const repeats = same.filter((r) => r.status === 200 && r.body.alreadyDone === true).length;
    if (signedNow !== 1 || repeats !== N - 1) problems.push(`round ${round}: ${N} concurrent signatures answered ${tallyOf(same)}`);
    observations.push(`same party ×${N}: ${tallyOf(same)}`);

    // N requests with one Idempotency-Key: the step once; the others replay it or are told to retry.
    const key = `${cast.runId}-f5-key-${round}`;
    const keyed = await together(Array.from({ length: N }, () => () => sign(a.id, a.documentSha256, 'enterprise', { 'idempotency-key': key })));
    requests += N;
    const badKeyed = keyed.filter((r) => !(r.status === 200 || (r.status === 409 && /still in progress/.test(r.body?.detail ?? ''))));
    if (badKeyed.length) problems.push(`round ${round}: one key ×${N} answered ${tallyOf(keyed)}`);
    // A replay repeats the first answer (alreadyDone: false included); only answers that ran the step count.
    if (keyed.filter((r) => r.status === 200 && !r.replayed && r.body.alreadyDone === false).length > 1)
      problems.push(`round ${round}: one key signed more than once`);
    observations.push(`one key ×${N}: ${tallyOf(keyed)}`);
    // The agreement moved on to group 2: its two parties sign in the same instant, worker running.
    const pair = await together([() => sign(a.id, a.documentSha256, 'park'), () => sign(a.id, a.documentSha256, 'bureau')]);
    requests += 2;
    if (!pair.every((r) => r.status === 200 && r.body.alreadyDone === false)) problems.push(`round ${round}: parallel pair answered ${tallyOf(pair)}`);
    if (!pair.some((r) => r.body?.status === 'effective'))
      problems.push(`round ${round}: neither of the last two signatures made the agreement effective: ${JSON.stringify(pair.map((r) => r.body))}`);
    observations.push(`parallel pair (worker running): ${tallyOf(pair)}`);

    // The same instant inside the workflow: both steps sent while no worker runs, delivered in one task.
    const b = await launch(round * 10 + 1);
    ids.push(b.id);
    for (const p of ['school', 'enterprise']) {
      const r = await sign(b.id, b.documentSha256, p);
      requests++;
      if (r.status !== 200) problems.push(`round ${round}: ${p} answered ${r.status}`);
    }
    await harness.services.killWorker();
    // A careful client: an answer of 503 (the workflow's task is being retried after the kill) is asked
    // again with the same key, which is the same Update.
    const pending = Promise.all(
      ['park', 'bureau'].map((p) =>
        untilDone(harness.services.baseUrl, `/v1/agreements/${b.id}/sign`, {
          body: { partyId: p, documentSha256: b.documentSha256 },
          headers: cast.signatories[p]!.auth,
          idempotencyKey: `${cast.runId}-f5-one-task-${round}-${p}`,
          tally: newTally(),
          deadlineMs: 240_000,
        }),
      ),
    );
    requests += 2;
    await sleep(3_000);
    await harness.services.startWorker();
    const oneTask = await pending;
    if (!oneTask.every((r) => r.status === 200 && r.body.alreadyDone === false))
      problems.push(`round ${round}: pair in one task answered ${tallyOf(oneTask)} ${JSON.stringify(oneTask.map((r) => r.body)).slice(0, 400)}`);
    observations.push(`parallel pair (one workflow task): ${tallyOf(oneTask)}`);

    // N launches with one Idempotency-Key: one agreement and one workflow.
    const launchKey = `${cast.runId}-f5-one-launch-${round}`;
    const launches = await together(
      Array.from(
        { length: N },
        () => () =>
          call(harness.services.baseUrl, '/v1/agreements', {
            body: launchBody(cast, round * 10 + 2),
            headers: { ...cast.secretariat.auth, 'idempotency-key': launchKey },
            requestTimeoutMs: 120_000,
          }),
      ),
    );
    requests += N;
    const launchedIds = [...new Set(launches.filter((r) => r.status === 201).map((r) => r.body.id as string))];
    const badLaunches = launches.filter((r) => !(r.status === 201 || (r.status === 409 && /still in progress/.test(r.body?.detail ?? ''))));
    if (badLaunches.length || launchedIds.length !== 1)
      problems.push(`round ${round}: ${N} launches with one key answered ${launches.map((r) => r.status).join(',')} ids ${launchedIds.join(',')}`);
    observations.push(
      `one launch key ×${N}: ${[...new Set(launches.map((r) => r.status))].map((s) => `${s}×${launches.filter((r) => r.status === s).length}`).join(', ')}, ${launchedIds.length} agreement`,
    );
    if (launchedIds[0]) {
      // Complete it, so the audit below covers it too.
      const c = launchedIds[0];
      const doc = launches.find((r) => r.status === 201)!.body.documentSha256 as string;
      ids.push(c);
      for (const group of [
        ['school', 'enterprise'],
        ['park', 'bureau'],
      ]) {
        const answers = await Promise.all(group.map((p) => sign(c, doc, p)));
        requests += answers.length;
        if (!answers.every((r) => r.status === 200)) problems.push(`round ${round}: completing the keyed launch answered ${tallyOf(answers)}`);
      }
    }
  }

  // One agreement row and one workflow per launch key: nothing beyond the ids the test knows.
  const rows = await harness.db.agreement.count({ where: { allianceId: cast.allianceId } });
  if (rows !== ids.length) {
    duplicated += Math.max(0, rows - ids.length);
    problems.push(`${rows} agreement rows for ${ids.length} launches`);
  }
  let workflowCount = 0;
  for await (const execution of harness.temporal.workflow.list({ query: `WorkflowType = 'agreementSigning' AND TaskQueue = '${harness.taskQueue}'` })) {
    if (execution.workflowId) workflowCount++;
  }
  if (workflowCount !== ids.length) {
    duplicated += Math.max(0, workflowCount - ids.length);
    problems.push(`${workflowCount} agreement workflows for ${ids.length} launches`);
  }

  await waitUntilSettled(harness.db, harness.temporal, harness.taskQueue, ids, 300_000).catch((error: Error) => problems.push(error.message));
  const outcome = await auditOutcome({ db: harness.db, baseUrl: harness.services.baseUrl, cast, ids, smtp: harness.smtp, hooks: harness.hooks });
  lost += outcome.lost;
  duplicated += outcome.duplicated;
  problems.push(...outcome.problems);

  printFigures({
    scenario: 'F5 concurrency',
    operations: requests,
    operationsDetail: `requests, ${ids.length} agreements`,
    faults: ROUNDS * 5,
    faultsDetail: `${ROUNDS} rounds of 5 races: ${[...new Set(observations)].join('; ')}`,
    lost,
    duplicated,
    startedAt,
    problems,
    notes: outcome.notes,
  });
  expect(problems).toEqual([]);
  expect(lost).toBe(0);
  expect(duplicated).toBe(0);
}, 1_200_000);

// The worker process's observability, over real HTTP on loopback against a real worker (worker/main.ts as
// `npm run worker` runs it): WORKER_HEALTH_ADDRESS serves /healthz, /readyz and the worker's own counters
// at /metrics; WORKER_SDK_METRICS_ADDRESS serves the Temporal Core SDK's Prometheus metrics, among them
// the schedule-to-start latency docs/deployment.md tells operators to alert on.
import { startChildService, type ChildService } from '../../devtools/child-service';
import { allianceFixture, launch, launchBody, organizationParty } from '../api/agreement-fixtures';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
let worker: ChildService;
let healthUrl: string;
let sdkMetricsUrl: string;

interface Answer {
  url: string;
  status: number;
  body: string;
  contentType: string;
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url);
  return { url, status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

/** Polls until accepted (the worker's counters and the SDK's exporter update asynchronously). */
function getUntil(url: string, accept: (answer: Answer) => boolean): Promise<Answer> {
  return eventually(() => get(url), accept, { timeoutMs: 30_000, intervalMs: 250 });
}

/** An answer printed as a curl user would see it: the request, the status, the (first lines of the) body. */
function show(answer: Answer, body: (text: string) => string = (text) => text): Answer {
  process.stdout.write(`$ curl -i ${answer.url}\nHTTP/1.1 ${answer.status}\ncontent-type: ${answer.contentType}\n${body(answer.body)}\n\n`);
  return answer;
}

/** The first `count` lines matching each pattern, in the patterns' order. */
const linesMatching =
  (...patterns: [RegExp, number][]) =>
  (body: string) =>
    patterns
      .flatMap(([pattern, count]) =>
        body
          .split('\n')
          .filter((line) => pattern.test(line))
          .slice(0, count),
      )
      .join('\n') + '\n...';

beforeAll(async () => {
  system = await startTestSystem({ worker: false });
  const sdkPort = await freePort();
  sdkMetricsUrl = `http://127.0.0.1:${sdkPort}/metrics`;
  worker = await startChildService({
    name: 'observed worker',
    entry: 'worker/main.ts',
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      DATABASE_URL: system.config.database.url,
      // Port 0: the OS picks one and the worker logs it in its "worker started" line.
      WORKER_HEALTH_ADDRESS: '127.0.0.1:0',
      WORKER_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkPort}`,
    },
    readyMessage: 'worker started',
    onLine: (line) => {
      if (line.includes('"msg":"worker started"')) healthUrl = (JSON.parse(line) as { health: string }).health;
    },
  });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await system?.stop();
});

test('/healthz, /readyz and /metrics of a running worker; the SDK metrics on their own address', async () => {
  expect(healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  const live = show(await get(`${healthUrl}/healthz`));
  expect(live.status).toBe(200);
  expect(JSON.parse(live.body)).toEqual({ status: 'ok' });

  // Ready once both workers poll (the "worker started" line comes just before they run).
  const ready = show(await getUntil(`${healthUrl}/readyz`, (answer) => answer.status === 200));
  expect(JSON.parse(ready.body)).toEqual({
    status: 'ready',
    checks: [
      { name: 'workers', ok: true },
      { name: 'temporal', ok: true },
      { name: 'database', ok: true },
    ],
  });

  // Some work for the counters: an agreement launched through the API runs activities on this worker.
  const alliance = await allianceFixture(system);
  const party = await organizationParty(system, 'enterprise', 'Observed enterprise');
  await launch(
    system,
    alliance,
    launchBody(alliance, [{ partyId: 'p0', displayName: party.name, role: 'signer', routingGroup: 1, organizationId: party.organizationId }]),
  );

  const own = show(
    await getUntil(`${healthUrl}/metrics`, (answer) =>
      /^worker_activity_executions_total\{activity_type="[^"]+",outcome="completed"\} [1-9]/m.test(answer.body),
    ),
    linesMatching([/^# (HELP|TYPE) worker_activity_executions_total/, 2], [/^worker_activity_executions_total/, 4]),
  );
  expect(own.status).toBe(200);
  expect(own.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(own.body).toMatch(/^# TYPE worker_activity_duration_seconds histogram$/m);
  expect(own.body).toMatch(/^# TYPE worker_abnormal_ends_recorded_total counter$/m);
  expect(own.body).toMatch(/^process_resident_memory_bytes \d+/m);

  const sdk = show(
    await getUntil(sdkMetricsUrl, (answer) => /^temporal_workflow_task_schedule_to_start_latency_seconds_count\{.*\} [1-9]/m.test(answer.body)),
    linesMatching(
      [/^# (HELP|TYPE) temporal_workflow_task_schedule_to_start_latency_seconds /, 2],
      [/^temporal_workflow_task_schedule_to_start_latency_seconds_bucket/, 3],
      [/^temporal_workflow_task_schedule_to_start_latency_seconds_(count|sum)/, 4],
      [/^temporal_worker_task_slots_available/, 1],
    ),
  );
  expect(sdk.status).toBe(200);
  expect(sdk.body).toMatch(/^temporal_workflow_task_schedule_to_start_latency_seconds_bucket\{/m);
  expect(sdk.body).toMatch(/^temporal_activity_execution_latency_seconds_count\{/m);

  const unknown = show(await get(`${healthUrl}/nothing`));
  expect(unknown.status).toBe(404);
});

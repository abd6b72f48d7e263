// Scale-out: two worker processes share one task queue; one is SIGKILLed in the middle of a signing
// run and the other finishes every workflow. Real processes, as in production (npm run worker).
import { startChildService, type ChildService } from '../../devtools/child-service';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { allianceFixture, launch, launchBody, type OrganizationParty, organizationParty, recordWithStatus, sha256, step } from '../api/agreement-fixtures';
import { startTestSystem, type TestSystem } from '../support/test-system';

const AGREEMENTS = 20;
const TEXT = 'Cooperation memorandum of the scale-out test.';

let system: TestSystem;
const workers: ChildService[] = [];

function startWorkerProcess(name: string): Promise<ChildService> {
  return startChildService({
    name,
    entry: 'worker/main.ts',
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      DATABASE_URL: system.config.database.url,
    },
    readyMessage: 'worker started',
    onLine: () => undefined,
  });
}

beforeAll(async () => {
  system = await startTestSystem({ worker: false });
  workers.push(await startWorkerProcess('worker A'), await startWorkerProcess('worker B'));
}, 120_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await system?.stop();
});

test('a worker killed mid-run: the other finishes every agreement, one signature per party', async () => {
  const alliance = await allianceFixture(system);
  const parties: OrganizationParty[] = await Promise.all([
    organizationParty(system, 'secondary_vocational_school', 'School'),
    organizationParty(system, 'enterprise', 'Enterprise'),
    organizationParty(system, 'university', 'College'),
  ]);
  const body = launchBody(
    alliance,
    parties.map((p, i) => ({ partyId: `p${i}`, displayName: p.name, role: 'signer', routingGroup: 1, organizationId: p.organizationId })),
    { document: { text: TEXT }, policy: { deadline: 'PT10M' } },
  );
  const ids = await Promise.all(Array.from({ length: AGREEMENTS }, async () => (await launch(system, alliance, body)).id));

  // Sign everything concurrently; kill worker A once a third of the signatures are in.
  let signed = 0;
  let signedAtKill = 0;
  let killed = false;
  const [workerA] = workers;
  const signAll = Promise.all(
    ids.flatMap((id) =>
      parties.map(async (party, i) => {
        // A sign may race the kill (the Update lands on A's cached workflow); retry until accepted.
        for (let attempt = 0; ; attempt++) {
          const response = await step(system, party.signatory, id, 'sign', { partyId: `p${i}`, documentSha256: sha256(TEXT) }).catch(() => null);
          if (response && response.status === 200) break;
          if (attempt > 20) throw new Error(`sign ${id}/p${i} never accepted: ${response?.status} ${JSON.stringify(response?.body)}`);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        if (++signed >= (AGREEMENTS * parties.length) / 3 && !killed) {
          killed = true;
          signedAtKill = signed;
          workerA!.process.kill('SIGKILL');
        }
      }),
    ),
  );
  await signAll;
  expect(killed).toBe(true);
  expect(workerA!.process.signalCode ?? 'SIGKILL').toBe('SIGKILL');

  for (const id of ids) {
    const result = await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
    expect(result.status).toBe('effective');
    await recordWithStatus(system, id, 'effective', 60_000);
  }
  const signatures = await system.db.agreementSignature.groupBy({
    by: ['agreementId', 'partyId'],
    where: { agreementId: { in: ids } },
    _count: true,
  });
  expect(signatures).toHaveLength(AGREEMENTS * parties.length);
  expect(signatures.every((s) => s._count === 1)).toBe(true);
  process.stdout.write(
    `two workers: ${AGREEMENTS} agreements x ${parties.length} signatures, worker A SIGKILLed after ${signedAtKill} of ${signed} signs; all effective on worker B\n`,
  );

  // The survivor drains and exits cleanly on SIGTERM (graceful shutdown).
  const survivor = workers[1]!;
  const exit = new Promise<number | null>((resolve) => survivor.process.once('exit', (code) => resolve(code)));
  await survivor.stop(30_000);
  expect(await exit).toBe(0);
}, 240_000);

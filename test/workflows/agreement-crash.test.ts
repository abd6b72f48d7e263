// Acceptance 5: the worker process is killed (SIGKILL, as a machine crash would) in the middle of the
// signing, while signatures are arriving; a new worker process starts; the agreement completes with
// exactly one signature per party: in the signatures table, in the audit trail and in the seal.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import type { JsonResponse } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  type AllianceFixture,
  allianceFixture,
  auditSteps,
  launch,
  launchBody,
  type OrganizationParty,
  organizationParty,
  read,
  recordWithStatus,
  sha256,
  step,
} from '../api/agreement-fixtures';

jest.setTimeout(180_000);

let system: TestSystem;
let alliance: AllianceFixture;
let members: OrganizationParty[];
const children: ChildProcess[] = [];

beforeAll(async () => {
  // No in-process worker: only this test's worker processes serve its task queue.
  system = await startTestSystem({ worker: false });
  alliance = await allianceFixture(system);
  members = [];
  for (let i = 0; i < 6; i++) members.push(await organizationParty(system, i < 3 ? 'university' : 'enterprise', `Crash test member ${i + 1}`));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await system?.stop();
});

/** `npm run worker` as its own process, on this test's task queue; resolves once it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../worker/main.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker process exited (${code ?? signal}) before it started:\n${output}`)));
  });
  child.stdout!.resume();
  return child;
}

const TEXT = 'Practical training base agreement: six parties.';

test('SIGKILL the worker mid-signing, start another: the agreement completes with exactly one signature per party', async () => {
  let worker = await startWorkerProcess();
  const parties = members.map((m, i) => ({
    partyId: `member-${i + 1}`,
    displayName: m.name,
    role: 'signer',
    routingGroup: i < 3 ? 1 : 2,
    organizationId: m.organizationId,
  }));
  const { id } = await launch(system, alliance, launchBody(alliance, parties, { document: { text: TEXT }, policy: { deadline: 'PT3M' } }));
  const sign = (i: number): Promise<JsonResponse | { status: number; body: string }> =>
    step(system, members[i]!.signatory, id, 'sign', { partyId: `member-${i + 1}`, documentSha256: sha256(TEXT) }).catch((error: Error) => ({
      status: 0,
      body: error.message,
    }));

  // Group 1 signs while the first worker runs.
  expect((await Promise.all([0, 1, 2].map(sign))).map((r) => r.status)).toEqual([200, 200, 200]);

  // Group 2's signatures arrive; the worker process dies under them.
  const answeredAt: number[] = [];
  const inFlight = [3, 4, 5].map((i, n) => sign(i).finally(() => (answeredAt[n] = Date.now())));
  await new Promise((resolve) => setTimeout(resolve, 150));
  worker.kill('SIGKILL');
  await new Promise((resolve) => worker.once('exit', resolve));
  expect(worker.signalCode).toBe('SIGKILL');
  const killedAt = Date.now();

  // A new worker process takes over: it replays the workflow from its history and carries on.
  worker = await startWorkerProcess();
  const answers = await Promise.all(inFlight);

  // A client whose request was cut off simply signs again: a repeat is harmless.
  for (const i of [3, 4, 5]) {
    await eventually(
      () => sign(i),
      (r) => r.status === 200,
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
  }
  const row = await recordWithStatus(system, id, 'effective', 120_000);
  console.log(
    `worker SIGKILLed with group 2's three signatures in flight; their first answers: ` +
      `${answers.map((a, n) => `${a.status} ${((answeredAt[n]! - killedAt) / 1000).toFixed(1)} s after the kill`).join(', ')}; ` +
      `effective ${((row.effectiveAt!.getTime() - killedAt) / 1000).toFixed(1)} s after the kill`,
  );

  // Exactly one signature per party, everywhere.
  const signatures = await system.db.agreementSignature.findMany({ where: { agreementId: id } });
  expect(signatures.map((s) => s.partyId).sort()).toEqual(parties.map((p) => p.partyId).sort());
  const trail = await auditSteps(system, id);
  const signed = trail.filter((e) => e.step === 'signed').map((e) => e.data.partyId as string);
  expect(signed.sort()).toEqual(parties.map((p) => p.partyId).sort());
  expect(trail.filter((e) => e.step === 'completed')).toHaveLength(1);
  expect(trail.map((e) => e.sequence)).toEqual(trail.map((_, i) => i + 1));
  const audit = await read(system, alliance.secretariat, `/v1/agreements/${id}/audit`);
  expect(audit.body.verification.valid).toBe(true);
  const certificate = await read(system, alliance.secretariat, `/v1/agreements/${id}/certificate`);
  expect(certificate.body.verification).toMatchObject({ sealValid: true, auditTrailValid: true });
  expect(certificate.body.parties.filter((p: { action: unknown }) => p.action !== null)).toHaveLength(6);

  const result = await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
  expect(result.parties.map((p: { state: string }) => p.state)).toEqual(Array(6).fill('signed'));
  // Each party's completion notice exists once per recipient, however often the activity ran.
  const completed = await system.db.notification.findMany({ where: { eventId: `${agreementWorkflowId(id)}/completed` } });
  expect(new Set(completed.map((n) => n.userId)).size).toBe(completed.length);
  await saveHistory(system.client, agreementWorkflowId(id), 'worker-killed-mid-signing');

  // With no worker left to answer the live query, a reader still gets the recorded agreement.
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  const withoutWorker = await read(system, members[0]!.signatory, `/v1/agreements/${id}`);
  expect(withoutWorker.status).toBe(200);
  expect(withoutWorker.body).toMatchObject({ status: 'effective', live: false, seal: row.seal, version: 1 });
});

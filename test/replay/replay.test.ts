// Determinism guard: every recorded history (test/histories/<workflowType>/*.json) must replay against
// today's workflow code. A change that would break running workflows fails here; such changes go
// behind patched(). Record new histories with `npm run histories:record`.
import { Worker } from '@temporalio/worker';
import { PayloadEncryptionCodec, parsePayloadKeys } from '../../platform/payload-codec';
import { createDataConverter } from '../../platform/temporal-data-converter';
import { loadHistories } from '../support/histories';
import { TEST_PAYLOAD_KEYS } from '../support/payload-test-key';

const histories = loadHistories();

// The histories recorded before payloads were encrypted are plaintext; those recorded since are sealed
// with the committed test key. Both must replay, so the replayer's codec holds the test key AND has the
// migration switch on (TEMPORAL_PAYLOAD_ACCEPT_PLAINTEXT), exactly as a production worker must while
// workflows started before encryption are still running. Re-recording would lose the proof that those
// old workflows keep replaying.
const dataConverter = createDataConverter(new PayloadEncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS), { acceptPlaintext: true }));

test('there are recorded histories for every workflow type', () => {
  const types = new Set(histories.map((h) => h.workflowType));
  expect([...types].sort()).toEqual(expect.arrayContaining(['agreementSigning']));
});

test.each(histories.map((h) => [`${h.workflowType}/${h.scenario}`, h] as const))('%s replays', async (_name, recorded) => {
  const results = Worker.runReplayHistories({ workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, replayName: recorded.scenario, dataConverter }, [
    { workflowId: recorded.workflowId, history: recorded.history },
  ]);
  for await (const result of results) {
    expect(result.error).toBeUndefined();
  }
});

test('a plaintext history does not replay without the migration switch: the codec refuses its payloads', async () => {
  const recorded = histories.find((h) => h.workflowType === 'agreementSigning' && h.scenario === 'launch-then-expire')!;
  const strict = createDataConverter(new PayloadEncryptionCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS), { acceptPlaintext: false }));
  const results = Worker.runReplayHistories(
    { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, replayName: 'strict-codec', dataConverter: strict },
    [{ workflowId: recorded.workflowId, history: recorded.history }],
  );
  const errors: unknown[] = [];
  for await (const result of results) errors.push(result.error);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeDefined();
});

// Determinism guard: every recorded history (test/histories/<workflowType>/*.json) must replay against
// today's workflow code. A change that would break running workflows fails here; such changes go
// behind patched(). Record new histories with `npm run histories:record`.
import { Worker } from '@temporalio/worker';
import { loadHistories } from '../support/histories';

const histories = loadHistories();

test('there are recorded histories for every workflow type', () => {
  const types = new Set(histories.map((h) => h.workflowType));
  expect([...types].sort()).toEqual(expect.arrayContaining(['agreementSigning']));
});

test.each(histories.map((h) => [`${h.workflowType}/${h.scenario}`, h] as const))('%s replays', async (_name, recorded) => {
  const results = Worker.runReplayHistories(
    { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, replayName: recorded.scenario },
    [{ workflowId: recorded.workflowId, history: recorded.history }],
  );
  for await (const result of results) {
    expect(result.error).toBeUndefined();
  }
});

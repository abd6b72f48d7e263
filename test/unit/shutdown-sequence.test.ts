import { ShutdownSequence } from '../../devtools/shutdown-sequence';

function sequence() {
  const events: string[] = [];
  const shutdown = new ShutdownSequence(
    (line) => events.push(line),
    (line) => events.push(`! ${line}`),
  );
  for (const name of ['Temporal dev server', 'embedded PostgreSQL', 'worker', 'API']) {
    shutdown.add(name, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`stopped ${name}`);
    });
  }
  return { events, shutdown };
}

const inOrder = [
  'stopping API',
  'stopped API',
  'stopping worker',
  'stopped worker',
  'stopping embedded PostgreSQL',
  'stopped embedded PostgreSQL',
  'stopping Temporal dev server',
  'stopped Temporal dev server',
];

test('stops in reverse order of starting', async () => {
  const { events, shutdown } = sequence();
  await shutdown.stopAll();
  expect(events).toEqual(inOrder);
});

test('a crashed child, then Ctrl-C (or both children crashing): each service stopped once, in order', async () => {
  const { events, shutdown } = sequence();
  const afterCrash = shutdown.stopAll();
  const afterSignal = shutdown.stopAll();
  await Promise.all([afterCrash, afterSignal]);
  // And once more after it finished.
  await shutdown.stopAll();
  expect(events).toEqual(inOrder);
});

test('a service that fails to stop is reported, and the rest still stop', async () => {
  const events: string[] = [];
  const shutdown = new ShutdownSequence(
    (line) => events.push(line),
    (line) => events.push(`! ${line}`),
  );
  shutdown.add('database', async () => void events.push('stopped database'));
  shutdown.add('worker', () => Promise.reject(new Error('stuck')));
  await shutdown.stopAll();
  expect(events).toEqual(['stopping worker', '! could not stop worker: Error: stuck', 'stopping database', 'stopped database']);
});

// A service run in the foreground by a script (`npm run cluster`, the dev server script): Ctrl-C or
// SIGTERM stops it once, with a line saying so, and the script exits 0 when it stopped cleanly.
import type { Logger } from '../platform/logger';

export function stopOnSignal(what: string, stop: () => Promise<void>, log: Logger): { stopping: () => boolean } {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Stopping the ${what}...\n`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, `Stopping the ${what} failed`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return { stopping: () => stopping };
}

// What `npm start` started, stopped once and in reverse order of starting (the API before the worker,
// the worker before the database and Temporal), however many times shutdown is asked for: a signal, a
// child that crashed, both children crashing, a start-up error.
export type Stop = () => Promise<void>;

export class ShutdownSequence {
  private readonly started: { name: string; stop: Stop }[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly say: (line: string) => void,
    private readonly complain: (line: string) => void,
  ) {}

  add(name: string, stop: Stop): void {
    this.started.push({ name, stop });
  }

  /** Stops everything added so far, last added first; later calls wait for the same run. */
  stopAll(): Promise<void> {
    return (this.stopping ??= (async () => {
      // A copy: reversing the list in place would flip the order for a second caller.
      for (const { name, stop } of [...this.started].reverse()) {
        this.say(`stopping ${name}`);
        await stop().catch((error: unknown) => this.complain(`could not stop ${name}: ${String(error)}`));
      }
    })());
  }
}

// The launch of a process as the API waits for it: the Update `launchRecorded`, sent with the start
// (Update-with-Start, Temporal's early-return pattern), answers once the workflow's first audit entry
// and projection write are done, so a read right after the start finds the process's row. A handler and
// a condition add no commands to the history: workflows started before it replay unchanged. A launch
// the process refuses (a direct offer finding no seat) fails the Update with the refusal instead.
import { type ApplicationFailure, condition } from '@temporalio/workflow';

export class LaunchRecord {
  private written: boolean;
  private refusal: ApplicationFailure | null = null;

  /** @param alreadyWritten true in a run that continues a process (continue-as-new): its launch was recorded by the first run. */
  constructor(alreadyWritten: boolean) {
    this.written = alreadyWritten;
  }

  /** The launch's write; the record counts as written once it resolves. */
  track<T>(write: Promise<T>): Promise<T> {
    write.then(
      () => (this.written = true),
      () => undefined,
    );
    return write;
  }

  /** The launch was refused: nothing was written, and the Update fails with `failure`. */
  refuse(failure: ApplicationFailure): void {
    this.refusal = failure;
  }

  /** The Update handler: waits for the launch's write, then answers the view as it stands (or fails with the refusal). */
  async recorded<V>(view: () => V): Promise<V> {
    await condition(() => this.written || this.refusal !== null);
    if (this.refusal) throw this.refusal;
    return view();
  }
}

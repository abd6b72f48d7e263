// The audit trail of a process that writes in batches (the certification review, which must let
// thousands of applications through one machine): steps queued while a write is under way, or while
// the trail is held, go out together in the next write: their entries in order, the projection once,
// as it stands after the last of them. A step's notifications follow its write and hold up nothing.
// Entries are numbered by the workflow (`<workflowId>/<n>/<step>`), the number carried across
// continue-as-new. Each write answers the chain's head, which the next write hands over so that it need not
// read it (activities/audit/audit-trail.ts appendAuditEntries); a fresh run's subject has no entries yet,
// so its first write is handed the empty chain; a run that continued as new reads the head once.
//
// When each activity is scheduled, relative to the workflow's other commands, is part of the history
// of every running review: the scheduling below stays as it is (test/replay).
import { condition } from '@temporalio/workflow';
import { GENESIS_HASH } from '../../core/audit/audit-chain';
import type { AppendedAuditEntry, AuditEntryInput } from '../../core/audit/audit-entry';
import type { NotificationEvent } from '../../core/notifications/notification-event';
import type { TrailSubject } from './audit-trail';
import type { Outbox } from './outbox';

interface Queued<P> {
  entry: AuditEntryInput;
  projection?: P;
  events: (NotificationEvent | null)[];
  write?: () => Promise<void>;
  done: (error?: unknown) => void;
}

/**
 * Writes one batch: its entries in order and the projections of its steps, in one activity. `after` is
 * the head the previous write answered (undefined: none yet in this run); answers the new head.
 */
export type WriteSteps<P> = (entries: AuditEntryInput[], projections: P[], after: AppendedAuditEntry | undefined) => Promise<AppendedAuditEntry | null>;

export class BatchedTrail<P> {
  private queue: Queued<P>[] = [];
  private writing = false;
  private flushing = false;
  /** The chain's head as the last write answered it (an argument only: replayed from its result). */
  private head: AppendedAuditEntry | undefined;

  /**
   * @param sequence the number of the last entry written (0 at the start; carried on continue-as-new).
   * @param hold while true, steps wait and then go out together: the workflow is about to record the
   *   step that completes them.
   */
  constructor(
    private readonly subject: TrailSubject,
    public sequence: number,
    private readonly hold: () => boolean,
    private readonly writeSteps: WriteSteps<P>,
    private readonly outbox: Outbox,
  ) {
    // Entry keys are the workflow's own: a subject whose trail another run began (the same id started
    // again) meets the unique keys, and the write falls back to reading the head.
    this.head = sequence === 0 ? { sequence: 0, hash: GENESIS_HASH } : undefined;
  }

  record(
    step: string,
    actor: string,
    data: Record<string, unknown>,
    projection?: P,
    events: (NotificationEvent | null)[] = [],
    write?: () => Promise<void>,
  ): Promise<void> {
    const entry: AuditEntryInput = {
      subjectType: this.subject.subjectType,
      subjectId: this.subject.subjectId,
      entryKey: `${this.subject.workflowId}/${++this.sequence}/${step}`,
      step,
      actor,
      occurredAt: new Date().toISOString(),
      data,
    };
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, projection, events, write, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.drain();
    });
  }

  private drain(): void {
    if (this.writing || this.queue.length === 0 || (this.hold() && !this.flushing)) return;
    this.writing = true;
    const batch = this.queue.splice(0);
    const projections = batch.flatMap((item) => (item.projection ? [item.projection] : []));
    const writes = batch.filter((item) => item.write).map((item) => item.write!());
    Promise.all([
      this.writeSteps(
        batch.map((item) => item.entry),
        projections,
        this.head,
      ),
      ...writes,
    ]).then(
      ([head]) => {
        this.head = head ?? undefined;
        for (const item of batch) {
          for (const event of item.events) if (event) this.outbox.send(event);
          item.done();
        }
        this.writing = false;
        this.drain();
      },
      (error: unknown) => {
        this.head = undefined;
        for (const item of batch) item.done(error);
        this.writing = false;
        this.drain();
      },
    );
  }

  /** Everything recorded so far is written and every notification handed over. */
  async settled(): Promise<void> {
    this.flushing = true;
    this.drain();
    await condition(() => !this.writing && this.queue.length === 0);
    this.flushing = false;
    await this.outbox.settled();
  }
}

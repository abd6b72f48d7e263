// The audit trail of a process as its workflow writes it: each step's entry, then the records that go
// with it, one activity at a time in the order the steps happened, so the hash chain and the projection
// follow the workflow's own order. (The certification review batches its writes: batched-audit-trail.ts.)
//
// The promise chain below is the order in which the activities are scheduled, also relative to other
// commands of the same workflow task: changing its shape changes the commands of workflows already
// running, so it stays as it is (test/replay). `recordStep` queues a step whose audit entry and rows
// one activity writes (one server round trip instead of two); a step handler does not wait for it, and
// the read path waits for `position` instead (core/audit/trail-position.ts). Every write (`record`'s
// and `recordStep`'s) is handed the chain's head as the previous write answered it, so that it need not
// read it (activities/audit/audit-trail.ts appendAuditEntries): a head that is no longer the head meets
// the unique keys and the write reads it.
import { GENESIS_HASH } from '../../core/audit/audit-chain';
import type { AppendedAuditEntry, AuditEntryInput, AuditSubjectType } from '../../core/audit/audit-entry';
import type { TrailPosition } from '../../core/audit/trail-position';

export interface TrailSubject {
  subjectType: AuditSubjectType;
  subjectId: string;
  /** Entry keys are `<workflowId>/<step key>`: a retried append finds the entry already written. */
  workflowId: string;
}

export class Trail {
  private tail: Promise<unknown> = Promise.resolve();
  private last: AppendedAuditEntry | null = null;
  /** The head handed to the next write; undefined: not known (nothing written yet, or a write failed). */
  private handover: AppendedAuditEntry | undefined;
  private inFlight = 0;
  private queued = 0;
  private written = 0;

  /**
   * @param startsEmpty the subject has no entries before this run's (a workflow that never continues as
   *   new and owns its subject): the first write is handed the empty chain (sequence 0, the genesis hash).
   */
  constructor(
    private readonly subject: TrailSubject,
    private readonly appendAudit: (entry: AuditEntryInput, after?: AppendedAuditEntry) => Promise<AppendedAuditEntry>,
    startsEmpty = false,
  ) {
    if (startsEmpty) this.handover = { sequence: 0, hash: GENESIS_HASH };
  }

  /** True when every entry queued so far is written. */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  /** How many records are queued and how many of them are written (the trailPosition query). */
  get position(): TrailPosition {
    return { queued: this.queued, written: this.written };
  }

  /** Queues an audit entry (and the record write that goes with it); resolves once both are written. */
  record(step: string, key: string, actor: string, data: Record<string, unknown>, write?: () => Promise<void>): Promise<AppendedAuditEntry> {
    const entry = this.entry(step, key, actor, data);
    return this.enqueue(async () => {
      const appended = await this.appendAudit(entry, this.handover);
      this.last = this.handover = appended;
      if (write) await write();
      return appended;
    });
  }

  /**
   * Queues an audit entry and the rows that go with it, written by one activity (`writeStep`: appends
   * the entry after `after`, the head as the previous write answered it, and writes the rows; both
   * idempotent, so a retry writes each once). Resolves once written.
   */
  recordStep(
    step: string,
    key: string,
    actor: string,
    data: Record<string, unknown>,
    writeStep: (entry: AuditEntryInput, after: AppendedAuditEntry | undefined) => Promise<AppendedAuditEntry>,
  ): Promise<AppendedAuditEntry> {
    const entry = this.entry(step, key, actor, data);
    return this.enqueue(async () => {
      const appended = await writeStep(entry, this.handover);
      this.last = this.handover = appended;
      return appended;
    });
  }

  private entry(step: string, key: string, actor: string, data: Record<string, unknown>): AuditEntryInput {
    return {
      subjectType: this.subject.subjectType,
      subjectId: this.subject.subjectId,
      entryKey: `${this.subject.workflowId}/${key}`,
      step,
      actor,
      occurredAt: new Date().toISOString(),
      data,
    };
  }

  private enqueue(write: () => Promise<AppendedAuditEntry>): Promise<AppendedAuditEntry> {
    this.inFlight++;
    this.queued++;
    const run = this.tail.then(write);
    // A record that failed for good counts as written too: nothing more will be written for it, and a
    // read waiting for the position must not wait for it.
    const done = () => {
      this.inFlight--;
      this.written++;
    };
    run.then(done, done);
    // After a failed write the head is not known: the next write reads it.
    this.tail = run.catch(() => {
      this.handover = undefined;
    });
    return run;
  }

  /** The chain head once everything queued so far is written. */
  async head(): Promise<AppendedAuditEntry> {
    await this.tail;
    return this.last!;
  }

  async settled(): Promise<void> {
    await this.tail;
  }
}

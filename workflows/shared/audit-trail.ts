// The audit trail of a process as its workflow writes it: each step's entry, then the records that go
// with it, one activity at a time in the order the steps happened, so the hash chain and the projection
// follow the workflow's own order. (The certification review batches its writes: batched-audit-trail.ts.)
//
// The promise chain below is the order in which the activities are scheduled, also relative to other
// commands of the same workflow task: changing its shape changes the commands of workflows already
// running, so it stays as it is (test/replay).
import type { AppendedAuditEntry, AuditEntryInput, AuditSubjectType } from '../../core/audit/audit-entry';

export interface TrailSubject {
  subjectType: AuditSubjectType;
  subjectId: string;
  /** Entry keys are `<workflowId>/<step key>`: a retried append finds the entry already written. */
  workflowId: string;
}

export class Trail {
  private tail: Promise<unknown> = Promise.resolve();
  private last: AppendedAuditEntry | null = null;
  private inFlight = 0;

  constructor(
    private readonly subject: TrailSubject,
    private readonly appendAudit: (entry: AuditEntryInput) => Promise<AppendedAuditEntry>,
  ) {}

  /** True when every entry queued so far is written. */
  get idle(): boolean {
    return this.inFlight === 0;
  }

  /** Queues an audit entry (and the record write that goes with it); resolves once both are written. */
  record(step: string, key: string, actor: string, data: Record<string, unknown>, write?: () => Promise<void>): Promise<AppendedAuditEntry> {
    const entry: AuditEntryInput = {
      subjectType: this.subject.subjectType,
      subjectId: this.subject.subjectId,
      entryKey: `${this.subject.workflowId}/${key}`,
      step,
      actor,
      occurredAt: new Date().toISOString(),
      data,
    };
    this.inFlight++;
    const run = this.tail.then(async () => {
      const appended = await this.appendAudit(entry);
      this.last = appended;
      if (write) await write();
      return appended;
    });
    const done = () => {
      this.inFlight--;
    };
    run.then(done, done);
    this.tail = run.catch(() => undefined);
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

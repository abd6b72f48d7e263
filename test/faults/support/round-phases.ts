// Where a matching round's answer time went, read from its workflow's history (the dev server and the
// test share one clock): the request until the workflow started (the API's own work before it), the
// first workflow task's wait in the task queue and its run (which records the round in a local
// activity), a regular activity's wait and run if the recording was one, the Update's answer, and the
// API's answer after that (reading the round's row, the response). A printed measurement only.
import { readFileSync } from 'node:fs';
import { Connection, WorkflowClient } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { matchingRoundWorkflowId } from '../../../workflows/matching-round/contract';

const EventType = temporal.api.enums.v1.EventType;

export async function roundPhases(temporalAddress: string, roundId: string, sentAt: number, answeredAt: number): Promise<string> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new WorkflowClient({ connection, namespace: 'default' });
    const events = (await client.getHandle(matchingRoundWorkflowId(roundId)).fetchHistory()).events ?? [];
    const at = (type: number) => {
      const e = events.find((x) => x.eventType === type);
      return e ? tsToMs(e.eventTime) : NaN;
    };
    const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    const taskScheduled = at(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    const taskStarted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const taskCompleted = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const activityScheduled = at(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const activityStarted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    const activityCompleted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const answered = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    const ms = (a: number, b: number) => `${Math.round(b - a)}`;
    const regular = answered > activityCompleted;
    return [
      `request→started ${ms(sentAt, started)}`,
      `first task queued ${ms(taskScheduled, taskStarted)}`,
      `first task${regular ? '' : ' (with the recording local activity)'} ${ms(taskStarted, taskCompleted)}`,
      ...(regular
        ? [
            `activity queued ${ms(activityScheduled, activityStarted)}`,
            `activity ${ms(activityStarted, activityCompleted)}`,
            `update answered ${ms(activityCompleted, answered)}`,
          ]
        : []),
      `API answer ${ms(answered, answeredAt)} ms`,
    ].join(', ');
  } finally {
    await connection.close();
  }
}

/**
 * The recording's own phases, from the round worker's "matching round recorded" line in npm start's log
 * (activities/matching-round/round-records.ts): the connection and BEGIN, the round's lock, the reads,
 * the matching and writes, the commit. The rest of the first workflow task is the SDK's.
 */
export function recordingPhases(logFile: string, roundId: string): string {
  const line = readFileSync(logFile, 'utf8')
    .split('\n')
    .find((l) => l.includes('"msg":"matching round recorded"') && l.includes(roundId));
  if (!line) return 'not logged';
  const phases = (JSON.parse(line) as { phasesMs?: Record<string, number> }).phasesMs ?? {};
  const total = Object.values(phases).reduce((a, b) => a + b, 0);
  return `${Object.entries(phases)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')} (${total} ms)`;
}

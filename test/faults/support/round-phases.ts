// Where a matching round's answer time went, read from its workflow's history (the dev server and the
// test share one clock): the request until the workflow started, its first workflow task, the
// recording activity's wait in the task queue and its run, the workflow task that answers the Update,
// and the API's answer after that (reading the round's row, the response). A printed measurement only.
import { Connection, WorkflowClient } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { matchingRoundWorkflowId } from '../../../workflows/matching-round/contract';

const EventType = temporal.api.enums.v1.EventType;

export async function roundPhases(temporalAddress: string, roundId: string, sentAt: number, answeredAt: number): Promise<string> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new WorkflowClient({ connection, namespace: 'default' });
    // The first run: the one the request started.
    let runId: string | undefined;
    for await (const run of client.list({ query: `WorkflowId = '${matchingRoundWorkflowId(roundId)}'` })) {
      if (!runId) runId = run.runId;
    }
    const history = await client.getHandle(matchingRoundWorkflowId(roundId), runId).fetchHistory();
    const events = history.events ?? [];
    const at = (type: number, nth = 0) => {
      const e = events.filter((x) => x.eventType === type)[nth];
      return e ? tsToMs(e.eventTime) : NaN;
    };
    const started = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    const firstTask = at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const scheduled = at(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const activityStarted = at(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    const activityDone = at(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    const answered = at(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    const ms = (a: number, b: number) => `${Math.round(b - a)}`;
    return (
      `request→started ${ms(sentAt, started)}, first task ${ms(started, firstTask)}, activity queued ${ms(scheduled, activityStarted)}, ` +
      `activity ${ms(activityStarted, activityDone)}, update answered ${ms(activityDone, answered)}, API answer ${ms(answered, answeredAt)} ms`
    );
  } finally {
    await connection.close();
  }
}

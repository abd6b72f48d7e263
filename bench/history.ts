// Reading workflow histories for the benchmarks: the shape of a workflow's activities (which the bare
// baseline then reproduces) and where an Update's time went (server-side event times: the Temporal
// server, the worker and the benchmark run on one machine and one clock).
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { type BareShape, describeGroups, type Groups } from './bare/workflow';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

export async function historyEvents(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

const idOf = (value: unknown): number => Number(String(value ?? 0));
const timeOf = (event: HistoryEvent): number => tsToMs(event.eventTime);

/** A local activity leaves a marker (recorded with the workflow task in which it completed). */
function localActivityType(event: HistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (!marker || marker.markerName !== 'core_local_activity') return undefined;
  try {
    const data = marker.details?.data?.payloads?.[0]?.data;
    const parsed = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }) : {};
    return `${parsed.activity_type ?? 'activity'} (local)`;
  } catch {
    return 'activity (local)';
  }
}

/** Activities scheduled (or, local, completed) in one workflow task form a parallel group; groups follow one another. */
function groupsOf(scheduled: HistoryEvent[]): Groups {
  const groups: Groups = [];
  let lastTask: number | undefined;
  for (const event of scheduled) {
    const local = localActivityType(event) !== undefined;
    const task = idOf(
      event.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId ?? event.markerRecordedEventAttributes?.workflowTaskCompletedEventId,
    );
    if (task !== lastTask) groups.push({ remote: 0, local: 0 });
    groups[groups.length - 1]![local ? 'local' : 'remote']++;
    lastTask = task;
  }
  return groups;
}

export interface ActivityShape extends BareShape {
  /** Activities per phase, by activity type, for the report. */
  types: Record<string, number>;
  total: number;
  updates: Groups[];
  /** Activities a step set off that its Update did not wait for (scheduled after it completed). */
  updateBackground: Groups[];
  inputBytes: number;
}

/**
 * The activities of a workflow run, split by phase: before its first Update was accepted (start),
 * between an Update's acceptance and completion (that Update; what it set off afterwards is its
 * background), and after its last Update completed (end). Exact for a client that sends one Update at
 * a time, as the benchmarks' clients do.
 */
export function activityShape(events: HistoryEvent[]): ActivityShape {
  const totalUpdates = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
  const start: HistoryEvent[] = [];
  const end: HistoryEvent[] = [];
  const during: HistoryEvent[][] = Array.from({ length: totalUpdates }, () => []);
  const after: HistoryEvent[][] = Array.from({ length: totalUpdates }, () => []);
  const types: Record<string, number> = {};
  let accepted = 0;
  let completed = 0;
  let inputBytes = 0;
  let lastTaskCompleted = 0;
  for (const event of events) {
    const startedAttributes = event.workflowExecutionStartedEventAttributes;
    if (startedAttributes) inputBytes = (startedAttributes.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0);
    if (event.workflowExecutionUpdateAcceptedEventAttributes) accepted++;
    if (event.workflowTaskCompletedEventAttributes) lastTaskCompleted = idOf(event.eventId);
    if (event.workflowExecutionUpdateCompletedEventAttributes) {
      // An activity scheduled by the workflow task that completes the Update is one the Update did not
      // wait for (its handler answered before it ran): the Update's background, though its event comes
      // first. A local activity's marker there is one it did wait for (it ran inside that task).
      const inUpdate = during[completed]!;
      const setOff = inUpdate.filter((e) => idOf(e.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId) === lastTaskCompleted);
      during[completed] = inUpdate.filter((e) => !setOff.includes(e));
      after[completed]!.push(...setOff);
      completed++;
    }
    const scheduled = event.activityTaskScheduledEventAttributes;
    const localType = localActivityType(event);
    if (!scheduled && !localType) continue;
    const type = localType ?? scheduled?.activityType?.name ?? '?';
    types[type] = (types[type] ?? 0) + 1;
    if (accepted === 0) start.push(event);
    else if (completed === totalUpdates) end.push(event);
    else if (completed < accepted) during[accepted - 1]!.push(event);
    else after[completed - 1]!.push(event);
  }
  return {
    start: groupsOf(start),
    updates: during.map(groupsOf),
    updateBackground: after.map(groupsOf),
    end: groupsOf(end),
    types,
    total: Object.values(types).reduce((a, b) => a + b, 0),
    inputBytes,
  };
}

export interface UpdateLegs {
  updateId: string;
  acceptedAt: number;
  completedAt: number;
  /** The workflow task that accepted the Update: when the server scheduled it, and when a worker started it. */
  taskScheduledAt: number;
  taskStartedAt: number;
  /** Activities the Update waited for: time queued (scheduled to started) and running (started to closed). */
  activityQueuedMs: number;
  activityRunningMs: number;
  activities: number;
  /** The rest of accepted-to-completed: workflow tasks (server round trips and the worker's own work). */
  workflowTasksMs: number;
}

/** Where each Update's time went between its acceptance and its completion, from the history. */
export function updateLegs(events: HistoryEvent[]): UpdateLegs[] {
  const byId = new Map<number, HistoryEvent>();
  for (const event of events) byId.set(idOf(event.eventId), event);
  const open: { updateId: string; acceptedAt: number; taskScheduledAt: number; taskStartedAt: number; scheduled: number[] }[] = [];
  let lastTask: { scheduledAt: number; startedAt: number } | undefined;
  const legs: UpdateLegs[] = [];
  const closedActivities = new Map<number, { startedAt: number; closedAt: number }>();
  for (const event of events) {
    const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    if (closed) {
      const started = byId.get(idOf(closed.startedEventId));
      closedActivities.set(idOf(closed.scheduledEventId), { startedAt: started ? timeOf(started) : timeOf(event), closedAt: timeOf(event) });
    }
  }
  for (const event of events) {
    const taskCompleted = event.workflowTaskCompletedEventAttributes;
    if (taskCompleted) {
      const scheduled = byId.get(idOf(taskCompleted.scheduledEventId));
      const started = byId.get(idOf(taskCompleted.startedEventId));
      lastTask = { scheduledAt: scheduled ? timeOf(scheduled) : timeOf(event), startedAt: started ? timeOf(started) : timeOf(event) };
    }
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted)
      open.push({
        updateId: accepted.acceptedRequest?.meta?.updateId ?? accepted.protocolInstanceId ?? '?',
        acceptedAt: timeOf(event),
        taskScheduledAt: lastTask?.scheduledAt ?? timeOf(event),
        taskStartedAt: lastTask?.startedAt ?? timeOf(event),
        scheduled: [],
      });
    if (event.activityTaskScheduledEventAttributes && open.length) open[open.length - 1]!.scheduled.push(idOf(event.eventId));
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed) {
      const updateId = completed.meta?.updateId ?? '?';
      const index = open.findIndex((u) => u.updateId === updateId);
      const update = open.splice(index >= 0 ? index : 0, 1)[0];
      if (!update) continue;
      const completedAt = timeOf(event);
      let queued = 0;
      let running = 0;
      let count = 0;
      for (const id of update.scheduled) {
        const activity = closedActivities.get(id);
        const scheduledEvent = byId.get(id);
        if (!activity || !scheduledEvent || activity.closedAt > completedAt) continue;
        queued += activity.startedAt - timeOf(scheduledEvent);
        running += activity.closedAt - activity.startedAt;
        count++;
      }
      const total = completedAt - update.acceptedAt;
      legs.push({
        updateId,
        acceptedAt: update.acceptedAt,
        completedAt,
        taskScheduledAt: update.taskScheduledAt,
        taskStartedAt: update.taskStartedAt,
        activityQueuedMs: queued,
        activityRunningMs: running,
        activities: count,
        workflowTasksMs: Math.max(0, total - queued - running),
      });
    }
  }
  return legs;
}

/** One line: the activities by phase ("L": local activities, run inside the worker's workflow task). */
export function describeShape(shape: ActivityShape): string {
  const updates = shape.updates.map(
    (u, k) => describeGroups(u) + (shape.updateBackground[k]?.length ? ` then ${describeGroups(shape.updateBackground[k]!)} in the background` : ''),
  );
  return `start ${describeGroups(shape.start)}; Updates ${updates.join(', ')}; end ${describeGroups(shape.end)}`;
}

export function describeTypes(shape: ActivityShape): string {
  return Object.entries(shape.types)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
}

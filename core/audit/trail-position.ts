// How far a process's workflow has written what its steps recorded. A step answers once the workflow has
// accepted it and changed its own state; its audit entry and projection rows follow (README "Read your
// own write"). A read that must show the step asks the workflow for this position and waits until
// `written` has caught up with the `queued` it saw. Workflow-safe.
import { defineQuery } from '@temporalio/workflow';

export interface TrailPosition {
  /** Records (an audit entry with the rows that go with it) the workflow has queued since its run started. */
  queued: number;
  /** Of those, the ones written (or given up, logged): the first `written` records are as written as they will be. */
  written: number;
}

export const trailPositionQuery = defineQuery<TrailPosition>('trailPosition');

// The second baseline, the floor: a workflow with no activities at all, one start and its Updates, sent
// with `@temporalio/client` to the same server. The same-shape baseline (workflow.ts with the shape read
// from a real history) copies our design's costs, its activities' round trips included; the floor is
// what an Update costs on this machine whatever a design does, so a person clicking "sign" waits at
// least this long. It is the bare workflow with an empty shape and no padding, on the bare worker.
import type { Client } from '@temporalio/client';
import { launchBare } from './launch';
import { bareStep, type BareInput, type BareShape } from './workflow';

export const FLOOR_SHAPE: BareShape = { start: [], updates: [], end: [] };

/**
 * Starts a floor workflow that ends after `updates` Updates (the first of them sent with the start when
 * `withUpdate`, as the API launches); answers once the server has accepted the start (and run that Update).
 */
export async function startFloor(client: Client, workflowId: string, updates: number, withUpdate = false): Promise<string> {
  const input: BareInput = { shape: FLOOR_SHAPE, expectedUpdates: updates };
  return launchBare(client, workflowId, input, withUpdate);
}

/** One floor Update, answered when the workflow has run its (empty) handler. */
export async function floorUpdate(client: Client, workflowId: string, k: number): Promise<void> {
  await client.workflow.getHandle(workflowId).executeUpdate(bareStep, { args: [`party-${k + 1}`] });
}

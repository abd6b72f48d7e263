// The baseline of the benchmarks: the same shape of work as one of our workflows (a start, its Updates,
// the same number of activities in the same sequence and parallel groups) with nothing of ours around
// it: no API, no database, no notifications, no validation, no state rules. Bundled on its own, run by
// bench/bare/worker.ts. The shape is read from a real workflow's history in the same run
// (bench/history.ts activityShape), so the baseline follows the workflow as it changes.
import { condition, defineQuery, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities';

/** Activities run together (in parallel): ordinary ones (through the server) and local ones (in the worker). */
export interface Group {
  remote: number;
  local: number;
}

/** Groups in sequence. */
export type Groups = Group[];

export function describeGroups(groups: Groups): string {
  return '[' + groups.map((g) => (g.local ? `${g.remote ? `${g.remote}+` : ''}${g.local}L` : String(g.remote))).join(', ') + ']';
}

export interface BareShape {
  /** After the start, before any Update. */
  start: Groups;
  /** The k-th Update runs updates[k] (the last entry for any later Update). */
  updates: Groups[];
  /** What the k-th Update set off without waiting for it (run alongside; the workflow waits before ending). */
  background?: Groups[];
  /** After the last expected Update. */
  end: Groups;
}

export interface BareInput {
  shape: BareShape;
  /** The workflow ends after this many Updates (a very large number: it waits for ever, like a placement). */
  expectedUpdates: number;
  /** Payload carried in the input, standing in for the real input's size (bytes of text). */
  padding?: string;
}

export const bareStep = defineUpdate<number, [string]>('step');
export const bareStatus = defineQuery<{ updates: number; activities: number }>('status');

const { step } = proxyActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });

export async function bareWorkflow(input: BareInput): Promise<number> {
  let updates = 0;
  let done = 0;
  let ran = 0;
  const run = async (groups: Groups) => {
    for (const group of groups) {
      await Promise.all([...Array.from({ length: group.remote }, () => step()), ...Array.from({ length: group.local }, () => local.step())]);
      ran += group.remote + group.local;
    }
  };
  setHandler(bareStatus, () => ({ updates, activities: ran }));
  const pick = (list: Groups[] | undefined, k: number): Groups => (list?.length ? list[Math.min(k, list.length - 1)]! : []);
  const background: Promise<void>[] = [];
  setHandler(bareStep, async () => {
    const k = updates++;
    await run(pick(input.shape.updates, k));
    background.push(run(pick(input.shape.background, k)));
    return ++done;
  });
  await run(input.shape.start);
  await condition(() => done >= input.expectedUpdates);
  await Promise.all(background);
  await run(input.shape.end);
  return ran;
}

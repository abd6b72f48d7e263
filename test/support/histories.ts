// Recorded workflow histories for the replay tests. Scenario tests call saveHistory() after a workflow
// finished; it writes only when RECORD_HISTORIES=1 (`npm run histories:record`), so an ordinary test
// run never changes the committed files.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
// protobufjs is a direct dependency so that npm hoists one copy: with nested copies these two
// functions fail with "type must be a Type".
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { History } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

export async function saveHistory(client: Client, workflowId: string, scenario: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const handle = client.workflow.getHandle(workflowId);
  const { type } = await handle.describe();
  const history = await handle.fetchHistory();
  const dir = path.join(HISTORIES_DIR, type);
  mkdirSync(dir, { recursive: true });
  // The replayer needs the original workflow id, which the history events do not carry.
  const file = { workflowId, history: JSON.parse(historyToJSON(history)) as unknown };
  writeFileSync(path.join(dir, `${scenario}.json`), JSON.stringify(file, null, 1) + '\n');
}

export interface RecordedHistory {
  workflowType: string;
  scenario: string;
  workflowId: string;
  history: History;
}

export function loadHistories(): RecordedHistory[] {
  const recorded: RecordedHistory[] = [];
  for (const workflowType of readdirSync(HISTORIES_DIR, { withFileTypes: true })) {
    if (!workflowType.isDirectory()) continue;
    const dir = path.join(HISTORIES_DIR, workflowType.name);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const saved = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { workflowId: string; history: unknown };
      recorded.push({
        workflowType: workflowType.name,
        scenario: file.replace(/\.json$/, ''),
        workflowId: saved.workflowId,
        history: historyFromJSON(saved.history),
      });
    }
  }
  return recorded;
}

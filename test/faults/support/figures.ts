// The one summary line each fault scenario prints: what was done, which faults were injected, and what
// was lost or duplicated (both must be 0 for the scenario to pass; the line is printed before the
// assertions so that a failing run still shows its figures).
import { FULL } from './scale';

export interface Figures {
  /** "F1 worker crash" */
  scenario: string;
  operations: number;
  /** What the operations were, e.g. "200 launches + 600 signatures". */
  operationsDetail?: string;
  faults: number;
  faultsDetail?: string;
  lost: number;
  duplicated: number;
  startedAt: number;
  /** Further observations, printed after the figures. */
  notes?: string[];
  /** Findings that fail the scenario: the first few are printed under the line. */
  problems?: string[];
}

export function summaryLine(f: Figures): string {
  const seconds = ((Date.now() - f.startedAt) / 1000).toFixed(1);
  const ops = `operations ${f.operations}${f.operationsDetail ? ` (${f.operationsDetail})` : ''}`;
  const faults = `faults injected ${f.faults}${f.faultsDetail ? ` (${f.faultsDetail})` : ''}`;
  const notes = f.notes?.length ? `; ${f.notes.join('; ')}` : '';
  return `[${f.scenario}] ${FULL ? 'full' : 'ci'} version: ${ops}, ${faults}, lost ${f.lost}, duplicated ${f.duplicated}, duration ${seconds} s${notes}`;
}

export function printFigures(f: Figures): void {
  const problems = (f.problems ?? [])
    .slice(0, 10)
    .map((p) => `  problem: ${p}\n`)
    .join('');
  process.stdout.write(`\n${summaryLine(f)}\n${problems}\n`);
}

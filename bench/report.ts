// How benchmark results are printed: each benchmark's own lines as it runs, then one summary table.
export interface SummaryRow {
  benchmark: string;
  measure: string;
  ours: string;
  baseline: string;
  /** ours / baseline, or the scaling ratio for B4. */
  ratio: string;
  /** The floor baseline (bench/bare/floor.ts: no activities at all), where the measure has one. */
  floor?: string;
  /** ours / floor. */
  floorRatio?: string;
  note?: string;
}

export interface BenchResult {
  name: string;
  title: string;
  rows: SummaryRow[];
  /** Everything measured, for results.json. */
  details: Record<string, unknown>;
  pending?: string;
}

export function line(text = ''): void {
  process.stdout.write(text + '\n');
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [render(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(render)].join('\n');
}

export function summaryTable(results: BenchResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    if (result.pending) rows.push([result.name, result.title, 'pending', '', '', '', '', result.pending]);
    for (const row of result.rows)
      rows.push([row.benchmark, row.measure, row.ours, row.baseline, row.ratio, row.floor ?? '', row.floorRatio ?? '', row.note ?? '']);
  }
  return table(['bench', 'measure', 'AllianceFlow', 'same-shape baseline', 'ratio', 'floor', 'ratio to floor', 'note'], rows);
}

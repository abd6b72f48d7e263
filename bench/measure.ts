// Measuring a segment of load: wall time and who spent the CPU (per process group, and the rest of the
// machine, which on a shared machine includes other people's work).
import { monotonicUs } from './cpu-profile';
import type { BenchEnvironment } from './environment';
import { cpuBetween, cpuSnapshot, type CpuUsage } from './process-stats';
import { table } from './report';
import { fmt } from './stats';

export interface Segment<T> {
  result: T;
  seconds: number;
  cpu: CpuUsage;
}

/** Runs a segment of load, timing it and accounting for the CPU; a label marks it for the CPU profiles. */
export async function measured<T>(env: BenchEnvironment, run: () => Promise<T>, profileLabel?: string): Promise<Segment<T>> {
  const groups = env.cpuGroups();
  const before = await cpuSnapshot(groups);
  const started = performance.now();
  const startUs = monotonicUs();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  if (profileLabel) env.profileWindows.push({ label: profileLabel, startUs, endUs: monotonicUs() });
  const after = await cpuSnapshot(groups);
  return { result, seconds, cpu: cpuBetween(before, after) };
}

/** CPU milliseconds per unit of work, by process group; "other processes" is the machine minus ours. */
export function cpuPerUnit(cpu: CpuUsage, units: number): { name: string; ms: number }[] {
  const ours = cpu.groups.filter((g) => g.cpuSeconds > 0.005);
  const sum = ours.reduce((a, g) => a + g.cpuSeconds, 0);
  return [
    ...ours.map((g) => ({ name: g.name, ms: (g.cpuSeconds * 1000) / units })),
    { name: 'total (ours)', ms: (sum * 1000) / units },
    { name: 'other processes', ms: (Math.max(0, cpu.machineCpuSeconds - sum) * 1000) / units },
  ];
}

/** A table of CPU ms per unit for several segments side by side (columns). */
export function cpuTable(unit: string, columns: { label: string; cpu: CpuUsage; units: number }[]): string {
  const per = columns.map((c) => new Map(cpuPerUnit(c.cpu, c.units).map((r) => [r.name, r.ms])));
  const names: string[] = [];
  for (const map of per) for (const name of map.keys()) if (!names.includes(name)) names.push(name);
  const order = ['API', 'worker', 'bare worker', 'Temporal server', 'PostgreSQL', 'Temporal PostgreSQL', 'load generator', 'total (ours)', 'other processes'];
  names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const rows = names.map((name) => [name, ...per.map((m) => (m.has(name) ? fmt(m.get(name)!) : '-'))]);
  rows.push(['wall s', ...columns.map((c) => fmt(c.cpu.wallSeconds))]);
  rows.push(['machine busy (cores)', ...columns.map((c) => fmt(c.cpu.machineCpuSeconds / c.cpu.wallSeconds))]);
  return table([`CPU ms per ${unit}`, ...columns.map((c) => c.label)], rows);
}

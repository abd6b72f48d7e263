// What the benchmarks read about processes from /proc (Linux): CPU time and resident memory, so each
// figure can say which process spent the machine's time (API, worker, Temporal server, PostgreSQL, the
// load generator itself).
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used so far; NaN when it is gone or /proc is missing. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Resident set size in bytes (VmRSS); NaN when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The whole machine's busy CPU seconds (all cores) from /proc/stat, to tell our share from others'. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * CPU accounting over an interval: named groups of pids (a group's pids may change, e.g. PostgreSQL
 * backends, so they are resolved at both ends) and the machine as a whole.
 */
export interface CpuGroup {
  name: string;
  pids: () => number[] | Promise<number[]>;
}

export interface CpuSnapshot {
  at: number;
  machine: number;
  byGroup: Map<string, Map<number, number>>;
}

export async function cpuSnapshot(groups: CpuGroup[]): Promise<CpuSnapshot> {
  const byGroup = new Map<string, Map<number, number>>();
  for (const group of groups) {
    const pids = await group.pids();
    byGroup.set(group.name, new Map(pids.map((pid) => [pid, cpuSeconds(pid)])));
  }
  return { at: Date.now(), machine: machineBusySeconds(), byGroup };
}

export interface CpuUsage {
  wallSeconds: number;
  /** CPU seconds per group over the interval (processes that started meanwhile count from 0). */
  groups: { name: string; cpuSeconds: number }[];
  /** Every process on the machine, ours included (other engineers' tests show up here). */
  machineCpuSeconds: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const groups = [...after.byGroup.entries()].map(([name, pids]) => {
    const earlier = before.byGroup.get(name) ?? new Map<number, number>();
    let total = 0;
    for (const [pid, seconds] of pids) {
      if (!Number.isFinite(seconds)) continue;
      const start = earlier.get(pid);
      total += seconds - (start !== undefined && Number.isFinite(start) ? start : 0);
    }
    return { name, cpuSeconds: total };
  });
  return { wallSeconds: (after.at - before.at) / 1000, groups, machineCpuSeconds: after.machine - before.machine };
}

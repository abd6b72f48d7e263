// Where the API's and the worker's JavaScript time went: a summary of the V8 CPU profiles (--cpu-prof,
// one file per thread) by package or project folder, and the top functions by self time.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { line, table } from './report';
import { fmt } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const projectRoot = path.resolve(__dirname, '..');

/** A readable owner of a function: a package, a project folder, Node itself, or V8's pseudo-frames. */
export function category(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return functionName || 'native';
  }
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/').slice(0, 2).join('/');
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (/workflow-bundle|bare-bundle/.test(file)) return 'workflow code (sandbox bundle)';
  if (file.startsWith(projectRoot)) return 'ours: ' + path.relative(projectRoot, file).split('/')[0];
  return file;
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  busyMs: number;
  byCategory: { name: string; ms: number }[];
  topFunctions: { name: string; where: string; ms: number }[];
}

/** A stretch of time to look at, in microseconds of the monotonic clock (process.hrtime; V8 profiles use it too). */
export interface Window {
  label: string;
  startUs: number;
  endUs: number;
}

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

export function summarizeProfile(file: string, windows: Window[] = []): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const inside = (t: number) => windows.length === 0 || windows.some((w) => t >= w.startUs && t <= w.endUs);
  // timeDeltas[i] is the time from the previous sample to sample i: charge it to sample i's node.
  let t = profile.startTime;
  let wall = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!inside(t)) continue;
    wall += delta / 1000;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  }
  const categories = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  let busy = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = category(url, functionName);
    categories.set(owner, (categories.get(owner) ?? 0) + ms);
    if (owner === 'idle') continue;
    busy += ms;
    const where = `${owner}${url && !url.startsWith('node:') ? ':' + (lineNumber + 1) : ''}`;
    const key = `${functionName}@${url}:${lineNumber}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  return {
    file,
    wallMs: wall,
    busyMs: busy,
    byCategory: [...categories.entries()]
      .filter(([n]) => n !== 'idle')
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, 15),
  };
}

function profileFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return profileFiles(full);
    return name.endsWith('.cpuprofile') ? [full] : [];
  });
}

/** The thread a profile file is of: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile. */
function threadName(file: string, summary: ProfileSummary): string {
  const thread = path.basename(file).split('.')[4];
  if (thread === '0') return 'main thread';
  if (summary.byCategory.some((c) => c.name.startsWith('workflow code'))) return 'workflow thread';
  return `thread ${thread}`;
}

export function printProfiles(dir: string, windows: Window[] = []): ProfileSummary[] {
  const summaries = profileFiles(dir)
    .sort()
    .map((file) => summarizeProfile(file, windows))
    .filter((s) => s.busyMs > 50);
  line();
  line(
    `== CPU profiles of the API, the worker and the bare worker${windows.length ? ` during ${[...new Set(windows.map((w) => w.label))].join(', ')}` : ''} ==`,
  );
  line("(JavaScript time of each thread by self time; the Rust core's and V8's helper threads are not in these profiles)");
  for (const s of summaries) {
    line();
    line(`${path.relative(dir, s.file).split(path.sep)[0]} ${threadName(s.file, s)}: ${fmt(s.busyMs / 1000)} s busy of ${fmt(s.wallMs / 1000)} s`);
    line(
      table(
        ['where (self time)', 'ms', '%'],
        s.byCategory.slice(0, 14).map((c) => [c.name, fmt(c.ms, 0), fmt((100 * c.ms) / s.busyMs, 1)]),
      ).replace(/^/gm, '  '),
    );
    line(
      table(
        ['top functions (self time)', 'where', 'ms'],
        s.topFunctions.map((f) => [f.name.slice(0, 50), f.where.slice(0, 60), fmt(f.ms, 0)]),
      ).replace(/^/gm, '  '),
    );
  }
  return summaries;
}

// `npx tsx bench/cpu-profile.ts <run directory>`: the summary again, over the windows the run recorded.
if (require.main === module) {
  const runDir = path.resolve(process.argv[2] ?? '.');
  const results = path.join(runDir, 'results.json');
  const windows = existsSync(results) ? ((JSON.parse(readFileSync(results, 'utf8')) as { profileWindows?: Window[] }).profileWindows ?? []) : [];
  const only = process.argv[3];
  printProfiles(path.join(runDir, 'profiles'), only ? windows.filter((w) => w.label.startsWith(only)) : windows);
}

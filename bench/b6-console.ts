// B6 console: what a browser pays for the web console. (1) The initial JavaScript: the entry script and
// the modules index.html preloads, gzip-compressed as a server would send them, and the scripts the
// agreement page adds when it opens (its lazy chunks); baseline: React and ReactDOM's own production
// builds, gzip-compressed, the least a React page ships. (2) The agreement page's time to interactive
// with 31 parties: Debian's Chromium (CHROMIUM_PATH overrides), a cold cache each time, from the start
// of the navigation until every party's row and the audit trail's verification are on screen and the
// main thread's last long task has ended; baseline: the same page of a 1-party agreement in the same
// run, so the ratio is what 30 more parties cost.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { buildWebConsole, webBuildDir, webBuildState } from '../devtools/web-console';
import { FIXTURE_PASSWORD, giveCredential } from '../test/support/accounts';
import type { BenchEnvironment } from './environment';
import { agreementCast, call, launchBody, launchRecorded } from './fixtures';
import { type BenchResult, line, table } from './report';
import { fmt, latencySummary, type LatencySummary } from './stats';

export interface B6Options {
  samples: number;
  deadline: number;
}

const gzipBytes = (file: string) => gzipSync(readFileSync(file)).length;
const kib = (bytes: number) => `${fmt(bytes / 1024)} KiB`;

/** The entry script and the modules index.html preloads: what every first visit downloads. */
function initialScripts(): string[] {
  const html = readFileSync(path.join(webBuildDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
  return [...new Set(refs)];
}

function reactFloor(): number {
  const root = path.resolve(__dirname, '..', 'node_modules');
  return [
    'react/cjs/react.production.js',
    'react-dom/cjs/react-dom-client.production.js',
    'react-dom/cjs/react-dom.production.js',
    'scheduler/cjs/scheduler.production.js',
  ]
    .map((f) => gzipBytes(path.join(root, f)))
    .reduce((a, b) => a + b, 0);
}

export async function runB6(env: BenchEnvironment, options: B6Options): Promise<BenchResult> {
  if (webBuildState() !== 'current') {
    line('  building the web console (vite build) ...');
    await buildWebConsole();
  }
  const initial = initialScripts();
  const initialGzip = initial.map((ref) => gzipBytes(path.join(webBuildDir, ref))).reduce((a, b) => a + b, 0);
  const initialRaw = initial.map((ref) => readFileSync(path.join(webBuildDir, ref)).length).reduce((a, b) => a + b, 0);
  const floor = reactFloor();
  line(`  initial JavaScript: ${initial.length} files, ${kib(initialRaw)} raw, ${kib(initialGzip)} gzip; React + ReactDOM alone: ${kib(floor)} gzip`);

  // The API serves the console it just found built; the worker records the launches the pages show.
  await Promise.all([env.startWorker(), env.startApi()]);

  // The secretariat of an alliance of 31 member organisations, signed in as a browser is (a session cookie).
  const cast = await agreementCast(env.db, 31, 'B6');
  const email = `b6-${Date.now()}@example.org`;
  await giveCredential(env.db, cast.secretariat.id, email);
  const session = await fetch(`${env.apiUrl}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: FIXTURE_PASSWORD }),
  });
  const cookie = /af_session=([^;]+)/.exec(session.headers.get('set-cookie') ?? '')?.[1];
  if (session.status !== 200 || !cookie) throw new Error(`sign-in for B6 failed: ${session.status}`);
  const launch = async (parties: number) => {
    const body = launchBody({ ...cast, parties: cast.parties.slice(0, parties) }, { sequential: false, title: `B6 ${parties}-party agreement` });
    const { id } = await call<{ id: string }>(env.apiUrl, 'POST', '/v1/agreements', cast.secretariat, body, 201);
    await launchRecorded(env, id);
    return id;
  };
  const [wide, single] = [await launch(31), await launch(1)];

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const pageScripts = new Set<string>();
  const visit = async (agreementId: string, parties: number): Promise<number> => {
    // bypassCSP: the console's policy forbids evaluating strings, which is how the probes below run.
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
    await context.addCookies([{ name: 'af_session', value: cookie, url: env.apiUrl }]);
    await context.addInitScript(
      'window.__lastLongTask = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lastLongTask = Math.max(window.__lastLongTask, e.startTime + e.duration); }).observe({ type: "longtask", buffered: true });',
    );
    const page = await context.newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js')) pageScripts.add(url.pathname);
    });
    await page.goto(`${env.apiUrl}/agreements/${agreementId}`);
    const shown = (await (
      await page.waitForFunction(
        `document.querySelector('[data-testid="party-party-${parties}"]') && document.querySelector('[data-testid="audit-verification"]') ? performance.now() : 0`,
        undefined,
        { polling: 'raf', timeout: 120_000 },
      )
    ).jsonValue()) as number;
    // A quiet moment after it shows, so a long task still running is counted.
    await page.waitForTimeout(500);
    const lastLongTask = (await page.evaluate('window.__lastLongTask')) as number;
    await context.close();
    return Math.max(shown, lastLongTask);
  };
  const measure = async (agreementId: string, parties: number): Promise<LatencySummary> => {
    await visit(agreementId, parties); // the server's first answers (compiling, caches) are not the browser's cost
    const ms: number[] = [];
    for (let i = 0; i < options.samples && Date.now() < options.deadline; i++) ms.push(await visit(agreementId, parties));
    return latencySummary(ms);
  };
  let wideTti: LatencySummary;
  let singleTti: LatencySummary;
  try {
    singleTti = await measure(single, 1);
    wideTti = await measure(wide, 31);
  } finally {
    await browser.close();
  }
  const agreementPageScripts = [...pageScripts].map((p) => p.slice(1));
  const lazy = agreementPageScripts.filter((ref) => !initial.includes(ref));
  const lazyGzip = lazy.map((ref) => gzipBytes(path.join(webBuildDir, ref))).reduce((a, b) => a + b, 0);
  line(`  the agreement page adds ${lazy.length} lazy chunks, ${kib(lazyGzip)} gzip`);
  line(
    table(
      ['agreement page', 'TTI p50', 'TTI p95', 'max', 'n'],
      [
        ['1 party (baseline)', `${fmt(singleTti.p50)} ms`, `${fmt(singleTti.p95)} ms`, `${fmt(singleTti.max)} ms`, String(singleTti.n)],
        ['31 parties', `${fmt(wideTti.p50)} ms`, `${fmt(wideTti.p95)} ms`, `${fmt(wideTti.max)} ms`, String(wideTti.n)],
      ],
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  return {
    name: 'B6',
    title: 'web console: initial JavaScript and the agreement page',
    rows: [
      {
        benchmark: 'B6',
        measure: 'initial JavaScript (gzip)',
        ours: kib(initialGzip),
        baseline: `${kib(floor)} (React + ReactDOM)`,
        ratio: fmt(initialGzip / floor),
        note: `${initial.length} files, ${kib(initialRaw)} raw; the agreement page adds ${kib(lazyGzip)} gzip in ${lazy.length} chunks`,
      },
      {
        benchmark: 'B6',
        measure: 'agreement page TTI p50, 31 parties (cold cache)',
        ours: `${fmt(wideTti.p50)} ms`,
        baseline: `${fmt(singleTti.p50)} ms (1 party)`,
        ratio: fmt(wideTti.p50 / singleTti.p50),
        note: `p95 ${fmt(wideTti.p95)} ms vs ${fmt(singleTti.p95)} ms; n=${wideTti.n}`,
      },
    ],
    details: { initial, initialRaw, initialGzip, reactFloorGzip: floor, lazy, lazyGzip, tti: { wide: wideTti, single: singleTti } },
  };
}

// The API serves the web console at / (api/web-console.ts): hashed assets cached for a year, index.html
// never cached, a browser's navigation to a client-side route answered with index.html; the API's own
// paths (/v1, /docs, /openapi.json) untouched, and an API client asking for an unknown path still gets
// problem+json. A scratch build folder stands in for dist/web.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import express from 'express';
import { configureHttpServer, createApp } from '../../api/app';
import { webConsole } from '../../api/web-console';
import { loadConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { createPayloadCodec } from '../../platform/temporal-data-converter';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
let buildDir: string;
const servers: Server[] = [];
let consoleUrl: string;
let appUrl: string;

async function listen(app: express.Express): Promise<string> {
  const server = configureHttpServer(app.listen(0, '127.0.0.1'));
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  buildDir = mkdtempSync(path.join(os.tmpdir(), 'web-console-'));
  mkdirSync(path.join(buildDir, 'assets'));
  writeFileSync(path.join(buildDir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(path.join(buildDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  const standalone = express();
  standalone.use(webConsole(buildDir));
  standalone.use((_req, res) => void res.status(404).json({ fellThrough: true }));
  consoleUrl = await listen(standalone);
  const config = loadConfig();
  const log = createLogger('web-console-test', 'silent');
  appUrl = await listen(createApp({ temporal: {} as Client, db: {} as Database, config, log, payloadCodec: createPayloadCodec(config, log) }));
});
afterAll(() => {
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
  rmSync(buildDir, { recursive: true, force: true });
});

test('/ and client-side routes answer index.html, never cached', async () => {
  for (const p of ['/', '/agreements/1f0c3c9e-0000-4000-8000-000000000000', '/verify/AF-2026-000001', '/sign-in?next=%2Fwaiting']) {
    const response = await fetch(`${consoleUrl}${p}`, { headers: html });
    expect({ p, status: response.status }).toEqual({ p, status: 200 });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>console</title>');
  }
});

test('hashed assets are cached for a year and immutable; a missing one is not index.html', async () => {
  const asset = await fetch(`${consoleUrl}/assets/index-abc123.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const missing = await fetch(`${consoleUrl}/assets/index-gone.js`, { headers: html });
  expect(await missing.json()).toEqual({ fellThrough: true });
});

test('API paths and non-browser requests fall through to the API', async () => {
  for (const p of ['/v1/no-such-route', '/docs/nothing', '/openapi.json', '/healthz', '/metrics']) {
    const response = await fetch(`${consoleUrl}${p}`, { headers: html });
    expect({ p, body: await response.json() }).toEqual({ p, body: { fellThrough: true } });
  }
  // An API client (no text/html in Accept) asking for an unknown path is not handed the page.
  const client = await fetch(`${consoleUrl}/no/such/route`, { headers: { accept: '*/*' } });
  expect(await client.json()).toEqual({ fellThrough: true });
});

test('in the app: /v1 misses stay problem+json and /openapi.json is JSON, even for a browser', async () => {
  const miss = await fetch(`${appUrl}/v1/no-such-route`, { headers: html });
  expect(miss.status).toBe(404);
  expect(miss.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const document = await fetch(`${appUrl}/openapi.json`, { headers: html });
  expect(document.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');
});

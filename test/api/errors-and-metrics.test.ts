// The 500 path and observability: an unexpected error is a problem+json 500 with an errorId and no
// stack; the log line that records it carries that errorId and the request id; every log line of a
// request carries the request id and none carries a token; /metrics counts requests by route pattern
// and status, and workflow starts by type (a retried start that found its workflow is not counted).
// A routine request's access line is at debug, a refused one at info, a failed one at error. A known
// path asked with another method is a 405 with Allow; problems speak zh-CN or en by Accept-Language;
// GET /v1 lists the resources.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import pino from 'pino';
import { configureHttpServer, createApp } from '../../api/app';
import type { ApiDependencies } from '../../api/dependencies';
import { startWorkflowOnce } from '../../api/workflow-start';
import { loadConfig } from '../../platform/config';
import { createPayloadCodec } from '../../platform/temporal-data-converter';
import type { Database } from '../../platform/database';
import { request } from '../support/http';

const ADMIN_TOKEN = 'admin-token-for-the-500-test-0123456789';
const lines: Record<string, unknown>[] = [];
let server: Server;
let baseUrl: string;

/** A database whose every call fails the way a bug would: a plain Error with a telling message. */
const brokenDatabase = new Proxy(
  {},
  {
    get: () =>
      new Proxy(
        {},
        {
          get: () => async () => {
            throw new Error('boom: relation "secret_internal_table" exploded');
          },
        },
      ),
  },
) as unknown as Database;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = pino({ level: 'debug', base: { service: 'api' } }, sink);
  const base = loadConfig();
  const app = createApp({
    temporal: {} as Client,
    db: brokenDatabase,
    config: { ...base, auth: { adminToken: ADMIN_TOKEN } },
    log,
    payloadCodec: createPayloadCodec(base, log),
  });
  server = configureHttpServer(app.listen(0, '127.0.0.1'));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

test('an unexpected error is a 500 problem with an errorId, no stack, no internals', async () => {
  const response = await request(baseUrl, 'GET', '/v1/organizations?kind=enterprise', {
    headers: { ...admin, 'x-request-id': 'req-500-test' },
  });
  expect(response.status).toBe(500);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('x-request-id')).toBe('req-500-test');
  expect(response.body).toEqual({
    type: 'https://allianceflow.dev/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'An unexpected error occurred.',
    instance: '/v1/organizations?kind=enterprise',
    errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  const text = JSON.stringify(response.body);
  for (const leak of ['stack', 'boom', 'secret_internal_table', 'at ', '.ts']) expect(text).not.toContain(leak);

  // The log line of the error carries the errorId, the request id and the whole error for the operator.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const errorLine = lines.find((l) => l.errorId === response.body.errorId);
  expect(errorLine).toMatchObject({ level: 50, msg: 'unexpected error', requestId: 'req-500-test', userId: 'bootstrap-admin' });
  expect((errorLine!.err as { stack: string }).stack).toContain('secret_internal_table');
});

test('every log line of a request carries its request id; none carries a token', async () => {
  lines.length = 0;
  await request(baseUrl, 'GET', '/v1/organizations/00000000-0000-4000-8000-000000000000', { headers: { ...admin, 'x-request-id': 'req-logs-1' } });
  await request(baseUrl, 'POST', '/v1/organizations', { body: { kind: 'nope' }, headers: { ...admin, 'x-request-id': 'req-logs-2' } });
  await request(baseUrl, 'GET', '/healthz', { headers: { 'x-request-id': 'req-logs-3' } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(lines.length).toBeGreaterThanOrEqual(4);
  for (const line of lines) {
    expect(line.requestId).toMatch(/^req-logs-\d$/);
    expect(JSON.stringify(line)).not.toContain(ADMIN_TOKEN);
  }
  const completed = lines.find((l) => l.requestId === 'req-logs-1' && l.msg !== 'unexpected error' && l.res);
  expect(completed).toMatchObject({ route: '/v1/organizations/:id', req: { method: 'GET' } });
  // The access line's level: failed (500) error, refused (400) info, routine (200) debug.
  const accessLevel = (id: string) => lines.find((l) => l.requestId === id && l.res)?.level;
  expect([accessLevel('req-logs-1'), accessLevel('req-logs-2'), accessLevel('req-logs-3')]).toEqual([50, 30, 20]);
});

test('a known path asked with a method it does not answer is a 405 naming the methods it does', async () => {
  const response = await request(baseUrl, 'DELETE', '/v1/organizations');
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  expect(response.body).toMatchObject({
    type: 'https://allianceflow.dev/problems/method-not-allowed',
    status: 405,
    detail: 'This path answers GET, HEAD, POST only.',
  });
  const item = await request(baseUrl, 'POST', '/v1/organizations/00000000-0000-4000-8000-000000000000', { body: {} });
  expect(item.status).toBe(405);
  expect(item.headers.get('allow')).toContain('GET');
  const options = await fetch(`${baseUrl}/v1/organizations`, { method: 'OPTIONS' });
  expect(options.status).toBe(204);
  expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  // An unknown path stays a 404.
  expect((await request(baseUrl, 'DELETE', '/v1/no-such-resource')).status).toBe(404);
});

test('a problem speaks zh-CN or English by Accept-Language (English when none is stated)', async () => {
  const zh = await request(baseUrl, 'GET', '/v1/organizations', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
  expect(zh.status).toBe(401);
  expect(zh.headers.get('content-language')).toBe('zh-CN');
  expect(zh.headers.get('vary')).toMatch(/accept-language/i);
  expect(zh.body).toMatchObject({
    type: 'https://allianceflow.dev/problems/unauthorized',
    title: '需要身份验证',
    detail: '需要有效的 Bearer 令牌或会话 Cookie。',
  });
  const notFound = await request(baseUrl, 'POST', '/v1/no-such-resource', { headers: { 'accept-language': 'zh' } });
  expect(notFound.body).toMatchObject({ title: '未找到', detail: '未找到路由 POST /v1/no-such-resource。' });
  const preferEnglish = await request(baseUrl, 'GET', '/v1/organizations', { headers: { 'accept-language': 'zh-CN;q=0.5, en-GB' } });
  expect(preferEnglish.body).toMatchObject({ title: 'Authentication required' });
  expect(preferEnglish.headers.get('content-language')).toBe('en');
  const none = await request(baseUrl, 'GET', '/v1/organizations');
  expect(none.body).toMatchObject({ title: 'Authentication required', detail: 'A valid bearer token is required.' });
});

test('GET /v1 lists the resources with their links and operations', async () => {
  const response = await request(baseUrl, 'GET', '/v1');
  expect(response.status).toBe(200);
  expect(response.body.links).toMatchObject({ self: { href: '/v1' }, openapi: { href: '/openapi.json' } });
  const agreements = (response.body.resources as { name: string; href: string; operations: { method: string; href: string }[] }[]).find(
    (r) => r.name === 'agreements',
  );
  expect(agreements).toMatchObject({ href: '/v1/agreements' });
  expect(agreements!.operations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ method: 'POST', href: '/v1/agreements' }),
      expect.objectContaining({ method: 'GET', href: '/v1/agreements/{id}' }),
    ]),
  );
});

test('/metrics counts requests by route pattern and status, never by raw URL', async () => {
  for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']) {
    await request(baseUrl, 'GET', `/v1/organizations/${id}`, { headers: admin });
  }
  await request(baseUrl, 'GET', '/v1/organizations/not-a-uuid', { headers: admin });
  await request(baseUrl, 'GET', '/no/such/route/12345');
  const metrics = await fetch(`${baseUrl}/metrics`, { headers: admin });
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await metrics.text();
  expect(text).toMatch(/http_requests_total\{method="GET",route="\/v1\/organizations\/:id",status="500"\} [1-9]/);
  expect(text).toMatch(/http_requests_total\{method="GET",route="\/v1\/organizations\/:id",status="400"\} 1/);
  expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
  expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/v1\/organizations\/:id",status="500"\}/);
  expect(text).not.toContain('00000000-0000-4000-8000-000000000001');
  // In a label, that is: a sample value (a byte count) may hold those digits by chance.
  expect(text).not.toMatch(/"[^"\n]*12345[^"\n]*"/);
  expect(text).toContain('process_cpu_user_seconds_total');
});

test('workflow starts are counted by type; a start that finds its workflow already there is not', async () => {
  const starts = async () => {
    const text = await (await fetch(`${baseUrl}/metrics`, { headers: admin })).text();
    const match = /workflow_starts_total\{workflow_type="metricsProbe"\} (\d+)/.exec(text);
    return match ? Number(match[1]) : 0;
  };
  let alreadyThere = false;
  const deps = {
    config: { temporal: { taskQueue: 'q' } },
    temporal: {
      workflow: {
        start: async (_type: string, options: { workflowIdReusePolicy?: string }) => {
          expect(options.workflowIdReusePolicy).toBe('REJECT_DUPLICATE');
          if (alreadyThere) throw new WorkflowExecutionAlreadyStartedError('already started', 'wf-1', 'metricsProbe');
          alreadyThere = true;
        },
      },
    },
  } as unknown as ApiDependencies;
  expect(await starts()).toBe(0);
  expect(await startWorkflowOnce(deps, 'metricsProbe', { workflowId: 'wf-1', args: [], display: { process: 'Probe', title: 'metrics', parties: [] } })).toEqual(
    { started: true },
  );
  expect(await startWorkflowOnce(deps, 'metricsProbe', { workflowId: 'wf-1', args: [], display: { process: 'Probe', title: 'metrics', parties: [] } })).toEqual(
    { started: false },
  );
  expect(await starts()).toBe(1);
});

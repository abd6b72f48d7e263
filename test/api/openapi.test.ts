// GET /openapi.json is a valid OpenAPI 3.1 document that lists every route the app serves, and /docs
// renders the browsable UI. The document is checked by @seriousme/openapi-schema-validator (the
// official OpenAPI JSON Schemas); it is ESM-only, so it runs in a child Node process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { configureHttpServer, createApp, mountedRoutes } from '../../api/app';
import { openApiPath, routeKey } from '../../api/routing';
import { loadConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { createPayloadCodec } from '../../platform/temporal-data-converter';
import { request } from '../support/http';

let server: Server;
let baseUrl: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  // The document and the UI need neither Temporal nor the database.
  const config = loadConfig();
  const log = createLogger('openapi-test', 'silent');
  app = createApp({ temporal: {} as Client, db: {} as Database, config, log, payloadCodec: createPayloadCodec(config, log) });
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

function validateOpenApi(document: unknown): { valid: boolean; version: string; errors: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    cwd: path.resolve(__dirname, '../..'),
  });
  return JSON.parse(output.toString('utf8'));
}

interface Operation {
  security?: unknown[];
  responses: Record<string, unknown>;
}

test('/openapi.json validates as OpenAPI 3.1', async () => {
  const response = await request(baseUrl, 'GET', '/openapi.json');
  expect(response.status).toBe(200);
  expect(response.body.openapi).toBe('3.1.0');
  const result = validateOpenApi(response.body);
  expect(result.errors).toBeNull();
  expect(result).toMatchObject({ valid: true, version: '3.1' });
});

test('/openapi.json lists every route the app serves, and nothing else', async () => {
  const document = (await request(baseUrl, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
  const declared = mountedRoutes.flatMap(({ basePath, routes }) =>
    routes.map((route) => ({ key: routeKey(basePath, route), path: openApiPath(basePath, route.path), method: route.method, route })),
  );
  const documented = Object.entries(document.paths).flatMap(([p, operations]) => Object.keys(operations).map((m) => `${m} ${p}`));
  expect(documented.sort()).toEqual(declared.map((d) => `${d.method} ${d.path}`).sort());

  for (const { key, path: p, method, route } of declared) {
    const operation = document.paths[p]![method]!;
    const isPublic = 'public' in route.access;
    expect({ key, secured: (operation.security ?? []).length > 0 }).toEqual({ key, secured: !isPublic });
    expect(Object.keys(operation.responses)).toContain('400');
    if (!isPublic) expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
  }

  // Every route the Express app actually serves is one of these (plus /openapi.json itself): nothing
  // was added beside defineRoute, where it would be undocumented and unauthorised.
  type Layer = { route?: { methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const countRoutes = (stack: Layer[]): number =>
    stack.reduce(
      (n, layer) =>
        n + (layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').length : layer.handle?.stack ? countRoutes(layer.handle.stack) : 0),
      0,
    );
  const served = countRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
  expect(served).toBe(declared.length + 1);
});

test('`redocly lint` finds nothing in the served document: 0 errors, 0 warnings (redocly.yaml)', async () => {
  const document = (await request(baseUrl, 'GET', '/openapi.json')).body;
  const dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const root = path.resolve(__dirname, '../..');
  let output: string;
  try {
    output = execFileSync(path.join(root, 'node_modules/.bin/redocly'), ['lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString('utf8');
  } catch (error) {
    output = (error as { stdout: Buffer }).stdout.toString('utf8'); // problems found: a non-zero exit, the report on stdout
  }
  const report = JSON.parse(output) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; location: { pointer: string }[] }[] };
  process.stdout.write(`redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings\n`);
  expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
});

test('every operation has a unique operationId; fields are described; durations say so', async () => {
  const document = (await request(baseUrl, 'GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
  };
  const ids = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((o) => o.operationId));
  expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(document.paths['/v1/agreements/{id}/sign']!.post!.operationId).toBe('postAgreementsByIdSign');
  const launch = JSON.stringify(document.paths['/v1/agreements']!.post!.requestBody);
  const launchBody = (
    document.paths['/v1/agreements']!.post!.requestBody as {
      content: Record<
        string,
        {
          schema: {
            properties: Record<string, { description?: string; properties?: Record<string, { format?: string; pattern?: string; examples?: unknown[] }> }>;
          };
        }
      >;
    }
  ).content['application/json']!.schema;
  expect(launchBody.properties.parties!.description).toBeTruthy();
  expect(launchBody.properties.policy!.properties!.deadline).toMatchObject({ format: 'duration', pattern: expect.stringMatching(/^\^P/), examples: ['P5D'] });
  expect(launch).not.toContain('"maxLength":64}');
});

test("every operation with a request body publishes an example (its route's bodyExample) that its own zod schema accepts", async () => {
  const document = (await request(baseUrl, 'GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>>;
  };
  const withBody = mountedRoutes.flatMap(({ basePath, routes }) =>
    routes.filter((route) => route.body).map((route) => ({ key: routeKey(basePath, route), path: openApiPath(basePath, route.path), route })),
  );
  const problems: string[] = [];
  for (const { key, path: p, route } of withBody) {
    const example = document.paths[p]?.[route.method]?.requestBody?.content['application/json']?.example;
    if (example === undefined) {
      problems.push(`${key}: no example; give its defineRoute a bodyExample (a valid body, typed by the body schema)`);
      continue;
    }
    expect({ key, example }).toEqual({ key, example: route.bodyExample });
    const parsed = route.body!.safeParse(example);
    if (!parsed.success)
      problems.push(`${key}: its example is refused by its schema: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  process.stdout.write(`operations with a request body: ${withBody.length}; with an example their schema accepts: ${withBody.length - problems.length}\n`);
  expect(problems).toEqual([]);
  expect(withBody.length).toBeGreaterThanOrEqual(60);
});

test('/docs renders the API browser', async () => {
  const response = await fetch(`${baseUrl}/docs/`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html).toContain('<title>AllianceFlow API</title>');
  expect(html).toContain('swagger-ui');
  const init = await fetch(`${baseUrl}/docs/swagger-ui-init.js`);
  expect(init.status).toBe(200);
  expect(await init.text()).toContain('"/v1/users"');
});

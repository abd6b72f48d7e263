// One OpenTelemetry trace from an HTTP request to the activities its workflow runs (platform/tracing.ts):
// the API's server span, the client's workflow start, the workflow's run (exported from the sandbox
// through the worker's sink) and the activities, all with the request's trace id, printed as a tree.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../platform/tracing';
import { admitMembers } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture } from './agreement-fixtures';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let system: TestSystem;

beforeAll(async () => {
  tracing = startTracing('allianceflow-test', { exporter });
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
  await tracing?.shutdown();
});

function tree(spans: ReadableSpan[]): string {
  const children = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])) {
      lines.push(`${'  '.repeat(depth)}${span.name}  [${span.resource.attributes['service.name']}] span ${span.spanContext().spanId}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

test('one trace: HTTP request -> workflow start -> workflow run -> activities', async () => {
  const alliance = await allianceFixture(system);
  const [school, enterprise] = await Promise.all([createOrganization(system.db, 'secondary_vocational_school'), createOrganization(system.db, 'enterprise')]);
  // Somebody may sign for each party (else the launch is refused: unreachable-party).
  await Promise.all([school, enterprise].map((o) => createUser(system.db, { organizationId: o.id, roles: ['signatory'] })));
  await admitMembers(system.db, alliance.allianceId, [school.id, enterprise.id]);
  // The caller's own trace: the request carries a W3C traceparent, which the API continues.
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const launched = await request(system.baseUrl, 'POST', '/v1/agreements', {
    headers: { ...alliance.secretariat.auth, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    body: {
      allianceId: alliance.allianceId,
      title: 'Traced memorandum',
      kind: 'cooperation_memorandum',
      document: { text: 'The parties agree to be traced.' },
      parties: [
        { partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.id },
        { partyId: 'enterprise', displayName: 'Enterprise', role: 'signer', routingGroup: 1, organizationId: enterprise.id },
      ],
      // It expires in two seconds: a workflow's own span ends (and is exported) when the workflow does.
      policy: { deadline: 'PT2S' },
    },
  });
  expect(launched.status).toBe(201);

  const inTrace = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  await eventually(
    async () => inTrace().map((s) => s.name),
    (names) => names.some((n) => n.startsWith('RunWorkflow:')) && names.some((n) => n.startsWith('RunActivity:')),
    { timeoutMs: 90_000 },
  ).catch((error: unknown) => {
    throw new Error(
      `${String(error)}; every span: ${exporter
        .getFinishedSpans()
        .map((s) => `${s.name} ${s.spanContext().traceId}`)
        .join(', ')}`,
    );
  });
  const spans = inTrace();
  process.stdout.write(`trace ${traceId}:\n${tree(spans)}\n`);
  const names = spans.map((s) => s.name);
  expect(names).toContain('POST /v1/agreements');
  expect(names.some((n) => /^(StartWorkflow|UpdateWithStartWorkflow):/.test(n))).toBe(true);
  expect(names.some((n) => n.startsWith('RunWorkflow:'))).toBe(true);
  expect(names.some((n) => n.startsWith('StartActivity:'))).toBe(true);
  expect(names.some((n) => n.startsWith('RunActivity:'))).toBe(true);
  // The HTTP span is the root of what we made: its parent is the caller's span from traceparent.
  const http = spans.find((s) => s.name === 'POST /v1/agreements')!;
  expect(http.parentSpanId).toBe('00f067aa0ba902b7');
});

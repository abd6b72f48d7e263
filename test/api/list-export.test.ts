// Issue 21, acceptance 4: a 10,000-row placement export streams in constant memory (RSS printed before,
// at its peak and after) and reads back with exceljs to the same rows; the CSV carries a BOM and Chinese
// headers; the export has the list's filters and authorization (another school's coordinator gets none).
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { summaryOf } from '../../api/placements/schemas';
import { placementExportColumns } from '../../api/placements/export-columns';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
let coordinator: TestUser;
let otherCoordinator: TestUser;
let schoolId: string;
const ROWS = 10_000;

beforeAll(async () => {
  system = await startTestSystem();
  const school = await createOrganization(system.db, 'secondary_vocational_school', '深圳市第二职业技术学校');
  const other = await createOrganization(system.db, 'secondary_vocational_school', 'Other school');
  const enterprise = await createOrganization(system.db, 'enterprise', '精密机械制造有限公司');
  schoolId = school.id;
  coordinator = await createUser(system.db, { organizationId: school.id, roles: ['school_coordinator'], name: '赵老师' });
  otherCoordinator = await createUser(system.db, { organizationId: other.id, roles: ['school_coordinator'] });
  // The projection rows a school with 10,000 placements has (written directly: running 10,000 workflows
  // is not what this test is about). Some notes start with "=" to show the formula guard.
  const base = Date.UTC(2027, 0, 1);
  for (let start = 0; start < ROWS; start += 2000) {
    await system.db.placement.createMany({
      data: Array.from({ length: 2000 }, (_, k) => {
        const i = start + k;
        const id = randomUUID();
        return {
          id,
          workflowId: `placement-${id}`,
          status: i % 10 === 0 ? ('completed' as const) : ('active' as const),
          cohort: i % 7 === 0 ? '=2027春季' : '2027春季',
          studentUserId: randomUUID(),
          schoolOrganizationId: school.id,
          enterpriseOrganizationId: enterprise.id,
          positionId: randomUUID(),
          schoolMentorUserId: randomUUID(),
          enterpriseMentorUserId: randomUUID(),
          agreementId: randomUUID(),
          startedAt: new Date(base + i * 60_000),
          checkInsSubmitted: i % 13,
          credits: i % 10 === 0 ? 15 : null,
          createdAt: new Date(base + i * 1000),
        };
      }),
    });
  }
});
afterAll(async () => {
  await system?.stop();
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

test('10,000 placements export as XLSX in constant memory and read back to the same rows', async () => {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const response = await fetch(`${system.baseUrl}/v1/placements/export?format=xlsx&schoolOrganizationId=${schoolId}`, { headers: coordinator.auth });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  // Read as it arrives, keeping only the chunks (the test's own copy, not the server's).
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  clearInterval(sampler);
  const after = process.memoryUsage().rss;
  const xlsx = Buffer.concat(chunks);
  console.log(
    `acceptance 4: GET /v1/placements/export?format=xlsx, ${ROWS} rows, ${xlsx.length} bytes streamed; RSS before ${mb(before)}, peak ${mb(peak)}, after ${mb(after)}`,
  );
  // The whole file is ~1 MB here, but the rows as objects, the workbook and its zip held at once would be
  // far more: the bound says the server held a page at a time.
  expect(peak - before).toBeLessThan(150 * 1024 * 1024);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const read: (string | number | boolean | null)[][] = [];
  // row.values is sparse (an empty cell is a hole), and 1-based: Array.from fills the holes in.
  sheet.eachRow((row) => read.push(Array.from(row.values as unknown[], (v) => (v === undefined ? null : (v as string | number | boolean))).slice(1)));
  expect(read[0]).toEqual(placementExportColumns.map((c) => c.header));
  const rows = await system.db.placement.findMany({ where: { schoolOrganizationId: schoolId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  const guard = (v: string | number | boolean | null) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v);
  const expected = rows.map((r) => placementExportColumns.map((c) => guard(c.value(summaryOf(r)))));
  expect(read.length - 1).toBe(ROWS);
  // Row by row (a deep diff of 10,000 rows would take minutes to print): which rows differ, if any.
  const differing = expected.flatMap((row, i) => {
    const got = read[i + 1]!;
    while (got.length < row.length) got.push(null);
    return JSON.stringify(got) === JSON.stringify(row) ? [] : [{ row: i + 1, expected: row, got }];
  });
  expect(differing.slice(0, 3)).toEqual([]);
  console.log(
    `acceptance 4: exceljs read back ${read.length - 1} rows x ${read[0]!.length} columns, equal to the ${rows.length} rows of the list (newest first)`,
  );
});

test('CSV: UTF-8 with BOM, the list filters, and nothing of another school', async () => {
  const response = await fetch(`${system.baseUrl}/v1/placements/export?format=csv&status=completed`, { headers: coordinator.auth });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="placements-\d{8}\.csv"$/);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe(placementExportColumns.map((c) => c.header).join(','));
  expect(lines).toHaveLength(1 + ROWS / 10);
  expect(lines.slice(1).every((line) => line.includes(',completed,'))).toBe(true);
  // A cell that would be a formula is kept as text.
  expect(lines.some((line) => line.includes(",'=2027春季,"))).toBe(true);

  const outsider = await fetch(`${system.baseUrl}/v1/placements/export?format=csv&schoolOrganizationId=${schoolId}`, { headers: otherCoordinator.auth });
  expect(outsider.status).toBe(200);
  expect(
    Buffer.from(await outsider.arrayBuffer())
      .toString('utf8')
      .slice(1)
      .trimEnd()
      .split('\r\n'),
  ).toHaveLength(1);
  // A filter the list refuses, the export refuses.
  expect((await fetch(`${system.baseUrl}/v1/placements/export?format=pdf`, { headers: coordinator.auth })).status).toBe(400);
});

test("the school summary's figures as CSV and XLSX, under the summary's own scope", async () => {
  const csv = await fetch(`${system.baseUrl}/v1/schools/${schoolId}/placement-summary?format=csv`, { headers: coordinator.auth });
  expect(csv.status).toBe(200);
  const lines = Buffer.from(await csv.arrayBuffer()).toString('utf8');
  expect(lines.startsWith('\ufeff指标 figure,数量 count\r\n总数 total,10000\r\n')).toBe(true);
  expect(lines).toContain('状态 status: completed,1000\r\n');
  const xlsx = await fetch(`${system.baseUrl}/v1/schools/${schoolId}/placement-summary?format=xlsx`, { headers: coordinator.auth });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  expect(workbook.worksheets[0]!.getRow(2).values).toEqual([undefined, '总数 total', 10000]);
  // Another school's coordinator: the summary's scope (404), whatever the format.
  expect((await fetch(`${system.baseUrl}/v1/schools/${schoolId}/placement-summary?format=csv`, { headers: otherCoordinator.auth })).status).toBe(404);
});

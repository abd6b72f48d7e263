// A list as a file: GET <list>/export?format=csv|xlsx with the list's own filters answers every row the
// caller may see, as CSV (UTF-8 with a BOM, so Excel opens Chinese text correctly) or XLSX (exceljs's
// streaming writer). The rows come from the list route's own `rows` function, page after page through
// the same cursor, so the filters and the authorization are the JSON list's, not a second copy of them;
// each page is written out before the next is read, so memory stays flat however many rows there are.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Principal } from './auth/principal';
import type { Role } from './auth/roles';
import type { ApiDependencies } from './dependencies';
import { pageQuery, toPage } from './pagination';
import { answeredStepsWritten } from './read-your-write';
import { type AnyRoute, defineRoute, type HandlerResult } from './routing';

/** Rows read per query: large enough for few round trips, small enough to hold at once. */
const EXPORT_PAGE_ROWS = 500;

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportColumn<Item> {
  header: string;
  value: (item: Item) => string | number | boolean | null;
}

type Page = ReturnType<typeof pageQuery>;

/** What a list's `rows` function is given (shared by the JSON list and its export). */
export interface ListRowsContext<Q extends z.ZodObject> {
  query: z.infer<Q>;
  principal: Principal;
  deps: ApiDependencies;
  page: Page;
}

export interface ListExport<Q extends z.ZodObject, Row, Item> {
  /** The list's path ("/placements"): the export is at "<path>/export". */
  path: string;
  summary: string;
  tags: string[];
  note: string;
  /** The list's query schema (with its pagination fields, which the export drops). */
  query: Q;
  rows: (ctx: ListRowsContext<Q>) => Promise<Row[]>;
  /** The row as the JSON list shows it (some views depend on the caller). */
  item: (row: Row, principal: Principal) => Item;
  /** Who may export: the JSON list's roles (default: any authenticated caller, the rows filtered). */
  roles?: readonly Role[];
  /** The file's name without extension ("placements"). */
  fileName: string;
  columns: ExportColumn<Item>[];
}

/**
 * A cell as a spreadsheet should show it. Text starting with = + - @ (or a tab / carriage return) is
 * prefixed with an apostrophe: a spreadsheet would otherwise run it as a formula (CSV injection), and
 * names and notes here are typed by users.
 */
function safeCell(value: string | number | boolean | null): string | number | boolean | null {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(safeCell(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every visible row, page by page (the list's own query, cursor and order). */
async function* allItems<Q extends z.ZodObject, Row extends { id: string; createdAt: Date }, Item>(
  options: ListExport<Q, Row, Item>,
  ctx: { query: z.infer<Q>; principal: Principal; deps: ApiDependencies },
): AsyncGenerator<Item[]> {
  let cursor: string | undefined;
  await answeredStepsWritten(ctx.deps);
  do {
    const rows = await options.rows({ ...ctx, page: pageQuery(cursor, EXPORT_PAGE_ROWS) });
    const { items, nextCursor } = toPage(rows, EXPORT_PAGE_ROWS);
    yield items.map((row) => options.item(row, ctx.principal));
    cursor = nextCursor ?? undefined;
  } while (cursor);
}

function csvStream<Item>(columns: ExportColumn<Item>[], pages: AsyncGenerator<Item[]>): Readable {
  async function* lines() {
    yield '\ufeff' + columns.map((c) => csvField(c.header)).join(',') + '\r\n';
    for await (const items of pages) {
      yield items.map((item) => columns.map((c) => csvField(c.value(item))).join(',') + '\r\n').join('');
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

function xlsxStream<Item>(columns: ExportColumn<Item>[], pages: AsyncGenerator<Item[]>, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  void (async () => {
    sheet.addRow(columns.map((c) => c.header)).commit();
    for await (const items of pages) {
      for (const item of items) sheet.addRow(columns.map((c) => safeCell(c.value(item)))).commit();
      // Back-pressure: a slow client holds the next page back instead of letting it pile up here.
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** `sheet`: the worksheet's name (Excel allows at most 31 characters). */
function fileResponse<Item>(format: ExportFormat, name: string, columns: ExportColumn<Item>[], pages: AsyncGenerator<Item[]>, sheet = name): HandlerResult {
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const headers = { 'content-disposition': `attachment; filename="${name}-${stamp}.${format}"`, 'cache-control': 'no-store' };
  return format === 'csv'
    ? { status: 200, contentType: 'text/csv; charset=utf-8', headers, stream: csvStream(columns, pages) }
    : {
        status: 200,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        headers,
        stream: xlsxStream(columns, pages, sheet.slice(0, 31)),
      };
}

/** A small table (a summary's figures) as a CSV or XLSX file, written the same way as the exports. */
export function tableFile(format: ExportFormat, name: string, header: [string, string], rows: [string, string | number][]): HandlerResult {
  async function* one() {
    yield rows;
  }
  return fileResponse(
    format,
    name,
    [
      { header: header[0], value: (r: [string, string | number]) => r[0] },
      { header: header[1], value: (r: [string, string | number]) => r[1] },
    ],
    one(),
    'summary',
  );
}

/** The export route of a list (mount it before the list's "/:id" route, which would take "export"). */
export function listExportRoute<Q extends z.ZodObject, Row extends { id: string; createdAt: Date }, Item>(options: ListExport<Q, Row, Item>): AnyRoute {
  const query = options.query.omit({ cursor: true, limit: true }).extend({
    format: z.enum(exportFormats).default('csv').meta({ description: 'csv (UTF-8 with BOM) or xlsx' }),
  });
  return defineRoute({
    method: 'get',
    path: `${options.path}/export`,
    summary: options.summary,
    tags: options.tags,
    access: { roles: options.roles ?? 'any', note: options.note },
    query,
    responses: {
      200: { description: 'text/csv (UTF-8 with BOM) or an XLSX workbook, streamed: every row the JSON list would page through' },
    },
    handler: async ({ query: parsed, principal, deps }) => {
      const { format, ...filters } = parsed as { format: ExportFormat } & Record<string, unknown>;
      const pages = allItems(options, { query: { ...filters, limit: EXPORT_PAGE_ROWS } as z.infer<Q>, principal, deps });
      return fileResponse(format, options.fileName, options.columns, pages);
    },
  });
}

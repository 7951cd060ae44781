import { stringify } from 'csv-stringify';
import express, { Request, Response, Router } from 'express';
import { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Viewer } from '../access/viewer';
import { CommonCode, DomainError } from '../shared/domain-error';
import { ENUM_LABELS } from '../labels/enum-labels';
import { cellText, cellValue, Labels, valueAt } from './export-cells';
import { ExportColumn, ExportPlan, planExport } from './export-plan';

export interface ExportResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
}

export interface ExportRouteDeps {
  schema: GraphQLSchema;
  logger: Logger;
  /** EXPORT_MAX_ROWS: a larger export is refused before anything is sent. */
  maxRows: number;
  /** MAX_QUERY_TOKENS: the caller's document is parsed with the same bound as /graphql. */
  maxTokens: number;
  authenticate: (req: Request) => Promise<Viewer>;
  /** Every department's Chinese name by code, deactivated ones too (old rows name them). */
  departmentNames: () => Promise<Record<string, string>>;
  /** Runs one page as a GraphQL operation of the viewer's request: the same rules, limits and audit as /graphql. */
  execute: (document: string, variables: Record<string, unknown>, viewer: Viewer, req: Request, res: Response) => Promise<ExportResult>;
}

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: unknown }[];
}

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
} as const;
type Format = keyof typeof FORMATS;

const STATUS: Record<string, number> = { [CommonCode.UNAUTHENTICATED]: 401, [CommonCode.FORBIDDEN]: 403, [CommonCode.NOT_FOUND]: 404, RATE_LIMITED: 429 };

/**
 * POST /export {query, variables?, format: csv|xlsx, filename?}: any connection
 * the caller can read, every page of it, streamed as CSV (UTF-8 with BOM, for
 * Excel) or an Excel workbook with Chinese headers. Memory stays flat: one page
 * of 100 nodes at a time, written before the next is read. X-Total-Count gives
 * the rows to come, for a progress bar.
 */
export function exportRoutes(deps: ExportRouteDeps): Router {
  const router = Router();
  router.post('/export', express.json({ limit: '64kb' }), async (req: Request, res: Response) => {
    let viewer: Viewer;
    let plan: ExportPlan;
    let format: Format;
    let first: Connection;
    let variables: Record<string, unknown>;
    let filename: string;
    let labels: Labels = ENUM_LABELS;
    try {
      viewer = await deps.authenticate(req);
      if (viewer.role === null) throw new DomainError(CommonCode.UNAUTHENTICATED, 'Sign in to export');
      const body = (req.body ?? {}) as Record<string, unknown>;
      format = checkFormat(body.format);
      filename = `${checkFilename(body.filename) ?? 'export'}.${FORMATS[format].extension}`;
      variables = checkVariables(body.variables);
      plan = planExport(deps.schema, body.query, deps.maxTokens);
      first = await page(deps, plan, variables, viewer, null, req, res);
      // One read per export, and only when a column shows departments.
      if (plan.columns.some((c) => c.labelled === 'Department')) labels = { ...ENUM_LABELS, Department: await deps.departmentNames() };
      if (first.totalCount > deps.maxRows) {
        throw new DomainError('EXPORT_TOO_LARGE', `${first.totalCount} rows: an export holds at most ${deps.maxRows}; narrow the filter`, ['query'], { maximum: deps.maxRows, totalCount: first.totalCount });
      }
    } catch (error) {
      return refuse(res, deps.logger, error);
    }
    res.setHeader('Content-Type', FORMATS[format].type);
    res.setHeader('Content-Disposition', `attachment; filename="export.${FORMATS[format].extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    res.setHeader('X-Total-Count', String(first.totalCount));
    const sink = format === 'csv' ? csvSink(res, plan.columns, labels) : xlsxSink(res, plan.columns, labels);
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      let current: Connection | null = first;
      let rows = 0;
      while (current && !closed) {
        for (const { node } of current.edges) await sink.row(node);
        rows += current.edges.length;
        current = current.pageInfo.hasNextPage && rows < deps.maxRows ? await page(deps, plan, variables, viewer, current.pageInfo.endCursor, req, res) : null;
      }
      await sink.end();
    } catch (error) {
      // Headers are sent: a broken download is the only honest answer left.
      deps.logger.warn({ err: error, operation: plan.responseKey }, 'export stopped');
      res.destroy();
    }
  });
  return router;
}

async function page(deps: ExportRouteDeps, plan: ExportPlan, variables: Record<string, unknown>, viewer: Viewer, after: string | null, req: Request, res: Response): Promise<Connection> {
  const result = await deps.execute(plan.document, { ...variables, exportAfter: after }, viewer, req, res);
  const refusal = result.errors?.[0];
  if (refusal) {
    const code = String(refusal.extensions?.code ?? CommonCode.BAD_USER_INPUT);
    const field = Array.isArray(refusal.extensions?.field) ? (refusal.extensions.field as (string | number)[]) : undefined;
    throw new DomainError(code, refusal.message, field, { ...(refusal.extensions ?? {}) });
  }
  return result.data![plan.responseKey] as Connection;
}

function checkFormat(value: unknown): Format {
  if (value === 'csv' || value === 'xlsx') return value;
  throw new DomainError(CommonCode.BAD_USER_INPUT, 'format is csv or xlsx', ['format']);
}

function checkVariables(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new DomainError(CommonCode.BAD_USER_INPUT, 'variables is an object', ['variables']);
  return value as Record<string, unknown>;
}

function checkFilename(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[\p{L}\p{N}_ .()-]{1,80}$/u.test(value)) {
    throw new DomainError(CommonCode.BAD_USER_INPUT, 'filename: letters, digits, space, _ . ( ) -, at most 80', ['filename']);
  }
  return value;
}

function refuse(res: Response, logger: Logger, error: unknown): void {
  if (!(error instanceof DomainError)) {
    logger.error({ err: error }, 'export failed');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    return;
  }
  const status = STATUS[error.code] ?? (error.code === 'INTERNAL_SERVER_ERROR' ? 500 : 400);
  res.status(status).json({ errors: [{ message: error.message, extensions: { ...error.details, code: error.code, ...(error.field ? { field: error.field } : {}) } }] });
}

interface Sink {
  row(node: unknown): Promise<void>;
  end(): Promise<void>;
}

function csvSink(res: Response, columns: ExportColumn[], labels: Labels): Sink {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  csv.pipe(res);
  csv.write(columns.map((c) => c.header));
  return {
    row: async (node) => {
      if (!csv.write(columns.map((c) => cellText(c, valueAt(node, c.path), labels)))) await new Promise((resolve) => csv.once('drain', resolve));
    },
    end: () =>
      new Promise<void>((resolve, reject) => {
        res.once('finish', resolve).once('error', reject);
        csv.end();
      }),
  };
}

type ExcelJS = typeof import('exceljs');

/**
 * exceljs takes as long to load as MikroORM (3 s of a start under load), so the first Excel export
 * loads it, not the start. require (cached after the first call), not import(): a CommonJS package,
 * and the test runner's module system serves require only.
 */
function xlsxSink(res: Response, columns: ExportColumn[], labels: Labels): Sink {
  const ExcelJS = require('exceljs') as ExcelJS;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('导出', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: Math.min(40, Math.max(10, c.header.length * 2 + 2)) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    row: async (node) => sheet.addRow(columns.map((c) => cellValue(c, valueAt(node, c.path), labels))).commit(),
    end: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

import type { Direction, MovementInput, MovementReason, Unit } from '../../gql/graphql';

/** The template's columns: Chinese headers, each naming the MovementInput field it fills. */
export const COLUMNS = [
  { header: '方向', field: 'direction', width: 8 },
  { header: '事由', field: 'reason', width: 12 },
  { header: '仓库编码', field: 'warehouse', width: 12 },
  { header: '产品追溯码', field: 'product', width: 22 },
  { header: '批号', field: 'batch', width: 16 },
  { header: '数量', field: 'quantity', width: 12 },
  { header: '单位', field: 'unit', width: 8 },
  { header: '发生时间', field: 'occurredAt', width: 20 },
  { header: '对方企业信用代码', field: 'counterparty', width: 22 },
  { header: '电子运单号', field: 'transportDoc', width: 18 },
] as const;

export type Field = (typeof COLUMNS)[number]['field'];
/** A cell as read from the file: text, a number, a date (an Excel date cell: its wall clock in UTC fields), or empty. */
export type Cell = string | number | Date | null | undefined;

/** Enum values by what a row may say: the value itself or its Chinese label (from the API's enumLabels). */
export interface Vocabulary {
  direction: Map<string, Direction>;
  reason: Map<string, MovementReason>;
  unit: Map<string, Unit>;
}

/** A row the file holds: its row number in the file (the header is row 1) and the entry it says, or why it says none. */
export type EntryRow = { row: number; entry: MovementInput };
export type SheetRow = EntryRow | { row: number; field: Field; problem: 'unknownValue' | 'badTime' | 'required' };

/** Reads rows under a header row naming the template's columns (in any order); blank rows are skipped. */
export function readRows(rows: readonly (readonly Cell[])[], vocabulary: Vocabulary): SheetRow[] | { missing: string[] } {
  const header = (rows[0] ?? []).map((cell) => text(cell));
  const at = new Map(COLUMNS.map((c) => [c.field, header.indexOf(c.header)]));
  const missing = COLUMNS.filter((c) => at.get(c.field)! < 0 && !OPTIONAL.has(c.field)).map((c) => c.header);
  if (missing.length) return { missing };
  const read: SheetRow[] = [];
  rows.slice(1).forEach((cells, i) => {
    const cell = (field: Field) => (at.get(field)! < 0 ? null : cells[at.get(field)!]);
    if (COLUMNS.every((c) => text(cell(c.field)) === '')) return;
    read.push(readRow(i + 2, cell, vocabulary));
  });
  return read;
}

const OPTIONAL = new Set<Field>(['counterparty', 'transportDoc']);

function readRow(row: number, cell: (field: Field) => Cell, vocabulary: Vocabulary): SheetRow {
  for (const c of COLUMNS) if (!OPTIONAL.has(c.field) && text(cell(c.field)) === '') return { row, field: c.field, problem: 'required' };
  const direction = vocabulary.direction.get(text(cell('direction')));
  if (!direction) return { row, field: 'direction', problem: 'unknownValue' };
  const reason = vocabulary.reason.get(text(cell('reason')));
  if (!reason) return { row, field: 'reason', problem: 'unknownValue' };
  const unit = vocabulary.unit.get(text(cell('unit')));
  if (!unit) return { row, field: 'unit', problem: 'unknownValue' };
  const occurredAt = instant(cell('occurredAt'));
  if (!occurredAt) return { row, field: 'occurredAt', problem: 'badTime' };
  const optional = (field: Field) => text(cell(field)) || null;
  return {
    row,
    entry: {
      direction,
      reason,
      unit,
      occurredAt,
      warehouse: text(cell('warehouse')),
      product: text(cell('product')),
      batch: text(cell('batch')),
      quantity: text(cell('quantity')),
      counterparty: optional('counterparty'),
      transportDoc: optional('transportDoc'),
    },
  };
}

function text(cell: Cell): string {
  if (cell == null) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

/** A time in Asia/Shanghai: an Excel date cell, or text "2026-12-05 08:30[:00]" (or a day). */
function instant(cell: Cell): string | null {
  const wall = cell instanceof Date ? cell.toISOString().slice(0, 19) : text(cell).replace(/\//g, '-').replace(' ', 'T');
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(wall);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '00', s = '00'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  // Shanghai keeps UTC+8 all year; Date.UTC would roll Feb 30 over into March, so the fields are checked back.
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - 8 * 3600_000);
  const back = new Date(at.getTime() + 8 * 3600_000);
  const same = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day && back.getUTCHours() === hour;
  return same && minute < 60 && second < 60 ? at.toISOString() : null;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), a leading UTF-8 byte-order mark dropped. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = source.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

/** 1,000 entries a call, recordMovements' limit. */
export const CHUNK = 1000;

export interface Chunk {
  requestId: string;
  rows: number[];
  entries: MovementInput[];
}

/**
 * The entries in calls of CHUNK, each with a request id derived from its content and first row: the same file
 * submitted again sends the same ids, which the ledger answers as replayed instead of recording twice.
 */
export function chunksOf(rows: readonly EntryRow[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const entries = part.map((r) => r.entry);
    chunks.push({ requestId: `bulk-${contentHash(JSON.stringify(entries))}-${part[0].row}`, rows: part.map((r) => r.row), entries });
  }
  return chunks;
}

/**
 * 128 bits of FNV-1a over the UTF-8 text (two 64-bit runs with different offsets). Not SubtleCrypto: browsers
 * offer it only in secure contexts, and a console on a plain-HTTP intranet address is not one. A collision
 * cannot record wrong data: the ledger refuses a request id reused with other content (CONFLICT).
 */
function contentHash(value: string): string {
  const bytes = new TextEncoder().encode(value);
  const run = (offset: bigint) => {
    let h = offset;
    for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h.toString(16).padStart(16, '0');
  };
  return run(0xcbf29ce484222325n) + run(0x84222325cbf29ce4n);
}

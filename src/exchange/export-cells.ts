import { ENUM_LABELS } from '../labels/enum-labels';
import type { ExportColumn } from './export-plan';

const SHANGHAI = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Chinese labels by enum (or `Department`) and value. */
export type Labels = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * A cell's value as people read it: enum values and departments by their Chinese label, yes/no
 * as 是/否, instants in Asia/Shanghai, lists joined by 「；」. Text that a
 * spreadsheet would take for a formula (=, +, -, @, tab, CR) is prefixed with an
 * apostrophe (OWASP CSV injection): exports travel to other desks.
 */
export function cellText(column: ExportColumn, value: unknown, labels: Labels = ENUM_LABELS): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => cellText(column, v, labels)).join('；');
  if (column.labelled) return labels[column.labelled]?.[String(value)] ?? String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (column.scalar === 'DateTime') return SHANGHAI.format(new Date(String(value)));
  if (typeof value === 'object') return defuse(JSON.stringify(value));
  if (column.numeric) return String(value);
  return defuse(String(value));
}

/** A spreadsheet cell: numbers stay numbers where they are exact in a double; the rest as text. */
export function cellValue(column: ExportColumn, value: unknown, labels: Labels = ENUM_LABELS): string | number {
  if (column.numeric && !Array.isArray(value) && value !== null && value !== undefined) {
    const n = Number(value);
    const significant = String(value).replace(/[-+.]/g, '').replace(/^0+/, '');
    if (Number.isFinite(n) && significant.length <= 15) return n;
  }
  return cellText(column, value, labels);
}

function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The value at a column's path in one node. */
export function valueAt(node: unknown, path: readonly string[]): unknown {
  let at = node;
  for (const key of path) {
    if (at === null || at === undefined || typeof at !== 'object') return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

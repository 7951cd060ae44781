import ExcelJS from 'exceljs';
import { COLUMNS, type Cell } from './movement-sheet';

/** The first worksheet's cells, row by row (exceljs is loaded only with the upload page). */
export async function readWorkbook(file: ArrayBuffer): Promise<Cell[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file);
  const sheet = book.worksheets[0];
  const rows: Cell[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, number) => {
    rows[number - 1] = COLUMNS.map((_, i) => plain(row.getCell(i + 1).value));
    // Columns past the template's are read too: a header may sit anywhere in the first row.
    for (let i = COLUMNS.length; i < row.cellCount; i++) rows[number - 1].push(plain(row.getCell(i + 1).value));
  });
  return Array.from(rows, (row) => row ?? []);
}

/** A cell's value as text, number or date: rich text joined, a formula's result, a hyperlink's text. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value == null || typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value ?? null;
  if (typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return null;
}

/** The template: the header row, lists for 方向, 事由 and 单位, and a sheet saying how to fill it in. */
export async function templateWorkbook(choices: { directions: string[]; reasons: string[]; units: string[] }, notes: string[]): Promise<Blob> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('出入库');
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const list = (values: string[]) => ({ type: 'list' as const, allowBlank: false, formulae: [`"${values.join(',')}"`] });
  const column = (field: string) => String.fromCharCode(65 + COLUMNS.findIndex((c) => c.field === field));
  for (const [field, values] of [
    ['direction', choices.directions],
    ['reason', choices.reasons],
    ['unit', choices.units],
  ] as const) {
    for (let row = 2; row <= 1001; row++) sheet.getCell(`${column(field)}${row}`).dataValidation = list(values);
  }
  const help = book.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  notes.forEach((line) => help.addRow([line]));
  const buffer = await book.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/**
 * Rows as an Excel workbook (one sheet, bold frozen header, numbers as numbers), as the server's POST /export
 * writes them. exceljs is loaded only when a page exports.
 */
export async function xlsxBlob(sheetName: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow([...row]);
  header.forEach((_, i) => (sheet.getColumn(i + 1).width = Math.max(10, ...rows.slice(0, 200).map((r) => String(r[i] ?? '').length * 2))));
  const buffer = await book.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

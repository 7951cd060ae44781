import { cellText, cellValue, valueAt } from './export-cells';
import type { ExportColumn } from './export-plan';

const column = (over: Partial<ExportColumn> = {}): ExportColumn => ({ path: ['x'], header: 'x', labelled: null, scalar: 'String', numeric: false, ...over });

describe('export cells', () => {
  it('shows enum values by their Chinese label, yes/no as 是/否, instants in Shanghai, lists joined', () => {
    expect(cellText(column({ labelled: 'Direction', scalar: null }), 'IN')).toBe('入库');
    expect(cellText(column({ scalar: 'Boolean' }), false)).toBe('否');
    expect(cellText(column({ scalar: 'DateTime' }), '2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30:00');
    expect(cellText(column({ labelled: 'Unit', scalar: null }), ['KG', 'T'])).toBe('千克；吨');
    expect(cellText(column(), null)).toBe('');
  });

  it('shows departments by the names it is given, a code it does not know as the code', () => {
    const labels = { Department: { FIRE_RESCUE: '消防救援', HEALTH: '卫生健康' } };
    expect(cellText(column({ labelled: 'Department', scalar: 'Department' }), ['FIRE_RESCUE', 'HEALTH'], labels)).toBe('消防救援；卫生健康');
    expect(cellValue(column({ labelled: 'Department', scalar: 'Department' }), 'MARITIME', labels)).toBe('MARITIME');
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx']) expect(cellText(column(), text)).toBe(`'${text}`);
    expect(cellText(column({ numeric: true }), '-2.500')).toBe('-2.500');
    expect(cellText(column({ scalar: 'JSONObject' }), { a: 1 })).toBe('{"a":1}');
  });

  it('gives a workbook numbers where the decimal is exact in a double, text otherwise', () => {
    expect(cellValue(column({ numeric: true }), '45.000')).toBe(45);
    expect(cellValue(column({ numeric: true }), '1234567890123456.5')).toBe('1234567890123456.5');
    expect(cellValue(column(), '007')).toBe('007');
  });

  it('reads a value along a path, null where the path breaks', () => {
    expect(valueAt({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(valueAt({ a: null }, ['a', 'b'])).toBeNull();
  });
});

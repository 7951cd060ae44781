import { hazardFlags } from '../registry/hazard-flags';
import { PublicBatch } from '../registry/public-batch';
import { escapeHtml as e } from './html';

/** The label sheets enterprises print on: A4, columns × rows of labels (docs/scanning.md). */
export const LABEL_GRIDS = { '2x5': [2, 5], '3x8': [3, 8], '4x10': [4, 10] } as const;
export type LabelGrid = keyof typeof LABEL_GRIDS;

const PAGE = { width: 210, height: 297, margin: 8 };
/** Body text height per grid, in millimetres: the smallest labels still print 4.5 pt. */
const TEXT_MM: Record<LabelGrid, number> = { '2x5': 3.4, '3x8': 2.2, '4x10': 1.6 };

/**
 * One label per copy of each batch, filled row by row, a sheet per page with a page break after
 * every sheet but the last. Sizes are in millimetres so the browser's print (and a PDF) matches
 * the label stock; nothing is fetched, the QR codes are inline SVG.
 */
export function batchLabelsPage(batches: readonly { batch: PublicBatch; copies: number }[], grid: LabelGrid): string {
  const [columns, rows] = LABEL_GRIDS[grid];
  const width = (PAGE.width - 2 * PAGE.margin) / columns;
  const height = (PAGE.height - 2 * PAGE.margin) / rows;
  const labels = batches.flatMap(({ batch, copies }) => Array.from({ length: copies }, () => label(batch)));
  const sheets: string[] = [];
  for (let i = 0; i < labels.length; i += columns * rows) sheets.push(`<section class="sheet">${labels.slice(i, i + columns * rows).join('')}</section>`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>批次标签 ${grid}</title>
<style>
@page{size:A4;margin:${PAGE.margin}mm}
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC",sans-serif;font-size:${TEXT_MM[grid]}mm;line-height:1.25}
.sheet{display:grid;grid-template-columns:repeat(${columns},${width}mm);grid-auto-rows:${height}mm;break-after:page}
.sheet:last-child{break-after:auto}
.label{display:flex;gap:1mm;padding:1.5mm;border:0.1mm dashed #bbb;overflow:hidden}
.qr{flex:none;width:${Math.min(height - 3, width * 0.45)}mm}.qr svg{width:100%;height:auto;display:block}
.text{min-width:0;overflow:hidden}.text b{display:block}.flags{color:#b71c1c;font-weight:700}
</style></head><body>${sheets.join('\n')}</body></html>`;
}

function label(b: PublicBatch): string {
  const flags = hazardFlags(b.chemical);
  const dates = [b.productionDate ? `生产 ${b.productionDate}` : null, b.expiryDate ? `有效期至 ${b.expiryDate}` : null, b.retestDate ? `复检 ${b.retestDate}` : null]
    .filter(Boolean)
    .join(' ');
  return `<div class="label"><div class="qr">${b.qrCodeSvg}</div><div class="text">
<b>${e(b.tradeName)}</b><div>${e(b.chemical.name)} CAS ${e(b.chemical.casNumbers.join(', ') || '—')}</div>
<div>批号 ${e(b.batchNumber)}</div>${dates ? `<div>${e(dates)}</div>` : ''}
${flags.length ? `<div class="flags">${e(flags.join(' '))}</div>` : ''}<div>${e(b.producerName)}</div></div></div>`;
}

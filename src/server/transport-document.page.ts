import { ENUM_LABELS } from '../labels/enum-labels';
import { TransportDocument } from '../ledger/transport-document.service';
import { hazardFlags } from '../registry/hazard-flags';
import { escapeHtml as e } from './html';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-11-26 16:30" in Asia/Shanghai (UTC+8 all year), whatever the server's zone. */
const shanghaiMinute = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The transport document (运输单 / 随货同行单) of one shipment on one A4 page: the shipment code as a QR
 * code the receiver scans to receive it (`qrSvg` holds `url`), the code in text for typing, and what
 * travels: sender, receiver, product, chemical and its hazards, batch, quantity, dispatch time. Sizes
 * in millimetres and inline SVG, as the label sheets (batch-labels.page.ts): nothing is fetched.
 */
export function transportDocumentPage(doc: TransportDocument, url: string, qrSvg: string): string {
  const { chemical } = doc.product;
  const flags = hazardFlags(chemical);
  const row = (label: string, value: string, cls = '') => `<tr><th>${label}</th><td${cls ? ` class="${cls}"` : ''}>${value}</td></tr>`;
  const party = (p: { creditCode: string; name: string | null; address: string | null }) =>
    `${e(p.name ?? '（未登记）')}<br><small>统一社会信用代码 ${e(p.creditCode)}${p.address ? `　${e(p.address)}` : ''}</small>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>运输单 ${e(doc.code)}</title>
<style>
@page{size:A4;margin:12mm}
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC",sans-serif;font-size:3.6mm;line-height:1.4}
header{display:flex;justify-content:space-between;align-items:flex-start;gap:6mm;border-bottom:0.4mm solid #000;padding-bottom:3mm}
h1{font-size:6mm;margin:0 0 2mm}.scan{flex:none;width:48mm;text-align:center}.qr svg{width:48mm;height:48mm;display:block}
.code{font:700 6mm/1.2 ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:0.5mm}
table{width:100%;border-collapse:collapse;margin-top:4mm}th,td{border:0.2mm solid #000;padding:1.6mm 2mm;text-align:left;vertical-align:top}
th{width:32mm;background:#f2f2f2;font-weight:700}.flags{color:#b71c1c;font-weight:700}
.sign{display:flex;gap:10mm;margin-top:10mm}.sign div{flex:1;border-top:0.2mm solid #000;padding-top:1mm}
</style></head><body>
<header><div><h1>危险化学品运输单（随货同行单）</h1>
<div>收货方：扫描右侧二维码，或在控制台“在途签收”中输入运输单号码，即可签收。</div>
<div><small>${e(url)}</small></div></div>
<div class="scan"><div class="qr">${qrSvg}</div><div class="code">${e(doc.code)}</div><small>运输单号码</small></div></header>
<table>
${row('运输单号码', e(doc.code), 'code')}
${row('运输单据号', e(doc.transportDoc ?? '（未填写）'))}
${row('发货单位', party(doc.sender))}
${row('收货单位', party(doc.receiver))}
${row('产品', `${e(doc.product.tradeName)}　${e(doc.product.specification)}　${e(doc.product.packaging)}<br><small>追溯码 ${e(doc.product.traceCode)}</small>`)}
${row('化学品', `${e(chemical.name)}　CAS ${e(chemical.casNumbers.join(', ') || '—')}`)}
${row('危险特性', flags.length ? e(flags.join('　')) : '—', flags.length ? 'flags' : '')}
${row('批号', `${e(doc.batch)}${doc.batchCode ? `<br><small>批次码 ${e(doc.batchCode)}</small>` : ''}`)}
${row('数量', `${e(doc.quantity)} ${e(ENUM_LABELS.Unit[doc.unit] ?? doc.unit)}`)}
${row('发货时间', `${shanghaiMinute(doc.shippedAt)}（北京时间）`)}
</table>
<div class="sign"><div>发货人签字</div><div>承运人签字</div><div>收货人签字</div></div>
</body></html>`;
}

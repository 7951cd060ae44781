import { hazardFlags } from '../registry/hazard-flags';
import { PublicBatch } from '../registry/public-batch';
import { escapeHtml as e } from './html';

/** A page sized for the phone that scanned the package: no script, no outside asset. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;max-width:28rem;padding:1rem;line-height:1.5;color:#1f1f1f}
h1{font-size:1.4rem;margin:.5rem 0}.status{padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
.genuine{background:#e8f5e9;color:#1b5e20}.unknown{background:#fdecea;color:#8a1c1c}
.flags span{display:inline-block;background:#b71c1c;color:#fff;border-radius:.25rem;padding:0 .5rem;margin:0 .25rem .25rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{color:#595959}dd{margin:0;word-break:break-all}
svg{width:10rem;height:10rem}
</style></head><body>${body}</body></html>`;
}

const row = (label: string, value: string | null) => (value ? `<dt>${label}</dt><dd>${e(value)}</dd>` : '');

/**
 * The public page of a registered batch: what the package is, never who holds or bought it. Its 监管追溯 link opens
 * the console's trace of the batch, which only a signed-in regulator is served (anyone else is asked to sign in, and
 * the API refuses traceBatch to all but regulators).
 */
export function publicBatchPage(b: PublicBatch): string {
  const flags = hazardFlags(b.chemical);
  return page(
    `${b.tradeName} ${b.batchNumber}`,
    `<p class="status genuine">✓ 正品：本批次已在危险化学品追溯台账登记</p>
<h1>${e(b.tradeName)}</h1>
${flags.length ? `<p class="flags">${flags.map((f) => `<span>${e(f)}</span>`).join('')}</p>` : ''}
<dl>${row('化学品', b.chemical.name)}${row('CAS 号', b.chemical.casNumbers.join(', ') || null)}${row('目录序号', String(b.chemical.serial))}
${row('规格', b.specification)}${row('包装', b.packaging)}${row('生产/进口企业', b.producerName)}
${row('批号', b.batchNumber)}${row('生产日期', b.productionDate)}${row('有效期至', b.expiryDate)}${row('复检日期', b.retestDate)}
${row('追溯码', b.traceCode)}${row('批次码', b.code)}</dl>
${b.qrCodeSvg}
<p><a href="${e(`/trace?${new URLSearchParams({ product: b.traceCode, batch: b.batchNumber })}`)}">监管追溯</a>（监管人员登录控制台后查看本批次的上下游流向）</p>`,
  );
}

/** A code nobody registered (may be counterfeit), or one that does not read (probably mistyped). */
export function unknownBatchPage(path: string, wellFormed: boolean): string {
  const why = wellFormed ? '此批次码未在危险化学品追溯台账登记，可能为假冒产品，请勿使用并向监管部门报告。' : '这不是有效的批次码，可能输入有误。';
  return page('批次码无效', `<p class="status unknown">✗ ${why}</p><p>${e(path)}</p>`);
}

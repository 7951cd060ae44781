import { readFileSync } from 'node:fs';
import { Locator } from 'playwright-core';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/** The QR decoder's WebAssembly from the installed package, not from a CDN: call once, before decoding. */
export function prepareQrDecoder(): void {
  prepareZXingModule({ overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer }, fireImmediately: true });
}

/** Pages of a PDF as Chromium writes it: one /Type /Page object per page. */
export const pdfPageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

/** The text of the QR code an element shows, as a screenshot of it decodes (zxing-wasm); '(none)' when none decodes. */
export async function decodeQr(element: Locator): Promise<string> {
  const [found] = await readBarcodes(new Uint8Array(await element.screenshot()), { formats: ['QRCode'] });
  return found?.text ?? '(none)';
}

import type { ApiProblem } from '../../lib/errors';

/** The code in what a scanner or a person typed: the code itself, or the URL of a transport document's QR code (…/shipments/{code}). */
export function scannedShipmentCode(text: string): string {
  const path = text.trim().replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1).replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Opens the server's transport document (/transport-documents/{code}) in a new window to print. The page needs
 * the session's token, which a link cannot carry: it is fetched and shown from a blob. The window opens before
 * the fetch, while the click still counts, so a pop-up blocker lets it through.
 */
export async function printTransportDocument(code: string, token: string): Promise<ApiProblem | null> {
  const opened = window.open('', '_blank');
  const response = await fetch(`/transport-documents/${encodeURIComponent(code)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    opened?.close();
    const body = (await response.json().catch(() => ({}))) as Partial<ApiProblem>;
    return { code: body.code ?? 'NETWORK', message: body.message ?? response.statusText };
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
  if (opened) opened.location.href = url;
  else window.location.href = url;
  return null;
}

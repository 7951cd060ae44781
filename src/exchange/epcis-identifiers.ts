/**
 * The URIs an EPCIS event of this ledger names things by, all under
 * PUBLIC_BASE_URL so they resolve where the product page does (docs/epcis.md).
 * Each has a builder and a reader; a reader returns undefined for a URI of
 * another shape, and the caller says which field it was.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const EVENT_ID = /^ni:\/\/\/sha-256;([0-9a-f]{64})$/;

/** RFC 6920 named-information URI of an entry: its hash, hex as in CBV 2.0's event hash IDs. */
export function eventIdOf(hash: string): string {
  return `ni:///sha-256;${hash}`;
}

export function hashOfEventId(eventId: string): string | undefined {
  return EVENT_ID.exec(eventId)?.[1];
}

export function isEntryHash(value: string): boolean {
  return HEX64.test(value);
}

/** The namespace of this ledger's extension fields (`hz:sourceEventID`, `hz:correctedEventID`). */
export function extensionNamespace(base: string): string {
  return `${base}/epcis/ns#`;
}

/** A batch as a GS1 Digital Link-shaped URI: the product page plus AI 10 (batch/lot). */
export function epcClassOf(base: string, traceCode: string, batch: string): string {
  return `${base}/p/${traceCode}/10/${encodeURIComponent(batch)}`;
}

export function batchOfEpcClass(base: string, uri: string): { product: string; batch: string } | undefined {
  const match = new RegExp(`^${escape(base)}/p/([^/]+)/10/([^/]+)$`).exec(uri);
  const product = match ? decode(match[1]) : undefined;
  const batch = match ? decode(match[2]) : undefined;
  return product && batch ? { product, batch } : undefined;
}

/** Only the product part of an epcClass pattern (`…/p/{code}/10/*` in MATCH_anyEPCClass). */
export function productOfEpcClassPattern(base: string, uri: string): string | undefined {
  return new RegExp(`^${escape(base)}/p/([^/]+)/10/\\*$`).exec(uri)?.[1];
}

/** An enterprise (owning_party) by its unified social credit code. */
export function partyOf(base: string, creditCode: string): string {
  return `${base}/party/${creditCode}`;
}

export function creditCodeOfParty(base: string, uri: string): string | undefined {
  return new RegExp(`^${escape(base)}/party/([0-9A-Z]{18})$`).exec(uri)?.[1];
}

/** A warehouse (bizLocation): its enterprise and its code. */
export function locationOf(base: string, creditCode: string, warehouse: string): string {
  return `${base}/party/${creditCode}/warehouse/${encodeURIComponent(warehouse)}`;
}

export function warehouseOfLocation(base: string, uri: string): { chain: string; warehouse: string } | undefined {
  const match = new RegExp(`^${escape(base)}/party/([0-9A-Z]{18})/warehouse/([^/]+)$`).exec(uri);
  const warehouse = match ? decode(match[2]) : undefined;
  return match && warehouse ? { chain: match[1], warehouse } : undefined;
}

/** An electronic waybill (bizTransaction of type bol). */
export function waybillOf(base: string, transportDoc: string): string {
  return `${base}/waybill/${encodeURIComponent(transportDoc)}`;
}

export function transportDocOfWaybill(base: string, uri: string): string | undefined {
  const match = new RegExp(`^${escape(base)}/waybill/([^/]+)$`).exec(uri);
  return match ? decode(match[1]) : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

import { Direction, MovementReason } from '../ledger/ledger.enums';
import { batchOfEpcClass, creditCodeOfParty, hashOfEventId, productOfEpcClassPattern, warehouseOfLocation } from './epcis-identifiers';
import { bareBizStep, bareDisposition, EPCIS_READINGS } from './epcis-vocabulary';
import { ExchangeError } from './exchange.errors';

/** The SimpleEventQuery parameters the ledger answers, parsed (docs/epcis.md). */
export interface EpcisQuery {
  eventTime: { from?: Date; before?: Date };
  recordTime: { from?: Date; before?: Date };
  /** The (reason, direction) pairs eventType, EQ_action, EQ_bizStep and EQ_disposition leave; undefined: no such filter. */
  kinds?: { reason: MovementReason; direction: Direction }[];
  /** MATCH_anyEPCClass: batches, or a product's every batch (batch undefined). */
  epcClasses?: { product: string; batch?: string }[];
  locations?: { chain: string; warehouse: string }[];
  sources?: string[];
  destinations?: string[];
  hashes?: string[];
  perPage: number;
  /** The entry id after which the page starts (nextPageToken). */
  after: string | null;
}

export type EpcisParameters = Record<string, string | string[] | undefined>;

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 100;

const LIST_PARAMETERS = ['eventType', 'EQ_action', 'EQ_bizStep', 'EQ_disposition', 'MATCH_anyEPCClass', 'EQ_bizLocation', 'EQ_source_owning_party', 'EQ_destination_owning_party', 'EQ_eventID'];
const TIME_PARAMETERS = ['GE_eventTime', 'LT_eventTime', 'GE_recordTime', 'LT_recordTime'];
const KNOWN = new Set([...LIST_PARAMETERS, ...TIME_PARAMETERS, 'perPage', 'nextPageToken']);

/**
 * Reads EPCIS 2.0 query parameters (REST query string or the GraphQL `query`
 * argument). A list is given as repeated parameters or joined by `|`. A
 * parameter the ledger cannot answer is refused, not ignored, naming it under `prefix`.
 */
export function parseEpcisQuery(base: string, params: EpcisParameters, prefix: readonly string[] = []): EpcisQuery {
  const field = (name: string) => [...prefix, name];
  for (const name of Object.keys(params)) {
    if (params[name] !== undefined && !KNOWN.has(name)) throw ExchangeError.badParameter(field(name), `The ledger does not answer the query parameter ${name}`);
  }
  const list = (name: string): string[] | undefined => {
    const raw = params[name];
    if (raw === undefined) return undefined;
    const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split('|')).filter((v) => v !== '');
    if (values.length === 0) throw ExchangeError.badParameter(field(name), `${name} names no value`);
    return values;
  };
  const time = (name: string): Date | undefined => {
    const raw = single(params, name, field(name));
    if (raw === undefined) return undefined;
    const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw ExchangeError.badParameter(field(name), `${name} must be an ISO 8601 date-time with a zone, not "${raw}"`);
    return date;
  };
  const each = <T>(name: string, read: (value: string) => T | undefined, what: string): T[] | undefined =>
    list(name)?.map((value) => {
      const parsed = read(value);
      if (parsed === undefined) throw ExchangeError.badParameter(field(name), `${name}: "${value}" is not ${what}`);
      return parsed;
    });

  return {
    eventTime: { from: time('GE_eventTime'), before: time('LT_eventTime') },
    recordTime: { from: time('GE_recordTime'), before: time('LT_recordTime') },
    kinds: kindsOf(list('eventType'), list('EQ_action'), list('EQ_bizStep'), list('EQ_disposition')),
    epcClasses: each('MATCH_anyEPCClass', (v) => productPattern(base, v) ?? batchOfEpcClass(base, v), `a batch of this ledger (${base}/p/{code}/10/{batch}, or …/10/* for every batch)`),
    locations: each('EQ_bizLocation', (v) => warehouseOfLocation(base, v), `a warehouse of this ledger (${base}/party/{creditCode}/warehouse/{code})`),
    sources: each('EQ_source_owning_party', (v) => creditCodeOfParty(base, v), `a party of this ledger (${base}/party/{creditCode})`),
    destinations: each('EQ_destination_owning_party', (v) => creditCodeOfParty(base, v), `a party of this ledger (${base}/party/{creditCode})`),
    hashes: each('EQ_eventID', hashOfEventId, 'an event ID of this ledger (ni:///sha-256;{hash})'),
    perPage: perPageOf(single(params, 'perPage', field('perPage')), field('perPage')),
    after: afterOf(single(params, 'nextPageToken', field('nextPageToken')), field('nextPageToken')),
  };
}

function productPattern(base: string, uri: string): { product: string } | undefined {
  const product = productOfEpcClassPattern(base, uri);
  return product ? { product } : undefined;
}

function single(params: EpcisParameters, name: string, field: string[]): string | undefined {
  const raw = params[name];
  if (Array.isArray(raw)) throw ExchangeError.badParameter(field, `${name} is given once`);
  return raw;
}

function kindsOf(types?: string[], actions?: string[], bizSteps?: string[], dispositions?: string[]): EpcisQuery['kinds'] {
  if (!types && !actions && !bizSteps && !dispositions) return undefined;
  const steps = bizSteps?.map(bareBizStep);
  const disps = dispositions?.map(bareDisposition);
  return EPCIS_READINGS.filter(
    (r) =>
      (!types || types.includes(r.eventType)) &&
      (!actions || (r.action !== undefined && actions.includes(r.action))) &&
      (!steps || steps.includes(r.bizStep)) &&
      (!disps || (r.disposition !== undefined && disps.includes(r.disposition))),
  ).map((r) => ({ reason: r.reason, direction: r.direction }));
}

function perPageOf(raw: string | undefined, field: string[]): number {
  if (raw === undefined) return DEFAULT_PER_PAGE;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PER_PAGE) throw ExchangeError.badParameter(field, `perPage must be between 1 and ${MAX_PER_PAGE}`);
  return n;
}

/** nextPageToken: the last entry id of the page before, opaque to the client. */
export function pageTokenOf(entryId: string): string {
  return Buffer.from(`e:${entryId}`, 'utf8').toString('base64url');
}

function afterOf(token: string | undefined, field: string[]): string | null {
  if (token === undefined || token === '') return null;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^e:\d+$/.test(text)) throw ExchangeError.badParameter(field, 'nextPageToken is not one this server gave');
  return text.slice(2);
}

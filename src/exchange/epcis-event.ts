import { Direction, MovementReason } from '../ledger/ledger.enums';
import { Unit } from '../registry/registry.enums';
import { epcClassOf, eventIdOf, extensionNamespace, locationOf, partyOf, waybillOf } from './epcis-identifiers';
import { readingOf, UOM_OF_UNIT } from './epcis-vocabulary';

/** The fields of a ledger entry an EPCIS event shows; a LedgerEntry has them all. */
export interface EpcisEntry {
  hash: string;
  chain: string;
  direction: Direction;
  reason: MovementReason;
  warehouseCode: string;
  productCode: string;
  batch: string;
  quantity: string;
  unit: Unit;
  counterpartyCode?: string | null;
  sourceHash?: string | null;
  inputs?: { product: string; batch: string }[] | null;
  corrects?: string | null;
  transportDoc?: string | null;
  occurredAt: Date;
  recordedAt: Date;
}

/** What the reader may see beyond the movement itself (a partner department's mandate). */
export interface EpcisVisibility {
  counterparties: boolean;
  waybills: boolean;
}

export const SEE_ALL: EpcisVisibility = { counterparties: true, waybills: true };

export type EpcisEvent = Record<string, unknown>;

/** The district's zone: times are written in UTC, and this says where they happened. */
export const EVENT_TIME_ZONE_OFFSET = '+08:00';

export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

export function epcisContext(base: string): unknown[] {
  return [EPCIS_CONTEXT_URL, { hz: extensionNamespace(base) }];
}

/** One ledger entry as an EPCIS 2.0 event (the table of docs/epcis.md). */
export function epcisEventOf(base: string, entry: EpcisEntry, visibility: EpcisVisibility = SEE_ALL): EpcisEvent {
  const reading = readingOf(entry.reason, entry.direction);
  const eventID = eventIdOf(entry.hash);
  const event: EpcisEvent = {
    type: reading.eventType,
    eventTime: entry.occurredAt.toISOString(),
    recordTime: entry.recordedAt.toISOString(),
    eventTimeZoneOffset: EVENT_TIME_ZONE_OFFSET,
    eventID,
  };
  const moved = { epcClass: epcClassOf(base, entry.productCode, entry.batch), quantity: Number(entry.quantity), uom: UOM_OF_UNIT[entry.unit] };
  if (reading.eventType === 'TransformationEvent') {
    // The ledger records which batches a production consumed, not how much of each.
    if (entry.inputs?.length) event.inputQuantityList = entry.inputs.map((i) => ({ epcClass: epcClassOf(base, i.product, i.batch) }));
    event.outputQuantityList = [moved];
    // GS1's schema asks a transformation without inputs for its ID; the event's own names it.
    event.transformationID = eventID;
  } else {
    event.action = reading.action;
    event.quantityList = [moved];
  }
  event.bizStep = reading.bizStep;
  if (reading.disposition) event.disposition = reading.disposition;
  event.bizLocation = { id: locationOf(base, entry.chain, entry.warehouseCode) };
  if (entry.transportDoc && visibility.waybills) event.bizTransactionList = [{ type: 'bol', bizTransaction: waybillOf(base, entry.transportDoc) }];
  if (entry.counterpartyCode && visibility.counterparties) {
    const own = partyOf(base, entry.chain);
    const other = partyOf(base, entry.counterpartyCode);
    const [from, to] = entry.direction === Direction.OUT ? [own, other] : [other, own];
    event.sourceList = [{ type: 'owning_party', source: from }];
    event.destinationList = [{ type: 'owning_party', destination: to }];
  }
  if (entry.sourceHash) event['hz:sourceEventID'] = eventIdOf(entry.sourceHash);
  if (entry.corrects) {
    // The ledger never rewrites an entry: the correcting entry carries the declaration, naming the event it corrects.
    event.errorDeclaration = {
      declarationTime: entry.recordedAt.toISOString(),
      reason: 'incorrect_data',
      correctiveEventIDs: [eventID],
      'hz:correctedEventID': eventIdOf(entry.corrects),
    };
  }
  return event;
}

/** An EPCIS 2.0 query result document (SimpleEventQuery) holding events. */
export function epcisQueryDocument(base: string, events: EpcisEvent[], createdAt: Date): Record<string, unknown> {
  return {
    '@context': epcisContext(base),
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: createdAt.toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } },
  };
}

/** One event standing alone, as `GET /epcis/events/{eventID}` answers it. */
export function standaloneEpcisEvent(base: string, event: EpcisEvent): EpcisEvent {
  return { '@context': epcisContext(base), ...event };
}
